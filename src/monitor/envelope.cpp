#include "monitor/envelope.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace yandian::monitor {

std::vector<Complex> analytic_signal(FftPlans& fft, std::span<const double> x) {
    if (x.empty()) return {};
    const std::size_t n = fast_fft_size(x.size());
    const auto half = fft.forward_real(x, n);
    std::vector<Complex> full(n, Complex{});
    full[0] = half[0];
    for (std::size_t k = 1; k < half.size(); ++k) full[k] = 2.0 * half[k];
    if (n % 2 == 0) full[n / 2] = half[n / 2];
    auto z = fft.inverse_complex(full);
    z.resize(x.size());
    return z;
}

std::vector<double> hilbert_envelope(FftPlans& fft, std::span<const double> x) {
    const auto z = analytic_signal(fft, x);
    std::vector<double> e(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) e[i] = std::abs(z[i]);
    return e;
}

RecordSpectrum record_spectrum(FftPlans& fft, std::span<const double> x, double fs) {
    RecordSpectrum r;
    r.fs = fs;
    r.samples = x.size();
    r.n = fast_fft_size(x.size());
    const double mean = x.empty() ? 0.0 : std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    std::vector<double> centred(x.begin(), x.end());
    for (double& v : centred) v -= mean;
    r.spectrum = fft.forward_real(centred, r.n);
    return r;
}

BandSignal band_signal(FftPlans& fft, const RecordSpectrum& rec, double f_low, double f_high, double min_rate) {
    BandSignal b;
    if (rec.spectrum.empty()) return b;
    const double df = rec.df();
    const std::size_t last = rec.spectrum.size() - 1;
    std::size_t k1 = static_cast<std::size_t>(std::max(0.0, std::ceil(f_low / df)));
    std::size_t k2 = std::min(last, static_cast<std::size_t>(std::max(0.0, std::floor(f_high / df))));
    if (k2 < k1) k2 = k1;
    const std::size_t bins = k2 - k1 + 1;
    const std::size_t want = std::max(bins, static_cast<std::size_t>(std::ceil(min_rate / df)));
    const std::size_t l = fast_fft_size(std::max<std::size_t>(want, 2));
    std::vector<Complex> shifted(l, Complex{});
    for (std::size_t k = k1; k <= k2; ++k) {
        const bool edge = k == 0 || (rec.n % 2 == 0 && k == rec.n / 2);
        shifted[k - k1] = (edge ? 1.0 : 2.0) * rec.spectrum[k];
    }
    // The inverse of length l divides by l; the record's transform has length n: rescale so that the complex
    // envelope has the amplitude of the band signal.
    auto c = fft.inverse_complex(shifted);
    const double scale = static_cast<double>(l) / static_cast<double>(rec.n);
    const double rate = df * static_cast<double>(l);
    const std::size_t keep =
        std::min(l, static_cast<std::size_t>(std::ceil(static_cast<double>(rec.samples) * rate / rec.fs)));
    c.resize(keep);
    for (Complex& v : c) v *= scale;
    b.rate = rate;
    b.f_low = static_cast<double>(k1) * df;
    b.f_high = static_cast<double>(k2) * df;
    b.samples = std::move(c);
    return b;
}

EnvelopeSpectrum squared_envelope_spectrum(FftPlans& fft, const RecordSpectrum& rec, double f_low, double f_high,
                                           double max_frequency) {
    EnvelopeSpectrum s;
    // The squared envelope of a band B wide has content up to B: sample it fast enough that nothing up to
    // max_frequency folds (rate >= B + max_frequency).
    const BandSignal band = band_signal(fft, rec, f_low, f_high, (f_high - f_low) + 2 * max_frequency);
    if (band.samples.empty()) return s;
    std::vector<double> sq(band.samples.size());
    for (std::size_t i = 0; i < sq.size(); ++i) sq[i] = std::norm(band.samples[i]);
    const double mean = std::accumulate(sq.begin(), sq.end(), 0.0) / static_cast<double>(sq.size());
    for (double& v : sq) v -= mean;
    const std::size_t l = fast_fft_size(sq.size());
    const auto spec = fft.forward_real(sq, l);
    s.df = band.rate / static_cast<double>(l);
    s.f_low = band.f_low;
    s.f_high = band.f_high;
    // The squared envelope of a band B wide has no content above B: bins beyond it are numerical zeros, not a floor.
    const auto in_band = static_cast<std::size_t>((band.f_high - band.f_low) / s.df) + 1;
    const std::size_t bins = std::min({spec.size(), static_cast<std::size_t>(max_frequency / s.df) + 2, in_band});
    s.magnitude.resize(bins);
    for (std::size_t k = 0; k < bins; ++k) s.magnitude[k] = std::abs(spec[k]) / static_cast<double>(sq.size());
    return s;
}

EnvelopeSpectrum squared_envelope_spectrum(FftPlans& fft, std::span<const double> x, double fs,
                                           double max_frequency) {
    const RecordSpectrum rec = record_spectrum(fft, x, fs);
    return squared_envelope_spectrum(fft, rec, 0.0, fs / 2, max_frequency);
}

std::vector<double> cepstrum_prewhiten(FftPlans& fft, std::span<const double> x) {
    if (x.empty()) return {};
    const std::size_t n = fast_fft_size(x.size());
    auto spec = fft.forward_real(x, n);
    for (Complex& v : spec) {
        const double m = std::abs(v);
        v = m > 0 ? v / m : Complex{};
    }
    auto y = fft.inverse_real(spec, n);
    y.resize(x.size());
    return y;
}

}  // namespace yandian::monitor
