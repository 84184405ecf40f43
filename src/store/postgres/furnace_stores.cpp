#include "store/postgres/furnace_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/postgres/rows.hpp"

namespace yandian::store::postgres {

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

FurnaceRecord read_furnace(const Rows& r, int i) {
    FurnaceRecord f;
    f.id = r.int64(i, 0);
    f.org_id = r.int64(i, 1);
    f.name = r.text(i, 2);
    f.kind = r.text(i, 3);
    f.tus_tolerance_c = r.number(i, 4);
    f.tus_interval_months = static_cast<int>(r.int64(i, 5));
    f.sat_tolerance_c = r.number(i, 6);
    f.sat_interval_months = static_cast<int>(r.int64(i, 7));
    f.created_at = r.text(i, 8);
    f.created_by = r.text(i, 9);
    return f;
}

constexpr std::string_view kZoneColumns = "SELECT id, furnace_id, name, characteristic_id FROM furnace_zones ";

FurnaceZoneRecord read_zone(const Rows& r, int i) {
    return FurnaceZoneRecord{r.int64(i, 0), r.int64(i, 1), std::string(r.text(i, 2)), r.int64(i, 3)};
}

constexpr std::string_view kRecipeColumns =
    "SELECT id, furnace_id, code, set_point, tolerance, soak_minutes, soak_rule, created_at FROM furnace_recipes ";

FurnaceRecipeRecord read_recipe(const Rows& r, int i) {
    return FurnaceRecipeRecord{r.int64(i, 0),  r.int64(i, 1),  std::string(r.text(i, 2)), r.number(i, 3),
                               r.number(i, 4), r.number(i, 5), std::string(r.text(i, 6)), std::string(r.text(i, 7))};
}

constexpr std::string_view kLoadColumns =
    "SELECT id, furnace_id, recipe_id, label, started_at, ended_at, started_by FROM furnace_loads ";

FurnaceLoadRecord read_load(const Rows& r, int i) {
    return FurnaceLoadRecord{r.int64(i, 0),           r.int64(i, 1),           r.int64(i, 2),
                             std::string(r.text(i, 3)), std::string(r.text(i, 4)), r.optional_text(i, 5),
                             std::string(r.text(i, 6))};
}

constexpr std::string_view kTusColumns =
    "SELECT id, furnace_id, surveyed_on, set_point, tolerance, max_over, max_under, pass, readings, recorded_at, "
    "recorded_by FROM furnace_tus ";

TusRecord read_tus(const Rows& r, int i) {
    TusRecord t;
    t.id = r.int64(i, 0);
    t.furnace_id = r.int64(i, 1);
    t.surveyed_on = r.text(i, 2);
    t.set_point_c = r.number(i, 3);
    t.tolerance_c = r.number(i, 4);
    t.max_over_c = r.number(i, 5);
    t.max_under_c = r.number(i, 6);
    t.pass = r.int64(i, 7) != 0;
    t.readings_json = r.text(i, 8);
    t.recorded_at = r.text(i, 9);
    t.recorded_by = r.text(i, 10);
    return t;
}

constexpr std::string_view kSatColumns =
    "SELECT id, furnace_id, zone_id, tested_on, control_reading, test_reading, thermocouple_correction, "
    "instrument_correction, corrected_test, difference, tolerance, pass, recorded_at, recorded_by FROM furnace_sat ";

SatRecord read_sat(const Rows& r, int i) {
    SatRecord s;
    s.id = r.int64(i, 0);
    s.furnace_id = r.int64(i, 1);
    s.zone_id = r.optional_int64(i, 2);
    s.tested_on = r.text(i, 3);
    s.control_reading_c = r.number(i, 4);
    s.test_reading_c = r.number(i, 5);
    s.test_thermocouple_correction_c = r.number(i, 6);
    s.test_instrument_correction_c = r.number(i, 7);
    s.corrected_test_c = r.number(i, 8);
    s.difference_c = r.number(i, 9);
    s.tolerance_c = r.number(i, 10);
    s.pass = r.int64(i, 11) != 0;
    s.recorded_at = r.text(i, 12);
    s.recorded_by = r.text(i, 13);
    return s;
}

}  // namespace

Result<FurnaceRecord> PgFurnaceStore::create_furnace(const FurnaceRecord& f) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO furnaces (org_id, name, kind, tus_tolerance, tus_interval_months, sat_tolerance, "
        "sat_interval_months, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {f.org_id, f.name, f.kind, f.tus_tolerance_c, f.tus_interval_months, f.sat_tolerance_c, f.sat_interval_months,
         f.created_at, f.created_by});
    if (!rows) {
        return tl::unexpected(insert_error(rows.error(),
                                           fmt::format("a furnace named '{}' exists in this organisation", f.name),
                                           "name", fmt::format("organisation {} not found", f.org_id), "org_id"));
    }
    FurnaceRecord out = f;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::optional<FurnaceRecord>> PgFurnaceStore::find_furnace(std::int64_t id) {
    Lock lock(c_.mutex());
    return first_row<FurnaceRecord>(c_.query(sql(kFurnaceColumns, "WHERE id = $1"), {id}), read_furnace);
}

Result<std::vector<FurnaceRecord>> PgFurnaceStore::list_furnaces(std::int64_t org_id) {
    Lock lock(c_.mutex());
    return every_row<FurnaceRecord>(c_.query(sql(kFurnaceColumns, "WHERE org_id = $1 ORDER BY id"), {org_id}),
                                    read_furnace);
}

Result<FurnaceZoneRecord> PgFurnaceStore::add_zone(const FurnaceZoneRecord& z) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO furnace_zones (furnace_id, name, characteristic_id) VALUES ($1, $2, $3) RETURNING id",
        {z.furnace_id, z.name, z.characteristic_id});
    if (!rows) {
        return tl::unexpected(insert_error(
            rows.error(), fmt::format("furnace {} has a zone named '{}'", z.furnace_id, z.name), "name",
            fmt::format("furnace {} or characteristic {} not found", z.furnace_id, z.characteristic_id),
            "characteristic_id"));
    }
    FurnaceZoneRecord out = z;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::vector<FurnaceZoneRecord>> PgFurnaceStore::list_zones(std::int64_t furnace_id) {
    Lock lock(c_.mutex());
    return every_row<FurnaceZoneRecord>(
        c_.query(sql(kZoneColumns, "WHERE furnace_id = $1 ORDER BY id"), {furnace_id}), read_zone);
}

Result<FurnaceRecipeRecord> PgFurnaceStore::add_recipe(const FurnaceRecipeRecord& r) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO furnace_recipes (furnace_id, code, set_point, tolerance, soak_minutes, soak_rule, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {r.furnace_id, r.code, r.set_point_c, r.tolerance_c, r.soak_minutes, r.soak_rule, r.created_at});
    if (!rows) {
        return tl::unexpected(insert_error(rows.error(),
                                           fmt::format("furnace {} has a recipe '{}'", r.furnace_id, r.code), "code",
                                           fmt::format("furnace {} not found", r.furnace_id), "furnace_id"));
    }
    FurnaceRecipeRecord out = r;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::vector<FurnaceRecipeRecord>> PgFurnaceStore::list_recipes(std::int64_t furnace_id) {
    Lock lock(c_.mutex());
    return every_row<FurnaceRecipeRecord>(
        c_.query(sql(kRecipeColumns, "WHERE furnace_id = $1 ORDER BY id"), {furnace_id}), read_recipe);
}

Result<FurnaceLoadRecord> PgFurnaceStore::start_load(const FurnaceLoadRecord& l) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO furnace_loads (furnace_id, recipe_id, label, started_at, ended_at, started_by) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {l.furnace_id, l.recipe_id, l.label, l.started_at, l.ended_at, l.started_by});
    if (!rows) {
        return tl::unexpected(insert_error(rows.error(), "load exists", "id",
                                           fmt::format("furnace {} or recipe {} not found", l.furnace_id, l.recipe_id),
                                           "recipe_id"));
    }
    FurnaceLoadRecord out = l;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::optional<FurnaceLoadRecord>> PgFurnaceStore::find_load(std::int64_t id) {
    Lock lock(c_.mutex());
    return first_row<FurnaceLoadRecord>(c_.query(sql(kLoadColumns, "WHERE id = $1"), {id}), read_load);
}

Result<std::vector<FurnaceLoadRecord>> PgFurnaceStore::list_loads(std::int64_t furnace_id) {
    Lock lock(c_.mutex());
    return every_row<FurnaceLoadRecord>(
        c_.query(sql(kLoadColumns, "WHERE furnace_id = $1 ORDER BY id"), {furnace_id}), read_load);
}

Status PgFurnaceStore::end_load(std::int64_t id, std::string_view at) {
    Lock lock(c_.mutex());
    auto load = find_load(id);
    if (!load) return tl::unexpected(load.error());
    if (!*load) return fail(ErrorCode::kNotFound, fmt::format("load {} not found", id), "load");
    if ((*load)->ended_at) {
        return fail(ErrorCode::kFailedPrecondition, fmt::format("load {} ended at {}", id, *(*load)->ended_at), "load");
    }
    auto rows = c_.query("UPDATE furnace_loads SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL", {id, at});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->affected() == 0) return fail(ErrorCode::kFailedPrecondition, fmt::format("load {} has ended", id), "load");
    return {};
}

Result<TusRecord> PgFurnaceStore::add_tus(const TusRecord& t) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO furnace_tus (furnace_id, surveyed_on, set_point, tolerance, max_over, max_under, pass, readings, "
        "recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        {t.furnace_id, t.surveyed_on, t.set_point_c, t.tolerance_c, t.max_over_c, t.max_under_c, t.pass ? 1 : 0,
         t.readings_json, t.recorded_at, t.recorded_by});
    if (!rows) {
        return tl::unexpected(insert_error(rows.error(), "survey exists", "id",
                                           fmt::format("furnace {} not found", t.furnace_id), "furnace_id"));
    }
    TusRecord out = t;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::vector<TusRecord>> PgFurnaceStore::list_tus(std::int64_t furnace_id) {
    Lock lock(c_.mutex());
    return every_row<TusRecord>(
        c_.query(sql(kTusColumns, "WHERE furnace_id = $1 ORDER BY surveyed_on, id"), {furnace_id}), read_tus);
}

Result<SatRecord> PgFurnaceStore::add_sat(const SatRecord& r) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO furnace_sat (furnace_id, zone_id, tested_on, control_reading, test_reading, "
        "thermocouple_correction, instrument_correction, corrected_test, difference, tolerance, pass, recorded_at, "
        "recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        {r.furnace_id, r.zone_id, r.tested_on, r.control_reading_c, r.test_reading_c, r.test_thermocouple_correction_c,
         r.test_instrument_correction_c, r.corrected_test_c, r.difference_c, r.tolerance_c, r.pass ? 1 : 0,
         r.recorded_at, r.recorded_by});
    if (!rows) {
        return tl::unexpected(insert_error(rows.error(), "test exists", "id",
                                           fmt::format("furnace {} or zone not found", r.furnace_id), "furnace_id"));
    }
    SatRecord out = r;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::vector<SatRecord>> PgFurnaceStore::list_sat(std::int64_t furnace_id) {
    Lock lock(c_.mutex());
    return every_row<SatRecord>(
        c_.query(sql(kSatColumns, "WHERE furnace_id = $1 ORDER BY tested_on, id"), {furnace_id}), read_sat);
}

}  // namespace yandian::store::postgres
