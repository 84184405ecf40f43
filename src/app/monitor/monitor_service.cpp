#include "app/monitor/monitor_service.hpp"

#include <fmt/format.h>

#include <cmath>
#include <mutex>

#include "app/crypto.hpp"
#include "app/monitor/diagnosis_service.hpp"
#include "app/utc_time.hpp"
#include "common/json_text.hpp"
#include "monitor/trend.hpp"

namespace yandian::app::monitoring {

namespace {

Status require_writer(const Principal& who) {
    if (who.role == Role::kAdmin || who.role == Role::kEngineer) return {};
    return fail(ErrorCode::kPermissionDenied, "only engineers and administrators may change monitoring data", "role");
}

Status require_text(std::string_view value, std::string_view field, std::size_t max = 200) {
    if (value.empty()) return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is required", field), std::string(field));
    if (value.size() > max) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is longer than {} bytes", field, max), std::string(field));
    }
    return {};
}

monitor::TrendPoint point_of(const store::MonitorRecordRow& r) {
    monitor::TrendPoint p;
    p.velocity_rms_mm_s = r.velocity_rms_mm_s;
    p.zone = r.zone.empty() ? 'A' : r.zone[0];
    for (auto k : {monitor::FaultKind::kOuterRace, monitor::FaultKind::kInnerRace, monitor::FaultKind::kBall,
                   monitor::FaultKind::kCage}) {
        if (r.fault == monitor::fault_name(k)) p.fault = k;
    }
    return p;
}

// Records of one asset are added one at a time, so each is judged against every record before it.
std::mutex& record_mutex() {
    static std::mutex m;
    return m;
}

}  // namespace

Result<store::AssetRecord> MonitorService::create_asset(const Principal& who, const AssetInput& in) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    for (auto [value, field] : {std::pair{std::string_view(in.name), "name"}, {in.machine, "machine"},
                                {in.position, "position"}, {in.bearing, "bearing"}}) {
        if (auto ok = require_text(value, field); !ok) return tl::unexpected(ok.error());
    }
    DiagnoseRequest probe;
    probe.bearing = in.bearing;
    probe.group = in.machine_group;
    probe.mounting = in.mounting;
    if (auto p = prepare(probe); !p) return tl::unexpected(p.error());
    if (in.nominal_rpm && !(*in.nominal_rpm > 0 && *in.nominal_rpm < 1e6)) {
        return fail(ErrorCode::kInvalidArgument, "'nominal_rpm' must be a positive speed in r/min", "nominal_rpm");
    }
    store::AssetRecord a;
    a.org_id = who.org_id;
    a.name = in.name;
    a.machine = in.machine;
    a.position = in.position;
    a.bearing = in.bearing;
    a.machine_group = in.machine_group;
    a.mounting = in.mounting;
    a.nominal_rpm = in.nominal_rpm;
    a.created_at = format_utc(clock_());
    a.created_by = who.login;
    return db_.monitor().create_asset(a);
}

Result<std::vector<store::AssetRecord>> MonitorService::list_assets(const Principal& who) {
    return db_.monitor().list_assets(who.org_id);
}

Result<store::AssetRecord> MonitorService::asset(const Principal& who, std::int64_t id) {
    auto found = db_.monitor().find_asset(id);
    if (!found) return tl::unexpected(found.error());
    if (!*found || (*found)->org_id != who.org_id) {
        return fail(ErrorCode::kNotFound, fmt::format("asset {} not found", id), "id");
    }
    return std::move(**found);
}

Result<RecordOutcome> MonitorService::add_record(const Principal& who, std::int64_t asset_id, std::string_view bytes,
                                                 const RecordInput& in) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    auto a = asset(who, asset_id);
    if (!a) return tl::unexpected(a.error());
    const std::string received_at = format_utc(clock_());
    std::string measured_at = received_at;
    if (in.measured_at) {
        // 2026-11-29T14:03:05.123Z, 2026-11-29T14:03:05Z or a date.
        auto t = parse_utc(*in.measured_at, "measured_at");
        if (!t) t = parse_clock_start(*in.measured_at, "measured_at");
        if (!t) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("measured_at '{}' is not a UTC time (2026-11-29T14:03:05Z, with or without "
                                    "milliseconds) or a date",
                                    *in.measured_at),
                        "measured_at");
        }
        measured_at = format_utc(*t);
    }
    DiagnoseRequest request;
    request.bearing = a->bearing;
    request.group = a->machine_group;
    request.mounting = a->mounting;
    request.channel = in.channel;
    request.unit = in.unit;
    request.fs = in.fs;
    request.rpm = in.rpm;
    request.nominal_rpm = a->nominal_rpm;
    auto prepared = prepare(request);
    if (!prepared) return tl::unexpected(prepared.error());
    const std::string label = in.label.empty() ? "upload" : in.label;
    auto record = ingest::vibration::read_vibration_bytes(bytes, read_options(request, *prepared), label);
    if (!record) return tl::unexpected(record.error());
    thread_local monitor::FftPlans fft;  // plans kept per thread (monitor/fft.hpp)
    auto out = diagnose_record(fft, std::move(*record), request, *prepared, label);
    if (!out) return tl::unexpected(out.error());

    store::MonitorRecordRow row;
    row.asset_id = a->id;
    row.measured_at = measured_at;
    row.received_at = received_at;
    row.received_by = who.login;
    row.sha256 = sha256_hex(bytes);
    row.label = label;
    row.format = out->record.format;
    row.channel = out->record.channel;
    row.fs = out->record.fs;
    row.rpm = out->diagnosis.rpm;
    row.rpm_source = out->doc.value("rpm_source", "");
    row.unit = std::string(monitor::unit_name(out->record.unit));
    row.samples = static_cast<std::int64_t>(out->record.samples.size());
    row.rms = out->diagnosis.features.rms;
    row.peak = out->diagnosis.features.peak;
    row.crest_factor = out->diagnosis.features.crest;
    row.kurtosis = out->diagnosis.features.kurtosis;
    row.velocity_rms_mm_s = out->diagnosis.severity.velocity_rms_mm_s;
    row.zone = std::string(1, out->diagnosis.severity.zone);
    row.fault = out->diagnosis.fault ? std::string(monitor::fault_name(*out->diagnosis.fault)) : "none";
    row.confidence = out->diagnosis.confidence;
    row.diagnosis_json = json_text(out->doc);
    row.plots_json = json_text(plots_json(fft, *out));

    std::lock_guard lock(record_mutex());
    auto earlier = db_.monitor().list_records(a->id);
    if (!earlier) return tl::unexpected(earlier.error());
    std::vector<monitor::TrendPoint> history;
    for (const auto& r : *earlier) {
        if (r.measured_at <= measured_at && r.sha256 != row.sha256) history.push_back(point_of(r));
    }
    std::vector<store::MonitorAlarmRow> alarms;
    for (auto& alarm : monitor::trend_alarms(history, point_of(row), out->diagnosis.severity.limits)) {
        store::MonitorAlarmRow stored;
        stored.kind = alarm.kind;
        stored.message = alarm.message;
        stored.value = alarm.value;
        stored.limit = alarm.limit;
        alarms.push_back(std::move(stored));
    }
    auto added = db_.monitor().add_record(row, alarms);
    if (!added) return tl::unexpected(added.error());
    return RecordOutcome{std::move(added->record), added->inserted, std::move(added->alarms)};
}

Result<std::vector<store::MonitorRecordRow>> MonitorService::records(const Principal& who, std::int64_t asset_id) {
    auto a = asset(who, asset_id);
    if (!a) return tl::unexpected(a.error());
    return db_.monitor().list_records(a->id);
}

Result<MonitorService::RecordView> MonitorService::record(const Principal& who, std::int64_t asset_id,
                                                         std::int64_t record_id) {
    auto a = asset(who, asset_id);
    if (!a) return tl::unexpected(a.error());
    auto found = db_.monitor().get_record(record_id);
    if (!found) return tl::unexpected(found.error());
    if (!*found || (*found)->asset_id != a->id) {
        return fail(ErrorCode::kNotFound, fmt::format("record {} of asset {} not found", record_id, asset_id), "record");
    }
    auto plots = db_.monitor().record_plots(record_id);
    if (!plots) return tl::unexpected(plots.error());
    return RecordView{std::move(**found), std::move(*plots)};
}

Result<std::vector<store::MonitorAlarmRow>> MonitorService::alarms(const Principal& who, std::int64_t asset_id) {
    auto a = asset(who, asset_id);
    if (!a) return tl::unexpected(a.error());
    return db_.monitor().list_alarms(a->id);
}

}  // namespace yandian::app::monitoring
