#include "store/sqlite/monitor_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kAssetColumns =
    "SELECT id, org_id, name, machine, position, bearing, machine_group, mounting, nominal_rpm, created_at, "
    "created_by FROM monitor_assets ";

AssetRecord read_asset(const Statement& s) {
    AssetRecord a;
    a.id = s.column_int64(0);
    a.org_id = s.column_int64(1);
    a.name = s.column_text(2);
    a.machine = s.column_text(3);
    a.position = s.column_text(4);
    a.bearing = s.column_text(5);
    a.machine_group = s.column_text(6);
    a.mounting = s.column_text(7);
    a.nominal_rpm = s.column_optional_double(8);
    a.created_at = s.column_text(9);
    a.created_by = s.column_text(10);
    return a;
}

constexpr std::string_view kRecordColumns =
    "SELECT id, asset_id, measured_at, received_at, received_by, sha256, label, format, channel, fs, rpm, rpm_source, "
    "unit, samples, rms, peak, crest_factor, kurtosis, velocity_rms, zone, fault, confidence, diagnosis "
    "FROM monitor_records ";

MonitorRecordRow read_record(const Statement& s) {
    MonitorRecordRow r;
    r.id = s.column_int64(0);
    r.asset_id = s.column_int64(1);
    r.measured_at = s.column_text(2);
    r.received_at = s.column_text(3);
    r.received_by = s.column_text(4);
    r.sha256 = s.column_text(5);
    r.label = s.column_text(6);
    r.format = s.column_text(7);
    r.channel = s.column_text(8);
    r.fs = s.column_double(9);
    r.rpm = s.column_double(10);
    r.rpm_source = s.column_text(11);
    r.unit = s.column_text(12);
    r.samples = s.column_int64(13);
    r.rms = s.column_double(14);
    r.peak = s.column_double(15);
    r.crest_factor = s.column_double(16);
    r.kurtosis = s.column_double(17);
    r.velocity_rms_mm_s = s.column_double(18);
    r.zone = s.column_text(19);
    r.fault = s.column_text(20);
    r.confidence = s.column_double(21);
    r.diagnosis_json = s.column_text(22);
    return r;
}

constexpr std::string_view kAlarmColumns =
    "SELECT id, asset_id, record_id, raised_at, kind, message, value, alarm_limit FROM monitor_alarms ";

MonitorAlarmRow read_alarm(const Statement& s) {
    return MonitorAlarmRow{s.column_int64(0),  s.column_int64(1), s.column_int64(2),  s.column_text(3),
                           s.column_text(4),   s.column_text(5),  s.column_double(6), s.column_double(7)};
}

std::string sql(std::string_view head, std::string_view tail) { return fmt::format("{}{}", head, tail); }

}  // namespace

Result<AssetRecord> SqliteMonitorStore::create_asset(const AssetRecord& a) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO monitor_assets (org_id, name, machine, position, bearing, machine_group, mounting, nominal_rpm, "
        "created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, a.org_id)
        .bind(2, std::string_view(a.name))
        .bind(3, std::string_view(a.machine))
        .bind(4, std::string_view(a.position))
        .bind(5, std::string_view(a.bearing))
        .bind(6, std::string_view(a.machine_group))
        .bind(7, std::string_view(a.mounting))
        .bind(8, a.nominal_rpm)
        .bind(9, std::string_view(a.created_at))
        .bind(10, std::string_view(a.created_by));
    if (auto done = s->run(); !done) {
        if (done.error().code == ErrorCode::kAlreadyExists) {
            return fail(ErrorCode::kAlreadyExists, fmt::format("an asset named '{}' exists in this organisation", a.name),
                        "name");
        }
        if (done.error().code == ErrorCode::kFailedPrecondition) {
            return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", a.org_id), "org_id");
        }
        return tl::unexpected(done.error());
    }
    AssetRecord out = a;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<AssetRecord>> SqliteMonitorStore::find_asset(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kAssetColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<AssetRecord>(*s, read_asset);
}

Result<std::vector<AssetRecord>> SqliteMonitorStore::list_assets(std::int64_t org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kAssetColumns, "WHERE org_id = ?1 ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, org_id);
    return all_rows<AssetRecord>(*s, read_asset);
}

Result<std::optional<MonitorRecordRow>> SqliteMonitorStore::find_record(std::int64_t asset_id, std::string_view sha256) {
    auto s = c_.prepare(sql(kRecordColumns, "WHERE asset_id = ?1 AND sha256 = ?2"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, asset_id).bind(2, sha256);
    return one_row<MonitorRecordRow>(*s, read_record);
}

Result<AddedMonitorRecord> SqliteMonitorStore::add_record(const MonitorRecordRow& r,
                                                          std::span<const MonitorAlarmRow> alarms) {
    Lock lock(c_.mutex());
    AddedMonitorRecord out;
    if (auto begun = c_.exec("SAVEPOINT monitor_record"); !begun) return tl::unexpected(begun.error());
    auto done = [&]() -> Status {
        auto stored = find_record(r.asset_id, r.sha256);
        if (!stored) return tl::unexpected(stored.error());
        if (*stored) {
            out.record = **stored;
            return {};
        }
        auto s = c_.prepare(
            "INSERT INTO monitor_records (asset_id, measured_at, received_at, received_by, sha256, label, format, "
            "channel, fs, rpm, rpm_source, unit, samples, rms, peak, crest_factor, kurtosis, velocity_rms, zone, fault, "
            "confidence, diagnosis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
            "?17, ?18, ?19, ?20, ?21, ?22)");
        if (!s) return tl::unexpected(s.error());
        s->bind(1, r.asset_id)
            .bind(2, std::string_view(r.measured_at))
            .bind(3, std::string_view(r.received_at))
            .bind(4, std::string_view(r.received_by))
            .bind(5, std::string_view(r.sha256))
            .bind(6, std::string_view(r.label))
            .bind(7, std::string_view(r.format))
            .bind(8, std::string_view(r.channel))
            .bind(9, r.fs)
            .bind(10, r.rpm)
            .bind(11, std::string_view(r.rpm_source))
            .bind(12, std::string_view(r.unit))
            .bind(13, r.samples)
            .bind(14, r.rms)
            .bind(15, r.peak)
            .bind(16, r.crest_factor)
            .bind(17, r.kurtosis)
            .bind(18, r.velocity_rms_mm_s)
            .bind(19, std::string_view(r.zone))
            .bind(20, std::string_view(r.fault))
            .bind(21, r.confidence)
            .bind(22, std::string_view(r.diagnosis_json));
        if (auto run = s->run(); !run) {
            if (run.error().code == ErrorCode::kFailedPrecondition) {
                return fail(ErrorCode::kNotFound, fmt::format("asset {} not found", r.asset_id), "asset_id");
            }
            return run;
        }
        out.record = r;
        out.record.id = c_.last_insert_rowid();
        out.inserted = true;
        if (!r.plots_json.empty()) {
            auto p = c_.prepare("INSERT INTO monitor_record_plots (record_id, plots) VALUES (?1, ?2)");
            if (!p) return tl::unexpected(p.error());
            p->bind(1, out.record.id).bind(2, std::string_view(r.plots_json));
            if (auto run = p->run(); !run) return run;
        }
        for (const auto& alarm : alarms) {
            auto a = c_.prepare(
                "INSERT INTO monitor_alarms (asset_id, record_id, raised_at, kind, message, value, alarm_limit) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
            if (!a) return tl::unexpected(a.error());
            a->bind(1, r.asset_id)
                .bind(2, out.record.id)
                .bind(3, std::string_view(r.measured_at))
                .bind(4, std::string_view(alarm.kind))
                .bind(5, std::string_view(alarm.message))
                .bind(6, alarm.value)
                .bind(7, alarm.limit);
            if (auto run = a->run(); !run) return run;
            MonitorAlarmRow stored = alarm;
            stored.id = c_.last_insert_rowid();
            stored.asset_id = r.asset_id;
            stored.record_id = out.record.id;
            stored.raised_at = r.measured_at;
            out.alarms.push_back(std::move(stored));
        }
        return {};
    }();
    if (!done) {
        (void)c_.exec("ROLLBACK TO monitor_record; RELEASE monitor_record");
        return tl::unexpected(done.error());
    }
    if (auto released = c_.exec("RELEASE monitor_record"); !released) return tl::unexpected(released.error());
    return out;
}

Result<std::vector<MonitorRecordRow>> SqliteMonitorStore::list_records(std::int64_t asset_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kRecordColumns, "WHERE asset_id = ?1 ORDER BY measured_at, id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, asset_id);
    return all_rows<MonitorRecordRow>(*s, read_record);
}

Result<std::optional<MonitorRecordRow>> SqliteMonitorStore::get_record(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kRecordColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<MonitorRecordRow>(*s, read_record);
}

Result<std::optional<std::string>> SqliteMonitorStore::record_plots(std::int64_t record_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT plots FROM monitor_record_plots WHERE record_id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, record_id);
    return one_row<std::string>(*s, [](const Statement& st) { return st.column_text(0); });
}

Result<std::vector<MonitorAlarmRow>> SqliteMonitorStore::list_alarms(std::int64_t asset_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kAlarmColumns, "WHERE asset_id = ?1 ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, asset_id);
    return all_rows<MonitorAlarmRow>(*s, read_alarm);
}

}  // namespace yandian::store::sqlite
