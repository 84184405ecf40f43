#pragma once
// Values left out of the evaluation: marked invalid by their source (AQDEF K0002 attribute 129 invalid, 255
// placeholder, 256 delete on import, 290 implausible, ...) or excluded by an engineer. They stay plotted, but take
// no part in the limits, the run rules, capability or normality: the statistics are those of the remaining values,
// as if the left-out ones had never been taken (as Q-DAS qs-STAT evaluates such files). A subgroup keeps its
// remaining values (a smaller subgroup); a subgroup with none left is a left-out point.
#include <cstddef>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "spc/chart.hpp"

namespace yandian::spc {

// The values that count, grouped as the subgroups they came in.
struct KeptValues {
    std::vector<double> values;       // the kept values, in order
    std::vector<std::size_t> sizes;   // per kept subgroup: how many of its values are kept (>= 1)
    std::vector<std::size_t> points;  // per kept subgroup: its index among all subgroups
    std::size_t left_out_values = 0;  // values left out
};

// Splits `values`, grouped in consecutive subgroups of `sizes`, by `keep` (one flag per value; a value with
// keep false is left out). A subgroup with fewer than `min_size` kept values is left out whole (an Xbar chart needs
// 2). Sizes must add up to values.size() and keep must be as long as values.
[[nodiscard]] Result<KeptValues> keep_values(std::span<const double> values, std::span<const std::size_t> sizes,
                                             const std::vector<bool>& keep, std::size_t min_size = 1);

// A chart computed over the kept subgroups only (`kept`, with `points` from keep_values) spread back over all
// `count` subgroups. A left-out subgroup i is plotted at shown[i] (the mean of its values, say) with the limits
// of the nearest kept point before it (after it, for a leading one), no violations, and Series::left_out set.
// Secondary series (R, S, MR) are spread the same way; a moving range exists only between two kept points, so
// a left-out point has none (NaN) and the kept point after it takes the range to the kept point before.
[[nodiscard]] Chart spread_chart(const Chart& kept, std::span<const std::size_t> points, std::span<const double> shown,
                                 std::size_t count);

}  // namespace yandian::spc
