// Johnson transformation: samples built from known Johnson distributions (x = inverse transform of the exact
// normal scores Phi^-1((i - 0.5)/n), n = 2000) must be recognised as their family with the generating parameters
// recovered, and transformed back to normality. The generating parameters are the reference values.
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "spc/nonnormal.hpp"

namespace yandian::spc {
namespace {

std::vector<double> scores(std::size_t n) {
    const boost::math::normal_distribution<double> normal;
    std::vector<double> z(n);
    for (std::size_t i = 0; i < n; ++i) z[i] = boost::math::quantile(normal, (static_cast<double>(i) + 0.5) / n);
    return z;
}

TEST(Johnson, RecoversAnSuDistribution) {
    // SU with gamma = -1, eta = 2, epsilon = 10, lambda = 3: x = eps + lambda sinh((z - gamma)/eta).
    std::vector<double> x;
    for (double z : scores(2000)) x.push_back(10.0 + 3.0 * std::sinh((z + 1.0) / 2.0));
    auto j = johnson_fit(x);
    ASSERT_TRUE(j) << j.error().message;
    EXPECT_EQ(j->family, JohnsonFamily::kSU);
    EXPECT_NEAR(j->gamma, -1.0, 0.02);
    EXPECT_NEAR(j->eta, 2.0, 0.02);
    EXPECT_NEAR(j->epsilon, 10.0, 0.05);
    EXPECT_NEAR(j->lambda, 3.0, 0.05);
    EXPECT_GT(j->ad_p, 0.5);
    EXPECT_NEAR(j->transform(10.0 + 3.0 * std::sinh(0.5)), 0.0, 0.02);  // the median maps to z = 0
}

TEST(Johnson, RecoversAnSbDistribution) {
    // SB with gamma = 0.5, eta = 1.5, epsilon = 2, lambda = 5: x = eps + lambda / (1 + exp(-(z - gamma)/eta)).
    std::vector<double> x;
    for (double z : scores(2000)) x.push_back(2.0 + 5.0 / (1.0 + std::exp(-(z - 0.5) / 1.5)));
    auto j = johnson_fit(x);
    ASSERT_TRUE(j) << j.error().message;
    EXPECT_EQ(j->family, JohnsonFamily::kSB);
    EXPECT_NEAR(j->gamma, 0.5, 0.02);
    EXPECT_NEAR(j->eta, 1.5, 0.02);
    EXPECT_NEAR(j->epsilon, 2.0, 0.05);
    EXPECT_NEAR(j->lambda, 5.0, 0.05);
    EXPECT_GT(j->ad_p, 0.5);
    EXPECT_TRUE(std::isnan(j->transform(1.0)));  // below the lower bound
}

TEST(Johnson, LognormalDataAreMadeNormal) {
    // SL with gamma = 1, eta = 1.2, epsilon = 4: x = eps + exp((z - gamma)/eta). The quantile ratio of such data is
    // 1 only up to sampling noise, so the chosen family may be a near-lognormal SU or SB; the transformed data must
    // be normal and the median must map to 0.
    std::vector<double> x;
    for (double z : scores(2000)) x.push_back(4.0 + std::exp((z - 1.0) / 1.2));
    auto j = johnson_fit(x);
    ASSERT_TRUE(j) << j.error().message;
    EXPECT_GT(j->ad_p, 0.5);
    EXPECT_NEAR(j->transform(4.0 + std::exp(-1.0 / 1.2)), 0.0, 0.02);
}

TEST(Johnson, CapabilityOnTheTransformedScale) {
    // With the SU sample and USL at the generating distribution's 99.865 % point (z = 3), Ppu is close to 1.
    std::vector<double> x;
    for (double z : scores(2000)) x.push_back(10.0 + 3.0 * std::sinh((z + 1.0) / 2.0));
    SpecLimits spec;
    spec.usl = 10.0 + 3.0 * std::sinh((3.0 + 1.0) / 2.0);
    auto c = johnson_capability(x, spec);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_NEAR(*c->capability.ppu, 1.0, 0.02);
    EXPECT_FALSE(johnson_fit(std::vector<double>{1, 2, 3}));
}

}  // namespace
}  // namespace yandian::spc
