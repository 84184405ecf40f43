#include "store/postgres/spc_stores.hpp"

#include <fmt/format.h>

#include <cmath>
#include <mutex>

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

std::string sql(std::string_view head, std::string_view tail) { return fmt::format("{}{}", head, tail); }

// SQLite reports a violated constraint without a field; the services add their own (e.g. "code"), so the
// PostgreSQL adapter drops the connection's "db" for these two codes and keeps it for a lost connection.
Error as_sqlite_reports(Error error) {
    if (error.code == ErrorCode::kAlreadyExists || error.code == ErrorCode::kFailedPrecondition) error.field.clear();
    return error;
}

template <class T>
tl::unexpected<Error> failed(const Result<T>& result) {
    return tl::unexpected(as_sqlite_reports(result.error()));
}

template <class T, class Read>
Result<std::optional<T>> first(Result<Rows> rows, Read read) {
    if (!rows) return failed(rows);
    if (rows->empty()) return std::optional<T>{};
    return std::optional<T>{read(*rows, 0)};
}

template <class T, class Read>
Result<std::vector<T>> all(Result<Rows> rows, Read read) {
    if (!rows) return failed(rows);
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) out.push_back(read(*rows, i));
    return out;
}

// An UPDATE that must change exactly one row: kNotFound naming the object otherwise.
Status one_changed(Result<Rows> rows, std::string_view what, std::int64_t id) {
    if (!rows) return failed(rows);
    if (rows->affected() == 0) return fail(ErrorCode::kNotFound, fmt::format("{} {} not found", what, id), "id");
    return {};
}

Result<std::int64_t> returned_id(Result<Rows> rows) {
    if (!rows) return failed(rows);
    return rows->int64(0, 0);
}

Result<std::int64_t> count(Result<Rows> rows) { return returned_id(std::move(rows)); }

std::string text(const Rows& r, int i, int column) { return std::string(r.text(i, column)); }

constexpr std::string_view kPlantColumns = "SELECT id, org_id, name, created_at FROM plants ";

PlantRecord read_plant(const Rows& r, int i) {
    return PlantRecord{r.int64(i, 0), r.int64(i, 1), text(r, i, 2), text(r, i, 3)};
}

constexpr std::string_view kLineColumns = "SELECT id, org_id, plant_id, code, name, created_at FROM lines ";

LineRecord read_line(const Rows& r, int i) {
    return LineRecord{r.int64(i, 0), r.int64(i, 1), r.int64(i, 2), text(r, i, 3), text(r, i, 4), text(r, i, 5)};
}

constexpr std::string_view kCharacteristicColumns =
    "SELECT id, org_id, line_id, code, part_number, feature, nominal, lsl, usl, unit, resolution, subgroup_size, "
    "chart_type, rules, phase1_subgroups, limits_center, limits_sigma, limits_source, limits_reason, limits_at, "
    "created_at FROM characteristics ";

CharacteristicRecord read_characteristic(const Rows& r, int i) {
    CharacteristicRecord c;
    c.id = r.int64(i, 0);
    c.org_id = r.int64(i, 1);
    c.line_id = r.int64(i, 2);
    c.code = text(r, i, 3);
    c.part_number = text(r, i, 4);
    c.feature = text(r, i, 5);
    c.nominal = r.optional_number(i, 6);
    c.lsl = r.optional_number(i, 7);
    c.usl = r.optional_number(i, 8);
    c.unit = text(r, i, 9);
    c.resolution = r.optional_number(i, 10);
    c.subgroup_size = r.int64(i, 11);
    c.chart_type = text(r, i, 12);
    c.rules = text(r, i, 13);
    c.phase1_subgroups = r.int64(i, 14);
    c.limits_center = r.optional_number(i, 15);
    c.limits_sigma = r.optional_number(i, 16);
    c.limits_source = r.optional_text(i, 17);
    c.limits_reason = r.optional_text(i, 18);
    c.limits_at = r.optional_text(i, 19);
    c.created_at = text(r, i, 20);
    return c;
}

MeasurementRecord read_measurement(const Rows& r, int i) {
    MeasurementRecord m;
    m.seq = r.int64(i, 0);
    m.time_ms = r.int64(i, 1);
    m.value = r.number(i, 2);
    m.subgroup = r.optional_text(i, 3);
    m.part = r.optional_text(i, 4);
    m.operator_name = r.optional_text(i, 5);
    m.gauge = r.optional_text(i, 6);
    m.attributes = r.int64(i, 7);
    m.excluded_reason = r.optional_text(i, 8);
    m.sample_size = r.optional_number(i, 9);
    return m;
}

BatchRecord read_batch(const Rows& r, int i) {
    return BatchRecord{r.int64(i, 0), r.int64(i, 1), r.optional_text(i, 2), text(r, i, 3),
                       text(r, i, 4), r.int64(i, 5), text(r, i, 6)};
}

constexpr std::string_view kEventColumns =
    "SELECT id, org_id, characteristic_id, kind, at, point, rules, value, message, user_id, cause, action, "
    "ref_event_id FROM events ";

EventRecord read_event(const Rows& r, int i) {
    EventRecord e;
    e.id = r.int64(i, 0);
    e.org_id = r.int64(i, 1);
    e.characteristic_id = r.optional_int64(i, 2);
    e.kind = text(r, i, 3);
    e.at = text(r, i, 4);
    e.point = r.optional_int64(i, 5);
    e.rules = r.optional_text(i, 6);
    e.value = r.optional_number(i, 7);
    e.message = text(r, i, 8);
    e.user_id = r.optional_int64(i, 9);
    e.cause = r.optional_text(i, 10);
    e.action = r.optional_text(i, 11);
    e.ref_event_id = r.optional_int64(i, 12);
    return e;
}

constexpr std::string_view kGrantColumns =
    "SELECT id, org_id, grantee_org_id, line_id, characteristic_id, expires_at, created_by, created_at, revoked_at "
    "FROM grants ";

GrantRecord read_grant(const Rows& r, int i) {
    return GrantRecord{r.int64(i, 0), r.int64(i, 1), r.int64(i, 2), r.optional_int64(i, 3), r.optional_int64(i, 4),
                       text(r, i, 5), r.int64(i, 6), text(r, i, 7), r.optional_text(i, 8)};
}

// One column of an array parameter in PostgreSQL's text form: {"a","b",NULL}. Every element is quoted (so "NULL",
// "" or text with braces and commas stay text) with backslash and double quote escaped.
class ArrayText {
  public:
    void add(std::string_view element) {
        start();
        out_ += '"';
        for (char ch : element) {
            if (ch == '"' || ch == '\\') out_ += '\\';
            out_ += ch;
        }
        out_ += '"';
    }
    void add(std::int64_t element) {
        start();
        out_ += std::to_string(element);
    }
    // Doubles as Param writes them (17 significant digits: the exact binary value comes back).
    void add(double element) {
        start();
        if (std::isnan(element)) {
            out_ += "NaN";
        } else if (std::isinf(element)) {
            out_ += element > 0 ? "Infinity" : "-Infinity";
        } else {
            out_ += fmt::format("{:.17g}", element);
        }
    }
    template <class T>
    void add(const std::optional<T>& element) {
        if (element) {
            add(*element);
        } else {
            start();
            out_ += "NULL";
        }
    }
    std::string done() && {
        out_ += '}';
        return std::move(out_);
    }

  private:
    void start() {
        if (out_.size() > 1) out_ += ',';
    }
    std::string out_ = "{";
};

}  // namespace

// ---- plants and lines

Result<PlantRecord> PgSpcStore::create_plant(const PlantRecord& record) {
    Lock lock(c_.mutex());
    auto id = returned_id(c_.query("INSERT INTO plants (org_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
                                   {record.org_id, record.name, record.created_at}));
    if (!id) return tl::unexpected(id.error());
    PlantRecord out = record;
    out.id = *id;
    return out;
}

Result<std::vector<PlantRecord>> PgSpcStore::list_plants(std::int64_t org_id) {
    Lock lock(c_.mutex());
    return all<PlantRecord>(c_.query(sql(kPlantColumns, "WHERE org_id = $1 ORDER BY id"), {org_id}), read_plant);
}

Result<std::optional<PlantRecord>> PgSpcStore::find_plant(std::int64_t id) {
    Lock lock(c_.mutex());
    return first<PlantRecord>(c_.query(sql(kPlantColumns, "WHERE id = $1"), {id}), read_plant);
}

Result<LineRecord> PgSpcStore::create_line(const LineRecord& record) {
    Lock lock(c_.mutex());
    auto id = returned_id(c_.query(
        "INSERT INTO lines (org_id, plant_id, code, name, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        {record.org_id, record.plant_id, record.code, record.name, record.created_at}));
    if (!id) return tl::unexpected(id.error());
    LineRecord out = record;
    out.id = *id;
    return out;
}

Result<std::optional<LineRecord>> PgSpcStore::find_line(std::int64_t id) {
    Lock lock(c_.mutex());
    return first<LineRecord>(c_.query(sql(kLineColumns, "WHERE id = $1"), {id}), read_line);
}

Result<std::optional<LineRecord>> PgSpcStore::find_line_by_code(std::int64_t org_id, std::string_view code) {
    Lock lock(c_.mutex());
    return first<LineRecord>(c_.query(sql(kLineColumns, "WHERE org_id = $1 AND code = $2"), {org_id, code}), read_line);
}

Result<std::vector<LineRecord>> PgSpcStore::list_lines(std::int64_t org_id) {
    Lock lock(c_.mutex());
    return all<LineRecord>(c_.query(sql(kLineColumns, "WHERE org_id = $1 ORDER BY id"), {org_id}), read_line);
}

// ---- characteristics

Result<CharacteristicRecord> PgSpcStore::create_characteristic(const CharacteristicRecord& r) {
    Lock lock(c_.mutex());
    auto id = returned_id(c_.query(
        "INSERT INTO characteristics (org_id, line_id, code, part_number, feature, nominal, lsl, usl, unit, "
        "resolution, subgroup_size, chart_type, rules, phase1_subgroups, limits_center, limits_sigma, limits_source, "
        "limits_reason, limits_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
        "$15, $16, $17, $18, $19, $20) RETURNING id",
        {r.org_id,        r.line_id,          r.code,          r.part_number,
         r.feature,       r.nominal,          r.lsl,           r.usl,
         r.unit,          r.resolution,       r.subgroup_size, r.chart_type,
         r.rules,         r.phase1_subgroups, r.limits_center, r.limits_sigma,
         r.limits_source, r.limits_reason,    r.limits_at,     r.created_at}));
    if (!id) return tl::unexpected(id.error());
    CharacteristicRecord out = r;
    out.id = *id;
    return out;
}

Result<std::optional<CharacteristicRecord>> PgSpcStore::find_characteristic(std::int64_t id) {
    Lock lock(c_.mutex());
    return first<CharacteristicRecord>(c_.query(sql(kCharacteristicColumns, "WHERE id = $1"), {id}),
                                       read_characteristic);
}

Result<std::optional<CharacteristicRecord>> PgSpcStore::find_characteristic_by_code(std::int64_t line_id,
                                                                                    std::string_view code) {
    Lock lock(c_.mutex());
    return first<CharacteristicRecord>(
        c_.query(sql(kCharacteristicColumns, "WHERE line_id = $1 AND code = $2"), {line_id, code}),
        read_characteristic);
}

Result<std::vector<CharacteristicRecord>> PgSpcStore::list_characteristics(std::int64_t org_id) {
    Lock lock(c_.mutex());
    return all<CharacteristicRecord>(c_.query(sql(kCharacteristicColumns, "WHERE org_id = $1 ORDER BY id"), {org_id}),
                                     read_characteristic);
}

Status PgSpcStore::set_limits(std::int64_t characteristic_id, std::optional<double> center, std::optional<double> sigma,
                              std::string_view source, std::string_view reason, std::string_view at) {
    Lock lock(c_.mutex());
    return one_changed(c_.query("UPDATE characteristics SET limits_center = $2, limits_sigma = $3, limits_source = $4, "
                                "limits_reason = $5, limits_at = $6 WHERE id = $1",
                                {characteristic_id, center, sigma, source, reason, at}),
                       "characteristic", characteristic_id);
}

// ---- batches and measurements

Result<std::optional<BatchRecord>> PgSpcStore::find_batch(std::int64_t characteristic_id,
                                                          std::string_view idempotency_key) {
    Lock lock(c_.mutex());
    return first<BatchRecord>(
        c_.query("SELECT id, characteristic_id, idempotency_key, source, received_at, accepted, response "
                 "FROM ingest_batches WHERE characteristic_id = $1 AND idempotency_key = $2",
                 {characteristic_id, idempotency_key}),
        read_batch);
}

Result<std::int64_t> PgSpcStore::append_batch(const BatchRecord& batch,
                                              std::span<const MeasurementRecord> measurements) {
    ArrayText seq, time_ms, value, subgroup, part, operator_name, gauge, attributes, excluded_reason, sample_size;
    for (const MeasurementRecord& m : measurements) {
        seq.add(m.seq);
        time_ms.add(m.time_ms);
        value.add(m.value);
        subgroup.add(m.subgroup);
        part.add(m.part);
        operator_name.add(m.operator_name);
        gauge.add(m.gauge);
        attributes.add(m.attributes);
        excluded_reason.add(m.excluded_reason);
        sample_size.add(m.sample_size);
    }
    // Data-modifying CTEs run to completion whether or not the outer query reads them; a failure anywhere (say a
    // seq already taken) undoes the batch row too.
    constexpr std::string_view kAppend =
        "WITH batch AS ("
        " INSERT INTO ingest_batches (characteristic_id, idempotency_key, source, received_at, accepted, response)"
        " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id), "
        "stored AS ("
        " INSERT INTO measurements (characteristic_id, seq, time_ms, value, subgroup, part, operator, gauge,"
        " attributes, batch_id, excluded_reason, sample_size)"
        " SELECT $1, m.seq, m.time_ms, m.value, m.subgroup, m.part, m.operator, m.gauge, m.attributes, batch.id,"
        " m.excluded_reason, m.sample_size"
        " FROM batch, unnest($7::bigint[], $8::bigint[], $9::float8[], $10::text[], $11::text[], $12::text[],"
        " $13::text[], $14::bigint[], $15::text[], $16::float8[])"
        " AS m (seq, time_ms, value, subgroup, part, operator, gauge, attributes, excluded_reason, sample_size)) "
        "SELECT id FROM batch";
    const std::vector<Param> params{batch.characteristic_id,
                                    batch.idempotency_key,
                                    batch.source,
                                    batch.received_at,
                                    batch.accepted,
                                    batch.response,
                                    std::move(seq).done(),
                                    std::move(time_ms).done(),
                                    std::move(value).done(),
                                    std::move(subgroup).done(),
                                    std::move(part).done(),
                                    std::move(operator_name).done(),
                                    std::move(gauge).done(),
                                    std::move(attributes).done(),
                                    std::move(excluded_reason).done(),
                                    std::move(sample_size).done()};
    Lock lock(c_.mutex());
    return returned_id(c_.query(kAppend, params));
}

Result<std::int64_t> PgSpcStore::count_measurements(std::int64_t characteristic_id) {
    Lock lock(c_.mutex());
    return count(c_.query("SELECT coalesce(max(seq) + 1, 0) FROM measurements WHERE characteristic_id = $1",
                          {characteristic_id}));
}

Result<std::vector<MeasurementRecord>> PgSpcStore::measurements(std::int64_t characteristic_id, std::int64_t from_seq,
                                                                std::int64_t to_seq) {
    Lock lock(c_.mutex());
    return all<MeasurementRecord>(
        c_.query("SELECT seq, time_ms, value, subgroup, part, operator, gauge, attributes, excluded_reason, "
                 "sample_size FROM measurements WHERE characteristic_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq",
                 {characteristic_id, from_seq, to_seq}),
        read_measurement);
}

Status PgSpcStore::set_excluded(std::int64_t characteristic_id, std::int64_t seq,
                                std::optional<std::string_view> reason) {
    Lock lock(c_.mutex());
    const std::optional<std::string> text = reason ? std::optional<std::string>(std::string(*reason)) : std::nullopt;
    auto rows = c_.query("UPDATE measurements SET excluded_reason = $3 WHERE characteristic_id = $1 AND seq = $2",
                         {characteristic_id, seq, text});
    if (!rows) return failed(rows);
    if (rows->affected() == 0) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("value {} of characteristic {} not found", seq, characteristic_id), "seq");
    }
    return {};
}

// ---- events

Result<EventRecord> PgSpcStore::add_event(const EventRecord& e) {
    Lock lock(c_.mutex());
    auto id = returned_id(c_.query(
        "INSERT INTO events (org_id, characteristic_id, kind, at, point, rules, value, message, user_id, cause, "
        "action, ref_event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        {e.org_id, e.characteristic_id, e.kind, e.at, e.point, e.rules, e.value, e.message, e.user_id, e.cause,
         e.action, e.ref_event_id}));
    if (!id) return tl::unexpected(id.error());
    EventRecord out = e;
    out.id = *id;
    return out;
}

Result<std::optional<EventRecord>> PgSpcStore::find_event(std::int64_t id) {
    Lock lock(c_.mutex());
    return first<EventRecord>(c_.query(sql(kEventColumns, "WHERE id = $1"), {id}), read_event);
}

Result<std::vector<EventRecord>> PgSpcStore::list_events(std::int64_t org_id,
                                                         std::optional<std::int64_t> characteristic_id,
                                                         std::optional<std::string_view> kind, std::int64_t after_id,
                                                         std::int64_t limit) {
    Lock lock(c_.mutex());
    const std::optional<std::string> kind_text = kind ? std::optional<std::string>(std::string(*kind)) : std::nullopt;
    // SQLite reads a negative LIMIT as no limit; LIMIT NULL says the same here.
    const std::optional<std::int64_t> limit_rows = limit >= 0 ? std::optional<std::int64_t>(limit) : std::nullopt;
    return all<EventRecord>(c_.query(sql(kEventColumns,
                                         "WHERE org_id = $1 AND ($2::bigint IS NULL OR characteristic_id = $2) "
                                         "AND ($3::text IS NULL OR kind = $3) AND id > $4 ORDER BY id DESC LIMIT $5"),
                                     {org_id, characteristic_id, kind_text, after_id, limit_rows}),
                            read_event);
}

// ---- grants

Result<GrantRecord> PgSpcStore::create_grant(const GrantRecord& g) {
    Lock lock(c_.mutex());
    auto id = returned_id(c_.query(
        "INSERT INTO grants (org_id, grantee_org_id, line_id, characteristic_id, expires_at, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {g.org_id, g.grantee_org_id, g.line_id, g.characteristic_id, g.expires_at, g.created_by, g.created_at}));
    if (!id) return tl::unexpected(id.error());
    GrantRecord out = g;
    out.id = *id;
    return out;
}

Result<std::optional<GrantRecord>> PgSpcStore::find_grant(std::int64_t id) {
    Lock lock(c_.mutex());
    return first<GrantRecord>(c_.query(sql(kGrantColumns, "WHERE id = $1"), {id}), read_grant);
}

Result<std::vector<GrantRecord>> PgSpcStore::list_grants_by_grantor(std::int64_t org_id) {
    Lock lock(c_.mutex());
    return all<GrantRecord>(c_.query(sql(kGrantColumns, "WHERE org_id = $1 ORDER BY id"), {org_id}), read_grant);
}

Result<std::vector<GrantRecord>> PgSpcStore::list_grants_for_grantee(std::int64_t grantee_org_id) {
    Lock lock(c_.mutex());
    return all<GrantRecord>(c_.query(sql(kGrantColumns, "WHERE grantee_org_id = $1 ORDER BY id"), {grantee_org_id}),
                            read_grant);
}

Status PgSpcStore::revoke_grant(std::int64_t id, std::string_view at) {
    Lock lock(c_.mutex());
    return one_changed(c_.query("UPDATE grants SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", {id, at}),
                       "grant", id);
}

Status PgSpcStore::log_grant_access(std::int64_t grant_id, std::int64_t user_id, std::string_view at,
                                    std::string_view what) {
    Lock lock(c_.mutex());
    auto rows = c_.query("INSERT INTO grant_access_log (grant_id, user_id, at, what) VALUES ($1, $2, $3, $4)",
                         {grant_id, user_id, at, what});
    if (!rows) return failed(rows);
    return {};
}

Result<std::int64_t> PgSpcStore::count_grant_access(std::int64_t grant_id) {
    Lock lock(c_.mutex());
    return count(c_.query("SELECT count(*) FROM grant_access_log WHERE grant_id = $1", {grant_id}));
}

}  // namespace yandian::store::postgres
