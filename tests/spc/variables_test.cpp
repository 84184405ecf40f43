// Xbar-R, Xbar-S and I-MR charts against Montgomery's piston-ring example (Table 6.3) and qcc 2.7's answers.
#include "spc/variables.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "spc/constants.hpp"
#include "test_data.hpp"

namespace yandian::spc {
namespace {

using testing::pistonrings;

TEST(XbarR, PistonRingsPhaseOneMatchesQccAndMontgomery) {
    // qcc 2.7: qcc(pistonrings[1:25,], "xbar"): center 74.001176, limits 73.988048 / 74.014304;
    // R chart center 0.02276. Montgomery Example 6.1 prints xbarbar 74.001, Rbar 0.023, UCL_R 0.049.
    const auto data = pistonrings(125);
    const auto sizes = sizes_from_ids(data.ids);
    ASSERT_EQ(sizes.size(), 25u);
    auto chart = xbar_r_chart(data.values, sizes);
    ASSERT_TRUE(chart) << chart.error().message;
    ASSERT_EQ(chart->primary.limits.size(), 1u);
    const Limits& x = chart->primary.limits[0];
    EXPECT_NEAR(x.center, 74.001176, 5e-7);
    EXPECT_NEAR(x.lcl, 73.988048, 5e-7);
    EXPECT_NEAR(x.ucl, 74.014304, 5e-7);
    ASSERT_TRUE(chart->secondary);
    const Limits& r = chart->secondary->limits[0];
    EXPECT_NEAR(r.center, 0.02276, 1e-12);
    // Montgomery's 0.049 is D4 times the rounded Rbar 0.023 (2.114 x 0.023 = 0.0486).
    EXPECT_NEAR(r.ucl, 0.049, 1e-3);
    EXPECT_NEAR(r.ucl, 0.02276 * constants(5).d4_factor, 1e-12);
    EXPECT_EQ(r.lcl, 0.0);
    EXPECT_NEAR(chart->sigma, 0.02276 / d2(5), 1e-12);
    // Montgomery: the trial subgroups show no sign of an assignable cause.
    for (auto v : chart->primary.violations) EXPECT_EQ(v & 1u, 0u);
}

TEST(XbarR, PistonRingsPhaseTwoFlagsSubgroups37To39And7RunAt40) {
    // qcc 2.7 with newdata = pistonrings[26:40,]: beyond the limits at 37, 38, 39; a run of 7 on one side ends at 40.
    const auto data = pistonrings(200);
    VariablesOptions opt;
    opt.phase.phase1 = 25;
    opt.rules = *parse_rules("1,2:7");
    auto chart = xbar_r_chart(data.values, sizes_from_ids(data.ids), opt);
    ASSERT_TRUE(chart) << chart.error().message;
    EXPECT_NEAR(chart->primary.limits[0].ucl, 74.014304, 5e-7);
    std::vector<std::size_t> beyond;
    std::vector<std::size_t> run;
    for (std::size_t i = 25; i < 40; ++i) {
        if (chart->primary.violations[i] & 1u) beyond.push_back(i);
        if (chart->primary.violations[i] & 2u) run.push_back(i);
    }
    EXPECT_EQ(beyond, (std::vector<std::size_t>{36, 37, 38}));
    EXPECT_EQ(run, (std::vector<std::size_t>{39}));
}

TEST(XbarS, PistonRingsMatchesQcc) {
    // qcc 2.7: Sbar = 0.0092400, S chart UCL 0.019302; Xbar limits xbarbar +/- A3 Sbar.
    const auto data = pistonrings(125);
    auto chart = xbar_s_chart(data.values, sizes_from_ids(data.ids));
    ASSERT_TRUE(chart) << chart.error().message;
    const Limits& s = chart->secondary->limits[0];
    EXPECT_NEAR(s.center, 0.0092400, 5e-8);
    EXPECT_NEAR(s.ucl, 0.019302, 5e-7);
    EXPECT_EQ(s.lcl, 0.0);
    const Limits& x = chart->primary.limits[0];
    EXPECT_NEAR(x.ucl - x.center, constants(5).a3 * s.center, 1e-12);
    EXPECT_NEAR(x.center, 74.001176, 5e-7);
}

TEST(XbarS, PooledSigma) {
    // Independent Python 3 computation (tests/reference/spc_variables.py; statistics.stdev per subgroup, c4 by
    // math.lgamma):
    // pooled sd = 0.0098628596, c4(101) = 0.9975031640, sigma = 0.0098875472.
    const auto data = pistonrings(125);
    VariablesOptions opt;
    opt.sigma = SigmaMethod::kPooled;
    auto chart = xbar_s_chart(data.values, sizes_from_ids(data.ids), opt);
    ASSERT_TRUE(chart);
    EXPECT_NEAR(chart->sigma, 0.0098875472, 1e-10);
}

TEST(XbarR, UnequalSubgroupSizesGivePerPointLimits) {
    // Trial subgroups with subgroup 2 cut to 4 values, 5 to 3 values, 7 without its first value. Independent
    // Python 3 computation (tests/reference/spc_variables.py) of sigma = mean(R_i / d2(n_i)) and the per-subgroup
    // limits:
    // grand mean 74.0011983471, sigma 0.0099509436; subgroup 2 (n=4): Xbar 73.9862719317 / 74.0161247625,
    // R center 0.0204865126, UCL 0.0467512781; subgroup 5 (n=3): Xbar 73.9839628072 / 74.0184338870,
    // R center 0.0168426562, UCL 0.0433629560. Xbar-S: sigma = mean(S_i / c4(n_i)) = 0.0098853994,
    // subgroup 5: S center 0.0087607071, UCL 0.0224989816.
    auto data = pistonrings(125);
    std::vector<double> v;
    std::vector<std::size_t> sizes;
    for (std::size_t g = 0; g < 25; ++g) {
        std::size_t from = g * 5;
        std::size_t to = g * 5 + 5;
        if (g == 1) to = from + 4;
        if (g == 4) to = from + 3;
        if (g == 6) from += 1;
        for (std::size_t i = from; i < to; ++i) v.push_back(data.values[i]);
        sizes.push_back(to - from);
    }
    auto chart = xbar_r_chart(v, sizes);
    ASSERT_TRUE(chart) << chart.error().message;
    ASSERT_EQ(chart->primary.limits.size(), 25u);
    EXPECT_NEAR(chart->sigma, 0.0099509436, 1e-10);
    EXPECT_NEAR(chart->primary.limits_at(1).center, 74.0011983471, 1e-10);
    EXPECT_NEAR(chart->primary.limits_at(1).lcl, 73.9862719317, 1e-9);
    EXPECT_NEAR(chart->primary.limits_at(1).ucl, 74.0161247625, 1e-9);
    EXPECT_NEAR(chart->secondary->limits_at(1).center, 0.0204865126, 1e-9);
    EXPECT_NEAR(chart->secondary->limits_at(1).ucl, 0.0467512781, 1e-9);
    EXPECT_NEAR(chart->primary.limits_at(4).lcl, 73.9839628072, 1e-9);
    EXPECT_NEAR(chart->primary.limits_at(4).ucl, 74.0184338870, 1e-9);
    EXPECT_NEAR(chart->secondary->limits_at(4).center, 0.0168426562, 1e-9);
    EXPECT_NEAR(chart->secondary->limits_at(4).ucl, 0.0433629560, 1e-9);
    auto s_chart = xbar_s_chart(v, sizes);
    ASSERT_TRUE(s_chart);
    EXPECT_NEAR(s_chart->sigma, 0.0098853994, 1e-10);
    EXPECT_NEAR(s_chart->secondary->limits_at(4).center, 0.0087607071, 1e-10);
    EXPECT_NEAR(s_chart->secondary->limits_at(4).ucl, 0.0224989816, 1e-10);
}

TEST(XbarR, ExclusionsAndGivenStandards) {
    const auto data = pistonrings(125);
    const auto sizes = sizes_from_ids(data.ids);
    VariablesOptions given;
    given.phase.mean = 74.0;
    given.phase.sigma = 0.01;
    auto chart = xbar_r_chart(data.values, sizes, given);
    ASSERT_TRUE(chart);
    EXPECT_DOUBLE_EQ(chart->primary.limits[0].center, 74.0);
    EXPECT_NEAR(chart->primary.limits[0].ucl, 74.0 + 3 * 0.01 / std::sqrt(5.0), 1e-12);
    EXPECT_NEAR(chart->secondary->limits[0].center, d2(5) * 0.01, 1e-12);
    // Excluding subgroups removes them from xbarbar and Rbar: exclude all but the first two.
    VariablesOptions ex;
    for (std::size_t i = 2; i < 25; ++i) ex.phase.excluded.push_back(i);
    auto two = xbar_r_chart(data.values, sizes, ex);
    ASSERT_TRUE(two);
    // Subgroup 1: mean 74.0102, range 0.038; subgroup 2: mean 74.0006, range 0.019 (Table 6.3 by hand).
    EXPECT_NEAR(two->primary.limits[0].center, (74.0102 + 74.0006) / 2, 1e-9);
    EXPECT_NEAR(two->secondary->limits[0].center, (0.038 + 0.019) / 2, 1e-9);
    EXPECT_EQ(two->primary.size(), 25u);
}

TEST(XbarR, RejectsSubgroupsOfOne) {
    std::vector<double> v{1, 2, 3, 4, 5};
    std::vector<std::size_t> sizes{2, 1, 2};
    auto chart = xbar_r_chart(v, sizes);
    ASSERT_FALSE(chart);
    EXPECT_NE(chart.error().message.find("subgroup 2"), std::string::npos) << chart.error().message;
    EXPECT_FALSE(fixed_sizes(7, 5));
    EXPECT_EQ(*fixed_sizes(10, 5), (std::vector<std::size_t>{5, 5}));
}

TEST(IMR, MovingRangeSigmaAndLimits) {
    // The 25 trial subgroup means of Table 6.3 as individual values. Independent Python 3 computation
    // (tests/reference/spc_variables.py):
    // mean 74.001176, MRbar 0.0063166667, sigma = MRbar/d2(2) = 0.0055980001, limits 73.9843819998 / 74.0179700002,
    // MR UCL = (1 + 3 d3(2)/d2(2)) MRbar with d3(2) = sqrt(2 - 4/pi): 0.0206335933 (Montgomery: 3.267 MRbar); median MR
    // 0.0068, sigma 0.0071288350.
    const auto data = pistonrings(125);
    auto st = subgroup_stats(data.values, sizes_from_ids(data.ids));
    ASSERT_TRUE(st);
    auto chart = imr_chart(st->mean);
    ASSERT_TRUE(chart) << chart.error().message;
    EXPECT_NEAR(chart->primary.limits[0].center, 74.001176, 1e-9);
    EXPECT_NEAR(chart->sigma, 0.0055980001, 1e-10);
    EXPECT_NEAR(chart->primary.limits[0].lcl, 73.9843819998, 1e-9);
    EXPECT_NEAR(chart->primary.limits[0].ucl, 74.0179700002, 1e-9);
    ASSERT_EQ(chart->secondary->size(), 24u);
    EXPECT_EQ(chart->secondary->first_index, 1u);
    EXPECT_NEAR(chart->secondary->limits[0].center, 0.0063166667, 1e-10);
    EXPECT_NEAR(chart->secondary->limits[0].ucl, 0.0206335933, 1e-10);
    EXPECT_NEAR(chart->secondary->limits[0].ucl / chart->secondary->limits[0].center, 3.267, 5e-4);
    VariablesOptions med;
    med.sigma = SigmaMethod::kMedianMovingRange;
    auto m = imr_chart(st->mean, med);
    ASSERT_TRUE(m);
    EXPECT_NEAR(m->sigma, 0.0071288350, 1e-10);
}

}  // namespace
}  // namespace yandian::spc
