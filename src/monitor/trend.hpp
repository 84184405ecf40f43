#pragma once
// Alarms on the records of one monitored bearing position over time (a pure rule over values: the records are
// handed in, oldest first).
//
// Three kinds, each raised on the record where its condition starts (edge-triggered, so a machine that stays in
// zone C raises one alarm, not one per record):
//   zone   - criterion I of ISO 20816-3: the r.m.s. velocity enters zone C (limited period) or D (damage likely),
//            or goes from C to D;
//   change - criterion II: the velocity reaches the ALARM value, the baseline plus 25 % of the B/C boundary, but
//            not above 1.25 x B/C (the usual setting the standard gives; docs/monitor/README.md). The baseline is
//            the median velocity of the first `baseline_records` records; before there are that many, no change
//            alarm;
//   fault  - the diagnosis finds a bearing fault where the record before found none or another one.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "monitor/lines.hpp"
#include "monitor/severity.hpp"

namespace yandian::monitor {

struct TrendPoint {
    double velocity_rms_mm_s = 0;
    char zone = 'A';
    std::optional<FaultKind> fault;
};

struct TrendRules {
    int baseline_records = 3;
};

struct TrendAlarm {
    std::string kind;     // zone | change | fault
    std::string message;  // names the value and the limit it crossed
    double value = 0;     // mm/s for zone and change; the confidence-free fault has 0
    double limit = 0;
};

// ALARM value of criterion II for a baseline velocity (mm/s) under the zone limits.
double change_alarm_limit(double baseline_mm_s, const ZoneLimits& limits);

// Median velocity of the first `rules.baseline_records` points of `history`, when there are that many.
std::optional<double> baseline_velocity(std::span<const TrendPoint> history, const TrendRules& rules);

// The alarms `latest` raises after `history` (the asset's earlier records, oldest first).
std::vector<TrendAlarm> trend_alarms(std::span<const TrendPoint> history, const TrendPoint& latest,
                                     const ZoneLimits& limits, const TrendRules& rules = {});

}  // namespace yandian::monitor
