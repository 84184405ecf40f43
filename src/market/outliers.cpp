#include "market/outliers.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace yandian::market {
namespace {

constexpr double kMadToSigma = 1.4826;
constexpr double kMeanAdToSigma = 1.2533;

double median_in_place(std::vector<double>& v) {
    const std::size_t n = v.size();
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(v.begin(), mid, v.end());
    const double upper = *mid;
    if (n % 2 == 1) return upper;
    const double lower = *std::max_element(v.begin(), mid);
    return 0.5 * (lower + upper);
}

Status check_finite(std::span<const double> x) {
    if (x.empty()) return fail(ErrorCode::kInvalidArgument, "no observations", "x");
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i])) {
            return fail(ErrorCode::kInvalidArgument, "value at position " + std::to_string(i) + " is not finite",
                        "x[" + std::to_string(i) + "]");
        }
    }
    return {};
}

// Rows grouped by item with a counting sort; rows of item i are order[start[i] .. start[i+1]).
Status group_rows(std::span<const std::uint32_t> item, std::span<const std::int64_t> price, std::uint32_t n_items,
                  std::vector<std::uint32_t>& start, std::vector<std::uint32_t>& order) {
    if (item.size() != price.size()) {
        return fail(ErrorCode::kInvalidArgument, "item and price columns differ in length", "unit_price_fen");
    }
    start.assign(static_cast<std::size_t>(n_items) + 1, 0);
    for (std::size_t r = 0; r < item.size(); ++r) {
        if (item[r] >= n_items) {
            return fail(ErrorCode::kInvalidArgument, "row " + std::to_string(r) + ": item out of range",
                        "item[" + std::to_string(r) + "]");
        }
        if (price[r] <= 0) {
            return fail(ErrorCode::kInvalidArgument, "row " + std::to_string(r) + ": price must be positive",
                        "unit_price_fen[" + std::to_string(r) + "]");
        }
        ++start[item[r] + 1];
    }
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    order.resize(item.size());
    std::vector<std::uint32_t> cursor(start.begin(), start.end() - 1);
    for (std::size_t r = 0; r < item.size(); ++r) order[cursor[item[r]]++] = static_cast<std::uint32_t>(r);
    return {};
}

}  // namespace

Result<RobustScale> robust_scale(std::span<const double> x) {
    if (auto s = check_finite(x); !s) return tl::unexpected(s.error());
    std::vector<double> v(x.begin(), x.end());
    RobustScale r;
    r.median = median_in_place(v);
    double sum_abs = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        v[i] = std::fabs(x[i] - r.median);
        sum_abs += v[i];
    }
    r.mad = median_in_place(v);
    r.sigma = r.mad > 0.0 ? kMadToSigma * r.mad : kMeanAdToSigma * sum_abs / static_cast<double>(x.size());
    return r;
}

Result<std::vector<double>> robust_z_scores(std::span<const double> x) {
    auto s = robust_scale(x);
    if (!s) return tl::unexpected(s.error());
    std::vector<double> z(x.size(), 0.0);
    if (s->sigma > 0.0) {
        for (std::size_t i = 0; i < x.size(); ++i) z[i] = (x[i] - s->median) / s->sigma;
    }
    return z;
}

Result<std::vector<PriceOutlier>> flag_price_outliers(std::span<const std::uint32_t> item,
                                                      std::span<const std::int64_t> unit_price_fen,
                                                      std::uint32_t n_items, const OutlierOptions& o) {
    if (!(o.threshold > 0.0)) return fail(ErrorCode::kInvalidArgument, "threshold must be positive", "threshold");
    std::vector<std::uint32_t> start;
    std::vector<std::uint32_t> order;
    if (auto s = group_rows(item, unit_price_fen, n_items, start, order); !s) return tl::unexpected(s.error());
    std::vector<PriceOutlier> out;
    std::vector<double> x;
    for (std::uint32_t i = 0; i < n_items; ++i) {
        const std::uint32_t n = start[i + 1] - start[i];
        if (n < std::max<std::uint32_t>(o.min_observations, 1)) continue;
        x.clear();
        for (std::uint32_t j = start[i]; j < start[i + 1]; ++j) {
            const auto p = static_cast<double>(unit_price_fen[order[j]]);
            x.push_back(o.log_prices ? std::log(p) : p);
        }
        auto z = robust_z_scores(x);
        if (!z) return tl::unexpected(z.error());
        for (std::uint32_t k = 0; k < n; ++k) {
            if (std::fabs((*z)[k]) > o.threshold) out.push_back(PriceOutlier{order[start[i] + k], i, (*z)[k]});
        }
    }
    std::sort(out.begin(), out.end(), [](const PriceOutlier& a, const PriceOutlier& b) { return a.row < b.row; });
    return out;
}

double quantile_type7(std::span<const double> sorted, double p) {
    const double h = static_cast<double>(sorted.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    if (lo + 1 >= sorted.size()) return sorted.back();
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

Result<Dispersion> price_dispersion(std::span<const double> prices) {
    if (auto s = check_finite(prices); !s) return tl::unexpected(s.error());
    if (prices.size() < 2) return fail(ErrorCode::kInvalidArgument, "dispersion needs at least two prices", "x");
    std::vector<double> v(prices.begin(), prices.end());
    std::sort(v.begin(), v.end());
    Dispersion d;
    d.n = v.size();
    double sum = 0.0;
    for (double p : v) sum += p;
    d.mean = sum / static_cast<double>(d.n);
    double ss = 0.0;
    for (double p : v) ss += (p - d.mean) * (p - d.mean);
    d.sd = std::sqrt(ss / static_cast<double>(d.n - 1));
    d.cv = d.mean != 0.0 ? d.sd / d.mean : 0.0;
    d.q1 = quantile_type7(v, 0.25);
    d.median = quantile_type7(v, 0.5);
    d.q3 = quantile_type7(v, 0.75);
    d.iqr_over_median = d.median != 0.0 ? (d.q3 - d.q1) / d.median : 0.0;
    return d;
}

Result<std::vector<ItemDispersion>> dispersion_by_item(std::span<const std::uint32_t> item,
                                                       std::span<const std::int64_t> unit_price_fen,
                                                       std::uint32_t n_items, std::uint32_t min_observations) {
    std::vector<std::uint32_t> start;
    std::vector<std::uint32_t> order;
    if (auto s = group_rows(item, unit_price_fen, n_items, start, order); !s) return tl::unexpected(s.error());
    std::vector<ItemDispersion> out;
    std::vector<double> x;
    for (std::uint32_t i = 0; i < n_items; ++i) {
        const std::uint32_t n = start[i + 1] - start[i];
        if (n < std::max<std::uint32_t>(min_observations, 2)) continue;
        x.clear();
        for (std::uint32_t j = start[i]; j < start[i + 1]; ++j)
            x.push_back(static_cast<double>(unit_price_fen[order[j]]));
        auto d = price_dispersion(x);
        if (!d) return tl::unexpected(d.error());
        out.push_back(ItemDispersion{i, *d});
    }
    return out;
}

}  // namespace yandian::market
