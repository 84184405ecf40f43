#include "market/series.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace yandian::market {
namespace {

void fill_counts(const LinkMatrix& m, std::uint32_t slot, std::int32_t t, IndexPoint& p) {
    p.period = m.first_period() + t;
    if (t == 0) return;
    const BilateralSums& s = m.sums(slot, t - 1, t);
    p.matched_items = s.matched;
    p.new_items = s.current_only;
    p.vanished_items = s.base_only;
    p.imputed_items = s.imputed;
}

Status check_slot(const LinkMatrix& m, std::uint32_t slot) {
    if (slot >= m.n_slots()) {
        return fail(ErrorCode::kInvalidArgument, "no group slot " + std::to_string(slot), "slot");
    }
    return {};
}

}  // namespace

Result<IndexSeries> chain_series(const LinkMatrix& matrix, std::uint32_t slot, IndexFormula formula, double base) {
    if (auto s = check_slot(matrix, slot); !s) return tl::unexpected(s.error());
    IndexSeries out;
    out.points.resize(static_cast<std::size_t>(matrix.n_periods()));
    double log_level = 0.0;  // ln(I_t / base)
    for (std::int32_t t = 0; t < matrix.n_periods(); ++t) {
        IndexPoint& p = out.points[static_cast<std::size_t>(t)];
        fill_counts(matrix, slot, t, p);
        if (t > 0) {
            const double link = matrix.sums(slot, t - 1, t).log_index(formula);
            if (std::isnan(link)) {
                p.carried_forward = true;
            } else {
                log_level += link;
            }
        }
        p.value = base * std::exp(log_level);
    }
    return out;
}

Result<std::vector<IndexSeries>> chain_series_by_group(const LinkMatrix& matrix, std::size_t grouping,
                                                       IndexFormula formula, double base) {
    if (grouping >= matrix.n_groupings()) {
        return fail(ErrorCode::kInvalidArgument,
                    "no grouping " + std::to_string(grouping) + " (the matrix has " +
                        std::to_string(matrix.n_groupings()) + ")",
                    "grouping");
    }
    std::vector<IndexSeries> out;
    const std::uint32_t groups = matrix.n_groups(grouping);
    out.reserve(groups);
    for (std::uint32_t g = 0; g < groups; ++g) {
        auto s = chain_series(matrix, matrix.slot(grouping, g), formula, base);
        if (!s) return tl::unexpected(s.error());
        out.push_back(std::move(*s));
    }
    return out;
}

double geks_log_index(const LinkMatrix& matrix, std::uint32_t slot, IndexFormula bilateral, std::int32_t window_first,
                      std::int32_t window_len, std::int32_t a, std::int32_t b) {
    double sum = 0.0;
    int terms = 0;
    for (std::int32_t l = window_first; l < window_first + window_len; ++l) {
        const double x = matrix.log_index(slot, a, l, bilateral);
        const double y = matrix.log_index(slot, l, b, bilateral);
        if (std::isnan(x) || std::isnan(y)) continue;
        sum += x + y;
        ++terms;
    }
    return terms == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / terms;
}

Result<IndexSeries> geks_series(const LinkMatrix& matrix, std::uint32_t slot, const GeksOptions& o, double base) {
    if (auto s = check_slot(matrix, slot); !s) return tl::unexpected(s.error());
    if (o.bilateral != IndexFormula::kTornqvist && o.bilateral != IndexFormula::kFisher) {
        return fail(ErrorCode::kInvalidArgument, "GEKS needs a time-reversible bilateral index (Tornqvist or Fisher)",
                    "bilateral");
    }
    if (o.window < 2) return fail(ErrorCode::kInvalidArgument, "GEKS window must be at least 2 periods", "window");
    const std::int32_t periods = matrix.n_periods();
    const std::int32_t w = std::min(o.window, periods);
    if (w - 1 > matrix.max_lag()) {
        return fail(ErrorCode::kInvalidArgument,
                    "GEKS window of " + std::to_string(w) + " periods needs max_lag >= " + std::to_string(w - 1) +
                        " in the link matrix (it has " + std::to_string(matrix.max_lag()) + ")",
                    "window");
    }
    IndexSeries out;
    out.points.resize(static_cast<std::size_t>(periods));
    std::vector<double> log_level(static_cast<std::size_t>(periods), 0.0);  // ln(I_t / base)
    for (std::int32_t t = 0; t < periods; ++t) {
        IndexPoint& p = out.points[static_cast<std::size_t>(t)];
        fill_counts(matrix, slot, t, p);
        if (t == 0) {
            p.value = base;
            continue;
        }
        const auto prev = log_level[static_cast<std::size_t>(t - 1)];
        double level = std::numeric_limits<double>::quiet_NaN();
        if (t < w) {
            const double g = geks_log_index(matrix, slot, o.bilateral, 0, w, 0, t);
            level = g;
        } else {
            const std::int32_t first = t - w + 1;
            auto spliced = [&](std::int32_t k) {
                return log_level[static_cast<std::size_t>(k)] +
                       geks_log_index(matrix, slot, o.bilateral, first, w, k, t);
            };
            switch (o.splice) {
                case Splice::kMovement:
                    level = spliced(t - 1);
                    break;
                case Splice::kWindow:
                    level = spliced(first);
                    break;
                case Splice::kHalf:
                    level = spliced(t - (w - 1) / 2);
                    break;
                case Splice::kMean: {
                    double sum = 0.0;
                    int terms = 0;
                    for (std::int32_t k = first; k < t; ++k) {
                        const double x = spliced(k);
                        if (std::isnan(x)) continue;
                        sum += x;
                        ++terms;
                    }
                    if (terms > 0) level = sum / terms;
                    break;
                }
            }
        }
        if (std::isnan(level)) {
            level = prev;
            p.carried_forward = true;
        }
        log_level[static_cast<std::size_t>(t)] = level;
        p.value = base * std::exp(level);
    }
    return out;
}

}  // namespace yandian::market
