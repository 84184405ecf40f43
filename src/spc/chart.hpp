#pragma once
// The shape every control chart shares: plotted values, their limits (constant or per point) and the run-rule
// violations found on each point.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace yandian::spc {

struct Limits {
    double center = 0.0;
    double lcl = 0.0;
    double ucl = 0.0;
    double sigma = 0.0;  // standard deviation of the plotted statistic: zones are center +/- 1 and 2 sigma
};

// One plotted series. `limits` holds one entry per point for its first limits.size() points; every later point
// uses the last entry. So one entry means constant limits, and time-varying limits that settle (EWMA) stop
// growing once they reach their asymptote.
struct Series {
    std::vector<double> values;
    std::vector<Limits> limits;
    std::vector<std::uint16_t> violations;  // per point: bit (r - 1) set when rule r fires on it; empty if no rules ran
    std::size_t first_index = 0;            // index of the first point (1 for a moving-range chart)
    // per point: true when the point is plotted but left out of the evaluation (spc/left_out.hpp); empty if none is
    std::vector<bool> left_out;

    [[nodiscard]] const Limits& limits_at(std::size_t i) const { return limits[std::min(i, limits.size() - 1)]; }
    [[nodiscard]] std::size_t size() const { return values.size(); }
    [[nodiscard]] bool is_left_out(std::size_t i) const { return i < left_out.size() && left_out[i]; }
};

enum class ChartType { kXbarR, kXbarS, kIMR, kP, kNP, kC, kU, kEwma, kCusum, kT2, kZmr };

[[nodiscard]] std::string_view chart_type_name(ChartType type);

struct Chart {
    ChartType type = ChartType::kIMR;
    double sigma = 0.0;  // the process sigma estimate the limits were built from (within-subgroup)
    Series primary;
    std::optional<Series> secondary;  // R, S or MR chart; the lower sum of a CUSUM
};

// How limits are established (phase I) and applied (phase II).
struct PhaseOptions {
    std::size_t phase1 = 0;             // limits from the first `phase1` points only; 0 = from all points
    std::vector<std::size_t> excluded;  // points (0-based) left out of the limit computation
    std::optional<double> mean;         // given standard: centre (target) instead of the estimate
    std::optional<double> sigma;        // given standard: process sigma instead of the estimate
};

// Which points take part in the limit computation; empty when all of them do (no phase I cut, no exclusions).
[[nodiscard]] std::vector<bool> base_points(std::size_t count, const PhaseOptions& phase);
// Whether point i takes part, for a vector from base_points.
[[nodiscard]] inline bool in_base(const std::vector<bool>& use, std::size_t i) { return use.empty() || use[i]; }

}  // namespace yandian::spc
