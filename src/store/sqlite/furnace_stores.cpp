#include "store/sqlite/furnace_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

std::string sql(std::string_view head, std::string_view tail) { return fmt::format("{}{}", head, tail); }

// A failed insert: the unique key names `taken`, a foreign key `missing`.
Error insert_error(const Error& e, std::string taken, std::string taken_field, std::string missing,
                   std::string missing_field) {
    if (e.code == ErrorCode::kAlreadyExists) return Error{ErrorCode::kAlreadyExists, std::move(taken), std::move(taken_field)};
    if (e.code == ErrorCode::kFailedPrecondition) {
        return Error{ErrorCode::kNotFound, std::move(missing), std::move(missing_field)};
    }
    return e;
}

constexpr std::string_view kFurnaceColumns =
    "SELECT id, org_id, name, kind, tus_tolerance, tus_interval_months, sat_tolerance, sat_interval_months, "
    "created_at, created_by FROM furnaces ";

FurnaceRecord read_furnace(const Statement& s) {
    FurnaceRecord f;
    f.id = s.column_int64(0);
    f.org_id = s.column_int64(1);
    f.name = s.column_text(2);
    f.kind = s.column_text(3);
    f.tus_tolerance_c = s.column_double(4);
    f.tus_interval_months = static_cast<int>(s.column_int64(5));
    f.sat_tolerance_c = s.column_double(6);
    f.sat_interval_months = static_cast<int>(s.column_int64(7));
    f.created_at = s.column_text(8);
    f.created_by = s.column_text(9);
    return f;
}

constexpr std::string_view kZoneColumns = "SELECT id, furnace_id, name, characteristic_id FROM furnace_zones ";

FurnaceZoneRecord read_zone(const Statement& s) {
    return FurnaceZoneRecord{s.column_int64(0), s.column_int64(1), s.column_text(2), s.column_int64(3)};
}

constexpr std::string_view kRecipeColumns =
    "SELECT id, furnace_id, code, set_point, tolerance, soak_minutes, soak_rule, created_at FROM furnace_recipes ";

FurnaceRecipeRecord read_recipe(const Statement& s) {
    return FurnaceRecipeRecord{s.column_int64(0),  s.column_int64(1),  s.column_text(2), s.column_double(3),
                               s.column_double(4), s.column_double(5), s.column_text(6), s.column_text(7)};
}

constexpr std::string_view kLoadColumns =
    "SELECT id, furnace_id, recipe_id, label, started_at, ended_at, started_by FROM furnace_loads ";

FurnaceLoadRecord read_load(const Statement& s) {
    return FurnaceLoadRecord{s.column_int64(0), s.column_int64(1),          s.column_int64(2), s.column_text(3),
                             s.column_text(4),  s.column_optional_text(5), s.column_text(6)};
}

constexpr std::string_view kTusColumns =
    "SELECT id, furnace_id, surveyed_on, set_point, tolerance, max_over, max_under, pass, readings, recorded_at, "
    "recorded_by FROM furnace_tus ";

TusRecord read_tus(const Statement& s) {
    TusRecord t;
    t.id = s.column_int64(0);
    t.furnace_id = s.column_int64(1);
    t.surveyed_on = s.column_text(2);
    t.set_point_c = s.column_double(3);
    t.tolerance_c = s.column_double(4);
    t.max_over_c = s.column_double(5);
    t.max_under_c = s.column_double(6);
    t.pass = s.column_int64(7) != 0;
    t.readings_json = s.column_text(8);
    t.recorded_at = s.column_text(9);
    t.recorded_by = s.column_text(10);
    return t;
}

constexpr std::string_view kSatColumns =
    "SELECT id, furnace_id, zone_id, tested_on, control_reading, test_reading, thermocouple_correction, "
    "instrument_correction, corrected_test, difference, tolerance, pass, recorded_at, recorded_by FROM furnace_sat ";

SatRecord read_sat(const Statement& s) {
    SatRecord r;
    r.id = s.column_int64(0);
    r.furnace_id = s.column_int64(1);
    r.zone_id = s.column_optional_int64(2);
    r.tested_on = s.column_text(3);
    r.control_reading_c = s.column_double(4);
    r.test_reading_c = s.column_double(5);
    r.test_thermocouple_correction_c = s.column_double(6);
    r.test_instrument_correction_c = s.column_double(7);
    r.corrected_test_c = s.column_double(8);
    r.difference_c = s.column_double(9);
    r.tolerance_c = s.column_double(10);
    r.pass = s.column_int64(11) != 0;
    r.recorded_at = s.column_text(12);
    r.recorded_by = s.column_text(13);
    return r;
}

template <class T, class Read>
Result<std::vector<T>> list_by(Connection& c, std::string_view columns, std::string_view tail, std::int64_t key,
                               Read read) {
    Lock lock(c.mutex());
    auto s = c.prepare(sql(columns, tail));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, key);
    return all_rows<T>(*s, read);
}

}  // namespace

Result<FurnaceRecord> SqliteFurnaceStore::create_furnace(const FurnaceRecord& f) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO furnaces (org_id, name, kind, tus_tolerance, tus_interval_months, sat_tolerance, "
        "sat_interval_months, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, f.org_id)
        .bind(2, std::string_view(f.name))
        .bind(3, std::string_view(f.kind))
        .bind(4, f.tus_tolerance_c)
        .bind(5, static_cast<std::int64_t>(f.tus_interval_months))
        .bind(6, f.sat_tolerance_c)
        .bind(7, static_cast<std::int64_t>(f.sat_interval_months))
        .bind(8, std::string_view(f.created_at))
        .bind(9, std::string_view(f.created_by));
    if (auto done = s->run(); !done) {
        return tl::unexpected(insert_error(done.error(),
                                           fmt::format("a furnace named '{}' exists in this organisation", f.name),
                                           "name", fmt::format("organisation {} not found", f.org_id), "org_id"));
    }
    FurnaceRecord out = f;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<FurnaceRecord>> SqliteFurnaceStore::find_furnace(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kFurnaceColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<FurnaceRecord>(*s, read_furnace);
}

Result<std::vector<FurnaceRecord>> SqliteFurnaceStore::list_furnaces(std::int64_t org_id) {
    return list_by<FurnaceRecord>(c_, kFurnaceColumns, "WHERE org_id = ?1 ORDER BY id", org_id, read_furnace);
}

Result<FurnaceZoneRecord> SqliteFurnaceStore::add_zone(const FurnaceZoneRecord& z) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("INSERT INTO furnace_zones (furnace_id, name, characteristic_id) VALUES (?1, ?2, ?3)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, z.furnace_id).bind(2, std::string_view(z.name)).bind(3, z.characteristic_id);
    if (auto done = s->run(); !done) {
        return tl::unexpected(insert_error(
            done.error(), fmt::format("furnace {} has a zone named '{}'", z.furnace_id, z.name), "name",
            fmt::format("furnace {} or characteristic {} not found", z.furnace_id, z.characteristic_id),
            "characteristic_id"));
    }
    FurnaceZoneRecord out = z;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<FurnaceZoneRecord>> SqliteFurnaceStore::list_zones(std::int64_t furnace_id) {
    return list_by<FurnaceZoneRecord>(c_, kZoneColumns, "WHERE furnace_id = ?1 ORDER BY id", furnace_id, read_zone);
}

Result<FurnaceRecipeRecord> SqliteFurnaceStore::add_recipe(const FurnaceRecipeRecord& r) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO furnace_recipes (furnace_id, code, set_point, tolerance, soak_minutes, soak_rule, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, r.furnace_id)
        .bind(2, std::string_view(r.code))
        .bind(3, r.set_point_c)
        .bind(4, r.tolerance_c)
        .bind(5, r.soak_minutes)
        .bind(6, std::string_view(r.soak_rule))
        .bind(7, std::string_view(r.created_at));
    if (auto done = s->run(); !done) {
        return tl::unexpected(insert_error(done.error(),
                                           fmt::format("furnace {} has a recipe '{}'", r.furnace_id, r.code), "code",
                                           fmt::format("furnace {} not found", r.furnace_id), "furnace_id"));
    }
    FurnaceRecipeRecord out = r;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<FurnaceRecipeRecord>> SqliteFurnaceStore::list_recipes(std::int64_t furnace_id) {
    return list_by<FurnaceRecipeRecord>(c_, kRecipeColumns, "WHERE furnace_id = ?1 ORDER BY id", furnace_id,
                                        read_recipe);
}

Result<FurnaceLoadRecord> SqliteFurnaceStore::start_load(const FurnaceLoadRecord& l) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO furnace_loads (furnace_id, recipe_id, label, started_at, ended_at, started_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, l.furnace_id)
        .bind(2, l.recipe_id)
        .bind(3, std::string_view(l.label))
        .bind(4, std::string_view(l.started_at))
        .bind(5, l.ended_at)
        .bind(6, std::string_view(l.started_by));
    if (auto done = s->run(); !done) {
        return tl::unexpected(insert_error(done.error(), "load exists", "id",
                                           fmt::format("furnace {} or recipe {} not found", l.furnace_id, l.recipe_id),
                                           "recipe_id"));
    }
    FurnaceLoadRecord out = l;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<FurnaceLoadRecord>> SqliteFurnaceStore::find_load(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kLoadColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<FurnaceLoadRecord>(*s, read_load);
}

Result<std::vector<FurnaceLoadRecord>> SqliteFurnaceStore::list_loads(std::int64_t furnace_id) {
    return list_by<FurnaceLoadRecord>(c_, kLoadColumns, "WHERE furnace_id = ?1 ORDER BY id", furnace_id, read_load);
}

Status SqliteFurnaceStore::end_load(std::int64_t id, std::string_view at) {
    Lock lock(c_.mutex());
    auto load = find_load(id);
    if (!load) return tl::unexpected(load.error());
    if (!*load) return fail(ErrorCode::kNotFound, fmt::format("load {} not found", id), "load");
    if ((*load)->ended_at) {
        return fail(ErrorCode::kFailedPrecondition, fmt::format("load {} ended at {}", id, *(*load)->ended_at), "load");
    }
    auto s = c_.prepare("UPDATE furnace_loads SET ended_at = ?2 WHERE id = ?1 AND ended_at IS NULL");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id).bind(2, at);
    return one_row_changed(c_, *s, "load", id);
}

Result<TusRecord> SqliteFurnaceStore::add_tus(const TusRecord& t) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO furnace_tus (furnace_id, surveyed_on, set_point, tolerance, max_over, max_under, pass, readings, "
        "recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, t.furnace_id)
        .bind(2, std::string_view(t.surveyed_on))
        .bind(3, t.set_point_c)
        .bind(4, t.tolerance_c)
        .bind(5, t.max_over_c)
        .bind(6, t.max_under_c)
        .bind(7, static_cast<std::int64_t>(t.pass ? 1 : 0))
        .bind(8, std::string_view(t.readings_json))
        .bind(9, std::string_view(t.recorded_at))
        .bind(10, std::string_view(t.recorded_by));
    if (auto done = s->run(); !done) {
        return tl::unexpected(insert_error(done.error(), "survey exists", "id",
                                           fmt::format("furnace {} not found", t.furnace_id), "furnace_id"));
    }
    TusRecord out = t;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<TusRecord>> SqliteFurnaceStore::list_tus(std::int64_t furnace_id) {
    return list_by<TusRecord>(c_, kTusColumns, "WHERE furnace_id = ?1 ORDER BY surveyed_on, id", furnace_id,
                              read_tus);
}

Result<SatRecord> SqliteFurnaceStore::add_sat(const SatRecord& r) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO furnace_sat (furnace_id, zone_id, tested_on, control_reading, test_reading, "
        "thermocouple_correction, instrument_correction, corrected_test, difference, tolerance, pass, recorded_at, "
        "recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, r.furnace_id)
        .bind(2, r.zone_id)
        .bind(3, std::string_view(r.tested_on))
        .bind(4, r.control_reading_c)
        .bind(5, r.test_reading_c)
        .bind(6, r.test_thermocouple_correction_c)
        .bind(7, r.test_instrument_correction_c)
        .bind(8, r.corrected_test_c)
        .bind(9, r.difference_c)
        .bind(10, r.tolerance_c)
        .bind(11, static_cast<std::int64_t>(r.pass ? 1 : 0))
        .bind(12, std::string_view(r.recorded_at))
        .bind(13, std::string_view(r.recorded_by));
    if (auto done = s->run(); !done) {
        return tl::unexpected(insert_error(done.error(), "test exists", "id",
                                           fmt::format("furnace {} or zone not found", r.furnace_id), "furnace_id"));
    }
    SatRecord out = r;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<SatRecord>> SqliteFurnaceStore::list_sat(std::int64_t furnace_id) {
    return list_by<SatRecord>(c_, kSatColumns, "WHERE furnace_id = ?1 ORDER BY tested_on, id", furnace_id, read_sat);
}

}  // namespace yandian::store::sqlite
