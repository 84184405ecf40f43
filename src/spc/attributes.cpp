#include "spc/attributes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace yandian::spc {
namespace {

enum class Kind { kP, kNP, kC, kU };

Status check(std::span<const double> counts, std::span<const double> sizes, Kind kind) {
    if (counts.empty()) return fail(ErrorCode::kInvalidArgument, "no samples", "count");
    if (counts.size() != sizes.size())
        return fail(ErrorCode::kInvalidArgument, "counts and sizes differ in length", "size");
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] < 0) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("sample {}: count is negative", i + 1), "count");
        }
        if (!(sizes[i] > 0)) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("sample {}: size must be positive", i + 1), "size");
        }
        if ((kind == Kind::kP || kind == Kind::kNP) && counts[i] > sizes[i]) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("sample {}: {} nonconforming out of {} inspected", i + 1, counts[i], sizes[i]),
                        "count");
        }
    }
    return {};
}

Result<Chart> attribute_chart(std::span<const double> counts, std::span<const double> sizes,
                              const AttributeOptions& options, Kind kind) {
    if (auto st = check(counts, sizes, kind); !st) return tl::unexpected(st.error());
    const std::size_t m = counts.size();
    const std::vector<bool> use = base_points(m, options.phase);
    double total_count = 0.0;
    double total_size = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
        if (!in_base(use, i)) continue;
        total_count += counts[i];
        total_size += sizes[i];
    }
    if (total_size == 0.0 && !options.phase.mean) {
        return fail(ErrorCode::kInvalidArgument, "no samples left to compute the limits from", "phase1");
    }
    const double rate = options.phase.mean.value_or(total_count / total_size);  // p-bar, u-bar or c-bar
    const bool equal = std::all_of(sizes.begin(), sizes.end(), [&](double s) { return s == sizes.front(); });
    const double w = options.width;
    Chart chart;
    chart.primary.values.resize(m);
    switch (kind) {
        case Kind::kP:
            chart.type = ChartType::kP;
            break;
        case Kind::kNP:
            chart.type = ChartType::kNP;
            break;
        case Kind::kC:
            chart.type = ChartType::kC;
            break;
        case Kind::kU:
            chart.type = ChartType::kU;
            break;
    }
    for (std::size_t i = 0; i < m; ++i) {
        chart.primary.values[i] = (kind == Kind::kP || kind == Kind::kU) ? counts[i] / sizes[i] : counts[i];
    }
    const std::size_t distinct = equal ? 1 : m;
    chart.primary.limits.resize(distinct);
    for (std::size_t i = 0; i < distinct; ++i) {
        const double n = sizes[i];
        double center = rate;
        double sd = 0.0;
        switch (kind) {
            case Kind::kP:
                sd = std::sqrt(rate * (1.0 - rate) / n);
                break;
            case Kind::kNP:
                center = n * rate;
                sd = std::sqrt(n * rate * (1.0 - rate));
                break;
            case Kind::kC:
                sd = std::sqrt(rate);
                break;
            case Kind::kU:
                sd = std::sqrt(rate / n);
                break;
        }
        chart.primary.limits[i] = Limits{center, std::max(0.0, center - w * sd), center + w * sd, sd};
    }
    chart.sigma = chart.primary.limits[0].sigma;
    evaluate_rules(chart.primary, options.rules);
    return chart;
}

}  // namespace

Result<Chart> p_chart(std::span<const double> counts, std::span<const double> sizes, const AttributeOptions& options) {
    return attribute_chart(counts, sizes, options, Kind::kP);
}

Result<Chart> np_chart(std::span<const double> counts, std::span<const double> sizes, const AttributeOptions& options) {
    return attribute_chart(counts, sizes, options, Kind::kNP);
}

Result<Chart> c_chart(std::span<const double> counts, const AttributeOptions& options) {
    const std::vector<double> ones(counts.size(), 1.0);
    return attribute_chart(counts, ones, options, Kind::kC);
}

Result<Chart> u_chart(std::span<const double> counts, std::span<const double> sizes, const AttributeOptions& options) {
    return attribute_chart(counts, sizes, options, Kind::kU);
}

}  // namespace yandian::spc
