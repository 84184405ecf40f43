#pragma once
// Points scaling of a WoE logistic model into a scorecard, and reason codes.
//
// The model is logit P(bad) = β0 + Σ βj·WoEj (WoE = ln(%bad/%good), see woe.hpp). The score is linear in the
// log of the good:bad odds: score = offset + factor·ln(good:bad odds), with
//     factor = pdo / ln 2,    offset = points0 − factor·ln(odds0),
// so the score is points0 at good:bad odds odds0 and doubling the odds adds pdo points. Because
// ln(good:bad odds) = −(β0 + Σ βj·WoEj):
//     base points = offset − factor·β0,    points of bin k of characteristic j = −factor·βj·WoEjk,
// and a row's score is the base plus the points of its bins. With `round`, the base and every bin's points are
// rounded to integers (half away from zero) separately, so the score is their integer sum (as R `scorecard` does).
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::credit {

struct Scaling {
    double points0 = 600;  // score at odds0
    double odds0 = 19;     // good:bad odds at points0
    double pdo = 50;       // points to double the odds
    bool round = true;     // integer points per bin
};

struct ScaleConstants {
    double factor = 0;
    double offset = 0;
};

// Fails unless points0 is finite and odds0 and pdo are positive finite numbers.
[[nodiscard]] Result<ScaleConstants> scale_constants(const Scaling& scaling);

struct Card {
    ScaleConstants constants;
    double base_points = 0;
    std::vector<std::vector<double>> points;  // [characteristic][bin]
};

// `woe[j][k]` is the WoE of bin k of characteristic j, `slopes[j]` its coefficient βj.
[[nodiscard]] Result<Card> make_card(const Scaling& scaling, double intercept, std::span<const double> slopes,
                                     const std::vector<std::vector<double>>& woe);

// A row's score from the bin of each characteristic (`bins[j]` indexes card.points[j]).
[[nodiscard]] double score_of(const Card& card, std::span<const std::size_t> bins);

// The score a probability of bad maps to on the unrounded scale: offset + factor·ln((1−p)/p).
[[nodiscard]] double score_of_probability(const ScaleConstants& constants, double p_bad);

struct Reason {
    std::size_t characteristic = 0;  // index into card.points
    double shortfall = 0;            // maximum points of the characteristic − points the row got
};

// Reason codes: the characteristics ranked by the points the row fell short of their maximum, largest first
// (ties in characteristic order); only those with a positive shortfall; at most `limit`.
[[nodiscard]] std::vector<Reason> reason_codes(const Card& card, std::span<const std::size_t> bins, std::size_t limit);

}  // namespace yandian::credit
