#pragma once
// Synthetic vibration records with known content, made in the tests: sines, white noise, and a bearing-fault model
// (McFadden & Smith 1984; Randall & Antoni 2011, MSSP 25, 485-520, section 2): a train of impacts at the fault's
// repetition frequency, each ringing a structural resonance, with optional amplitude modulation (inner race: shaft
// speed; ball: cage speed) and random jitter of the impact times (slip).
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "catalog/ratings.hpp"

namespace yandian::monitor::testing {

// CWRU drive-end bearing SKF 6205-2RS JEM as the CWRU page gives it: 9 balls of 0.3126 in on a 1.537 in pitch
// circle, contact angle 0 (docs: /work/shared/reference/fault-diagnosis.md section 3).
inline catalog::Geometry cwru_drive_end() {
    catalog::Geometry g;
    g.z = 9;
    g.dw = 0.3126 * 25.4;
    g.dpw = 1.537 * 25.4;
    g.alpha_deg = 0;
    g.estimated = false;
    g.source = "CWRU bearing data center";
    return g;
}

inline std::vector<double> sine(double fs, std::size_t n, double f, double amplitude, double phase = 0) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = amplitude * std::sin(2 * std::numbers::pi * f * static_cast<double>(i) / fs + phase);
    }
    return x;
}

inline void add_noise(std::vector<double>& x, double sigma, unsigned seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<double> nd(0.0, sigma);
    for (double& v : x) v += nd(gen);
}

struct FaultModel {
    double fs = 12000;
    double seconds = 4;
    double repetition_hz = 100;  // impacts per second
    double modulation_hz = 0;    // amplitude modulation of the impacts (0 = none)
    double modulation_depth = 0.8;
    double resonance_hz = 3000;
    double damping = 0.05;       // fraction of critical
    double amplitude = 1;
    double jitter = 0.01;        // standard deviation of the impact spacing, fraction of the period
    unsigned seed = 7;
};

inline std::vector<double> fault_signal(const FaultModel& m) {
    const auto n = static_cast<std::size_t>(m.fs * m.seconds);
    std::vector<double> x(n, 0.0);
    std::mt19937 gen(m.seed);
    std::normal_distribution<double> jitter(0.0, m.jitter / m.repetition_hz);
    const double wn = 2 * std::numbers::pi * m.resonance_hz;
    const auto ring = static_cast<std::size_t>(6.0 / (m.damping * wn) * m.fs);  // ~6 time constants
    for (double t = 0.5 / m.repetition_hz; t < m.seconds; t += 1.0 / m.repetition_hz) {
        const double at = t + jitter(gen);
        const double a = m.modulation_hz > 0
                             ? m.amplitude * (1 - m.modulation_depth / 2 +
                                              m.modulation_depth / 2 * std::cos(2 * std::numbers::pi * m.modulation_hz * at))
                             : m.amplitude;
        const auto start = static_cast<std::size_t>(std::max(0.0, std::ceil(at * m.fs)));
        for (std::size_t i = start; i < std::min(n, start + ring); ++i) {
            const double tau = static_cast<double>(i) / m.fs - at;
            x[i] += a * std::exp(-m.damping * wn * tau) * std::sin(wn * tau);
        }
    }
    return x;
}

inline void add(std::vector<double>& x, const std::vector<double>& y) {
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) x[i] += y[i];
}

}  // namespace yandian::monitor::testing
