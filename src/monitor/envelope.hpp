#pragma once
// Envelope analysis: analytic signal (Hilbert transform through the FFT), complex envelope of a frequency band,
// squared-envelope spectrum (SES) of the full band or of a band, and cepstrum pre-whitening (CPW).
#include <span>
#include <vector>

#include "monitor/fft.hpp"

namespace yandian::monitor {

// Analytic signal x + i H{x}: one-sided spectrum doubled, negative frequencies zeroed (the record is zero-padded to a
// fast FFT size and cut back to its length).
std::vector<Complex> analytic_signal(FftPlans& fft, std::span<const double> x);
// |analytic signal|: the Hilbert envelope.
std::vector<double> hilbert_envelope(FftPlans& fft, std::span<const double> x);

// One-sided spectrum of a record (mean removed) zero-padded to n; shared by the band analyses of one record.
struct RecordSpectrum {
    double fs = 0;
    std::size_t n = 0;              // FFT length
    std::size_t samples = 0;        // record length
    std::vector<Complex> spectrum;  // n/2 + 1 bins
    double df() const { return fs / static_cast<double>(n); }
};
RecordSpectrum record_spectrum(FftPlans& fft, std::span<const double> x, double fs);

// Complex envelope of the band [f_low, f_high] Hz (analytic band signal shifted to 0 Hz), sampled at `rate` >=
// the band width. `min_rate` asks for a higher rate (room for the envelope spectrum up to min_rate / 2 without
// folding). The samples span the record's duration.
struct BandSignal {
    double rate = 0;
    double f_low = 0;
    double f_high = 0;
    std::vector<Complex> samples;
};
BandSignal band_signal(FftPlans& fft, const RecordSpectrum& rec, double f_low, double f_high, double min_rate = 0);

// Squared-envelope spectrum: |FFT(|c|^2 - mean)| / L of the band's complex envelope, bins spaced fs / n (the
// resolution of the whole record), up to max_frequency.
struct EnvelopeSpectrum {
    double df = 0;
    double f_low = 0;  // band analysed
    double f_high = 0;
    std::vector<double> magnitude;
    double frequency(std::size_t k) const { return df * static_cast<double>(k); }
};
EnvelopeSpectrum squared_envelope_spectrum(FftPlans& fft, const RecordSpectrum& rec, double f_low, double f_high,
                                           double max_frequency);
// Full band convenience form.
EnvelopeSpectrum squared_envelope_spectrum(FftPlans& fft, std::span<const double> x, double fs,
                                           double max_frequency);

// Cepstrum pre-whitening (Sawalhi & Randall; Borghesani et al. 2013): the real cepstrum with every quefrency but 0
// set to zero, i.e. the spectrum divided by its magnitude, keeping the phase. Returns the whitened record.
std::vector<double> cepstrum_prewhiten(FftPlans& fft, std::span<const double> x);

}  // namespace yandian::monitor
