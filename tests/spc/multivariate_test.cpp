// Hotelling T2 charts. Reference values from an independent Python 3 computation (standard library only,
// tests/reference/spc_multivariate.py): the
// covariance by its definition, a 2x2 inverse, Beta and F quantiles by bisection on the regularised incomplete beta
// (continued fraction of Numerical Recipes 6.4), alpha = 0.0027, on the piston-ring data of Montgomery Table 6.3.
#include "spc/multivariate.hpp"

#include <gtest/gtest.h>

#include "spc/variables.hpp"
#include "test_data.hpp"

namespace yandian::spc {
namespace {

TEST(HotellingT2, IndividualsPhaseOneBetaAndPhaseTwoFLimits) {
    // Observation g = (first, second value of subgroup g), 40 observations, limits from the first 30:
    // T2[0] = 7.4329255271, T2[5] = 1.1190059055, T2[36] = 4.8239680992;
    // phase I UCL = (m-1)^2/m Beta_{0.9973; 1, 13.5} = 9.9447152102; phase II UCL = 15.7539894211; none beyond.
    const auto data = testing::pistonrings(200);
    std::vector<std::vector<double>> cols(2);
    for (std::size_t g = 0; g < 40; ++g) {
        cols[0].push_back(data.values[g * 5]);
        cols[1].push_back(data.values[g * 5 + 1]);
    }
    const std::vector<std::size_t> ones(40, 1);
    T2Options opt;
    opt.phase1 = 30;
    auto c = hotelling_t2_chart(cols, ones, opt);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_NEAR(c->primary.values[0], 7.4329255271, 1e-8);
    EXPECT_NEAR(c->primary.values[5], 1.1190059055, 1e-8);
    EXPECT_NEAR(c->primary.values[36], 4.8239680992, 1e-8);
    EXPECT_NEAR(c->primary.limits_at(0).ucl, 9.9447152102, 1e-8);
    EXPECT_NEAR(c->primary.limits_at(35).ucl, 15.7539894211, 1e-8);
    for (auto v : c->primary.violations) EXPECT_EQ(v, 0u);
}

TEST(HotellingT2, SubgroupsPhaseOneAndTwoFLimits) {
    // Variables: subgroup g and subgroup g+1 (the 40th pairs with the 1st), n = 5, limits from 25 subgroups:
    // T2[0] = 4.3452681029, T2[38] = 41.2133027737; UCL phase I 12.1839599297, phase II 13.1992899238.
    const auto data = testing::pistonrings(200);
    std::vector<std::vector<double>> cols(2);
    for (std::size_t g = 0; g < 40; ++g) {
        for (std::size_t k = 0; k < 5; ++k) {
            cols[0].push_back(data.values[g * 5 + k]);
            cols[1].push_back(data.values[((g + 1) % 40) * 5 + k]);
        }
    }
    const std::vector<std::size_t> sizes(40, 5);
    T2Options opt;
    opt.phase1 = 25;
    auto c = hotelling_t2_chart(cols, sizes, opt);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_NEAR(c->primary.values[0], 4.3452681029, 1e-8);
    EXPECT_NEAR(c->primary.values[38], 41.2133027737, 1e-7);
    EXPECT_NEAR(c->primary.limits_at(0).ucl, 12.1839599297, 1e-8);
    EXPECT_NEAR(c->primary.limits_at(30).ucl, 13.1992899238, 1e-8);
    EXPECT_EQ(c->primary.violations[38], 1u);
}

TEST(HotellingT2, RejectsSingularCovariance) {
    std::vector<std::vector<double>> cols{{1, 2, 3, 4, 5, 6}, {2, 4, 6, 8, 10, 12}};
    const std::vector<std::size_t> ones(6, 1);
    EXPECT_FALSE(hotelling_t2_chart(cols, ones));
}

}  // namespace
}  // namespace yandian::spc
