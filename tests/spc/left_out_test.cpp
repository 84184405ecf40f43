// Values left out of the evaluation (spc/left_out.hpp): the chart of the kept values, spread back over all points.
// Expected numbers computed by hand from the values in each test.
#include "spc/left_out.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "spc/constants.hpp"
#include "spc/variables.hpp"

namespace yandian::spc {
namespace {

TEST(KeepValues, KeepsSubgroupsWithTheirRemainingValues) {
    const std::vector<double> values = {1, 2, 3, 2, 9, 4, 7, 8, 9};
    const std::vector<std::size_t> sizes = {3, 3, 3};
    const std::vector<bool> keep = {true, true, true, true, false, true, false, false, true};
    auto kept = keep_values(values, sizes, keep);
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->values, (std::vector<double>{1, 2, 3, 2, 4, 9}));
    EXPECT_EQ(kept->sizes, (std::vector<std::size_t>{3, 2, 1}));
    EXPECT_EQ(kept->points, (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_EQ(kept->left_out_values, 3u);
    // An Xbar chart needs 2 values per subgroup: the third subgroup, with 1 left, is left out whole.
    auto xbar = keep_values(values, sizes, keep, 2);
    ASSERT_TRUE(xbar);
    EXPECT_EQ(xbar->points, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(xbar->left_out_values, 4u);
    EXPECT_FALSE(keep_values(values, sizes, std::vector<bool>(8, true))) << "one flag per value";
}

// Individuals 10, 12, [30 left out], 11, 13: the kept chart is that of 10, 12, 11, 13: mean 11.5, moving ranges
// 2, 1, 2 → MRbar 5/3, sigma = (5/3) / d2(2). The left-out point is plotted at 30 without violations, and the
// moving range after it spans 12 → 11.
TEST(SpreadChart, IndividualsWithALeftOutPoint) {
    const std::vector<double> all = {10, 12, 30, 11, 13};
    auto kept = keep_values(all, std::vector<std::size_t>(5, 1), {true, true, false, true, true});
    ASSERT_TRUE(kept);
    auto chart = imr_chart(kept->values);
    ASSERT_TRUE(chart) << chart.error().message;
    const Chart spread = spread_chart(*chart, kept->points, all, all.size());
    const double sigma = (5.0 / 3.0) / constants(2).d2;
    ASSERT_EQ(spread.primary.size(), 5u);
    EXPECT_NEAR(spread.sigma, sigma, 1e-12);
    EXPECT_NEAR(spread.primary.limits_at(2).center, 11.5, 1e-12);
    EXPECT_NEAR(spread.primary.limits_at(2).ucl, 11.5 + 3 * sigma, 1e-12);
    EXPECT_DOUBLE_EQ(spread.primary.values[2], 30.0);
    EXPECT_TRUE(spread.primary.is_left_out(2));
    EXPECT_FALSE(spread.primary.is_left_out(3));
    EXPECT_EQ(spread.primary.violations[2], 0) << "30 is beyond the UCL but not judged";
    const Series& mr = *spread.secondary;
    EXPECT_EQ(mr.first_index, 1u);
    ASSERT_EQ(mr.size(), 4u);
    EXPECT_DOUBLE_EQ(mr.values[0], 2.0);
    EXPECT_TRUE(std::isnan(mr.values[1]));
    EXPECT_TRUE(mr.is_left_out(1));
    EXPECT_DOUBLE_EQ(mr.values[2], 1.0) << "|11 - 12|, across the left-out point";
    EXPECT_DOUBLE_EQ(mr.values[3], 2.0);
}

// Xbar-R with subgroups {1,2,3}, {2,(9),4}, {3,4,5}: the middle keeps {2,4} (n = 2). Rbar/d2 per subgroup:
// sigma = (2/d2(3) + 2/d2(2) + 2/d2(3)) / 3; the middle point's limits are center +/- 3 sigma / sqrt(2).
TEST(SpreadChart, SubgroupsKeepTheirRemainingValuesAndLimitsFollowTheirSize) {
    const std::vector<double> values = {1, 2, 3, 2, 9, 4, 3, 4, 5};
    auto kept = keep_values(values, std::vector<std::size_t>{3, 3, 3},
                            {true, true, true, true, false, true, true, true, true}, 2);
    ASSERT_TRUE(kept);
    auto chart = xbar_r_chart(kept->values, kept->sizes);
    ASSERT_TRUE(chart) << chart.error().message;
    const double sigma = (2 / constants(3).d2 + 2 / constants(2).d2 + 2 / constants(3).d2) / 3;
    EXPECT_NEAR(chart->sigma, sigma, 1e-12);
    const Chart spread = spread_chart(*chart, kept->points, std::vector<double>{2, 5, 4}, 3);
    EXPECT_FALSE(spread.primary.is_left_out(1));
    EXPECT_DOUBLE_EQ(spread.primary.values[1], 3.0) << "mean of 2 and 4";
    const double center = spread.primary.limits_at(1).center;
    EXPECT_NEAR(spread.primary.limits_at(1).ucl, center + 3 * sigma / std::sqrt(2.0), 1e-12);
    EXPECT_NEAR(spread.primary.limits_at(0).ucl, center + 3 * sigma / std::sqrt(3.0), 1e-12);
}

TEST(SpreadChart, LeadingLeftOutPointsAreStillPlotted) {
    const std::vector<double> all = {50, 10, 12, 11};
    auto kept = keep_values(all, std::vector<std::size_t>(4, 1), {false, true, true, true});
    ASSERT_TRUE(kept);
    auto chart = imr_chart(kept->values);
    ASSERT_TRUE(chart);
    const Chart spread = spread_chart(*chart, kept->points, all, all.size());
    ASSERT_EQ(spread.primary.size(), 4u);
    EXPECT_EQ(spread.primary.first_index, 0u);
    EXPECT_TRUE(spread.primary.is_left_out(0));
    EXPECT_DOUBLE_EQ(spread.primary.values[0], 50.0);
    EXPECT_EQ(spread.secondary->first_index, 2u) << "the first moving range is between the first two kept points";
}

}  // namespace
}  // namespace yandian::spc
