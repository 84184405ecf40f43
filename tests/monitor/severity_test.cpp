// ISO 20816-3:2022 zone boundaries (as reproduced in /work/shared/reference/fault-diagnosis.md section 5.1).
#include <gtest/gtest.h>

#include "monitor/severity.hpp"

namespace yandian::monitor {
namespace {

TEST(Severity, Group2RigidBoundaries) {
    EXPECT_EQ(severity_zone(1.39, MachineGroup::kGroup2, Mounting::kRigid).zone, 'A');
    EXPECT_EQ(severity_zone(1.40, MachineGroup::kGroup2, Mounting::kRigid).zone, 'B');
    EXPECT_EQ(severity_zone(2.80, MachineGroup::kGroup2, Mounting::kRigid).zone, 'C');
    EXPECT_EQ(severity_zone(4.49, MachineGroup::kGroup2, Mounting::kRigid).zone, 'C');
    EXPECT_EQ(severity_zone(4.50, MachineGroup::kGroup2, Mounting::kRigid).zone, 'D');
}

TEST(Severity, TableOfLimits) {
    const ZoneLimits g1r = zone_limits(MachineGroup::kGroup1, Mounting::kRigid);
    EXPECT_DOUBLE_EQ(g1r.ab, 2.3);
    EXPECT_DOUBLE_EQ(g1r.bc, 4.5);
    EXPECT_DOUBLE_EQ(g1r.cd, 7.1);
    const ZoneLimits g1f = zone_limits(MachineGroup::kGroup1, Mounting::kFlexible);
    EXPECT_DOUBLE_EQ(g1f.cd, 11.0);
    const ZoneLimits g2f = zone_limits(MachineGroup::kGroup2, Mounting::kFlexible);
    EXPECT_DOUBLE_EQ(g2f.ab, 2.3);
    EXPECT_DOUBLE_EQ(g2f.bc, 4.5);
    EXPECT_EQ(severity_zone(5.0, MachineGroup::kGroup1, Mounting::kFlexible).zone, 'B');
}

TEST(Severity, ParsersNameBadValues) {
    EXPECT_FALSE(parse_machine_group("3"));
    auto m = parse_mounting("bolted");
    ASSERT_FALSE(m);
    EXPECT_NE(m.error().message.find("bolted"), std::string::npos);
}

}  // namespace
}  // namespace yandian::monitor
