#include "spc/variables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "spc/constants.hpp"

namespace yandian::spc {
namespace {

constexpr double kMedianRange2 = 0.9538725524;  // sqrt(2) * Phi^-1(0.75): median of |X1 - X2| for N(0,1)

tl::unexpected<Error> bad(std::string message, std::string field = {}) {
    return fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

bool all_equal(std::span<const std::size_t> sizes) {
    return std::all_of(sizes.begin(), sizes.end(), [&](std::size_t s) { return s == sizes.front(); });
}

// Grand mean over the base subgroups, weighted by size.
Result<double> grand_mean(const SubgroupStats& st, const std::vector<bool>& use) {
    double sum = 0.0;
    double count = 0.0;
    for (std::size_t i = 0; i < st.mean.size(); ++i) {
        if (!in_base(use, i)) continue;
        sum += st.mean[i] * static_cast<double>(st.size[i]);
        count += static_cast<double>(st.size[i]);
    }
    if (count == 0) return bad("no subgroups left to compute the limits from", "phase1");
    return sum / count;
}

enum class Spread { kRange, kSd };

Result<Chart> subgroup_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                             const VariablesOptions& options, Spread spread) {
    auto st = subgroup_stats(values, sizes);
    if (!st) return tl::unexpected(st.error());
    const std::size_t m = st->size.size();
    const char* name = spread == Spread::kRange ? "Xbar-R" : "Xbar-S";
    for (std::size_t i = 0; i < m; ++i) {
        if (st->size[i] < 2) {
            return bad(fmt::format("subgroup {} has {} value; an {} chart needs subgroups of at least 2", i + 1,
                                   st->size[i], name),
                       "subgroup");
        }
    }
    const std::vector<bool> use = base_points(m, options.phase);
    const SigmaMethod method =
        options.sigma.value_or(spread == Spread::kRange ? SigmaMethod::kRbar : SigmaMethod::kSbar);
    if (method == SigmaMethod::kMovingRange || method == SigmaMethod::kMedianMovingRange) {
        return bad("sigma by moving range applies to individuals charts only", "sigma");
    }
    double sigma = 0.0;
    if (options.phase.sigma) {
        sigma = *options.phase.sigma;
    } else {
        auto s = within_sigma(*st, use, method);
        if (!s) return tl::unexpected(s.error());
        sigma = *s;
    }
    double center = 0.0;
    if (options.phase.mean) {
        center = *options.phase.mean;
    } else {
        auto g = grand_mean(*st, use);
        if (!g) return tl::unexpected(g.error());
        center = *g;
    }
    const double w = options.width;
    Chart chart;
    chart.type = spread == Spread::kRange ? ChartType::kXbarR : ChartType::kXbarS;
    chart.sigma = sigma;
    chart.primary.values = st->mean;
    Series second;
    second.values = spread == Spread::kRange ? st->range : st->sd;
    const bool equal = all_equal(st->size);
    const std::size_t distinct = equal ? 1 : m;
    chart.primary.limits.resize(distinct);
    second.limits.resize(distinct);
    for (std::size_t i = 0; i < distinct; ++i) {
        const std::size_t n = st->size[i];
        const double se = sigma / std::sqrt(static_cast<double>(n));
        chart.primary.limits[i] = Limits{center, center - w * se, center + w * se, se};
        const Constants k = constants(n);
        double c = 0.0;
        double s = 0.0;
        if (spread == Spread::kRange) {
            c = k.d2 * sigma;
            s = k.d3 * sigma;
        } else {
            c = k.c4 * sigma;
            s = std::sqrt(1.0 - k.c4 * k.c4) * sigma;
        }
        second.limits[i] = Limits{c, std::max(0.0, c - w * s), c + w * s, s};
    }
    evaluate_rules(chart.primary, options.rules);
    evaluate_rules(second, options.rules.empty() ? RuleSet{} : RuleSet::limits_only());
    chart.secondary = std::move(second);
    return chart;
}

}  // namespace

std::vector<std::size_t> sizes_from_ids(std::span<const std::string> ids) {
    std::vector<std::size_t> sizes;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0 && ids[i] == ids[i - 1]) {
            ++sizes.back();
        } else {
            sizes.push_back(1);
        }
    }
    return sizes;
}

Result<std::vector<std::size_t>> fixed_sizes(std::size_t count, std::size_t n) {
    if (n == 0) return bad("subgroup size must be at least 1", "subgroup-size");
    if (count % n != 0) {
        return bad(fmt::format("{} values do not split into subgroups of {} (the last has {})", count, n, count % n),
                   "subgroup-size");
    }
    return std::vector<std::size_t>(count / n, n);
}

Result<SubgroupStats> subgroup_stats(std::span<const double> values, std::span<const std::size_t> sizes) {
    SubgroupStats st;
    st.mean.reserve(sizes.size());
    st.range.reserve(sizes.size());
    st.sd.reserve(sizes.size());
    st.size.assign(sizes.begin(), sizes.end());
    std::size_t at = 0;
    for (std::size_t g = 0; g < sizes.size(); ++g) {
        const std::size_t n = sizes[g];
        if (n == 0 || at + n > values.size())
            return bad("subgroup sizes do not match the number of values", "subgroup");
        double lo = values[at];
        double hi = values[at];
        double sum = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            const double x = values[at + j];
            sum += x;
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
        const double mean = sum / static_cast<double>(n);
        double ss = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            const double e = values[at + j] - mean;
            ss += e * e;
        }
        st.mean.push_back(mean);
        st.range.push_back(hi - lo);
        st.sd.push_back(n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0);
        at += n;
    }
    if (at != values.size()) return bad("subgroup sizes do not match the number of values", "subgroup");
    if (sizes.empty()) return bad("no values", "value");
    return st;
}

Result<double> within_sigma(const SubgroupStats& st, const std::vector<bool>& use, SigmaMethod method) {
    double sum = 0.0;
    double weight = 0.0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < st.size.size(); ++i) {
        if (!in_base(use, i) || st.size[i] < 2) continue;
        const std::size_t n = st.size[i];
        switch (method) {
            case SigmaMethod::kRbar:
                sum += st.range[i] / d2(n);
                break;
            case SigmaMethod::kSbar:
                sum += st.sd[i] / c4(n);
                break;
            case SigmaMethod::kPooled:
                sum += static_cast<double>(n - 1) * st.sd[i] * st.sd[i];
                weight += static_cast<double>(n - 1);
                break;
            default:
                return bad("this sigma method needs individual values", "sigma");
        }
        ++count;
    }
    if (count == 0) return bad("no subgroup of 2 or more values to estimate sigma from", "subgroup");
    if (method == SigmaMethod::kPooled) {
        return std::sqrt(sum / weight) / c4(static_cast<std::size_t>(weight) + 1);
    }
    return sum / static_cast<double>(count);
}

Result<double> moving_range_sigma(std::span<const double> values, const std::vector<bool>& use, SigmaMethod method) {
    std::vector<double> mr;
    double sum = 0.0;
    std::size_t count = 0;
    const bool median = method == SigmaMethod::kMedianMovingRange;
    if (method != SigmaMethod::kMovingRange && !median) {
        return bad("individuals charts estimate sigma by the moving range (mr) only", "sigma");
    }
    for (std::size_t i = 1; i < values.size(); ++i) {
        if (!in_base(use, i) || !in_base(use, i - 1)) continue;
        const double r = std::abs(values[i] - values[i - 1]);
        sum += r;
        ++count;
        if (median) mr.push_back(r);
    }
    if (count == 0) return bad("at least 2 consecutive values are needed for a moving range", "value");
    if (median) {
        const std::size_t h = mr.size() / 2;
        std::nth_element(mr.begin(), mr.begin() + static_cast<std::ptrdiff_t>(h), mr.end());
        double med = mr[h];
        if (mr.size() % 2 == 0)
            med = 0.5 * (med + *std::max_element(mr.begin(), mr.begin() + static_cast<std::ptrdiff_t>(h)));
        return med / kMedianRange2;
    }
    return sum / static_cast<double>(count) / d2(2);
}

Result<Chart> xbar_r_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                           const VariablesOptions& options) {
    return subgroup_chart(values, sizes, options, Spread::kRange);
}

Result<Chart> xbar_s_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                           const VariablesOptions& options) {
    return subgroup_chart(values, sizes, options, Spread::kSd);
}

Result<Chart> imr_chart(std::span<const double> values, const VariablesOptions& options) {
    const std::size_t n = values.size();
    if (n < 2) return bad("an I-MR chart needs at least 2 values", "value");
    const std::vector<bool> use = base_points(n, options.phase);
    double sigma = 0.0;
    if (options.phase.sigma) {
        sigma = *options.phase.sigma;
    } else {
        auto s = moving_range_sigma(values, use, options.sigma.value_or(SigmaMethod::kMovingRange));
        if (!s) return tl::unexpected(s.error());
        sigma = *s;
    }
    double center = 0.0;
    if (options.phase.mean) {
        center = *options.phase.mean;
    } else {
        double sum = 0.0;
        std::size_t count = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (in_base(use, i)) {
                sum += values[i];
                ++count;
            }
        }
        if (count == 0) return bad("no values left to compute the limits from", "phase1");
        center = sum / static_cast<double>(count);
    }
    const double w = options.width;
    Chart chart;
    chart.type = ChartType::kIMR;
    chart.sigma = sigma;
    chart.primary.values.assign(values.begin(), values.end());
    chart.primary.limits = {Limits{center, center - w * sigma, center + w * sigma, sigma}};
    Series mr;
    mr.first_index = 1;
    mr.values.resize(n - 1);
    for (std::size_t i = 1; i < n; ++i) mr.values[i - 1] = std::abs(values[i] - values[i - 1]);
    const Constants k = constants(2);
    const double c = k.d2 * sigma;
    const double s = k.d3 * sigma;
    mr.limits = {Limits{c, std::max(0.0, c - w * s), c + w * s, s}};
    evaluate_rules(chart.primary, options.rules);
    evaluate_rules(mr, options.rules.empty() ? RuleSet{} : RuleSet::limits_only());
    chart.secondary = std::move(mr);
    return chart;
}

}  // namespace yandian::spc
