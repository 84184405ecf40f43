// The EWMA and CUSUM views of a characteristic's stored values (app/spc_statistics.hpp: time_weighted_chart), on
// values small enough to work by hand from the definitions (Montgomery, Introduction to Statistical Quality
// Control, 6th ed., section 9.1.2 tabular CUSUM and 9.2.1 EWMA):
//   EWMA  z_i = lambda x_i + (1 - lambda) z_{i-1}, z_0 = target;
//         UCL_i = target + L sigma sqrt(lambda / (2 - lambda) (1 - (1 - lambda)^(2i)))
//   CUSUM z_i = (x_i - target) / sigma; C+_i = max(0, z_i - k + C+_{i-1}); C-_i = max(0, -k - z_i + C-_{i-1})
// Target 10, sigma 0.5, lambda 0.2, L 3, k 0.5, h 4. Every expected number is worked out in the comments.
#include <gtest/gtest.h>

#include <vector>

#include "app/spc_statistics.hpp"

namespace yandian::app {
namespace {

store::CharacteristicRecord individuals() {
    store::CharacteristicRecord c;
    c.id = 1;
    c.code = "f1-z1";
    c.chart_type = "imr";
    c.subgroup_size = 1;
    return c;
}

std::vector<store::MeasurementRecord> stored(std::initializer_list<double> values) {
    std::vector<store::MeasurementRecord> out;
    std::int64_t seq = 0;
    for (double v : values) {
        store::MeasurementRecord m;
        m.seq = seq;
        m.time_ms = 1000 * seq;
        m.value = v;
        out.push_back(m);
        ++seq;
    }
    return out;
}

TEST(SpcTimeWeighted, EwmaAgainstTheTargetWithTimeVaryingLimits) {
    const auto records = stored({10.0, 10.5, 9.8});
    auto chart = time_weighted_chart(individuals(), records, TimeWeightedRequest{"ewma", 0.2, 3.0}, 10.0, 0.5);
    ASSERT_TRUE(chart) << chart.error().message;
    const auto& s = chart->primary;
    ASSERT_EQ(s.size(), 3u);
    EXPECT_NEAR(s.values[0], 10.0, 1e-12);  // 0.2 x 10.0 + 0.8 x 10
    EXPECT_NEAR(s.values[1], 10.1, 1e-12);  // 0.2 x 10.5 + 0.8 x 10.0
    EXPECT_NEAR(s.values[2], 10.04, 1e-12);  // 0.2 x 9.8 + 0.8 x 10.1
    // i = 1: sqrt(0.2/1.8 x (1 - 0.64)) = sqrt(0.04) = 0.2, x 1.5 = 0.3
    EXPECT_NEAR(s.limits_at(0).ucl, 10.3, 1e-12);
    EXPECT_NEAR(s.limits_at(0).lcl, 9.7, 1e-12);
    // i = 2: sqrt(0.2/1.8 x (1 - 0.4096)) = sqrt(0.0656) = 0.2561250, x 1.5 = 0.3841875
    EXPECT_NEAR(s.limits_at(1).ucl, 10.3841875, 1e-6);
    // i = 3: sqrt(0.2/1.8 x (1 - 0.262144)) = sqrt(0.0819840) = 0.2863285, x 1.5 = 0.4294927
    EXPECT_NEAR(s.limits_at(2).ucl, 10.4294927, 1e-6);
    EXPECT_NEAR(s.limits_at(2).center, 10.0, 1e-12);
}

TEST(SpcTimeWeighted, CusumSignalsASustainedDropBelowTheTarget) {
    // z = 0, +1, -0.4, -3, -3.
    const auto records = stored({10.0, 10.5, 9.8, 8.5, 8.5});
    auto chart = time_weighted_chart(individuals(), records, TimeWeightedRequest{"cusum", 0.2, 3.0, 0.5, 4.0}, 10.0,
                                     0.5);
    ASSERT_TRUE(chart) << chart.error().message;
    const auto& upper = chart->primary;
    ASSERT_EQ(upper.size(), 5u);
    // C+: max(0, 0 - 0.5) = 0; max(0, 1 - 0.5 + 0) = 0.5; max(0, -0.4 - 0.5 + 0.5) = 0; 0; 0
    EXPECT_NEAR(upper.values[0], 0.0, 1e-12);
    EXPECT_NEAR(upper.values[1], 0.5, 1e-12);
    EXPECT_NEAR(upper.values[2], 0.0, 1e-12);
    ASSERT_TRUE(chart->secondary);
    const auto& lower = *chart->secondary;
    // C-: 0; 0; max(0, -0.5 + 0.4) = 0; max(0, -0.5 + 3) = 2.5; 2.5 + 2.5 = 5.0 > h = 4: a signal on the last point
    EXPECT_NEAR(lower.values[3], 2.5, 1e-12);
    EXPECT_NEAR(lower.values[4], 5.0, 1e-12);
    EXPECT_NEAR(lower.limits_at(4).ucl, 4.0, 1e-12);
    EXPECT_EQ(lower.violations[3], 0u);
    EXPECT_NE(lower.violations[4], 0u);
}

TEST(SpcTimeWeighted, LeftOutValuesArePlottedNotEvaluatedAndAttributesAreRefused) {
    auto records = stored({10.0, 10.5, 13.0, 9.8});
    records[2].excluded_reason = "thermocouple fault";
    auto chart = time_weighted_chart(individuals(), records, TimeWeightedRequest{"ewma"}, 10.0, 0.5);
    ASSERT_TRUE(chart) << chart.error().message;
    ASSERT_EQ(chart->primary.size(), 4u);
    EXPECT_TRUE(chart->primary.is_left_out(2));
    // The EWMA skips the left-out value: 0.2 x 9.8 + 0.8 x 10.1 = 10.04, as without it.
    EXPECT_NEAR(chart->primary.values[3], 10.04, 1e-12);

    auto c = individuals();
    c.chart_type = "p";
    auto refused = time_weighted_chart(c, records, TimeWeightedRequest{"ewma"}, 10.0, 0.5);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    auto unknown = time_weighted_chart(individuals(), records, TimeWeightedRequest{"ma"}, 10.0, 0.5);
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("shewhart, ewma or cusum"), std::string::npos);
}

}  // namespace
}  // namespace yandian::app
