#include "spc/grr.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/fisher_f.hpp>
#include <cmath>
#include <map>

namespace yandian::spc {
namespace {

std::size_t index_of(std::map<std::string, std::size_t>& ids, const std::string& key) {
    auto [it, inserted] = ids.emplace(key, ids.size());
    return it->second;
}

double f_sf(double f, double d1, double d2) {
    if (!(f > 0.0)) return 1.0;
    return boost::math::cdf(boost::math::complement(boost::math::fisher_f_distribution<double>(d1, d2), f));
}

VarianceComponent component(double variance, double total_variance, double multiplier,
                            const std::optional<double>& tolerance) {
    VarianceComponent c;
    c.variance = variance;
    c.sd = std::sqrt(variance);
    c.contribution = 100.0 * variance / total_variance;
    c.study_var = multiplier * c.sd;
    c.pct_study_var = 100.0 * c.sd / std::sqrt(total_variance);
    if (tolerance) c.pct_tolerance = 100.0 * c.study_var / *tolerance;
    return c;
}

}  // namespace

Result<GaugeRR> gauge_rr(std::span<const std::string> parts, std::span<const std::string> operators,
                         std::span<const double> values, const GrrOptions& options) {
    const std::size_t n = values.size();
    if (n == 0 || parts.size() != n || operators.size() != n) {
        return fail(ErrorCode::kInvalidArgument, "gauge R&R needs part, operator and value for every measurement",
                    "value");
    }
    if (options.tolerance && !(*options.tolerance > 0.0)) {
        return fail(ErrorCode::kInvalidArgument, "LSL must be below USL", "lsl");
    }
    // Ids in order of first appearance.
    std::map<std::string, std::size_t> part_ids;
    std::map<std::string, std::size_t> op_ids;
    std::vector<std::size_t> pi(n);
    std::vector<std::size_t> oi(n);
    for (std::size_t i = 0; i < n; ++i) {
        pi[i] = index_of(part_ids, parts[i]);
        oi[i] = index_of(op_ids, operators[i]);
    }
    const std::size_t p = part_ids.size();
    const std::size_t o = op_ids.size();
    if (p < 2 || o < 2)
        return fail(ErrorCode::kInvalidArgument, "gauge R&R needs at least 2 parts and 2 operators", "part");
    std::vector<std::size_t> count(p * o, 0);
    std::vector<double> cell_sum(p * o, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        ++count[pi[i] * o + oi[i]];
        cell_sum[pi[i] * o + oi[i]] += values[i];
    }
    const std::size_t r = count[0];
    for (const auto& [pname, pk] : part_ids) {
        for (const auto& [oname, ok] : op_ids) {
            const std::size_t c = count[pk * o + ok];
            if (c != r) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("unbalanced study: part '{}' by operator '{}' has {} measurements, expected {}",
                                        pname, oname, c, r),
                            "part");
            }
        }
    }
    if (r < 2)
        return fail(ErrorCode::kInvalidArgument, "gauge R&R needs at least 2 repeats per part and operator", "value");

    const double dp = static_cast<double>(p);
    const double dop = static_cast<double>(o);
    const double dr = static_cast<double>(r);
    double grand = 0.0;
    for (double v : values) grand += v;
    grand /= static_cast<double>(n);
    std::vector<double> part_mean(p, 0.0);
    std::vector<double> op_mean(o, 0.0);
    std::vector<double> cell_mean(p * o);
    for (std::size_t a = 0; a < p; ++a) {
        for (std::size_t b = 0; b < o; ++b) {
            cell_mean[a * o + b] = cell_sum[a * o + b] / dr;
            part_mean[a] += cell_sum[a * o + b];
            op_mean[b] += cell_sum[a * o + b];
        }
    }
    for (auto& m : part_mean) m /= dop * dr;
    for (auto& m : op_mean) m /= dp * dr;
    double ss_p = 0.0;
    double ss_o = 0.0;
    double ss_po = 0.0;
    double ss_e = 0.0;
    for (std::size_t a = 0; a < p; ++a) ss_p += (part_mean[a] - grand) * (part_mean[a] - grand);
    for (std::size_t b = 0; b < o; ++b) ss_o += (op_mean[b] - grand) * (op_mean[b] - grand);
    ss_p *= dop * dr;
    ss_o *= dp * dr;
    for (std::size_t a = 0; a < p; ++a) {
        for (std::size_t b = 0; b < o; ++b) {
            const double e = cell_mean[a * o + b] - part_mean[a] - op_mean[b] + grand;
            ss_po += e * e;
        }
    }
    ss_po *= dr;
    for (std::size_t i = 0; i < n; ++i) {
        const double e = values[i] - cell_mean[pi[i] * o + oi[i]];
        ss_e += e * e;
    }

    GaugeRR g;
    g.parts = p;
    g.operators = o;
    g.replicates = r;
    auto row = [](double df, double ss) { return AnovaRow{df, ss, ss / df, std::nullopt, std::nullopt}; };
    g.part = row(dp - 1.0, ss_p);
    g.op = row(dop - 1.0, ss_o);
    g.interaction = row((dp - 1.0) * (dop - 1.0), ss_po);
    g.error = row(dp * dop * (dr - 1.0), ss_e);
    g.total = row(static_cast<double>(n) - 1.0, ss_p + ss_o + ss_po + ss_e);
    g.total.ms = 0.0;
    g.interaction.f = g.interaction.ms / g.error.ms;
    g.interaction.p = f_sf(*g.interaction.f, g.interaction.df, g.error.df);
    g.part.f = g.part.ms / g.interaction.ms;
    g.part.p = f_sf(*g.part.f, g.part.df, g.interaction.df);
    g.op.f = g.op.ms / g.interaction.ms;
    g.op.p = f_sf(*g.op.f, g.op.df, g.interaction.df);

    double v_rep = 0.0;
    double v_po = 0.0;
    double v_o = 0.0;
    double v_p = 0.0;
    g.interaction_pooled = *g.interaction.p > options.alpha_interaction;
    if (g.interaction_pooled) {
        AnovaRow pooled = row(g.interaction.df + g.error.df, ss_po + ss_e);
        v_rep = pooled.ms;
        v_o = (g.op.ms - pooled.ms) / (dp * dr);
        v_p = (g.part.ms - pooled.ms) / (dop * dr);
        g.pooled_error = pooled;
    } else {
        v_rep = g.error.ms;
        v_po = (g.interaction.ms - g.error.ms) / dr;
        v_o = (g.op.ms - g.interaction.ms) / (dp * dr);
        v_p = (g.part.ms - g.interaction.ms) / (dop * dr);
    }
    v_po = std::max(0.0, v_po);
    v_o = std::max(0.0, v_o);
    v_p = std::max(0.0, v_p);
    const double v_repro = v_o + v_po;
    const double v_grr = v_rep + v_repro;
    const double v_total = v_grr + v_p;
    if (!(v_total > 0.0)) return fail(ErrorCode::kInvalidArgument, "the measurements do not vary", "value");
    const double k = options.study_multiplier;
    g.repeatability = component(v_rep, v_total, k, options.tolerance);
    g.reproducibility = component(v_repro, v_total, k, options.tolerance);
    g.operator_only = component(v_o, v_total, k, options.tolerance);
    g.part_op = component(v_po, v_total, k, options.tolerance);
    g.grr = component(v_grr, v_total, k, options.tolerance);
    g.part_to_part = component(v_p, v_total, k, options.tolerance);
    g.total_var = component(v_total, v_total, k, options.tolerance);
    g.ndc = g.grr.sd > 0.0 ? static_cast<int>(std::floor(1.41 * g.part_to_part.sd / g.grr.sd)) : 0;
    return g;
}

}  // namespace yandian::spc
