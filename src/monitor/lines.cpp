#include "monitor/lines.hpp"

#include <algorithm>
#include <cmath>

namespace yandian::monitor {

double LineMeasure::prominence_db() const { return prominence > 0 ? 20 * std::log10(prominence) : -300.0; }

namespace {

std::size_t bin_of(const SpectrumView& s, double f) {
    if (!(f > 0)) return 0;
    return std::min(static_cast<std::size_t>(std::llround(f / s.df)), s.magnitude.size() - 1);
}

double median_outside(const SpectrumView& s, std::size_t lo, std::size_t hi, std::size_t ex_lo, std::size_t ex_hi) {
    std::vector<double> v;
    v.reserve(hi - lo + 1);
    for (std::size_t k = lo; k <= hi; ++k) {
        if (k >= ex_lo && k <= ex_hi) continue;
        v.push_back(s.magnitude[k]);
    }
    if (v.empty()) return 0;
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

LineMeasure measure_line(const SpectrumView& s, double expected_hz, double half_width_hz, double floor_half_width_hz) {
    LineMeasure m;
    m.expected_hz = expected_hz;
    if (s.magnitude.size() < 3 || !(s.df > 0) || !(expected_hz > 0)) return m;
    const std::size_t last = s.magnitude.size() - 1;
    // A line whose neighbourhood runs past the end of the spectrum cannot be judged against its floor (the squared
    // envelope of a band B wide has no content above B: a floor taken there is numerical zero): not measured.
    if (expected_hz + floor_half_width_hz > s.df * static_cast<double>(last)) return m;
    const auto to_bin = [&](double f) {
        return std::min<std::size_t>(last, static_cast<std::size_t>(std::max(0.0, std::llround(f / s.df) * 1.0)));
    };
    const std::size_t a = std::max<std::size_t>(1, to_bin(expected_hz - half_width_hz));
    const std::size_t b = std::max(a, to_bin(expected_hz + half_width_hz));
    std::size_t best = a;
    for (std::size_t k = a; k <= b; ++k) {
        if (s.magnitude[k] > s.magnitude[best]) best = k;
    }
    const std::size_t lo = std::max<std::size_t>(1, to_bin(expected_hz - floor_half_width_hz));
    const std::size_t hi = to_bin(expected_hz + floor_half_width_hz);
    m.found_hz = s.df * static_cast<double>(best);
    m.magnitude = s.magnitude[best];
    m.floor = median_outside(s, lo, hi, a, b);
    m.prominence = m.floor > 0 ? m.magnitude / m.floor : 0;
    return m;
}

std::string_view fault_name(FaultKind k) {
    switch (k) {
        case FaultKind::kOuterRace: return "outer_race";
        case FaultKind::kInnerRace: return "inner_race";
        case FaultKind::kBall: return "ball";
        case FaultKind::kCage: return "cage";
    }
    return "";
}

std::string_view fault_line_name(FaultKind k) {
    switch (k) {
        case FaultKind::kOuterRace: return "BPFO";
        case FaultKind::kInnerRace: return "BPFI";
        case FaultKind::kBall: return "2xBSF";
        case FaultKind::kCage: return "FTF";
    }
    return "";
}

double DefectLines::fundamental(FaultKind k) const {
    switch (k) {
        case FaultKind::kOuterRace: return f.bpfo;
        case FaultKind::kInnerRace: return f.bpfi;
        case FaultKind::kBall: return 2 * f.bsf;
        case FaultKind::kCage: return f.ftf;
    }
    return 0;
}

double DefectLines::modulation(FaultKind k) const {
    switch (k) {
        case FaultKind::kInnerRace: return shaft_hz;
        case FaultKind::kBall: return f.ftf;
        default: return 0;
    }
}

DefectLines defect_lines(const catalog::Geometry& g, double shaft_hz) {
    DefectLines d;
    d.shaft_hz = shaft_hz;
    d.f = catalog::defect_frequencies(g, shaft_hz);
    return d;
}

FamilyMatch match_family(const SpectrumView& s, const DefectLines& d, FaultKind kind, const FamilyOptions& o) {
    FamilyMatch m;
    m.kind = kind;
    const double f0 = d.fundamental(kind);
    const double fm = d.modulation(kind);
    if (!(f0 > 0) || s.magnitude.size() < 3 || !(s.df > 0)) return m;
    const double floor_hw = o.floor_half_width_orders * d.shaft_hz;
    const int h_max = std::max(1, o.harmonics);
    // Floors are taken once per harmonic at the nominal position (the window is far wider than the tolerance).
    std::vector<double> floors(static_cast<std::size_t>(h_max));
    const double tol_hz = o.speed_tolerance * f0;
    for (int h = 1; h <= h_max; ++h) {
        floors[static_cast<std::size_t>(h - 1)] =
            measure_line(s, h * f0, h * tol_hz + s.df, std::max(floor_hw, 2 * h * tol_hz + 4 * s.df)).floor;
    }
    const double step = std::max(s.df / (2.0 * f0 * h_max), 1e-5);
    double best_score = -1;
    const std::size_t last = s.magnitude.size() - 1;
    for (double scale = 1 - o.speed_tolerance; scale <= 1 + o.speed_tolerance + 1e-12; scale += step) {
        double score = 0;
        for (int h = 1; h <= h_max; ++h) {
            const double f = h * f0 * scale;
            const std::size_t k = std::min(last, bin_of(s, f));
            double peak = s.magnitude[k];
            if (k > 0) peak = std::max(peak, s.magnitude[k - 1]);
            if (k < last) peak = std::max(peak, s.magnitude[k + 1]);
            const double fl = floors[static_cast<std::size_t>(h - 1)];
            if (fl > 0 && peak > fl) score += std::log(peak / fl) / h;
        }
        if (score > best_score) {
            best_score = score;
            m.scale = scale;
        }
    }
    const double narrow = 1.5 * s.df;  // +-1 bin around the family's position at the chosen speed
    for (int h = 1; h <= h_max; ++h) {
        const double f = h * f0 * m.scale;
        const double fw = std::max(floor_hw, 2 * h * tol_hz + 4 * s.df);
        m.harmonics.push_back(measure_line(s, f, narrow, fw));
        if (fm > 0) {
            m.lower.push_back(measure_line(s, f - fm * m.scale, narrow, fw));
            m.upper.push_back(measure_line(s, f + fm * m.scale, narrow, fw));
        }
    }
    return m;
}

SpeedEstimate estimate_shaft_speed(const SpectrumView& s, double f_min, double f_max, int harmonics) {
    SpeedEstimate e;
    if (s.magnitude.size() < 16 || !(s.df > 0) || !(f_max > f_min) || f_min <= 0) return e;
    const std::size_t last = s.magnitude.size() - 1;
    const std::size_t top = std::min(last, static_cast<std::size_t>(f_max * harmonics / s.df) + 8);
    // Prominence of every bin over a median of +-2 Hz (at least 8 bins) around it.
    const std::size_t w = std::max<std::size_t>(8, static_cast<std::size_t>(2.0 / s.df));
    std::vector<double> prom(top + 1, 1.0);
    for (std::size_t k = 1; k <= top; ++k) {
        const std::size_t lo = k > w ? k - w : 1;
        const std::size_t hi = std::min(last, k + w);
        const double fl = median_outside(s, lo, hi, k > 1 ? k - 1 : k, std::min(last, k + 1));
        prom[k] = fl > 0 ? s.magnitude[k] / fl : 1.0;
    }
    const auto peak_near = [&](double f, std::size_t& at) {
        const std::size_t k = static_cast<std::size_t>(std::llround(f / s.df));
        double best = 0;
        at = 0;
        for (std::size_t j = k > 0 ? k - 1 : 0; j <= std::min(top, k + 1); ++j) {
            if (prom[j] > best) {
                best = prom[j];
                at = j;
            }
        }
        return best;
    };
    const double step = s.df / 4;
    double best_score = 0;
    double best_f = 0;
    for (double f = f_min; f <= f_max; f += step) {
        double score = 0;
        std::size_t at = 0;
        const double p1 = peak_near(f, at);
        if (p1 < 2.0) continue;  // the fundamental itself must stand out
        for (int h = 1; h <= harmonics; ++h) {
            const double p = peak_near(h * f, at);
            if (p > 1) score += std::log(p);
        }
        if (score > best_score) {
            best_score = score;
            best_f = f;
        }
    }
    if (best_f == 0) return e;
    // A machine's even harmonics are often stronger than its odd ones, which makes 2 x speed (and 3 x) look like a
    // fundamental: go down to f/2 or f/3 while that line stands out on its own (12 dB over its floor).
    for (bool moved = true; moved;) {
        moved = false;
        for (int div : {2, 3}) {
            const double sub = best_f / div;
            std::size_t at = 0;
            if (sub >= f_min && peak_near(sub, at) >= 4.0) {
                best_f = sub;
                moved = true;
                break;
            }
        }
    }
    // Refine: prominence-weighted mean of (peak frequency / h) over the harmonics that stand out (> 4x floor),
    // each peak placed by parabolic interpolation of its three bins.
    double num = 0, den = 0;
    int found = 0;
    for (int h = 1; h <= harmonics; ++h) {
        std::size_t at = 0;
        const double p = peak_near(h * best_f, at);
        if (p < 4.0 || at == 0 || at >= last) continue;
        const double a = s.magnitude[at - 1], b = s.magnitude[at], c = s.magnitude[at + 1];
        const double denom = a - 2 * b + c;
        const double delta = denom != 0 ? 0.5 * (a - c) / denom : 0.0;
        const double f_peak = (static_cast<double>(at) + std::clamp(delta, -0.5, 0.5)) * s.df;
        const double weight = std::log(p) * h;  // higher harmonics pin the speed more finely
        num += weight * f_peak / h;
        den += weight;
        ++found;
    }
    e.shaft_hz = den > 0 ? num / den : best_f;
    e.score = best_score;
    e.harmonics_found = found;
    return e;
}

}  // namespace yandian::monitor
