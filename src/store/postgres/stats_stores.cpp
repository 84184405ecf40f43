#include "store/postgres/stats_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/postgres/rows.hpp"

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kFirmColumns =
    "SELECT id, credit_code, name_zh, name_en, town, industry, size_class, products, tags, org_id, source, "
    "created_at, updated_at FROM firms ";

FirmRecord read_firm(const Rows& r, int i) {
    FirmRecord f;
    f.id = r.int64(i, 0);
    f.credit_code = r.optional_text(i, 1);
    f.name_zh = r.text(i, 2);
    f.name_en = r.text(i, 3);
    f.town = r.text(i, 4);
    f.industry = r.text(i, 5);
    f.size_class = r.text(i, 6);
    f.products = r.text(i, 7);
    f.tags = r.text(i, 8);
    f.org_id = r.optional_int64(i, 9);
    f.source = r.text(i, 10);
    f.created_at = r.text(i, 11);
    f.updated_at = r.text(i, 12);
    return f;
}

constexpr std::string_view kTargetColumns =
    "SELECT id, target_key, plan, scope, group_name, table_rank, firm_id, indicator_zh, label_en, unit, kind, measure, "
    "baseline_year, baseline_value, baseline_line, baseline_note, target_year, target_low, target_high, value_text, "
    "qualifier, source_line, issue FROM plan_targets ";

std::optional<int> optional_int(const std::optional<std::int64_t>& v) {
    if (!v) return std::nullopt;
    return static_cast<int>(*v);
}

std::optional<std::int64_t> wide(const std::optional<int>& v) {
    if (!v) return std::nullopt;
    return std::int64_t{*v};
}

PlanTargetRecord read_target(const Rows& r, int i) {
    PlanTargetRecord t;
    t.id = r.int64(i, 0);
    t.key = r.text(i, 1);
    t.plan = r.text(i, 2);
    t.scope = r.text(i, 3);
    t.group = r.text(i, 4);
    t.rank = optional_int(r.optional_int64(i, 5));
    t.firm_id = r.optional_int64(i, 6);
    t.indicator_zh = r.text(i, 7);
    t.label_en = r.text(i, 8);
    t.unit = r.text(i, 9);
    t.kind = r.text(i, 10);
    t.measure = r.text(i, 11);
    t.baseline_year = optional_int(r.optional_int64(i, 12));
    t.baseline_value = r.optional_number(i, 13);
    t.baseline_line = optional_int(r.optional_int64(i, 14));
    t.baseline_note = r.text(i, 15);
    t.target_year = optional_int(r.optional_int64(i, 16));
    t.target_low = r.optional_number(i, 17);
    t.target_high = r.optional_number(i, 18);
    t.value_text = r.text(i, 19);
    t.qualifier = r.text(i, 20);
    t.source_line = static_cast<int>(r.int64(i, 21));
    t.issue = r.text(i, 22);
    return t;
}

constexpr std::string_view kActualColumns =
    "SELECT id, target_id, year, value, source, recorded_by, recorded_at FROM plan_actuals ";

PlanActualRecord read_actual(const Rows& r, int i) {
    PlanActualRecord a;
    a.id = r.int64(i, 0);
    a.target_id = r.int64(i, 1);
    a.year = static_cast<int>(r.int64(i, 2));
    a.value = r.number(i, 3);
    a.source = r.text(i, 4);
    a.recorded_by = r.text(i, 5);
    a.recorded_at = r.text(i, 6);
    return a;
}

std::string sql(std::string_view head, std::string_view tail) { return fmt::format("{}{}", head, tail); }

}  // namespace

// ---- firms

namespace {

// The unique columns named before the constraint would answer without the value.
Status check_unique(PgStatsStore& store, const FirmRecord& f) {
    if (f.credit_code) {
        auto same = store.find_firm_by_code(*f.credit_code);
        if (!same) return tl::unexpected(same.error());
        if (*same && (*same)->id != f.id) {
            return fail(ErrorCode::kAlreadyExists,
                        fmt::format("credit code {} is already stored for firm {} ({})", *f.credit_code, (*same)->id,
                                    (*same)->name_zh),
                        "credit_code");
        }
    }
    auto named = store.find_firm_by_name(f.name_zh);
    if (!named) return tl::unexpected(named.error());
    if (*named && (*named)->id != f.id) {
        return fail(ErrorCode::kAlreadyExists,
                    fmt::format("a firm named {} is already stored (firm {})", f.name_zh, (*named)->id), "name_zh");
    }
    return {};
}

Error org_error(const Error& e, const FirmRecord& f) {
    if (e.code == ErrorCode::kFailedPrecondition && f.org_id) {
        return Error{ErrorCode::kNotFound, fmt::format("organisation {} not found", *f.org_id), "org_id"};
    }
    return e;
}

}  // namespace

Result<FirmRecord> PgStatsStore::create_firm(const FirmRecord& f, std::string_view by) {
    Lock lock(c_.mutex());
    FirmRecord out = f;
    auto done = atomically(c_, [&]() -> Status {
        if (auto unique = check_unique(*this, f); !unique) return unique;
        auto rows = c_.query(
            "INSERT INTO firms (credit_code, name_zh, name_en, town, industry, size_class, products, tags, org_id, "
            "source, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            {f.credit_code, f.name_zh, f.name_en, f.town, f.industry, f.size_class, f.products, f.tags, f.org_id,
             f.source, f.created_at, f.updated_at});
        if (!rows) return tl::unexpected(org_error(rows.error(), f));
        out.id = rows->int64(0, 0);
        auto history = c_.query(
            "INSERT INTO firm_history (firm_id, changed_at, changed_by, change_text) VALUES ($1, $2, $3, 'created')",
            {out.id, f.created_at, by});
        if (!history) return tl::unexpected(history.error());
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return out;
}

Result<FirmRecord> PgStatsStore::update_firm(const FirmRecord& f, std::string_view by, std::string_view change) {
    Lock lock(c_.mutex());
    FirmRecord out = f;
    auto done = atomically(c_, [&]() -> Status {
        auto before = find_firm(f.id);
        if (!before) return tl::unexpected(before.error());
        if (!*before) return fail(ErrorCode::kNotFound, fmt::format("firm {} not found", f.id), "id");
        out.created_at = (*before)->created_at;
        if (auto unique = check_unique(*this, f); !unique) return unique;
        auto rows = c_.query(
            "UPDATE firms SET credit_code = $1, name_zh = $2, name_en = $3, town = $4, industry = $5, size_class = $6, "
            "products = $7, tags = $8, org_id = $9, source = $10, updated_at = $11 WHERE id = $12",
            {f.credit_code, f.name_zh, f.name_en, f.town, f.industry, f.size_class, f.products, f.tags, f.org_id,
             f.source, f.updated_at, f.id});
        if (!rows) return tl::unexpected(org_error(rows.error(), f));
        auto history = c_.query(
            "INSERT INTO firm_history (firm_id, changed_at, changed_by, change_text) VALUES ($1, $2, $3, $4)",
            {f.id, f.updated_at, by, change});
        if (!history) return tl::unexpected(history.error());
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return out;
}

Result<std::optional<FirmRecord>> PgStatsStore::find_firm(std::int64_t id) {
    Lock lock(c_.mutex());
    return first_row<FirmRecord>(c_.query(sql(kFirmColumns, "WHERE id = $1"), {id}), read_firm);
}

Result<std::optional<FirmRecord>> PgStatsStore::find_firm_by_name(std::string_view name_zh) {
    Lock lock(c_.mutex());
    return first_row<FirmRecord>(c_.query(sql(kFirmColumns, "WHERE name_zh = $1"), {name_zh}), read_firm);
}

Result<std::optional<FirmRecord>> PgStatsStore::find_firm_by_code(std::string_view credit_code) {
    Lock lock(c_.mutex());
    return first_row<FirmRecord>(c_.query(sql(kFirmColumns, "WHERE credit_code = $1"), {credit_code}), read_firm);
}

Result<std::vector<FirmRecord>> PgStatsStore::list_firms(const FirmFilter& f) {
    Lock lock(c_.mutex());
    return every_row<FirmRecord>(
        c_.query(sql(kFirmColumns,
                     "WHERE id > $1 AND ($2::text IS NULL OR industry = $2) AND ($3::text IS NULL OR "
                     "strpos(';' || tags || ';', ';' || $3 || ';') > 0) ORDER BY id LIMIT $4"),
                 {f.after_id, f.industry, f.tag, f.limit}),
        read_firm);
}

Result<std::vector<FirmChangeRecord>> PgStatsStore::firm_history(std::int64_t firm_id) {
    Lock lock(c_.mutex());
    return every_row<FirmChangeRecord>(
        c_.query("SELECT id, firm_id, changed_at, changed_by, change_text FROM firm_history WHERE firm_id = $1 "
                 "ORDER BY id",
                 {firm_id}),
        [](const Rows& r, int i) {
            return FirmChangeRecord{r.int64(i, 0), r.int64(i, 1), std::string(r.text(i, 2)),
                                    std::string(r.text(i, 3)), std::string(r.text(i, 4))};
        });
}

// ---- plan targets and actuals

Result<std::int64_t> PgStatsStore::insert_targets(std::span<const PlanTargetRecord> targets) {
    Lock lock(c_.mutex());
    std::int64_t inserted = 0;
    auto done = atomically(c_, [&]() -> Status {
        for (const PlanTargetRecord& t : targets) {
            auto rows = c_.query(
                "INSERT INTO plan_targets (target_key, plan, scope, group_name, table_rank, firm_id, indicator_zh, "
                "label_en, unit, kind, measure, baseline_year, baseline_value, baseline_line, baseline_note, "
                "target_year, target_low, target_high, value_text, qualifier, source_line, issue) VALUES ($1, $2, $3, "
                "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) "
                "ON CONFLICT (target_key) DO NOTHING",
                {t.key, t.plan, t.scope, t.group, wide(t.rank), t.firm_id, t.indicator_zh, t.label_en, t.unit, t.kind,
                 t.measure, wide(t.baseline_year), t.baseline_value, wide(t.baseline_line), t.baseline_note,
                 wide(t.target_year), t.target_low, t.target_high, t.value_text, t.qualifier,
                 std::int64_t{t.source_line}, t.issue});
            if (!rows) {
                Error e = rows.error();
                e.message = fmt::format("plan target {}: {}", t.key, e.message);
                return tl::unexpected(std::move(e));
            }
            inserted += rows->affected();
        }
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return inserted;
}

Result<std::vector<PlanTargetRecord>> PgStatsStore::list_targets(const std::optional<std::string>& plan) {
    Lock lock(c_.mutex());
    return every_row<PlanTargetRecord>(
        c_.query(sql(kTargetColumns, "WHERE $1::text IS NULL OR plan = $1 ORDER BY id"), {plan}), read_target);
}

Result<std::optional<PlanTargetRecord>> PgStatsStore::find_target(std::int64_t id) {
    Lock lock(c_.mutex());
    return first_row<PlanTargetRecord>(c_.query(sql(kTargetColumns, "WHERE id = $1"), {id}), read_target);
}

Result<std::optional<PlanTargetRecord>> PgStatsStore::find_target_by_key(std::string_view key) {
    Lock lock(c_.mutex());
    return first_row<PlanTargetRecord>(c_.query(sql(kTargetColumns, "WHERE target_key = $1"), {key}), read_target);
}

Result<PlanActualRecord> PgStatsStore::add_actual(const PlanActualRecord& a) {
    Lock lock(c_.mutex());
    auto target = find_target(a.target_id);
    if (!target) return tl::unexpected(target.error());
    if (!*target) return fail(ErrorCode::kNotFound, fmt::format("plan target {} not found", a.target_id), "target");
    auto rows = c_.query(
        "INSERT INTO plan_actuals (target_id, year, value, source, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, "
        "$5, $6) RETURNING id",
        {a.target_id, std::int64_t{a.year}, a.value, a.source, a.recorded_by, a.recorded_at});
    if (!rows) return tl::unexpected(rows.error());
    PlanActualRecord out = a;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::vector<PlanActualRecord>> PgStatsStore::list_actuals(std::optional<std::int64_t> target_id) {
    Lock lock(c_.mutex());
    return every_row<PlanActualRecord>(
        c_.query(sql(kActualColumns, "WHERE $1::bigint IS NULL OR target_id = $1 ORDER BY id"), {target_id}),
        read_actual);
}

}  // namespace yandian::store::postgres
