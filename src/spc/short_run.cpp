#include "spc/short_run.hpp"

#include <fmt/format.h>

#include <cmath>

#include "spc/constants.hpp"

namespace yandian::spc {

Result<Chart> zmr_chart(std::span<const double> values, std::span<const std::string> parts,
                        const ShortRunOptions& options) {
    const std::size_t n = values.size();
    if (n < 2 || parts.size() != n) {
        return fail(ErrorCode::kInvalidArgument, "a Z-MR chart needs a part and a value for at least 2 rows", "part");
    }
    struct Acc {
        double sum = 0.0;
        std::size_t count = 0;
        double mr_sum = 0.0;
        std::size_t mr_count = 0;
        double mean = 0.0;
        double sigma = 0.0;
    };
    std::map<std::string, Acc> acc;
    for (std::size_t i = 0; i < n; ++i) {
        Acc& a = acc[parts[i]];
        a.sum += values[i];
        ++a.count;
        if (i > 0 && parts[i] == parts[i - 1]) {
            a.mr_sum += std::abs(values[i] - values[i - 1]);
            ++a.mr_count;
        }
    }
    for (auto& [part, a] : acc) {
        const auto t = options.targets.find(part);
        a.mean = t != options.targets.end() ? t->second : a.sum / static_cast<double>(a.count);
        const auto s = options.sigmas.find(part);
        if (s != options.sigmas.end()) {
            a.sigma = s->second;
        } else if (a.mr_count > 0) {
            a.sigma = a.mr_sum / static_cast<double>(a.mr_count) / d2(2);
        }
        if (!(a.sigma > 0.0)) {
            return fail(
                ErrorCode::kInvalidArgument,
                fmt::format("part '{}': no moving range within the part to estimate sigma from; give its sigma", part),
                "part");
        }
    }
    Chart chart;
    chart.type = ChartType::kZmr;
    chart.sigma = 1.0;
    chart.primary.values.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Acc& a = acc[parts[i]];
        chart.primary.values[i] = (values[i] - a.mean) / a.sigma;
    }
    chart.primary.limits = {Limits{0.0, -3.0, 3.0, 1.0}};
    Series mr;
    mr.first_index = 1;
    mr.values.resize(n - 1);
    for (std::size_t i = 1; i < n; ++i)
        mr.values[i - 1] = std::abs(chart.primary.values[i] - chart.primary.values[i - 1]);
    const Constants k = constants(2);
    mr.limits = {Limits{k.d2, std::max(0.0, k.d2 - 3.0 * k.d3), k.d2 + 3.0 * k.d3, k.d3}};
    evaluate_rules(chart.primary, options.rules);
    evaluate_rules(mr, options.rules.empty() ? RuleSet{} : RuleSet::limits_only());
    chart.secondary = std::move(mr);
    return chart;
}

}  // namespace yandian::spc
