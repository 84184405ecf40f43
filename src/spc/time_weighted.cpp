#include "spc/time_weighted.hpp"

#include <algorithm>
#include <cmath>

#include "spc/rules.hpp"
#include "spc/variables.hpp"

namespace yandian::spc {
namespace {

// Subgroup means and sizes (views of the caller's data for individual values, else of `stats`), mu0 and sigma.
struct Base {
    SubgroupStats stats;
    std::span<const double> mean;
    std::span<const std::size_t> size;
    double mu0 = 0.0;
    double sigma = 0.0;
};

Status base_estimates(std::span<const double> values, std::span<const std::size_t> sizes, const PhaseOptions& phase,
                      Base& b) {
    if (std::all_of(sizes.begin(), sizes.end(), [](std::size_t n) { return n == 1; }) &&
        sizes.size() == values.size()) {
        // Individual values: the subgroup means are the values themselves.
        if (values.empty()) return fail(ErrorCode::kInvalidArgument, "no values", "value");
        b.mean = values;
        b.size = sizes;
    } else {
        auto st = subgroup_stats(values, sizes);
        if (!st) return tl::unexpected(st.error());
        b.stats = std::move(*st);
        b.mean = b.stats.mean;
        b.size = b.stats.size;
    }
    const std::size_t m = b.size.size();
    const std::vector<bool> use = base_points(m, phase);
    if (phase.mean) {
        b.mu0 = *phase.mean;
    } else {
        double sum = 0.0;
        double count = 0.0;
        for (std::size_t i = 0; i < m; ++i) {
            if (!in_base(use, i)) continue;
            sum += b.mean[i] * static_cast<double>(b.size[i]);
            count += static_cast<double>(b.size[i]);
        }
        if (count == 0)
            return fail(ErrorCode::kInvalidArgument, "no subgroups left to compute the limits from", "phase1");
        b.mu0 = sum / count;
    }
    if (phase.sigma) {
        b.sigma = *phase.sigma;
    } else {
        const bool individuals = std::any_of(b.size.begin(), b.size.end(), [](std::size_t n) { return n < 2; });
        Result<double> s = individuals ? moving_range_sigma(b.mean, use, SigmaMethod::kMovingRange)
                                       : within_sigma(b.stats, use, SigmaMethod::kRbar);
        if (!s) return tl::unexpected(s.error());
        b.sigma = *s;
    }
    if (!(b.sigma > 0)) return fail(ErrorCode::kInvalidArgument, "sigma must be positive", "sigma");
    return {};
}

// sigma / sqrt(n), recomputed only when n changes.
struct StandardError {
    double sigma;
    std::size_t n = 0;
    double se = 0.0;
    double operator()(std::size_t size) {
        if (size != n) {
            n = size;
            se = sigma / std::sqrt(static_cast<double>(size));
        }
        return se;
    }
};

}  // namespace

Result<Chart> ewma_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                         const EwmaOptions& options) {
    if (!(options.lambda > 0.0 && options.lambda <= 1.0)) {
        return fail(ErrorCode::kInvalidArgument, "lambda must be in (0, 1]", "lambda");
    }
    Base base;
    if (auto st = base_estimates(values, sizes, options.phase, base); !st) return tl::unexpected(st.error());
    Base* b = &base;
    const double lam = options.lambda;
    const std::size_t m = b->mean.size();
    Chart chart;
    chart.type = ChartType::kEwma;
    chart.sigma = b->sigma;
    chart.primary.values.resize(m);
    chart.primary.limits.reserve(std::min<std::size_t>(m, 4096));
    const bool equal = std::all_of(b->size.begin(), b->size.end(), [&](std::size_t n) { return n == b->size.front(); });
    StandardError se{b->sigma};
    double z = b->mu0;
    double decay = 1.0;  // (1 - lambda)^(2i)
    const double q = (1.0 - lam) * (1.0 - lam);
    const double asym = lam / (2.0 - lam);
    for (std::size_t i = 0; i < m; ++i) {
        z = lam * b->mean[i] + (1.0 - lam) * z;
        chart.primary.values[i] = z;
        decay *= q;
        // Once (1 - lambda)^(2i) no longer changes the limits in double precision they are constant: the last
        // stored entry applies to every later point.
        if (equal && decay < 1e-17 && !chart.primary.limits.empty()) continue;
        const double sd = se(b->size[i]) * std::sqrt(asym * (1.0 - decay));
        chart.primary.limits.push_back(Limits{b->mu0, b->mu0 - options.width * sd, b->mu0 + options.width * sd, sd});
    }
    evaluate_rules(chart.primary, RuleSet::limits_only());
    return chart;
}

Result<Chart> cusum_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                          const CusumOptions& options) {
    if (!(options.h > 0.0) || options.k < 0.0) {
        return fail(ErrorCode::kInvalidArgument, "CUSUM needs h > 0 and k >= 0", "h");
    }
    Base base;
    if (auto st = base_estimates(values, sizes, options.phase, base); !st) return tl::unexpected(st.error());
    Base* b = &base;
    const std::size_t m = b->mean.size();
    Chart chart;
    chart.type = ChartType::kCusum;
    chart.sigma = b->sigma;
    Series upper;
    Series lower;
    upper.values.resize(m);
    lower.values.resize(m);
    upper.limits = {Limits{0.0, 0.0, options.h, 1.0}};
    lower.limits = upper.limits;
    StandardError se{b->sigma};
    double cp = options.fast_initial_response ? options.h / 2.0 : 0.0;
    double cm = cp;
    for (std::size_t i = 0; i < m; ++i) {
        const double z = (b->mean[i] - b->mu0) / se(b->size[i]);
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
