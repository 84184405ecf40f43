// Tabular CUSUM and EWMA against Montgomery, Introduction to SQC, Examples 9.1 and 9.2 (Table 9.1 data:
// 30 observations, mu0 = 10, sigma = 1; the same data are printed in the IMSL C# EWMA example).
#include "spc/time_weighted.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace yandian::spc {
namespace {

const std::vector<double> kTable91{9.45,  7.99,  9.29,  11.66, 12.16, 10.18, 8.04,  11.46, 9.20,  10.34,
                                   9.03,  11.47, 10.51, 9.40,  10.08, 9.37,  10.62, 10.31, 8.52,  10.84,
                                   10.90, 9.33,  12.29, 11.50, 10.60, 11.08, 10.38, 11.62, 11.31, 10.52};

TEST(Cusum, MontgomeryExample91) {
    // k = 0.5, h = 5: Montgomery Table 9.2 prints C+_1..: 0, 0, 0, 1.16, 2.82, 2.50, 0.04, 1.00, ... C+_29 = 5.28,
    // C+_30 = 5.30 (first signal at period 29); C-_2 = 1.56, C-_3 = 1.77, C-_7 = 1.46.
    CusumOptions opt;
    opt.phase.mean = 10.0;
    opt.phase.sigma = 1.0;
    opt.k = 0.5;
    opt.h = 5.0;
    const std::vector<std::size_t> ones(kTable91.size(), 1);
    auto c = cusum_chart(kTable91, ones, opt);
    ASSERT_TRUE(c) << c.error().message;
    const auto& up = c->primary.values;
    const auto& lo = c->secondary->values;
    EXPECT_NEAR(up[3], 1.16, 5e-3);
    EXPECT_NEAR(up[4], 2.82, 5e-3);
    EXPECT_NEAR(up[5], 2.50, 5e-3);
    EXPECT_NEAR(up[6], 0.04, 5e-3);
    EXPECT_NEAR(up[28], 5.28, 5e-3);
    EXPECT_NEAR(up[29], 5.30, 5e-3);
    EXPECT_NEAR(lo[1], 1.56, 5e-3);
    EXPECT_NEAR(lo[2], 1.77, 5e-3);
    EXPECT_NEAR(lo[6], 1.46, 5e-3);
    for (std::size_t i = 0; i < 30; ++i) {
        EXPECT_EQ((c->primary.violations[i] & 1u) != 0, i >= 28) << i;
        EXPECT_EQ(c->secondary->violations[i], 0u);
    }
}

TEST(Ewma, MontgomeryExample92ExactLimits) {
    // lambda = 0.1, L = 2.7: z_1 = 9.945, z_2 = 9.7495; limits at period 1: 9.73 / 10.27; asymptotic +/- 0.6194.
    // Independent Python 3 computation of the same recursion (tests/reference/spc_time_weighted.py):
    // z_28 = 10.573137, UCL_28 = 10.618574,
    // z_29 = 10.646823 > UCL_29 = 10.618735: the first signal is at period 29 (as Montgomery reports).
    EwmaOptions opt;
    opt.phase.mean = 10.0;
    opt.phase.sigma = 1.0;
    opt.lambda = 0.1;
    opt.width = 2.7;
    const std::vector<std::size_t> ones(kTable91.size(), 1);
    auto c = ewma_chart(kTable91, ones, opt);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_NEAR(c->primary.values[0], 9.945, 1e-12);
    EXPECT_NEAR(c->primary.values[1], 9.7495, 1e-12);
    EXPECT_NEAR(c->primary.limits_at(0).lcl, 9.73, 1e-12);
    EXPECT_NEAR(c->primary.limits_at(0).ucl, 10.27, 1e-12);
    EXPECT_NEAR(c->primary.values[27], 10.573137, 5e-7);
    EXPECT_NEAR(c->primary.limits_at(27).ucl, 10.618574, 5e-7);
    EXPECT_NEAR(c->primary.values[28], 10.646823, 5e-7);
    EXPECT_NEAR(c->primary.limits_at(28).ucl, 10.618735, 5e-7);
    EXPECT_NEAR(10.0 + 2.7 * std::sqrt(0.1 / 1.9), 10.6194, 5e-5);
    for (std::size_t i = 0; i < 30; ++i) EXPECT_EQ((c->primary.violations[i] & 1u) != 0, i >= 28) << i;
}

TEST(Ewma, SettledLimitsAreStoredOnceAndEqualTheAsymptote) {
    // lambda = 0.5: (1 - lambda)^(2i) = 0.25^i falls below 1e-17 at i = 29; later points share the asymptotic
    // limits mu0 +/- L sigma sqrt(lambda / (2 - lambda)) = 10 +/- 3 / sqrt(3), and z keeps following the recursion.
    std::vector<double> v;
    for (int i = 0; i < 120; ++i) v.push_back(kTable91[static_cast<std::size_t>(i) % kTable91.size()]);
    EwmaOptions opt;
    opt.phase.mean = 10.0;
    opt.phase.sigma = 1.0;
    opt.lambda = 0.5;
    const std::vector<std::size_t> ones(v.size(), 1);
    auto c = ewma_chart(v, ones, opt);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_LT(c->primary.limits.size(), 40u);
    EXPECT_NEAR(c->primary.limits_at(119).ucl, 10.0 + 3.0 / std::sqrt(3.0), 1e-12);
    EXPECT_NEAR(c->primary.limits_at(0).ucl, 10.0 + 3.0 * 0.5, 1e-12);  // i = 1: L sigma lambda
    double z = 10.0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        z = 0.5 * v[i] + 0.5 * z;
        ASSERT_NEAR(c->primary.values[i], z, 1e-12) << i;
    }
}

TEST(Ewma, RejectsBadLambda) {
    EwmaOptions opt;
    opt.lambda = 0.0;
    const std::vector<std::size_t> ones(kTable91.size(), 1);
    EXPECT_FALSE(ewma_chart(kTable91, ones, opt));
}

}  // namespace
}  // namespace yandian::spc
