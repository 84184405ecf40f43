#include "credit/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "credit/woe.hpp"

namespace yandian::credit {
namespace {

bool same(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

}  // namespace

Result<Discrimination> discrimination(std::span<const double> risk, std::span<const int> is_bad) {
    if (risk.size() != is_bad.size()) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("discrimination: {} values but {} outcomes", risk.size(), is_bad.size()));
    }
    for (double v : risk) {
        if (!std::isfinite(v)) return fail(ErrorCode::kInvalidArgument, "discrimination: a value is not finite");
    }
    const std::size_t n = risk.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return risk[a] < risk[b]; });
    Discrimination d;
    for (int b : is_bad) (b != 0 ? d.bad : d.good) += 1;
    if (d.bad == 0 || d.good == 0) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("discrimination needs goods and bads: {} good, {} bad", d.good, d.bad));
    }
    double bad_rank_sum = 0;
    std::size_t cum_good = 0;
    std::size_t cum_bad = 0;
    std::size_t i = 0;
    while (i < n) {
        // A run of tied values: positions i..j-1 (1-based ranks i+1..j), mid-rank (i+1+j)/2.
        std::size_t j = i + 1;
        while (j < n && same(risk[order[j]], risk[order[j - 1]])) ++j;
        std::size_t run_bad = 0;
        for (std::size_t k = i; k < j; ++k) run_bad += is_bad[order[k]] != 0 ? 1 : 0;
        const double mid = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
        bad_rank_sum += mid * static_cast<double>(run_bad);
        cum_bad += run_bad;
        cum_good += (j - i) - run_bad;
        const double gap = std::abs(static_cast<double>(cum_bad) / static_cast<double>(d.bad) -
                                    static_cast<double>(cum_good) / static_cast<double>(d.good));
        d.ks = std::max(d.ks, gap);
        i = j;
    }
    const double nb = static_cast<double>(d.bad);
    d.auc = (bad_rank_sum - nb * (nb + 1) / 2) / (nb * static_cast<double>(d.good));
    d.gini = 2 * d.auc - 1;
    return d;
}

Result<ScorePsi> score_psi(std::span<const double> expected, std::span<const double> actual, std::size_t bins) {
    if (expected.empty() || actual.empty()) return fail(ErrorCode::kInvalidArgument, "PSI: a score set is empty");
    if (bins < 1) return fail(ErrorCode::kInvalidArgument, "PSI: at least one bin");
    for (auto set : {expected, actual}) {
        for (double v : set) {
            if (!std::isfinite(v)) return fail(ErrorCode::kInvalidArgument, "PSI: a score is not finite");
        }
    }
    const auto [lo, hi] = std::minmax_element(expected.begin(), expected.end());
    ScorePsi out;
    if (*hi > *lo) {
        const double width = (*hi - *lo) / static_cast<double>(bins);
        for (std::size_t k = 1; k < bins; ++k) out.edges.push_back(*lo + width * static_cast<double>(k));
    }
    const std::size_t nb = out.edges.size() + 1;
    out.expected.assign(nb, 0);
    out.actual.assign(nb, 0);
    auto bin = [&](double v) {
        return static_cast<std::size_t>(std::upper_bound(out.edges.begin(), out.edges.end(), v) - out.edges.begin());
    };
    for (double v : expected) ++out.expected[bin(v)];
    for (double v : actual) ++out.actual[bin(v)];
    auto psi = stability_index(out.expected, out.actual);
    if (!psi) return tl::unexpected(psi.error());
    out.psi = *psi;
    return out;
}

}  // namespace yandian::credit
