// Alarms over a bearing position's records (monitor/trend.hpp), on hand-computed cases. Zone limits of ISO 20816-3
// group 2 rigid: A/B 1.4, B/C 2.8, C/D 4.5 mm/s (monitor/severity.hpp gives the sources).
#include <gtest/gtest.h>

#include <vector>

#include "monitor/trend.hpp"

namespace yandian::monitor {
namespace {

const ZoneLimits kGroup2Rigid = zone_limits(MachineGroup::kGroup2, Mounting::kRigid);

TrendPoint at(double v, std::optional<FaultKind> fault = std::nullopt) {
    return {v, severity_zone(v, MachineGroup::kGroup2, Mounting::kRigid).zone, fault};
}

TEST(TrendAlarms, ChangeAlarmValueIsBaselinePlusAQuarterOfBcCappedAt125PercentOfBc) {
    // Baseline 0.9: 0.9 + 0.25 x 2.8 = 1.6 (below the cap 1.25 x 2.8 = 3.5).
    EXPECT_DOUBLE_EQ(change_alarm_limit(0.9, kGroup2Rigid), 1.6);
    // Baseline 3.0: 3.0 + 0.7 = 3.7 is above the cap, so 3.5.
    EXPECT_DOUBLE_EQ(change_alarm_limit(3.0, kGroup2Rigid), 3.5);
}

TEST(TrendAlarms, BaselineIsTheMedianOfTheFirstRecords) {
    const std::vector<TrendPoint> h{at(1.0), at(0.8), at(0.9), at(2.0)};
    EXPECT_DOUBLE_EQ(*baseline_velocity(h, {}), 0.9);                // median of 1.0, 0.8, 0.9
    EXPECT_DOUBLE_EQ(*baseline_velocity(h, TrendRules{4}), 0.95);    // (0.9 + 1.0) / 2
    EXPECT_FALSE(baseline_velocity(std::span(h).first(2), {}));      // not enough records yet
}

TEST(TrendAlarms, ChangeAlarmIsRaisedOnceWhenTheValueIsReached) {
    std::vector<TrendPoint> h{at(1.0), at(0.8), at(0.9)};  // baseline 0.9, alarm value 1.6, all zone A
    EXPECT_TRUE(trend_alarms(h, at(1.59), kGroup2Rigid).empty());
    auto a = trend_alarms(h, at(1.6), kGroup2Rigid);  // zone B (1.4 <= 1.6 < 2.8): no zone alarm, a change alarm
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].kind, "change");
    EXPECT_DOUBLE_EQ(a[0].limit, 1.6);
    EXPECT_NE(a[0].message.find("alarm value 1.60 mm/s (baseline 0.90"), std::string::npos) << a[0].message;
    h.push_back(at(1.7));
    EXPECT_TRUE(trend_alarms(h, at(1.8), kGroup2Rigid).empty()) << "still above: no second alarm";
    h.push_back(at(1.2));
    EXPECT_EQ(trend_alarms(h, at(1.65), kGroup2Rigid).size(), 1u) << "back below, then above again";
    // No change alarm before the baseline exists, whatever the value.
    const std::vector<TrendPoint> young{at(0.5)};
    EXPECT_TRUE(trend_alarms(young, at(2.0), kGroup2Rigid).empty());
}

TEST(TrendAlarms, ZoneAlarmOnEnteringCAndOnCToD) {
    const std::vector<TrendPoint> b{at(2.0)};  // zone B
    auto c = trend_alarms(b, at(2.8), kGroup2Rigid);  // 2.8 is the B/C boundary: zone C
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].kind, "zone");
    EXPECT_DOUBLE_EQ(c[0].limit, 2.8);
    const std::vector<TrendPoint> in_c{at(3.0)};
    EXPECT_TRUE(trend_alarms(in_c, at(3.5), kGroup2Rigid).empty()) << "staying in C";
    auto d = trend_alarms(in_c, at(4.5), kGroup2Rigid);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].message.find("entered zone D (boundary 4.5 mm/s)"), std::string::npos) << d[0].message;
    EXPECT_TRUE(trend_alarms(b, at(2.5), kGroup2Rigid).empty()) << "A to B is not an alarm";
    // The first record of an asset may already be in zone C.
    EXPECT_EQ(trend_alarms({}, at(3.0), kGroup2Rigid).size(), 1u);
}

TEST(TrendAlarms, FaultAlarmWhenAFaultAppearsOrChanges) {
    const std::vector<TrendPoint> healthy{at(0.5)};
    auto f = trend_alarms(healthy, at(0.5, FaultKind::kOuterRace), kGroup2Rigid);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].message, "bearing fault found: outer_race");
    const std::vector<TrendPoint> outer{at(0.5, FaultKind::kOuterRace)};
    EXPECT_TRUE(trend_alarms(outer, at(0.6, FaultKind::kOuterRace), kGroup2Rigid).empty());
    auto changed = trend_alarms(outer, at(0.6, FaultKind::kInnerRace), kGroup2Rigid);
    ASSERT_EQ(changed.size(), 1u);
    EXPECT_EQ(changed[0].message, "diagnosis changed from outer_race to inner_race");
    EXPECT_TRUE(trend_alarms(outer, at(0.6), kGroup2Rigid).empty()) << "a fault no longer seen is not an alarm";
}

}  // namespace
}  // namespace yandian::monitor
