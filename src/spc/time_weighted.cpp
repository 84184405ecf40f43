#include "spc/time_weighted.hpp"

#include <algorithm>
#include <cmath>

#include "spc/rules.hpp"
#include "spc/variables.hpp"

namespace yandian::spc {
namespace {

struct Base {
    SubgroupStats stats;
    double mu0 = 0.0;
    double sigma = 0.0;
};

Result<Base> base_estimates(std::span<const double> values, std::span<const std::size_t> sizes,
                            const PhaseOptions& phase) {
    Base b;
    if (std::all_of(sizes.begin(), sizes.end(), [](std::size_t n) { return n == 1; }) &&
        sizes.size() == values.size()) {
        // Individual values: the subgroup means are the values themselves.
        if (values.empty()) return fail(ErrorCode::kInvalidArgument, "no values", "value");
        b.stats.mean.assign(values.begin(), values.end());
        b.stats.size.assign(sizes.begin(), sizes.end());
    } else {
        auto st = subgroup_stats(values, sizes);
        if (!st) return tl::unexpected(st.error());
        b.stats = std::move(*st);
    }
    const std::size_t m = b.stats.size.size();
    const std::vector<bool> use = base_points(m, phase);
    if (phase.mean) {
        b.mu0 = *phase.mean;
    } else {
        double sum = 0.0;
        double count = 0.0;
        for (std::size_t i = 0; i < m; ++i) {
            if (!use[i]) continue;
            sum += b.stats.mean[i] * static_cast<double>(b.stats.size[i]);
            count += static_cast<double>(b.stats.size[i]);
        }
        if (count == 0)
            return fail(ErrorCode::kInvalidArgument, "no subgroups left to compute the limits from", "phase1");
        b.mu0 = sum / count;
    }
    if (phase.sigma) {
        b.sigma = *phase.sigma;
    } else {
        const bool individuals =
            std::any_of(b.stats.size.begin(), b.stats.size.end(), [](std::size_t n) { return n < 2; });
        Result<double> s = individuals ? moving_range_sigma(b.stats.mean, use, SigmaMethod::kMovingRange)
                                       : within_sigma(b.stats, use, SigmaMethod::kRbar);
        if (!s) return tl::unexpected(s.error());
        b.sigma = *s;
    }
    if (!(b.sigma > 0)) return fail(ErrorCode::kInvalidArgument, "sigma must be positive", "sigma");
    return b;
}

}  // namespace

Result<Chart> ewma_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                         const EwmaOptions& options) {
    if (!(options.lambda > 0.0 && options.lambda <= 1.0)) {
        return fail(ErrorCode::kInvalidArgument, "lambda must be in (0, 1]", "lambda");
    }
    auto b = base_estimates(values, sizes, options.phase);
    if (!b) return tl::unexpected(b.error());
    const double lam = options.lambda;
    const std::size_t m = b->stats.mean.size();
    Chart chart;
    chart.type = ChartType::kEwma;
    chart.sigma = b->sigma;
    chart.primary.values.resize(m);
    chart.primary.limits.reserve(std::min<std::size_t>(m, 4096));
    const bool equal = std::all_of(b->stats.size.begin(), b->stats.size.end(),
                                   [&](std::size_t n) { return n == b->stats.size.front(); });
    double z = b->mu0;
    double decay = 1.0;  // (1 - lambda)^(2i)
    const double q = (1.0 - lam) * (1.0 - lam);
    const double asym = lam / (2.0 - lam);
    for (std::size_t i = 0; i < m; ++i) {
        z = lam * b->stats.mean[i] + (1.0 - lam) * z;
        decay *= q;
        const double sd = b->sigma / std::sqrt(static_cast<double>(b->stats.size[i])) * std::sqrt(asym * (1.0 - decay));
        chart.primary.values[i] = z;
        // Once (1 - lambda)^(2i) no longer changes the limits in double precision they are constant: stop storing.
        const bool settled = equal && decay < 1e-17 && !chart.primary.limits.empty();
        if (!settled)
            chart.primary.limits.push_back(
                Limits{b->mu0, b->mu0 - options.width * sd, b->mu0 + options.width * sd, sd});
    }
    evaluate_rules(chart.primary, RuleSet::limits_only());
    return chart;
}

Result<Chart> cusum_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                          const CusumOptions& options) {
    if (!(options.h > 0.0) || options.k < 0.0) {
        return fail(ErrorCode::kInvalidArgument, "CUSUM needs h > 0 and k >= 0", "h");
    }
    auto b = base_estimates(values, sizes, options.phase);
    if (!b) return tl::unexpected(b.error());
    const std::size_t m = b->stats.mean.size();
    Chart chart;
    chart.type = ChartType::kCusum;
    chart.sigma = b->sigma;
    Series upper;
    Series lower;
    upper.values.resize(m);
    lower.values.resize(m);
    upper.limits = {Limits{0.0, 0.0, options.h, 1.0}};
    lower.limits = upper.limits;
    double cp = options.fast_initial_response ? options.h / 2.0 : 0.0;
    double cm = cp;
    for (std::size_t i = 0; i < m; ++i) {
        const double z = (b->stats.mean[i] - b->mu0) / (b->sigma / std::sqrt(static_cast<double>(b->stats.size[i])));
        cp = std::max(0.0, z - options.k + cp);
        cm = std::max(0.0, -options.k - z + cm);
        upper.values[i] = cp;
        lower.values[i] = cm;
    }
    evaluate_rules(upper, RuleSet::limits_only());
    evaluate_rules(lower, RuleSet::limits_only());
    chart.primary = std::move(upper);
    chart.secondary = std::move(lower);
    return chart;
}

}  // namespace yandian::spc
