#include "monitor/spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace yandian::monitor {

std::string_view unit_name(Unit u) {
    switch (u) {
        case Unit::kG: return "g";
        case Unit::kMetresPerSecondSquared: return "m/s2";
        case Unit::kMillimetresPerSecond: return "mm/s";
    }
    return "g";
}

Result<Unit> parse_unit(std::string_view text) {
    if (text == "g") return Unit::kG;
    if (text == "m/s2" || text == "m/s^2" || text == "m/s²") return Unit::kMetresPerSecondSquared;
    if (text == "mm/s") return Unit::kMillimetresPerSecond;
    return fail(ErrorCode::kInvalidArgument, "unknown unit '" + std::string(text) + "' (expected g, m/s2 or mm/s)",
                "unit");
}

namespace {

std::vector<double> hann(std::size_t n) {
    std::vector<double> w(n);
    if (n == 1) {
        w[0] = 1;
        return w;
    }
    // Periodic Hann (the DFT-even form used for spectral analysis).
    for (std::size_t i = 0; i < n; ++i) {
        w[i] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n));
    }
    return w;
}

}  // namespace

Psd welch_psd(FftPlans& fft, std::span<const double> x, double fs, std::size_t nfft) {
    Psd psd;
    if (x.empty() || nfft == 0 || !(fs > 0)) return psd;
    const std::size_t seg = std::min(nfft, x.size());
    const std::size_t hop = std::max<std::size_t>(seg / 2, 1);
    const std::vector<double> w = hann(seg);
    const double wss = std::inner_product(w.begin(), w.end(), w.begin(), 0.0);
    psd.df = fs / static_cast<double>(nfft);
    psd.density.assign(nfft / 2 + 1, 0.0);
    std::vector<double> buf(seg);
    for (std::size_t start = 0; start + seg <= x.size(); start += hop) {
        const double mean = std::accumulate(x.begin() + start, x.begin() + start + seg, 0.0) / static_cast<double>(seg);
        for (std::size_t i = 0; i < seg; ++i) buf[i] = (x[start + i] - mean) * w[i];
        const auto spec = fft.forward_real(buf, nfft);
        for (std::size_t k = 0; k < spec.size(); ++k) psd.density[k] += std::norm(spec[k]);
        ++psd.segments;
    }
    const double scale = 1.0 / (fs * wss * static_cast<double>(psd.segments));
    for (std::size_t k = 0; k < psd.density.size(); ++k) {
        const bool edge = k == 0 || (nfft % 2 == 0 && k == nfft / 2);
        psd.density[k] *= scale * (edge ? 1.0 : 2.0);
    }
    return psd;
}

TimeFeatures time_features(std::span<const double> x) {
    TimeFeatures f;
    if (x.empty()) return f;
    const double n = static_cast<double>(x.size());
    f.mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double m2 = 0, m4 = 0;
    for (double v : x) {
        const double d = v - f.mean;
        const double d2 = d * d;
        m2 += d2;
        m4 += d2 * d2;
        f.peak = std::max(f.peak, std::abs(d));
    }
    m2 /= n;
    m4 /= n;
    f.rms = std::sqrt(m2);
    f.crest = f.rms > 0 ? f.peak / f.rms : 0;
    f.kurtosis = m2 > 0 ? m4 / (m2 * m2) : 0;
    return f;
}

double rms_velocity_mm_s(FftPlans& fft, std::span<const double> x, double fs, Unit unit, double f_low, double f_high,
                         std::size_t nfft) {
    const Psd psd = welch_psd(fft, x, fs, nfft);
    if (psd.density.empty()) return 0;
    // Scale to SI acceleration (m/s^2) or velocity (mm/s) first.
    double scale = 1.0;
    if (unit == Unit::kG) scale = kStandardGravity;
    double sum = 0;
    for (std::size_t k = 1; k < psd.density.size(); ++k) {
        const double f = psd.frequency(k);
        if (f < f_low || f > f_high) continue;
        double p = psd.density[k] * scale * scale;
        if (unit != Unit::kMillimetresPerSecond) {
            const double omega = 2 * std::numbers::pi * f;
            p = p / (omega * omega) * 1e6;  // (m/s)^2 -> (mm/s)^2
        }
        sum += p * psd.df;
    }
    return std::sqrt(sum);
}

AmplitudeSpectrum amplitude_spectrum(FftPlans& fft, std::span<const double> x, double fs, std::size_t nfft) {
    AmplitudeSpectrum a;
    if (x.empty() || !(fs > 0)) return a;
    if (nfft == 0) nfft = fast_fft_size(x.size());
    const std::vector<double> w = hann(x.size());
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    std::vector<double> buf(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) buf[i] = (x[i] - mean) * w[i];
    const double gain = std::accumulate(w.begin(), w.end(), 0.0);
    const auto spec = fft.forward_real(buf, nfft);
    a.df = fs / static_cast<double>(nfft);
    a.amplitude.resize(spec.size());
    for (std::size_t k = 0; k < spec.size(); ++k) a.amplitude[k] = (k == 0 ? 1.0 : 2.0) * std::abs(spec[k]) / gain;
    return a;
}

}  // namespace yandian::monitor
