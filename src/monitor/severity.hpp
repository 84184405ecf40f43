#pragma once
// Vibration severity zones of ISO 20816-3:2022 (Annex A, r.m.s. velocity 10-1000 Hz, machines above 15 kW,
// 120-30 000 r/min). Zone boundaries in mm/s as reproduced by three concordant secondary sources (the annex itself
// was not read; see docs/monitor/README.md):
//   group 1 (300 kW-50 MW; electric machines with shaft height >= 315 mm): rigid 2.3 / 4.5 / 7.1, flexible 3.5 / 7.1 / 11.0
//   group 2 (15-300 kW; electric machines 160 <= H < 315 mm):             rigid 1.4 / 2.8 / 4.5, flexible 2.3 / 4.5 / 7.1
// Zones: A newly commissioned, B unrestricted long-term operation, C limited period, D damage likely.
#include <string_view>

#include "common/result.hpp"

namespace yandian::monitor {

enum class MachineGroup { kGroup1, kGroup2 };
enum class Mounting { kRigid, kFlexible };

[[nodiscard]] Result<MachineGroup> parse_machine_group(std::string_view text);  // "1" | "2"
[[nodiscard]] Result<Mounting> parse_mounting(std::string_view text);           // "rigid" | "flexible"
std::string_view mounting_name(Mounting m);

struct ZoneLimits {
    double ab = 0;  // A/B boundary, mm/s r.m.s.
    double bc = 0;
    double cd = 0;
};
ZoneLimits zone_limits(MachineGroup group, Mounting mounting);

struct Severity {
    char zone = 'A';
    double velocity_rms_mm_s = 0;
    MachineGroup group = MachineGroup::kGroup2;
    Mounting mounting = Mounting::kRigid;
    ZoneLimits limits;
};
// Zone of an r.m.s. velocity: A below A/B, B below B/C, C below C/D, D at or above C/D.
Severity severity_zone(double velocity_rms_mm_s, MachineGroup group, Mounting mounting);

}  // namespace yandian::monitor
