#pragma once
// Spectral kurtosis and the fast kurtogram (J. Antoni, "Fast computation of the kurtogram for the detection of
// transient faults", MSSP 21 (2007) 108-124, doi 10.1016/j.ymssp.2005.12.002).
//
// Antoni's decomposition is kept: level k splits 0..fs/2 into 2^k bands, and the intermediate levels k + 0.6 into
// 3 * 2^(k-1) bands (the 1/3-binary tree). Each band's complex envelope c(n) is taken here from the record's FFT
// (the band's bins shifted to 0 Hz and transformed back at a rate equal to the band width) instead of Antoni's
// quasi-analytic FIR tree: the same bands, with ideal (rectangular) edges, at about the cost of one FFT per level.
// SK of a band = <|c|^4> / <|c|^2>^2 - 2 (0 for Gaussian noise, the complex-envelope definition of the paper).
#include <vector>

#include "monitor/envelope.hpp"
#include "monitor/fft.hpp"

namespace yandian::monitor {

struct KurtogramCell {
    double level = 0;  // 0, 1, 1.6, 2, 2.6, ...
    double f_low = 0;
    double f_high = 0;
    double kurtosis = 0;
    double centre() const { return (f_low + f_high) / 2; }
    double bandwidth() const { return f_high - f_low; }
};

struct Kurtogram {
    std::vector<KurtogramCell> cells;  // level by level, bands in frequency order
    KurtogramCell best;                // the cell of largest SK
};

struct KurtogramOptions {
    int max_level = 6;            // deepest binary level (2^max_level bands)
    double min_bandwidth = 0;     // Hz: bands narrower than this are skipped (room for the fault's sidebands)
    double min_frequency = 0;     // Hz: the best cell must lie above this (e.g. above the shaft-harmonic region)
    double max_centre = 0;        // Hz: the best cell's centre must lie below this (0 = no limit); keeps the pick
                                  // out of the anti-aliasing filter's roll-off just under Nyquist
};

Kurtogram fast_kurtogram(FftPlans& fft, const RecordSpectrum& rec, const KurtogramOptions& options = {});

// SK of one band's complex envelope.
double band_kurtosis(const BandSignal& band);

}  // namespace yandian::monitor
