#include "monitor/trend.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace yandian::monitor {

double change_alarm_limit(double baseline_mm_s, const ZoneLimits& limits) {
    return std::min(baseline_mm_s + 0.25 * limits.bc, 1.25 * limits.bc);
}

std::optional<double> baseline_velocity(std::span<const TrendPoint> history, const TrendRules& rules) {
    if (rules.baseline_records <= 0 || history.size() < static_cast<std::size_t>(rules.baseline_records)) {
        return std::nullopt;
    }
    std::vector<double> v;
    for (int i = 0; i < rules.baseline_records; ++i) v.push_back(history[static_cast<std::size_t>(i)].velocity_rms_mm_s);
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<TrendAlarm> trend_alarms(std::span<const TrendPoint> history, const TrendPoint& latest,
                                     const ZoneLimits& limits, const TrendRules& rules) {
    std::vector<TrendAlarm> alarms;
    const TrendPoint* previous = history.empty() ? nullptr : &history.back();
    const char before = previous != nullptr ? previous->zone : 'A';
    if (latest.zone >= 'C' && latest.zone > before) {
        const double boundary = latest.zone == 'D' ? limits.cd : limits.bc;
        alarms.push_back({"zone",
                          fmt::format("velocity {:.2f} mm/s entered zone {} (boundary {:.1f} mm/s)",
                                      latest.velocity_rms_mm_s, latest.zone, boundary),
                          latest.velocity_rms_mm_s, boundary});
    }
    if (auto baseline = baseline_velocity(history, rules)) {
        const double limit = change_alarm_limit(*baseline, limits);
        const bool was_above = previous != nullptr && previous->velocity_rms_mm_s >= limit &&
                               history.size() > static_cast<std::size_t>(rules.baseline_records);
        if (latest.velocity_rms_mm_s >= limit && !was_above) {
            alarms.push_back({"change",
                              fmt::format("velocity {:.2f} mm/s reached the alarm value {:.2f} mm/s (baseline {:.2f} "
                                          "+ 25 % of B/C {:.1f}, at most 1.25 x B/C)",
                                          latest.velocity_rms_mm_s, limit, *baseline, limits.bc),
                              latest.velocity_rms_mm_s, limit});
        }
    }
    if (latest.fault && (previous == nullptr || previous->fault != latest.fault)) {
        alarms.push_back({"fault",
                          previous != nullptr && previous->fault
                              ? fmt::format("diagnosis changed from {} to {}", fault_name(*previous->fault),
                                            fault_name(*latest.fault))
                              : fmt::format("bearing fault found: {}", fault_name(*latest.fault)),
                          0, 0});
    }
    return alarms;
}

}  // namespace yandian::monitor
