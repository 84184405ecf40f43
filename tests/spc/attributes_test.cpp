// p, np, c and u charts against Montgomery's examples as reproduced by qcc 2.7 (orangejuice, circuit).
#include "spc/attributes.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace yandian::spc {
namespace {

// Montgomery, Introduction to SQC, Example 7.1 (orange-juice cans, n = 50; qcc `orangejuice`, trial samples 1-30).
const std::vector<double> kOrangeJuice{12, 15, 8, 10, 4,  7,  16, 9,  14, 10, 5,  6, 17, 12, 22,
                                       8,  10, 5, 13, 11, 20, 18, 24, 15, 9,  12, 7, 13, 9,  6};
// Montgomery Example 7.3 (nonconformities on 26 printed circuit boards; qcc `circuit`, trial units).
const std::vector<double> kCircuit{21, 24, 16, 12, 15, 5,  28, 20, 31, 25, 20, 24, 16,
                                   19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15};

std::vector<std::size_t> flagged(const Chart& c) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < c.primary.size(); ++i) {
        if (c.primary.violations[i] & 1u) out.push_back(i);
    }
    return out;
}

TEST(PChart, OrangeJuiceTrialSamples) {
    // qcc 2.7: center 0.2313333, LCL 0.05242755, UCL 0.4102391; samples 15 and 23 beyond (Montgomery: 0.0524/0.4102).
    const std::vector<double> n(30, 50.0);
    auto c = p_chart(kOrangeJuice, n);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_NEAR(c->primary.limits[0].center, 0.2313333, 5e-8);
    EXPECT_NEAR(c->primary.limits[0].lcl, 0.05242755, 5e-9);
    EXPECT_NEAR(c->primary.limits[0].ucl, 0.4102391, 5e-8);
    EXPECT_EQ(flagged(*c), (std::vector<std::size_t>{14, 22}));
    // Montgomery then excludes samples 15 and 23 and revises: pbar = 0.2150, limits 0.0407 / 0.3893.
    AttributeOptions revised;
    revised.phase.excluded = {14, 22};
    auto r = p_chart(kOrangeJuice, n, revised);
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->primary.limits[0].center, 0.2150, 5e-5);
    EXPECT_NEAR(r->primary.limits[0].lcl, 0.0407, 5e-5);
    EXPECT_NEAR(r->primary.limits[0].ucl, 0.3893, 5e-5);
}

TEST(NpChart, OrangeJuiceIsThePChartTimesN) {
    const std::vector<double> n(30, 50.0);
    auto c = np_chart(kOrangeJuice, n);
    ASSERT_TRUE(c);
    EXPECT_NEAR(c->primary.limits[0].center, 50 * 0.2313333, 5e-6);
    EXPECT_NEAR(c->primary.limits[0].lcl, 50 * 0.05242755, 5e-7);
    EXPECT_NEAR(c->primary.limits[0].ucl, 50 * 0.4102391, 5e-6);
    EXPECT_EQ(flagged(*c), (std::vector<std::size_t>{14, 22}));
}

TEST(CChart, CircuitBoards) {
    // qcc 2.7: center 19.84615, LCL 6.481447, UCL 33.21086; units 6 and 20 beyond.
    auto c = c_chart(kCircuit);
    ASSERT_TRUE(c);
    EXPECT_NEAR(c->primary.limits[0].center, 19.84615, 5e-6);
    EXPECT_NEAR(c->primary.limits[0].lcl, 6.481447, 5e-7);
    EXPECT_NEAR(c->primary.limits[0].ucl, 33.21086, 5e-6);
    EXPECT_EQ(flagged(*c), (std::vector<std::size_t>{5, 19}));
}

TEST(UChart, VaryingSizesGivePerPointLimits) {
    // Independent Python 3 computation (tests/reference/spc_attributes.py): ubar = 153/109 = 1.4036697248;
    // limits ubar +/- 3 sqrt(ubar/n_i):
    // n=10: 0.27970231 / 2.52763714; n=8: 0.14703595 / 2.66030350; n=13: 0.41788509 / 2.38945436.
    const std::vector<double> counts{14, 12, 20, 11, 7, 10, 21, 16, 19, 23};
    const std::vector<double> sizes{10, 8, 13, 10, 10, 10, 12, 11, 12, 13};
    auto c = u_chart(counts, sizes);
    ASSERT_TRUE(c);
    ASSERT_EQ(c->primary.limits.size(), 10u);
    EXPECT_NEAR(c->primary.limits_at(0).center, 1.4036697248, 1e-10);
    EXPECT_NEAR(c->primary.limits_at(0).lcl, 0.27970231, 5e-9);
    EXPECT_NEAR(c->primary.limits_at(0).ucl, 2.52763714, 5e-9);
    EXPECT_NEAR(c->primary.limits_at(1).lcl, 0.14703595, 5e-9);
    EXPECT_NEAR(c->primary.limits_at(1).ucl, 2.66030350, 5e-9);
    EXPECT_NEAR(c->primary.limits_at(2).ucl, 2.38945436, 5e-9);
    EXPECT_NEAR(c->primary.values[1], 1.5, 1e-15);
}

TEST(Attributes, RejectsBadCounts) {
    EXPECT_FALSE(p_chart(std::vector<double>{3}, std::vector<double>{2}));
    EXPECT_FALSE(u_chart(std::vector<double>{3}, std::vector<double>{0}));
    EXPECT_FALSE(c_chart(std::vector<double>{}));
}

}  // namespace
}  // namespace yandian::spc
