#pragma once
// Tracking of plan targets: the compound annual growth a target requires from its baseline, the growth achieved to
// the latest actual, the growth still needed from there, a status, and a forecast to the target year. Nothing is
// invented: what the plan's figures do not allow is reported as not computable, with the reason.
// The rules are written out in docs/stats/plan-tracking.md.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::stats {

// What a target's figure means.
enum class Measure {
    kLevel,        // a level to reach by the target year (sales, number of firms above size, a share)
    kIncrement,    // additions over the plan period (new parks, new platforms)
    kNoYear,       // a figure without a target year (a standard, an aspiration)
    kQualitative,  // no numeric target
};
std::string_view to_string(Measure m);
Result<Measure> parse_measure(std::string_view text);

struct Observation {
    int year = 0;
    double value = 0;
};

struct TargetSpec {
    Measure measure = Measure::kLevel;
    std::optional<int> baseline_year;
    std::optional<double> baseline_value;
    std::optional<int> target_year;
    std::optional<double> target_low;
    std::optional<double> target_high;
    std::string issue;  // an inconsistency of the source: no figure is derived from the target while it is set
};

enum class TrackStatus {
    kOnTrack,        // growth so far at least the required growth, or the low end of the target already reached
    kAtRisk,         // behind, but the growth still needed is within 1.5x the required growth (or +2 points)
    kOffTrack,       // further behind, or the target year has passed below the low end
    kNoActual,       // nothing reported after the baseline yet
    kNotComputable,  // the plan's figures do not allow a judgement (reasons given)
};
std::string_view to_string(TrackStatus s);

struct Forecast {
    int year = 0;
    double value = 0;
    std::optional<double> low;   // prediction interval (with `level`), when at least 3 years of figures exist
    std::optional<double> high;
    double level = 0.95;
    int observations = 0;  // years of figures the trend rests on (baseline included)
    std::string method;    // how it was made
};

struct Progress {
    std::optional<double> required_cagr_low;   // growth a year from the baseline to the low end of the target
    std::optional<double> required_cagr_high;  // ... to the high end
    std::optional<Observation> latest;         // the latest actual after the baseline year
    std::optional<double> achieved_cagr;       // growth a year from the baseline to the latest actual
    std::optional<double> needed_cagr_low;     // growth a year still needed from the latest actual to the low end
    std::optional<double> needed_cagr_high;
    TrackStatus status = TrackStatus::kNotComputable;
    std::vector<std::string> reasons;  // why something above is missing or not computable
    std::optional<Forecast> forecast;
};

// Compound annual growth rate from `from` to `to` over `years` years: (to/from)^(1/years) - 1. Needs from > 0,
// to >= 0 and years > 0 (kInvalidArgument otherwise).
Result<double> compound_growth(double from, double to, int years);

// One value per year: where several actuals were recorded for a year (a revision), the last in `actuals` counts.
// Sorted by year.
std::vector<Observation> latest_by_year(std::span<const Observation> actuals);

// Progress of one target given the actuals recorded against it (in recording order: a later one revises an earlier
// one of the same year). `level` is the coverage of the forecast's prediction interval.
Progress track(const TargetSpec& spec, std::span<const Observation> actuals, double level = 0.95);

// Log-linear trend through `points` (one per year, values > 0) extrapolated to `year`: least squares of ln(value) on
// the year; with n >= 3 points the prediction interval exp(fit +- t(n-2) * s * sqrt(1 + 1/n + (x0 - xbar)^2 / Sxx)).
// kInvalidArgument with fewer than 2 distinct years or a value <= 0.
Result<Forecast> log_linear_forecast(std::span<const Observation> points, int year, double level = 0.95);

// A group of targets tracked as one (the key-enterprise table as a whole): baselines and targets summed, actuals
// summed for the years in which every member has one. Members must share baseline and target years and be level
// targets with baselines (kInvalidArgument naming the first member that does not).
struct GroupMember {
    TargetSpec spec;
    std::vector<Observation> actuals;  // in recording order
};
struct GroupTotal {
    TargetSpec spec;
    std::vector<Observation> actuals;  // one per year, only years every member reported
};
Result<GroupTotal> sum_group(std::span<const GroupMember> members);

}  // namespace yandian::stats
