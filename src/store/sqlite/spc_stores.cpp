#include "store/sqlite/spc_stores.hpp"

#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

PlantRecord read_plant(const Statement& s) {
    return PlantRecord{s.column_int64(0), s.column_int64(1), s.column_text(2), s.column_text(3)};
}

LineRecord read_line(const Statement& s) {
    return LineRecord{s.column_int64(0), s.column_int64(1), s.column_int64(2),
                      s.column_text(3),  s.column_text(4),  s.column_text(5)};
}

constexpr std::string_view kCharacteristicColumns =
    "SELECT id, org_id, line_id, code, part_number, feature, nominal, lsl, usl, unit, resolution, subgroup_size, "
    "chart_type, rules, phase1_subgroups, limits_center, limits_sigma, limits_source, limits_reason, limits_at, "
    "created_at FROM characteristics ";

CharacteristicRecord read_characteristic(const Statement& s) {
    CharacteristicRecord r;
    r.id = s.column_int64(0);
    r.org_id = s.column_int64(1);
    r.line_id = s.column_int64(2);
    r.code = s.column_text(3);
    r.part_number = s.column_text(4);
    r.feature = s.column_text(5);
    r.nominal = s.column_optional_double(6);
    r.lsl = s.column_optional_double(7);
    r.usl = s.column_optional_double(8);
    r.unit = s.column_text(9);
    r.resolution = s.column_optional_double(10);
    r.subgroup_size = s.column_int64(11);
    r.chart_type = s.column_text(12);
    r.rules = s.column_text(13);
    r.phase1_subgroups = s.column_int64(14);
    r.limits_center = s.column_optional_double(15);
    r.limits_sigma = s.column_optional_double(16);
    r.limits_source = s.column_optional_text(17);
    r.limits_reason = s.column_optional_text(18);
    r.limits_at = s.column_optional_text(19);
    r.created_at = s.column_text(20);
    return r;
}

MeasurementRecord read_measurement(const Statement& s) {
    MeasurementRecord m;
    m.seq = s.column_int64(0);
    m.time_ms = s.column_int64(1);
    m.value = s.column_double(2);
    m.subgroup = s.column_optional_text(3);
    m.part = s.column_optional_text(4);
    m.operator_name = s.column_optional_text(5);
    m.gauge = s.column_optional_text(6);
    m.attributes = s.column_int64(7);
    m.excluded_reason = s.column_optional_text(8);
    m.sample_size = s.column_optional_double(9);
    return m;
}

BatchRecord read_batch(const Statement& s) {
    return BatchRecord{s.column_int64(0), s.column_int64(1), s.column_optional_text(2), s.column_text(3),
                       s.column_text(4),  s.column_int64(5), s.column_text(6)};
}

constexpr std::string_view kEventColumns =
    "SELECT id, org_id, characteristic_id, kind, at, point, rules, value, message, user_id, cause, action, "
    "ref_event_id FROM events ";

EventRecord read_event(const Statement& s) {
    EventRecord e;
    e.id = s.column_int64(0);
    e.org_id = s.column_int64(1);
    e.characteristic_id = s.column_optional_int64(2);
    e.kind = s.column_text(3);
    e.at = s.column_text(4);
    e.point = s.column_optional_int64(5);
    e.rules = s.column_optional_text(6);
    e.value = s.column_optional_double(7);
    e.message = s.column_text(8);
    e.user_id = s.column_optional_int64(9);
    e.cause = s.column_optional_text(10);
    e.action = s.column_optional_text(11);
    e.ref_event_id = s.column_optional_int64(12);
    return e;
}

constexpr std::string_view kGrantColumns =
    "SELECT id, org_id, grantee_org_id, line_id, characteristic_id, expires_at, created_by, created_at, revoked_at "
    "FROM grants ";

GrantRecord read_grant(const Statement& s) {
    return GrantRecord{s.column_int64(0),          s.column_int64(1),          s.column_int64(2),
                       s.column_optional_int64(3), s.column_optional_int64(4), s.column_text(5),
                       s.column_int64(6),          s.column_text(7),           s.column_optional_text(8)};
}

std::string sql(std::string_view head, std::string_view tail) {
    std::string out(head);
    out += tail;
    return out;
}

}  // namespace

Result<PlantRecord> SqliteSpcStore::create_plant(const PlantRecord& record) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("INSERT INTO plants (org_id, name, created_at) VALUES (?1, ?2, ?3)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, record.org_id).bind(2, std::string_view(record.name)).bind(3, std::string_view(record.created_at));
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    PlantRecord out = record;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<PlantRecord>> SqliteSpcStore::list_plants(std::int64_t org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT id, org_id, name, created_at FROM plants WHERE org_id = ?1 ORDER BY id");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, org_id);
    return all_rows<PlantRecord>(*s, read_plant);
}

Result<std::optional<PlantRecord>> SqliteSpcStore::find_plant(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT id, org_id, name, created_at FROM plants WHERE id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<PlantRecord>(*s, read_plant);
}

Result<LineRecord> SqliteSpcStore::create_line(const LineRecord& record) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("INSERT INTO lines (org_id, plant_id, code, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, record.org_id)
        .bind(2, record.plant_id)
        .bind(3, std::string_view(record.code))
        .bind(4, std::string_view(record.name))
        .bind(5, std::string_view(record.created_at));
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    LineRecord out = record;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<LineRecord>> SqliteSpcStore::find_line(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT id, org_id, plant_id, code, name, created_at FROM lines WHERE id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<LineRecord>(*s, read_line);
}

Result<std::optional<LineRecord>> SqliteSpcStore::find_line_by_code(std::int64_t org_id, std::string_view code) {
    Lock lock(c_.mutex());
    auto s =
        c_.prepare("SELECT id, org_id, plant_id, code, name, created_at FROM lines WHERE org_id = ?1 AND code = ?2");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, org_id).bind(2, code);
    return one_row<LineRecord>(*s, read_line);
}

Result<std::vector<LineRecord>> SqliteSpcStore::list_lines(std::int64_t org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT id, org_id, plant_id, code, name, created_at FROM lines WHERE org_id = ?1 ORDER BY id");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, org_id);
    return all_rows<LineRecord>(*s, read_line);
}

Result<CharacteristicRecord> SqliteSpcStore::create_characteristic(const CharacteristicRecord& r) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO characteristics (org_id, line_id, code, part_number, feature, nominal, lsl, usl, unit, "
        "resolution, subgroup_size, chart_type, rules, phase1_subgroups, limits_center, limits_sigma, limits_source, "
        "limits_reason, limits_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
        "?15, ?16, ?17, ?18, ?19, ?20)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, r.org_id)
        .bind(2, r.line_id)
        .bind(3, std::string_view(r.code))
        .bind(4, std::string_view(r.part_number))
        .bind(5, std::string_view(r.feature))
        .bind(6, r.nominal)
        .bind(7, r.lsl)
        .bind(8, r.usl)
        .bind(9, std::string_view(r.unit))
        .bind(10, r.resolution)
        .bind(11, r.subgroup_size)
        .bind(12, std::string_view(r.chart_type))
        .bind(13, std::string_view(r.rules))
        .bind(14, r.phase1_subgroups)
        .bind(15, r.limits_center)
        .bind(16, r.limits_sigma)
        .bind(17, r.limits_source)
        .bind(18, r.limits_reason)
        .bind(19, r.limits_at)
        .bind(20, std::string_view(r.created_at));
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    CharacteristicRecord out = r;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<CharacteristicRecord>> SqliteSpcStore::find_characteristic(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kCharacteristicColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<CharacteristicRecord>(*s, read_characteristic);
}

Result<std::optional<CharacteristicRecord>> SqliteSpcStore::find_characteristic_by_code(std::int64_t line_id,
                                                                                        std::string_view code) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kCharacteristicColumns, "WHERE line_id = ?1 AND code = ?2"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, line_id).bind(2, code);
    return one_row<CharacteristicRecord>(*s, read_characteristic);
}

Result<std::vector<CharacteristicRecord>> SqliteSpcStore::list_characteristics(std::int64_t org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kCharacteristicColumns, "WHERE org_id = ?1 ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, org_id);
    return all_rows<CharacteristicRecord>(*s, read_characteristic);
}

Status SqliteSpcStore::set_limits(std::int64_t characteristic_id, std::optional<double> center,
                                  std::optional<double> sigma, std::string_view source, std::string_view reason,
                                  std::string_view at) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "UPDATE characteristics SET limits_center = ?2, limits_sigma = ?3, limits_source = ?4, limits_reason = ?5, "
        "limits_at = ?6 WHERE id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, characteristic_id).bind(2, center).bind(3, sigma).bind(4, source).bind(5, reason).bind(6, at);
    return one_row_changed(c_, *s, "characteristic", characteristic_id);
}

Result<std::optional<BatchRecord>> SqliteSpcStore::find_batch(std::int64_t characteristic_id,
                                                              std::string_view idempotency_key) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT id, characteristic_id, idempotency_key, source, received_at, accepted, response FROM ingest_batches "
        "WHERE characteristic_id = ?1 AND idempotency_key = ?2");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, characteristic_id).bind(2, idempotency_key);
    return one_row<BatchRecord>(*s, read_batch);
}

Result<std::int64_t> SqliteSpcStore::append_batch(const BatchRecord& batch,
                                                  std::span<const MeasurementRecord> measurements) {
    Lock lock(c_.mutex());
    auto b = c_.prepare(
        "INSERT INTO ingest_batches (characteristic_id, idempotency_key, source, received_at, accepted, response) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!b) return tl::unexpected(b.error());
    b->bind(1, batch.characteristic_id)
        .bind(2, batch.idempotency_key)
        .bind(3, std::string_view(batch.source))
        .bind(4, std::string_view(batch.received_at))
        .bind(5, batch.accepted)
        .bind(6, std::string_view(batch.response));
    if (auto done = b->run(); !done) return tl::unexpected(done.error());
    const std::int64_t batch_id = c_.last_insert_rowid();
    constexpr std::string_view kInsert =
        "INSERT INTO measurements (characteristic_id, seq, time_ms, value, subgroup, part, operator, gauge, "
        "attributes, batch_id, excluded_reason, sample_size) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
        "?12)";
    for (const MeasurementRecord& r : measurements) {
        auto m = c_.prepare(kInsert);  // cached; the handle resets the statement when it goes out of scope
        if (!m) return tl::unexpected(m.error());
        m->bind(1, batch.characteristic_id)
            .bind(2, r.seq)
            .bind(3, r.time_ms)
            .bind(4, r.value)
            .bind(5, r.subgroup)
            .bind(6, r.part)
            .bind(7, r.operator_name)
            .bind(8, r.gauge)
            .bind(9, r.attributes)
            .bind(10, batch_id)
            .bind(11, r.excluded_reason)
            .bind(12, r.sample_size);
        if (auto done = m->run(); !done) return tl::unexpected(done.error());
    }
    return batch_id;
}

Result<std::int64_t> SqliteSpcStore::count_measurements(std::int64_t characteristic_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT coalesce(max(seq) + 1, 0) FROM measurements WHERE characteristic_id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, characteristic_id);
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0);
}

Result<std::vector<MeasurementRecord>> SqliteSpcStore::measurements(std::int64_t characteristic_id,
                                                                    std::int64_t from_seq, std::int64_t to_seq) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT seq, time_ms, value, subgroup, part, operator, gauge, attributes, excluded_reason, sample_size "
        "FROM measurements "
        "WHERE characteristic_id = ?1 AND seq >= ?2 AND seq < ?3 ORDER BY seq");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, characteristic_id).bind(2, from_seq).bind(3, to_seq);
    return all_rows<MeasurementRecord>(*s, read_measurement);
}

Status SqliteSpcStore::set_excluded(std::int64_t characteristic_id, std::int64_t seq,
                                    std::optional<std::string_view> reason) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("UPDATE measurements SET excluded_reason = ?3 WHERE characteristic_id = ?1 AND seq = ?2");
    if (!s) return tl::unexpected(s.error());
    const std::optional<std::string> text = reason ? std::optional<std::string>(std::string(*reason)) : std::nullopt;
    s->bind(1, characteristic_id).bind(2, seq).bind(3, text);
    if (auto done = s->run(); !done) return done;
    if (c_.changes() == 0) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("value {} of characteristic {} not found", seq, characteristic_id), "seq");
    }
    return {};
}

Result<EventRecord> SqliteSpcStore::add_event(const EventRecord& e) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO events (org_id, characteristic_id, kind, at, point, rules, value, message, user_id, cause, "
        "action, ref_event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, e.org_id)
        .bind(2, e.characteristic_id)
        .bind(3, std::string_view(e.kind))
        .bind(4, std::string_view(e.at))
        .bind(5, e.point)
        .bind(6, e.rules)
        .bind(7, e.value)
        .bind(8, std::string_view(e.message))
        .bind(9, e.user_id)
        .bind(10, e.cause)
        .bind(11, e.action)
        .bind(12, e.ref_event_id);
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    EventRecord out = e;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<EventRecord>> SqliteSpcStore::find_event(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kEventColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<EventRecord>(*s, read_event);
}

Result<std::vector<EventRecord>> SqliteSpcStore::list_events(std::int64_t org_id,
                                                             std::optional<std::int64_t> characteristic_id,
                                                             std::optional<std::string_view> kind,
                                                             std::int64_t after_id, std::int64_t limit) {
    Lock lock(c_.mutex());
    auto s =
        c_.prepare(sql(kEventColumns,
                       "WHERE org_id = ?1 AND (?2 IS NULL OR characteristic_id = ?2) AND (?3 IS NULL OR kind = ?3) "
                       "AND id > ?4 ORDER BY id DESC LIMIT ?5"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, org_id).bind(2, characteristic_id);
    if (kind)
        s->bind(3, *kind);
    else
        s->bind(3, std::optional<std::string>());
    s->bind(4, after_id).bind(5, limit);
    return all_rows<EventRecord>(*s, read_event);
}

Result<GrantRecord> SqliteSpcStore::create_grant(const GrantRecord& g) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO grants (org_id, grantee_org_id, line_id, characteristic_id, expires_at, created_by, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, g.org_id)
        .bind(2, g.grantee_org_id)
        .bind(3, g.line_id)
        .bind(4, g.characteristic_id)
        .bind(5, std::string_view(g.expires_at))
        .bind(6, g.created_by)
        .bind(7, std::string_view(g.created_at));
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    GrantRecord out = g;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<GrantRecord>> SqliteSpcStore::find_grant(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kGrantColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<GrantRecord>(*s, read_grant);
}

Result<std::vector<GrantRecord>> SqliteSpcStore::list_grants_by_grantor(std::int64_t org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kGrantColumns, "WHERE org_id = ?1 ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, org_id);
    return all_rows<GrantRecord>(*s, read_grant);
}

Result<std::vector<GrantRecord>> SqliteSpcStore::list_grants_for_grantee(std::int64_t grantee_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kGrantColumns, "WHERE grantee_org_id = ?1 ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, grantee_org_id);
    return all_rows<GrantRecord>(*s, read_grant);
}

Status SqliteSpcStore::revoke_grant(std::int64_t id, std::string_view at) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("UPDATE grants SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id).bind(2, at);
    return one_row_changed(c_, *s, "grant", id);
}

Status SqliteSpcStore::log_grant_access(std::int64_t grant_id, std::int64_t user_id, std::string_view at,
                                        std::string_view what) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("INSERT INTO grant_access_log (grant_id, user_id, at, what) VALUES (?1, ?2, ?3, ?4)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, grant_id).bind(2, user_id).bind(3, at).bind(4, what);
    return s->run();
}

Result<std::int64_t> SqliteSpcStore::count_grant_access(std::int64_t grant_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT count(*) FROM grant_access_log WHERE grant_id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, grant_id);
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0);
}

}  // namespace yandian::store::sqlite
