// Points scaling (factor = pdo/ln 2, offset = points0 − factor·ln odds0), the card of a small model computed
// by hand, and reason codes.
#include "credit/scaling.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "credit/logistic.hpp"

namespace yandian::credit {
namespace {

TEST(Scaling, FactorAndOffset) {
    // 600 points at good:bad 19:1, PDO 50 (R scorecard's default, odds0 = 1/19 bad:good):
    // factor = 50/ln 2 = 72.134752, offset = 600 − 72.134752·ln 19 = 387.603624.
    auto c = scale_constants({600, 19, 50, true});
    ASSERT_TRUE(c);
    EXPECT_NEAR(c->factor, 72.13475204444818, 1e-10);
    EXPECT_NEAR(c->offset, 387.60362432782074, 1e-9);
    // Siddiqi, Credit Risk Scorecards: 600 points at 50:1, PDO 20 → factor 28.8539, offset 487.123.
    auto s = scale_constants({600, 50, 20, true});
    ASSERT_TRUE(s);
    EXPECT_NEAR(s->factor, 28.8539, 5e-5);
    EXPECT_NEAR(s->offset, 487.123, 5e-4);
    EXPECT_NEAR(score_of_probability(*s, 1.0 / 51.0), 600.0, 1e-9) << "odds 50:1 score points0";
    EXPECT_NEAR(score_of_probability(*s, 1.0 / 101.0), 620.0, 1e-9) << "doubling the odds adds pdo";
}

TEST(Scaling, RefusesNonPositiveOddsOrPdo) {
    EXPECT_FALSE(scale_constants({600, 0, 50, true}));
    EXPECT_FALSE(scale_constants({600, 19, -5, true}));
    auto e = scale_constants({600, 19, 0, true});
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().field, "pdo");
}

TEST(Scaling, CardOfASmallModelByHand) {
    // logit P(bad) = −1 + 0.5·WoE1 + 2·WoE2; WoE1 ∈ {−1, 1}, WoE2 ∈ {0.25, −0.5}; 600 @ 19:1, PDO 50.
    // Unrounded: base = offset + factor = 459.738376, var 1 points ∓(−0.5·factor) = +36.067376 / −36.067376,
    // var 2 points −0.5·factor / +factor = −36.067376 / +72.134752.
    const std::vector<double> slopes{0.5, 2};
    const std::vector<std::vector<double>> woe{{-1, 1}, {0.25, -0.5}};
    auto exact = make_card({600, 19, 50, false}, -1, slopes, woe);
    ASSERT_TRUE(exact);
    EXPECT_NEAR(exact->base_points, 459.73837637226893, 1e-9);
    EXPECT_NEAR(exact->points[0][0], 36.06737602222409, 1e-9);
    EXPECT_NEAR(exact->points[0][1], -36.06737602222409, 1e-9);
    EXPECT_NEAR(exact->points[1][0], -36.06737602222409, 1e-9);
    EXPECT_NEAR(exact->points[1][1], 72.13475204444818, 1e-9);
    // The unrounded score equals offset + factor·ln(good:bad odds) of the model's probability.
    const std::vector<std::size_t> bins{0, 1};
    const double eta = -1 + 0.5 * -1 + 2 * -0.5;
    EXPECT_NEAR(score_of(*exact, bins), score_of_probability(exact->constants, logistic(eta)), 1e-9);
    // Rounded: each part separately, half away from zero.
    auto rounded = make_card({600, 19, 50, true}, -1, slopes, woe);
    ASSERT_TRUE(rounded);
    EXPECT_EQ(rounded->base_points, 460);
    EXPECT_EQ(rounded->points[0][0], 36);
    EXPECT_EQ(rounded->points[1][1], 72);
    EXPECT_EQ(score_of(*rounded, bins), 460 + 36 + 72);
}

TEST(Scaling, ReasonCodesRankPointsShortOfTheMaximum) {
    Card card;
    card.points = {{36, -36}, {-36, 72}, {10, 10, 0}, {5, -67}};
    // Row in bins (1, 0, 2, 1): shortfalls 72, 108, 10, 72 → characteristic 1, then 0 and 3 (tie, in order), then 2.
    const std::vector<std::size_t> row{1, 0, 2, 1};
    const auto all = reason_codes(card, row, 10);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].characteristic, 1u);
    EXPECT_DOUBLE_EQ(all[0].shortfall, 108);
    EXPECT_EQ(all[1].characteristic, 0u);
    EXPECT_EQ(all[2].characteristic, 3u);
    EXPECT_EQ(all[3].characteristic, 2u);
    EXPECT_EQ(reason_codes(card, row, 2).size(), 2u);
    // A row at the maximum everywhere has no reason.
    const std::vector<std::size_t> best{0, 1, 0, 0};
    EXPECT_TRUE(reason_codes(card, best, 3).empty());
}

}  // namespace
}  // namespace yandian::credit
