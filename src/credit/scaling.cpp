#include "credit/scaling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace yandian::credit {

Result<ScaleConstants> scale_constants(const Scaling& s) {
    if (!std::isfinite(s.points0))
        return fail(ErrorCode::kInvalidArgument, "scaling: points0 must be a finite number", "points0");
    if (!(std::isfinite(s.odds0) && s.odds0 > 0)) {
        return fail(ErrorCode::kInvalidArgument, "scaling: odds0 (good:bad odds at points0) must be positive", "odds0");
    }
    if (!(std::isfinite(s.pdo) && s.pdo > 0)) {
        return fail(ErrorCode::kInvalidArgument, "scaling: pdo (points to double the odds) must be positive", "pdo");
    }
    ScaleConstants c;
    c.factor = s.pdo / std::log(2.0);
    c.offset = s.points0 - c.factor * std::log(s.odds0);
    return c;
}

Result<Card> make_card(const Scaling& scaling, double intercept, std::span<const double> slopes,
                       const std::vector<std::vector<double>>& woe) {
    auto c = scale_constants(scaling);
    if (!c) return tl::unexpected(c.error());
    if (slopes.size() != woe.size()) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("scorecard: {} coefficients for {} characteristics", slopes.size(), woe.size()));
    }
    auto finish = [&](double v) { return scaling.round ? std::round(v) : v; };
    Card card;
    card.constants = *c;
    card.base_points = finish(c->offset - c->factor * intercept);
    for (std::size_t j = 0; j < woe.size(); ++j) {
        std::vector<double> pts;
        for (double w : woe[j]) pts.push_back(finish(-c->factor * slopes[j] * w));
        card.points.push_back(std::move(pts));
    }
    return card;
}

double score_of(const Card& card, std::span<const std::size_t> bins) {
    double s = card.base_points;
    for (std::size_t j = 0; j < bins.size() && j < card.points.size(); ++j) s += card.points[j][bins[j]];
    return s;
}

double score_of_probability(const ScaleConstants& c, double p_bad) {
    return c.offset + c.factor * std::log((1 - p_bad) / p_bad);
}

std::vector<Reason> reason_codes(const Card& card, std::span<const std::size_t> bins, std::size_t limit) {
    std::vector<Reason> out;
    for (std::size_t j = 0; j < bins.size() && j < card.points.size(); ++j) {
        const auto& pts = card.points[j];
        if (pts.empty()) continue;
        const double best = *std::max_element(pts.begin(), pts.end());
        const double shortfall = best - pts[bins[j]];
        if (shortfall > 1e-9) out.push_back({j, shortfall});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Reason& a, const Reason& b) { return a.shortfall > b.shortfall; });
    if (out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace yandian::credit
