#include "monitor/severity.hpp"

#include <string>

namespace yandian::monitor {

Result<MachineGroup> parse_machine_group(std::string_view text) {
    if (text == "1") return MachineGroup::kGroup1;
    if (text == "2") return MachineGroup::kGroup2;
    return fail(ErrorCode::kInvalidArgument,
                "unknown machine group '" + std::string(text) + "' (ISO 20816-3 groups are 1 and 2)", "group");
}

Result<Mounting> parse_mounting(std::string_view text) {
    if (text == "rigid") return Mounting::kRigid;
    if (text == "flexible") return Mounting::kFlexible;
    return fail(ErrorCode::kInvalidArgument, "unknown mounting '" + std::string(text) + "' (rigid or flexible)",
                "mounting");
}

std::string_view mounting_name(Mounting m) { return m == Mounting::kRigid ? "rigid" : "flexible"; }

ZoneLimits zone_limits(MachineGroup group, Mounting mounting) {
    if (group == MachineGroup::kGroup1) {
        return mounting == Mounting::kRigid ? ZoneLimits{2.3, 4.5, 7.1} : ZoneLimits{3.5, 7.1, 11.0};
    }
    return mounting == Mounting::kRigid ? ZoneLimits{1.4, 2.8, 4.5} : ZoneLimits{2.3, 4.5, 7.1};
}

Severity severity_zone(double velocity_rms_mm_s, MachineGroup group, Mounting mounting) {
    Severity s;
    s.velocity_rms_mm_s = velocity_rms_mm_s;
    s.group = group;
    s.mounting = mounting;
    s.limits = zone_limits(group, mounting);
    if (velocity_rms_mm_s < s.limits.ab) {
        s.zone = 'A';
    } else if (velocity_rms_mm_s < s.limits.bc) {
        s.zone = 'B';
    } else if (velocity_rms_mm_s < s.limits.cd) {
        s.zone = 'C';
    } else {
        s.zone = 'D';
    }
    return s;
}

}  // namespace yandian::monitor
