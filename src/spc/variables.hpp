#pragma once
// Shewhart charts for variables: Xbar-R, Xbar-S and individuals with moving range (I-MR).
// Subgroups are consecutive runs of values given by their sizes, which may differ; limits then vary per point
// (centre and limits of the R and S charts scale with d2(n), d3(n), c4(n) of each subgroup, as in qcc and Minitab).
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "spc/chart.hpp"
#include "spc/rules.hpp"

namespace yandian::spc {

enum class SigmaMethod {
    kRbar,               // mean of R_i / d2(n_i) (= Rbar / d2 for equal n; qcc "UWAVE-R")
    kSbar,               // mean of S_i / c4(n_i) (= Sbar / c4; qcc "UWAVE-SD")
    kPooled,             // sqrt(sum (n_i - 1) S_i^2 / sum (n_i - 1)) / c4(sum (n_i - 1) + 1) (qcc "RMSDF")
    kMovingRange,        // MRbar / d2(2) for individuals
    kMedianMovingRange,  // median MR / 0.953872 (the median of the range of two standard normals, sqrt(2) z_0.75)
};

struct VariablesOptions {
    PhaseOptions phase;
    std::optional<SigmaMethod> sigma;   // default: Rbar for Xbar-R, Sbar for Xbar-S, moving range for I-MR
    double width = 3.0;                 // limits at center +/- width sigma
    RuleSet rules = RuleSet::nelson();  // on the Xbar / I chart; the R, S, MR chart gets rule 1 only
};

// Per-subgroup summary statistics.
struct SubgroupStats {
    std::vector<double> mean;
    std::vector<double> range;
    std::vector<double> sd;  // sample standard deviation (n - 1 divisor); 0 for a subgroup of one
    std::vector<std::size_t> size;
};

// Subgroup sizes from an id per value: consecutive equal ids form one subgroup.
[[nodiscard]] std::vector<std::size_t> sizes_from_ids(std::span<const std::string> ids);
// Sizes for a fixed subgroup size; fails when count is not a multiple of n.
[[nodiscard]] Result<std::vector<std::size_t>> fixed_sizes(std::size_t count, std::size_t n);

[[nodiscard]] Result<SubgroupStats> subgroup_stats(std::span<const double> values, std::span<const std::size_t> sizes);

// Within-subgroup sigma by the given method over the subgroups marked in `use`.
[[nodiscard]] Result<double> within_sigma(const SubgroupStats& stats, const std::vector<bool>& use, SigmaMethod method);
// Sigma from moving ranges of individual values; MR_i = |x_i - x_{i-1}| counts when both points are in `use`.
[[nodiscard]] Result<double> moving_range_sigma(std::span<const double> values, const std::vector<bool>& use,
                                                SigmaMethod method);

[[nodiscard]] Result<Chart> xbar_r_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                                         const VariablesOptions& options = {});
[[nodiscard]] Result<Chart> xbar_s_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                                         const VariablesOptions& options = {});
// Individuals chart with the moving-range chart as secondary (its first point is index 1).
[[nodiscard]] Result<Chart> imr_chart(std::span<const double> values, const VariablesOptions& options = {});

}  // namespace yandian::spc
