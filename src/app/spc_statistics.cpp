#include "app/spc_statistics.hpp"

#include <fmt/format.h>

#include <cmath>

#include "spc/attributes.hpp"
#include "spc/left_out.hpp"
#include "spc/rules.hpp"
#include "spc/time_weighted.hpp"
#include "spc/variables.hpp"

namespace yandian::app {

namespace {

using store::CharacteristicRecord;
using store::MeasurementRecord;

spc::RuleSet rules_of(const CharacteristicRecord& c) {
    auto rules = spc::parse_rules(c.rules);
    return rules ? *rules : spc::RuleSet::nelson();
}

std::size_t point_size(const CharacteristicRecord& c) {
    return is_attribute_chart(c.chart_type) ? 1 : static_cast<std::size_t>(std::max<std::int64_t>(1, c.subgroup_size));
}

// The records of complete points, split into the values that count, grouped by point.
struct Split {
    std::size_t points = 0;
    std::vector<double> shown;  // per point: the mean of all its values (what a left-out point is plotted at)
    spc::KeptValues kept;
    std::vector<double> sample_sizes;  // attributes: per kept point, the units inspected
};

Split split(const CharacteristicRecord& c, std::span<const MeasurementRecord> records) {
    const std::size_t n = point_size(c);
    Split out;
    out.points = records.size() / n;
    const std::size_t used = out.points * n;
    std::vector<double> values;
    std::vector<bool> keep;
    values.reserve(used);
    keep.reserve(used);
    const bool attributes = is_attribute_chart(c.chart_type);
    for (std::size_t i = 0; i < used; ++i) {
        const MeasurementRecord& m = records[i];
        values.push_back(m.value);
        // An attribute sample needs its size (p, np, u); ingest refuses one without, so this is only a guard.
        const bool sized = !attributes || c.chart_type == "c" || (m.sample_size && *m.sample_size > 0);
        keep.push_back(m.counts() && sized);
    }
    out.shown.resize(out.points);
    for (std::size_t p = 0; p < out.points; ++p) {
        double sum = 0;
        for (std::size_t j = 0; j < n; ++j) sum += values[p * n + j];
        out.shown[p] = sum / static_cast<double>(n);
        // p and u charts plot the count per unit inspected.
        const auto& size = records[p].sample_size;
        if ((c.chart_type == "p" || c.chart_type == "u") && size && *size > 0) out.shown[p] = values[p] / *size;
    }
    const std::vector<std::size_t> sizes(out.points, n);
    const std::size_t min_size = (!attributes && c.chart_type != "imr") ? 2 : 1;  // an Xbar subgroup needs 2
    auto kept = spc::keep_values(values, sizes, keep, min_size);
    if (kept) out.kept = std::move(*kept);
    if (attributes) {
        for (std::size_t p : out.kept.points) {
            const auto& size = records[p].sample_size;
            out.sample_sizes.push_back(c.chart_type == "c" || !size ? 1.0 : *size);
        }
    }
    return out;
}

Result<spc::Chart> kept_chart(const CharacteristicRecord& c, const spc::KeptValues& kept,
                              std::span<const double> sample_sizes, std::optional<double> center,
                              std::optional<double> sigma) {
    if (is_attribute_chart(c.chart_type)) {
        spc::AttributeOptions options;
        options.rules = rules_of(c);
        options.phase.mean = center;
        if (c.chart_type == "p") return spc::p_chart(kept.values, sample_sizes, options);
        if (c.chart_type == "np") return spc::np_chart(kept.values, sample_sizes, options);
        if (c.chart_type == "u") return spc::u_chart(kept.values, sample_sizes, options);
        return spc::c_chart(kept.values, options);
    }
    spc::VariablesOptions options;
    options.rules = rules_of(c);
    options.phase.mean = center;
    options.phase.sigma = sigma;
    if (c.chart_type == "imr") return spc::imr_chart(kept.values, options);
    if (c.chart_type == "xbar-s") return spc::xbar_s_chart(kept.values, kept.sizes, options);
    return spc::xbar_r_chart(kept.values, kept.sizes, options);
}

}  // namespace

bool is_attribute_chart(std::string_view chart_type) {
    return chart_type == "p" || chart_type == "np" || chart_type == "c" || chart_type == "u";
}

std::string left_out_reason(const MeasurementRecord& m) {
    std::string out;
    if (m.attributes != 0) {
        std::string_view meaning;
        switch (m.attributes) {
            case 129:
                meaning = "invalid";
                break;
            case 255:
                meaning = "placeholder";
                break;
            case 256:
                meaning = "delete on import";
                break;
            case 290:
                meaning = "implausible";
                break;
            default:
                meaning = "marked by the source";
        }
        out = fmt::format("K0002 {} ({})", m.attributes, meaning);
    }
    if (m.excluded_reason) {
        if (!out.empty()) out += "; ";
        out += fmt::format("excluded: {}", *m.excluded_reason);
    }
    return out;
}

Result<spc::Chart> marked_chart(const CharacteristicRecord& c, std::span<const MeasurementRecord> records,
                                std::optional<double> center, std::optional<double> sigma) {
    const Split s = split(c, records);
    if (s.kept.points.empty()) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("none of the {} points counts (every value is marked or excluded)", s.points),
                    "measurements");
    }
    auto chart = kept_chart(c, s.kept, s.sample_sizes, center, sigma);
    if (!chart) return tl::unexpected(chart.error());
    return spc::spread_chart(*chart, s.kept.points, s.shown, s.points);
}

Result<spc::Chart> time_weighted_chart(const CharacteristicRecord& c, std::span<const MeasurementRecord> records,
                                       const TimeWeightedRequest& request, std::optional<double> target,
                                       std::optional<double> sigma) {
    if (is_attribute_chart(c.chart_type)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("EWMA and CUSUM charts are for measured values; '{}' is a {} chart", c.code,
                                c.chart_type),
                    "kind");
    }
    if (request.kind != "ewma" && request.kind != "cusum") {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("chart kind must be shewhart, ewma or cusum; got '{}'", request.kind), "kind");
    }
    const Split s = split(c, records);
    if (s.kept.points.empty()) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("none of the {} points counts (every value is marked or excluded)", s.points),
                    "measurements");
    }
    spc::PhaseOptions phase;
    phase.mean = target;
    phase.sigma = sigma;
    Result<spc::Chart> chart = request.kind == "ewma"
                                   ? spc::ewma_chart(s.kept.values, s.kept.sizes,
                                                     spc::EwmaOptions{phase, request.lambda, request.width})
                                   : spc::cusum_chart(s.kept.values, s.kept.sizes,
                                                      spc::CusumOptions{phase, request.k, request.h, false});
    if (!chart) return tl::unexpected(chart.error());
    return spc::spread_chart(*chart, s.kept.points, s.shown, s.points);
}

Result<std::optional<LimitsEstimate>> phase1_limits(const CharacteristicRecord& c,
                                                    std::span<const MeasurementRecord> records) {
    const Split s = split(c, records);
    const auto wanted = static_cast<std::size_t>(c.phase1_subgroups);
    if (s.kept.points.size() < wanted) return std::optional<LimitsEstimate>();
    LimitsEstimate e;
    e.range_points = s.kept.points[wanted - 1] + 1;
    const std::size_t n = point_size(c);
    for (std::size_t i = 0; i < e.range_points * n; ++i) {
        if (!records[i].counts()) ++e.left_out_values;
    }
    if (is_attribute_chart(c.chart_type)) {
        double count = 0;
        double size = 0;
        for (std::size_t p = 0; p < wanted; ++p) {
            count += s.kept.values[p];
            size += s.sample_sizes[p];
        }
        e.center = count / size;
        const bool fraction = c.chart_type == "p" || c.chart_type == "np";
        e.sigma = std::sqrt(fraction ? e.center * (1.0 - e.center) : e.center);
        return std::optional<LimitsEstimate>(e);
    }
    spc::KeptValues base;
    base.sizes.assign(s.kept.sizes.begin(), s.kept.sizes.begin() + static_cast<std::ptrdiff_t>(wanted));
    std::size_t values = 0;
    for (std::size_t k : base.sizes) values += k;
    base.values.assign(s.kept.values.begin(), s.kept.values.begin() + static_cast<std::ptrdiff_t>(values));
    auto chart = kept_chart(c, base, {}, std::nullopt, std::nullopt);
    if (!chart) return tl::unexpected(chart.error());
    e.center = chart->primary.limits_at(0).center;
    e.sigma = chart->sigma;
    return std::optional<LimitsEstimate>(e);
}

JudgedPoints judge_points(const CharacteristicRecord& c, std::span<const MeasurementRecord> records, double center,
                          double sigma) {
    const Split s = split(c, records);
    JudgedPoints out;
    out.values = s.shown;
    out.violations.assign(s.points, 0);
    out.left_out.assign(s.points, true);
    if (s.kept.points.empty()) return out;
    spc::Series series;
    if (is_attribute_chart(c.chart_type)) {
        auto chart = kept_chart(c, s.kept, s.sample_sizes, center, sigma);
        if (!chart) return out;
        series = std::move(chart->primary);
    } else {
        // Built directly (not through the chart functions) so that even a single new point is judged.
        std::size_t at = 0;
        for (std::size_t k : s.kept.sizes) {
            double sum = 0;
            for (std::size_t j = 0; j < k; ++j) sum += s.kept.values[at + j];
            at += k;
            series.values.push_back(sum / static_cast<double>(k));
            const double se = sigma / std::sqrt(static_cast<double>(k));
            series.limits.push_back({center, center - 3 * se, center + 3 * se, se});
        }
        spc::evaluate_rules(series, rules_of(c));
    }
    for (std::size_t k = 0; k < s.kept.points.size() && k < series.size(); ++k) {
        const std::size_t p = s.kept.points[k];
        out.values[p] = series.values[k];
        out.left_out[p] = false;
        if (k < series.violations.size()) out.violations[p] = series.violations[k];
    }
    return out;
}

CapabilityInput capability_input(const CharacteristicRecord& c, std::span<const MeasurementRecord> records) {
    const Split s = split(c, records);
    CapabilityInput out;
    out.values = s.kept.values;
    out.sizes = s.kept.sizes;
    out.left_out = s.kept.left_out_values;
    return out;
}

}  // namespace yandian::app
