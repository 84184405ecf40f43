#pragma once
// Discrete/random separation (DRS): J. Antoni, R.B. Randall, "Unsupervised noise cancellation for vibration
// signals: part II - a novel frequency-domain algorithm", MSSP 18 (2004) 103-117, doi 10.1016/S0888-3270(03)00013-X.
//
// Why DRS (and not time-synchronous averaging or cepstral editing): it needs no tachometer and no resampling to the
// shaft angle, it removes every discrete line that stays coherent over the delay - shaft harmonics and also the
// electrical lines of the motor that are not locked to the shaft (both are in the CWRU records) - while a bearing
// signal, whose period jitters with slip, decorrelates over the delay and stays in the residual. It is the
// separation step of Smith & Randall's benchmark method. SANC does the same in the time domain at far higher cost.
//
// The transfer function from x(n - delay) to x(n) is estimated Welch-style over segments of length `segment`
// (Hann, 50 % overlap): H(f) = sum X_k Y_k^* / sum |Y_k|^2. Its magnitude G(f) = |H(f)| is ~1 at discrete lines
// and ~1/sqrt(segments) between them; the discrete part is G X on the whole record's spectrum (G interpolated to
// its bins, zero phase), the random part (1 - G) X. The delay is at least the segment length: a segment and its
// delayed twin that overlapped would share their noise samples, and the cross-spectrum of white noise would keep
// the window's autocorrelation at the delay (0.99 for 500 samples in 16384), so noise would pass as "discrete".
#include <span>
#include <vector>

#include "monitor/fft.hpp"

namespace yandian::monitor {

struct Separation {
    std::vector<double> discrete;
    std::vector<double> random;
};

struct DrsOptions {
    std::size_t segment = 4096;  // samples per segment of the transfer-function estimate (2.9 Hz at 12 kHz)
    std::size_t delay = 4096;    // samples; >= segment, and far longer than the bearing signal's correlation
};

Separation discrete_random_separation(FftPlans& fft, std::span<const double> x, const DrsOptions& options = {});

}  // namespace yandian::monitor
