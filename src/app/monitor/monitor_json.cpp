#include "app/monitor/monitor_json.hpp"

#include "monitor/severity.hpp"

namespace yandian::app::monitoring {

namespace {

// The ISO 20816-3 boundaries of the asset's class (monitor/severity.hpp), for drawing its trend.
nlohmann::json zone_limits_json(const store::AssetRecord& a) {
    auto group = monitor::parse_machine_group(a.machine_group);
    auto mounting = monitor::parse_mounting(a.mounting);
    if (!group || !mounting) return nullptr;
    const auto l = monitor::zone_limits(*group, *mounting);
    return {{"A/B", l.ab}, {"B/C", l.bc}, {"C/D", l.cd}};
}

}  // namespace

nlohmann::json asset_json(const store::AssetRecord& a) {
    return {{"id", a.id},
            {"name", a.name},
            {"machine", a.machine},
            {"position", a.position},
            {"bearing", a.bearing},
            {"machine_group", a.machine_group},
            {"mounting", a.mounting},
            {"nominal_rpm", a.nominal_rpm ? nlohmann::json(*a.nominal_rpm) : nlohmann::json(nullptr)},
            {"created_at", a.created_at},
            {"created_by", a.created_by},
            {"zone_limits_mm_s", zone_limits_json(a)}};
}

nlohmann::json record_json(const store::MonitorRecordRow& r, bool with_diagnosis) {
    nlohmann::json j = {{"id", r.id},
                        {"asset_id", r.asset_id},
                        {"measured_at", r.measured_at},
                        {"received_at", r.received_at},
                        {"received_by", r.received_by},
                        {"sha256", r.sha256},
                        {"name", r.label},
                        {"format", r.format},
                        {"channel", r.channel},
                        {"fs", r.fs},
                        {"rpm", r.rpm},
                        {"rpm_source", r.rpm_source},
                        {"unit", r.unit},
                        {"samples", r.samples},
                        {"rms", r.rms},
                        {"peak", r.peak},
                        {"crest_factor", r.crest_factor},
                        {"kurtosis", r.kurtosis},
                        {"velocity_rms_mm_s", r.velocity_rms_mm_s},
                        {"zone", r.zone},
                        {"fault", r.fault},
                        {"confidence", r.confidence}};
    if (with_diagnosis) {
        j["diagnosis"] = nlohmann::json::parse(r.diagnosis_json, nullptr, false);
    }
    return j;
}

nlohmann::json alarm_json(const store::MonitorAlarmRow& a) {
    return {{"id", a.id},         {"asset_id", a.asset_id}, {"record_id", a.record_id}, {"raised_at", a.raised_at},
            {"kind", a.kind},     {"message", a.message},   {"value", a.value},         {"limit", a.limit}};
}

}  // namespace yandian::app::monitoring
