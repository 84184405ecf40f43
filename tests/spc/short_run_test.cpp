// Z-MR short-run chart. Reference values by hand from the definitions (Minitab Z-MR: part mean, sigma from the
// moving range within each part's consecutive runs divided by d2(2) = 2/sqrt(pi)).
#include "spc/short_run.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace yandian::spc {
namespace {

TEST(ZmrChart, StandardisesEachPartWithItsOwnMeanAndSigma) {
    // Part A: 10, 12, 11 (runs 0-2) then 13 (run 5): mean 11.5; moving ranges within runs |12-10|, |11-12| -> 1.5.
    // Part B: 50, 54, 52 (runs 3, 4, 6 -> only 3-4 consecutive): mean 52; MR |54-50| = 4.
    const std::vector<double> v{10, 12, 11, 50, 54, 13, 52};
    const std::vector<std::string> p{"A", "A", "A", "B", "B", "A", "B"};
    ShortRunOptions opt;
    auto c = zmr_chart(v, p, opt);
    ASSERT_TRUE(c) << c.error().message;
    const double d2 = 2.0 / std::sqrt(std::numbers::pi);
    const double sa = 1.5 / d2;
    const double sb = 4.0 / d2;
    EXPECT_NEAR(c->primary.values[0], (10 - 11.5) / sa, 1e-9);
    EXPECT_NEAR(c->primary.values[3], (50 - 52.0) / sb, 1e-9);
    EXPECT_NEAR(c->primary.values[5], (13 - 11.5) / sa, 1e-9);
    EXPECT_DOUBLE_EQ(c->primary.limits[0].ucl, 3.0);
    EXPECT_NEAR(c->secondary->limits[0].center, d2, 1e-9);
    // MR UCL of a Z chart: D4(2) d2(2) = 3.267 x 1.128 = 3.686 (Montgomery App. VI constants).
    EXPECT_NEAR(c->secondary->limits[0].ucl, 3.686, 5e-4);
    EXPECT_NEAR(c->secondary->values[2], std::abs(c->primary.values[3] - c->primary.values[2]), 1e-12);
}

TEST(ZmrChart, GivenTargetsAndSigmas) {
    const std::vector<double> v{10.3, 49.0};
    const std::vector<std::string> p{"A", "B"};
    ShortRunOptions opt;
    opt.targets = {{"A", 10.0}, {"B", 50.0}};
    opt.sigmas = {{"A", 0.1}, {"B", 0.5}};
    auto c = zmr_chart(v, p, opt);
    ASSERT_TRUE(c);
    EXPECT_NEAR(c->primary.values[0], 3.0, 1e-9);
    EXPECT_NEAR(c->primary.values[1], -2.0, 1e-9);
    EXPECT_FALSE(zmr_chart(v, p, ShortRunOptions{}));  // one value per part: no sigma to estimate
}

}  // namespace
}  // namespace yandian::spc
