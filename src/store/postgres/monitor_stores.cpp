#include "store/postgres/monitor_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/postgres/rows.hpp"

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kAssetColumns =
    "SELECT id, org_id, name, machine, position, bearing, machine_group, mounting, nominal_rpm, created_at, "
    "created_by FROM monitor_assets ";

AssetRecord read_asset(const Rows& r, int i) {
    AssetRecord a;
    a.id = r.int64(i, 0);
    a.org_id = r.int64(i, 1);
    a.name = r.text(i, 2);
    a.machine = r.text(i, 3);
    a.position = r.text(i, 4);
    a.bearing = r.text(i, 5);
    a.machine_group = r.text(i, 6);
    a.mounting = r.text(i, 7);
    a.nominal_rpm = r.optional_number(i, 8);
    a.created_at = r.text(i, 9);
    a.created_by = r.text(i, 10);
    return a;
}

constexpr std::string_view kRecordColumns =
    "SELECT id, asset_id, measured_at, received_at, received_by, sha256, label, format, channel, fs, rpm, rpm_source, "
    "unit, samples, rms, peak, crest_factor, kurtosis, velocity_rms, zone, fault, confidence, diagnosis "
    "FROM monitor_records ";

MonitorRecordRow read_record(const Rows& s, int i) {
    MonitorRecordRow r;
    r.id = s.int64(i, 0);
    r.asset_id = s.int64(i, 1);
    r.measured_at = s.text(i, 2);
    r.received_at = s.text(i, 3);
    r.received_by = s.text(i, 4);
    r.sha256 = s.text(i, 5);
    r.label = s.text(i, 6);
    r.format = s.text(i, 7);
    r.channel = s.text(i, 8);
    r.fs = s.number(i, 9);
    r.rpm = s.number(i, 10);
    r.rpm_source = s.text(i, 11);
    r.unit = s.text(i, 12);
    r.samples = s.int64(i, 13);
    r.rms = s.number(i, 14);
    r.peak = s.number(i, 15);
    r.crest_factor = s.number(i, 16);
    r.kurtosis = s.number(i, 17);
    r.velocity_rms_mm_s = s.number(i, 18);
    r.zone = s.text(i, 19);
    r.fault = s.text(i, 20);
    r.confidence = s.number(i, 21);
    r.diagnosis_json = s.text(i, 22);
    return r;
}

MonitorAlarmRow read_alarm(const Rows& r, int i) {
    return MonitorAlarmRow{r.int64(i, 0),          r.int64(i, 1),          r.int64(i, 2), std::string(r.text(i, 3)),
                           std::string(r.text(i, 4)), std::string(r.text(i, 5)), r.number(i, 6), r.number(i, 7)};
}

std::string sql(std::string_view head, std::string_view tail) { return fmt::format("{}{}", head, tail); }

}  // namespace

Result<AssetRecord> PgMonitorStore::create_asset(const AssetRecord& a) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO monitor_assets (org_id, name, machine, position, bearing, machine_group, mounting, nominal_rpm, "
        "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        {a.org_id, a.name, a.machine, a.position, a.bearing, a.machine_group, a.mounting, a.nominal_rpm, a.created_at,
         a.created_by});
    if (!rows) {
        if (rows.error().code == ErrorCode::kAlreadyExists) {
            return fail(ErrorCode::kAlreadyExists, fmt::format("an asset named '{}' exists in this organisation", a.name),
                        "name");
        }
        if (rows.error().code == ErrorCode::kFailedPrecondition) {
            return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", a.org_id), "org_id");
        }
        return tl::unexpected(rows.error());
    }
    AssetRecord out = a;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::optional<AssetRecord>> PgMonitorStore::find_asset(std::int64_t id) {
    Lock lock(c_.mutex());
    return first_row<AssetRecord>(c_.query(sql(kAssetColumns, "WHERE id = $1"), {id}), read_asset);
}

Result<std::vector<AssetRecord>> PgMonitorStore::list_assets(std::int64_t org_id) {
    Lock lock(c_.mutex());
    return every_row<AssetRecord>(c_.query(sql(kAssetColumns, "WHERE org_id = $1 ORDER BY id"), {org_id}), read_asset);
}

Result<AddedMonitorRecord> PgMonitorStore::add_record(const MonitorRecordRow& r, std::span<const MonitorAlarmRow> alarms) {
    Lock lock(c_.mutex());
    AddedMonitorRecord out;
    auto done = atomically(c_, [&]() -> Status {
        // ON CONFLICT keeps a concurrent second sender of the same file from failing: it reads the stored record.
        auto rows = c_.query(
            "INSERT INTO monitor_records (asset_id, measured_at, received_at, received_by, sha256, label, format, "
            "channel, fs, rpm, rpm_source, unit, samples, rms, peak, crest_factor, kurtosis, velocity_rms, zone, fault, "
            "confidence, diagnosis) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
            "$18, $19, $20, $21, $22) ON CONFLICT (asset_id, sha256) DO NOTHING RETURNING id",
            {r.asset_id, r.measured_at, r.received_at, r.received_by, r.sha256, r.label, r.format, r.channel, r.fs,
             r.rpm, r.rpm_source, r.unit, r.samples, r.rms, r.peak, r.crest_factor, r.kurtosis, r.velocity_rms_mm_s,
             r.zone, r.fault, r.confidence, r.diagnosis_json});
        if (!rows) {
            if (rows.error().code == ErrorCode::kFailedPrecondition) {
                return fail(ErrorCode::kNotFound, fmt::format("asset {} not found", r.asset_id), "asset_id");
            }
            return tl::unexpected(rows.error());
        }
        if (rows->empty()) {
            auto stored = c_.query(sql(kRecordColumns, "WHERE asset_id = $1 AND sha256 = $2"), {r.asset_id, r.sha256});
            if (!stored) return tl::unexpected(stored.error());
            if (stored->empty()) return fail(ErrorCode::kInternal, "a record conflicted but cannot be read");
            out.record = read_record(*stored, 0);
            return {};
        }
        out.record = r;
        out.record.id = rows->int64(0, 0);
        out.inserted = true;
        if (!r.plots_json.empty()) {
            auto p = c_.query("INSERT INTO monitor_record_plots (record_id, plots) VALUES ($1, $2)",
                              {out.record.id, r.plots_json});
            if (!p) return tl::unexpected(p.error());
        }
        for (const auto& alarm : alarms) {
            auto a = c_.query(
                "INSERT INTO monitor_alarms (asset_id, record_id, raised_at, kind, message, value, alarm_limit) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                {r.asset_id, out.record.id, r.measured_at, alarm.kind, alarm.message, alarm.value, alarm.limit});
            if (!a) return tl::unexpected(a.error());
            MonitorAlarmRow stored = alarm;
            stored.id = a->int64(0, 0);
            stored.asset_id = r.asset_id;
            stored.record_id = out.record.id;
            stored.raised_at = r.measured_at;
            out.alarms.push_back(std::move(stored));
        }
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return out;
}

Result<std::vector<MonitorRecordRow>> PgMonitorStore::list_records(std::int64_t asset_id) {
    Lock lock(c_.mutex());
    return every_row<MonitorRecordRow>(
        c_.query(sql(kRecordColumns, "WHERE asset_id = $1 ORDER BY measured_at, id"), {asset_id}), read_record);
}

Result<std::optional<MonitorRecordRow>> PgMonitorStore::get_record(std::int64_t id) {
    Lock lock(c_.mutex());
    return first_row<MonitorRecordRow>(c_.query(sql(kRecordColumns, "WHERE id = $1"), {id}), read_record);
}

Result<std::optional<std::string>> PgMonitorStore::record_plots(std::int64_t record_id) {
    Lock lock(c_.mutex());
    return first_row<std::string>(c_.query("SELECT plots FROM monitor_record_plots WHERE record_id = $1", {record_id}),
                                  [](const Rows& r, int i) { return std::string(r.text(i, 0)); });
}

Result<std::vector<MonitorAlarmRow>> PgMonitorStore::list_alarms(std::int64_t asset_id) {
    Lock lock(c_.mutex());
    return every_row<MonitorAlarmRow>(
        c_.query("SELECT id, asset_id, record_id, raised_at, kind, message, value, alarm_limit FROM monitor_alarms "
                 "WHERE asset_id = $1 ORDER BY id",
                 {asset_id}),
        read_alarm);
}

}  // namespace yandian::store::postgres
