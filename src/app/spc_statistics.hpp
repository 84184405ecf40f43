#pragma once
// How the stored values of a characteristic become its statistics. A point is a subgroup of subgroup_size values
// in arrival order (an attribute characteristic: one sample of `sample_size` units per point). A value that does
// not count (store::MeasurementRecord::counts: marked by its source, AQDEF K0002 != 0, or excluded by an engineer)
// is left out of everything evaluated — control limits, run rules, alarms, capability, normality, the histogram —
// and stays listed and plotted (greyed, with its reason): the statistics are exactly those of the values that
// count (spc/left_out.hpp). Pure functions over records; the service loads and stores.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "spc/chart.hpp"
#include "store/spc_store.hpp"

namespace yandian::app {

// p, np, c, u: attribute characteristics (counts of nonconforming units or nonconformities per sample).
[[nodiscard]] bool is_attribute_chart(std::string_view chart_type);

// Why a value is left out, for people: "K0002 129 (invalid)", "excluded: gauge fell off the part". Empty if it counts.
[[nodiscard]] std::string left_out_reason(const store::MeasurementRecord& m);

// The chart of the complete points of `records` (which start at a point boundary). With center and sigma the
// limits are those (phase II); without, they are estimated from the points that count (phase I). Left-out points
// are plotted (Series::left_out), as the mean of their values.
[[nodiscard]] Result<spc::Chart> marked_chart(const store::CharacteristicRecord& c,
                                              std::span<const store::MeasurementRecord> records,
                                              std::optional<double> center, std::optional<double> sigma);

// A time-weighted view of a variables characteristic: EWMA (spc/time_weighted.hpp, z_i against the target with exact
// time-varying limits) or the tabular CUSUM (C+ and C- in units of sigma/sqrt(n)).
struct TimeWeightedRequest {
    std::string kind;     // ewma | cusum
    double lambda = 0.2;  // EWMA weight
    double width = 3.0;   // EWMA limit width L
    double k = 0.5;       // CUSUM reference value (sigma units)
    double h = 4.0;       // CUSUM decision interval (sigma units)
};

// The EWMA or CUSUM chart of the complete points of `records` against `target` (the process mean when empty), with
// `sigma` as the process sigma (estimated within subgroups when empty). Left-out points are plotted as their mean,
// not evaluated. kInvalidArgument for an attribute characteristic or a bad parameter.
[[nodiscard]] Result<spc::Chart> time_weighted_chart(const store::CharacteristicRecord& c,
                                                     std::span<const store::MeasurementRecord> records,
                                                     const TimeWeightedRequest& request, std::optional<double> target,
                                                     std::optional<double> sigma);

struct LimitsEstimate {
    double center = 0.0;              // the mean (variables) or the rate p-bar, u-bar, c-bar (attributes)
    double sigma = 0.0;               // process sigma (variables); sqrt of the rate's unit variance (attributes)
    std::size_t left_out_values = 0;  // values of the phase-I range left out
    std::size_t range_points = 0;     // points of the phase-I range, left-out ones included
};

// Phase I: limits from the first c.phase1_subgroups points that count among `records` (which start at seq 0);
// nullopt while there are fewer.
[[nodiscard]] Result<std::optional<LimitsEstimate>> phase1_limits(const store::CharacteristicRecord& c,
                                                                  std::span<const store::MeasurementRecord> records);

// Phase II: the run rules over the points of `records` that count, against the given limits, each point judged
// against its own size. Per complete point of `records`: its violation mask (0 for a left-out point), plotted value.
struct JudgedPoints {
    std::vector<std::uint16_t> violations;
    std::vector<double> values;
    std::vector<bool> left_out;
};
[[nodiscard]] JudgedPoints judge_points(const store::CharacteristicRecord& c,
                                        std::span<const store::MeasurementRecord> records, double center, double sigma);

// The values that count for capability, in the subgroups they came in, and how many were left out.
struct CapabilityInput {
    std::vector<double> values;
    std::vector<std::size_t> sizes;
    std::size_t left_out = 0;
};
[[nodiscard]] CapabilityInput capability_input(const store::CharacteristicRecord& c,
                                               std::span<const store::MeasurementRecord> records);

}  // namespace yandian::app
