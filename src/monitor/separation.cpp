#include "monitor/separation.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace yandian::monitor {

Separation discrete_random_separation(FftPlans& fft, std::span<const double> x, const DrsOptions& options) {
    Separation out;
    if (x.empty()) return out;
    std::size_t seg = options.segment;
    std::size_t delay = std::max(options.delay, seg);
    // A record too short for a few segments after the delay: halve the segment, delay = segment (down to 256).
    while (seg > 256 && x.size() < seg * 4 + delay) {
        seg /= 2;
        delay = seg;
    }
    if (x.size() < seg + delay) {
        out.random.assign(x.begin(), x.end());
        out.discrete.assign(x.size(), 0.0);
        return out;
    }
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    std::vector<double> w(seg);
    for (std::size_t i = 0; i < seg; ++i) {
        w[i] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(seg));
    }
    const std::size_t bins = seg / 2 + 1;
    std::vector<Complex> sxy(bins, Complex{});
    std::vector<double> syy(bins, 0.0);
    std::vector<double> bx(seg), by(seg);
    for (std::size_t start = delay; start + seg <= x.size(); start += seg / 2) {
        for (std::size_t i = 0; i < seg; ++i) {
            bx[i] = (x[start + i] - mean) * w[i];
            by[i] = (x[start + i - delay] - mean) * w[i];
        }
        const auto fx = fft.forward_real(bx, seg);
        const auto fy = fft.forward_real(by, seg);
        for (std::size_t k = 0; k < bins; ++k) {
            sxy[k] += fx[k] * std::conj(fy[k]);
            syy[k] += std::norm(fy[k]);
        }
    }
    // Gain |H|: ~1 at discrete lines, ~1/sqrt(segments) elsewhere. The magnitude, not the real part of H with the
    // delay's phase taken out: with a delay as long as a segment, a line between two bin centres turns by up to
    // pi over the delay, so only |H| is reliable. Applied as a zero-phase gain, clamped to [0, 1].
    std::vector<double> gain(bins, 0.0);
    for (std::size_t k = 0; k < bins; ++k) {
        if (syy[k] > 0) gain[k] = std::clamp(std::abs(sxy[k]) / syy[k], 0.0, 1.0);
    }
    const std::size_t n = fast_fft_size(x.size());
    std::vector<double> centred(x.begin(), x.end());
    for (double& v : centred) v -= mean;
    auto spec = fft.forward_real(centred, n);
    auto discrete = spec;
    const double ratio = static_cast<double>(seg) / static_cast<double>(n);
    for (std::size_t k = 0; k < spec.size(); ++k) {
        const double pos = static_cast<double>(k) * ratio;
        const std::size_t i = std::min(static_cast<std::size_t>(pos), bins - 1);
        const std::size_t j = std::min(i + 1, bins - 1);
        const double t = pos - static_cast<double>(i);
        const double g = gain[i] * (1 - t) + gain[j] * t;
        discrete[k] = spec[k] * g;
        spec[k] -= discrete[k];
    }
    out.discrete = fft.inverse_real(discrete, n);
    out.random = fft.inverse_real(spec, n);
    out.discrete.resize(x.size());
    out.random.resize(x.size());
    return out;
}

}  // namespace yandian::monitor
