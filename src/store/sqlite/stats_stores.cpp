#include "store/sqlite/stats_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kFirmColumns =
    "SELECT id, credit_code, name_zh, name_en, town, industry, size_class, products, tags, org_id, source, "
    "created_at, updated_at FROM firms ";

FirmRecord read_firm(const Statement& s) {
    FirmRecord f;
    f.id = s.column_int64(0);
    f.credit_code = s.column_optional_text(1);
    f.name_zh = s.column_text(2);
    f.name_en = s.column_text(3);
    f.town = s.column_text(4);
    f.industry = s.column_text(5);
    f.size_class = s.column_text(6);
    f.products = s.column_text(7);
    f.tags = s.column_text(8);
    f.org_id = s.column_optional_int64(9);
    f.source = s.column_text(10);
    f.created_at = s.column_text(11);
    f.updated_at = s.column_text(12);
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

PlanTargetRecord read_target(const Statement& s) {
    PlanTargetRecord t;
    t.id = s.column_int64(0);
    t.key = s.column_text(1);
    t.plan = s.column_text(2);
    t.scope = s.column_text(3);
    t.group = s.column_text(4);
    t.rank = optional_int(s.column_optional_int64(5));
    t.firm_id = s.column_optional_int64(6);
    t.indicator_zh = s.column_text(7);
    t.label_en = s.column_text(8);
    t.unit = s.column_text(9);
    t.kind = s.column_text(10);
    t.measure = s.column_text(11);
    t.baseline_year = optional_int(s.column_optional_int64(12));
    t.baseline_value = s.column_optional_double(13);
    t.baseline_line = optional_int(s.column_optional_int64(14));
    t.baseline_note = s.column_text(15);
    t.target_year = optional_int(s.column_optional_int64(16));
    t.target_low = s.column_optional_double(17);
    t.target_high = s.column_optional_double(18);
    t.value_text = s.column_text(19);
    t.qualifier = s.column_text(20);
    t.source_line = static_cast<int>(s.column_int64(21));
    t.issue = s.column_text(22);
    return t;
}

constexpr std::string_view kActualColumns =
    "SELECT id, target_id, year, value, source, recorded_by, recorded_at FROM plan_actuals ";

PlanActualRecord read_actual(const Statement& s) {
    PlanActualRecord a;
    a.id = s.column_int64(0);
    a.target_id = s.column_int64(1);
    a.year = static_cast<int>(s.column_int64(2));
    a.value = s.column_double(3);
    a.source = s.column_text(4);
    a.recorded_by = s.column_text(5);
    a.recorded_at = s.column_text(6);
    return a;
}

std::string sql(std::string_view head, std::string_view tail) { return fmt::format("{}{}", head, tail); }

}  // namespace

// ---- firms

Status SqliteStatsStore::write_firm(const FirmRecord& f, bool insert, std::int64_t& id) {
    // Clear messages for the two unique columns before the constraint would answer without naming the value.
    if (f.credit_code) {
        auto same = find_firm_by_code(*f.credit_code);
        if (!same) return tl::unexpected(same.error());
        if (*same && (*same)->id != f.id) {
            return fail(ErrorCode::kAlreadyExists,
                        fmt::format("credit code {} is already stored for firm {} ({})", *f.credit_code, (*same)->id,
                                    (*same)->name_zh),
                        "credit_code");
        }
    }
    auto named = find_firm_by_name(f.name_zh);
    if (!named) return tl::unexpected(named.error());
    if (*named && (*named)->id != f.id) {
        return fail(ErrorCode::kAlreadyExists,
                    fmt::format("a firm named {} is already stored (firm {})", f.name_zh, (*named)->id), "name_zh");
    }
    auto s = insert ? c_.prepare(
                          "INSERT INTO firms (credit_code, name_zh, name_en, town, industry, size_class, products, tags, "
                          "org_id, source, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                          "?11, ?12)")
                    : c_.prepare(
                          "UPDATE firms SET credit_code = ?1, name_zh = ?2, name_en = ?3, town = ?4, industry = ?5, "
                          "size_class = ?6, products = ?7, tags = ?8, org_id = ?9, source = ?10, updated_at = ?12 "
                          "WHERE id = ?13");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, f.credit_code)
        .bind(2, std::string_view(f.name_zh))
        .bind(3, std::string_view(f.name_en))
        .bind(4, std::string_view(f.town))
        .bind(5, std::string_view(f.industry))
        .bind(6, std::string_view(f.size_class))
        .bind(7, std::string_view(f.products))
        .bind(8, std::string_view(f.tags))
        .bind(9, f.org_id)
        .bind(10, std::string_view(f.source))
        .bind(11, std::string_view(f.created_at))
        .bind(12, std::string_view(f.updated_at));
    if (!insert) s->bind(13, f.id);
    if (auto done = s->run(); !done) {
        if (done.error().code == ErrorCode::kFailedPrecondition && f.org_id) {
            return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", *f.org_id), "org_id");
        }
        return done;
    }
    if (insert) {
        id = c_.last_insert_rowid();
    } else if (c_.changes() == 0) {
        return fail(ErrorCode::kNotFound, fmt::format("firm {} not found", f.id), "id");
    }
    return {};
}

Result<FirmRecord> SqliteStatsStore::create_firm(const FirmRecord& firm, std::string_view by) {
    Lock lock(c_.mutex());
    FirmRecord out = firm;
    if (auto begun = c_.exec("SAVEPOINT firm_write"); !begun) return tl::unexpected(begun.error());
    auto done = [&]() -> Status {
        if (auto w = write_firm(firm, true, out.id); !w) return w;
        auto h = c_.prepare(
            "INSERT INTO firm_history (firm_id, changed_at, changed_by, change_text) VALUES (?1, ?2, ?3, 'created')");
        if (!h) return tl::unexpected(h.error());
        h->bind(1, out.id).bind(2, std::string_view(firm.created_at)).bind(3, by);
        return h->run();
    }();
    if (!done) {
        (void)c_.exec("ROLLBACK TO firm_write; RELEASE firm_write");
        return tl::unexpected(done.error());
    }
    if (auto released = c_.exec("RELEASE firm_write"); !released) return tl::unexpected(released.error());
    return out;
}

Result<FirmRecord> SqliteStatsStore::update_firm(const FirmRecord& firm, std::string_view by,
                                                 std::string_view change) {
    Lock lock(c_.mutex());
    auto before = find_firm(firm.id);
    if (!before) return tl::unexpected(before.error());
    if (!*before) return fail(ErrorCode::kNotFound, fmt::format("firm {} not found", firm.id), "id");
    FirmRecord out = firm;
    out.created_at = (*before)->created_at;
    if (auto begun = c_.exec("SAVEPOINT firm_write"); !begun) return tl::unexpected(begun.error());
    auto done = [&]() -> Status {
        std::int64_t unused = 0;
        if (auto w = write_firm(out, false, unused); !w) return w;
        auto h = c_.prepare(
            "INSERT INTO firm_history (firm_id, changed_at, changed_by, change_text) VALUES (?1, ?2, ?3, ?4)");
        if (!h) return tl::unexpected(h.error());
        h->bind(1, firm.id).bind(2, std::string_view(firm.updated_at)).bind(3, by).bind(4, change);
        return h->run();
    }();
    if (!done) {
        (void)c_.exec("ROLLBACK TO firm_write; RELEASE firm_write");
        return tl::unexpected(done.error());
    }
    if (auto released = c_.exec("RELEASE firm_write"); !released) return tl::unexpected(released.error());
    return out;
}

Result<std::optional<FirmRecord>> SqliteStatsStore::find_firm(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kFirmColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<FirmRecord>(*s, read_firm);
}

Result<std::optional<FirmRecord>> SqliteStatsStore::find_firm_by_name(std::string_view name_zh) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kFirmColumns, "WHERE name_zh = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, name_zh);
    return one_row<FirmRecord>(*s, read_firm);
}

Result<std::optional<FirmRecord>> SqliteStatsStore::find_firm_by_code(std::string_view credit_code) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kFirmColumns, "WHERE credit_code = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, credit_code);
    return one_row<FirmRecord>(*s, read_firm);
}

Result<std::vector<FirmRecord>> SqliteStatsStore::list_firms(const FirmFilter& f) {
    Lock lock(c_.mutex());
    // Tags are ';'-separated: a tag matches as a whole item.
    auto s = c_.prepare(sql(kFirmColumns,
                            "WHERE id > ?1 AND (?2 IS NULL OR industry = ?2) AND (?3 IS NULL OR "
                            "instr(';' || tags || ';', ';' || ?3 || ';') > 0) ORDER BY id LIMIT ?4"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, f.after_id).bind(2, f.industry).bind(3, f.tag).bind(4, f.limit);
    return all_rows<FirmRecord>(*s, read_firm);
}

Result<std::vector<FirmChangeRecord>> SqliteStatsStore::firm_history(std::int64_t firm_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT id, firm_id, changed_at, changed_by, change_text FROM firm_history WHERE firm_id = ?1 ORDER BY id");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, firm_id);
    return all_rows<FirmChangeRecord>(*s, [](const Statement& r) {
        return FirmChangeRecord{r.column_int64(0), r.column_int64(1), r.column_text(2), r.column_text(3),
                                r.column_text(4)};
    });
}

// ---- plan targets and actuals

Result<std::int64_t> SqliteStatsStore::insert_targets(std::span<const PlanTargetRecord> targets) {
    Lock lock(c_.mutex());
    std::int64_t inserted = 0;
    if (auto begun = c_.exec("SAVEPOINT plan_target_insert"); !begun) return tl::unexpected(begun.error());
    auto rollback = [&](const Error& error) -> Result<std::int64_t> {
        (void)c_.exec("ROLLBACK TO plan_target_insert; RELEASE plan_target_insert");
        return tl::unexpected(error);
    };
    for (const PlanTargetRecord& t : targets) {
        auto s = c_.prepare(
            "INSERT INTO plan_targets (target_key, plan, scope, group_name, table_rank, firm_id, indicator_zh, "
            "label_en, unit, kind, measure, baseline_year, baseline_value, baseline_line, baseline_note, target_year, "
            "target_low, target_high, value_text, qualifier, source_line, issue) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
            "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) ON CONFLICT (target_key) DO "
            "NOTHING");
        if (!s) return rollback(s.error());
        s->bind(1, std::string_view(t.key))
            .bind(2, std::string_view(t.plan))
            .bind(3, std::string_view(t.scope))
            .bind(4, std::string_view(t.group))
            .bind(5, wide(t.rank))
            .bind(6, t.firm_id)
            .bind(7, std::string_view(t.indicator_zh))
            .bind(8, std::string_view(t.label_en))
            .bind(9, std::string_view(t.unit))
            .bind(10, std::string_view(t.kind))
            .bind(11, std::string_view(t.measure))
            .bind(12, wide(t.baseline_year))
            .bind(13, t.baseline_value)
            .bind(14, wide(t.baseline_line))
            .bind(15, std::string_view(t.baseline_note))
            .bind(16, wide(t.target_year))
            .bind(17, t.target_low)
            .bind(18, t.target_high)
            .bind(19, std::string_view(t.value_text))
            .bind(20, std::string_view(t.qualifier))
            .bind(21, std::int64_t{t.source_line})
            .bind(22, std::string_view(t.issue));
        if (auto done = s->run(); !done) {
            Error e = done.error();
            e.message = fmt::format("plan target {}: {}", t.key, e.message);
            return rollback(e);
        }
        inserted += c_.changes();
    }
    if (auto released = c_.exec("RELEASE plan_target_insert"); !released) return rollback(released.error());
    return inserted;
}

Result<std::vector<PlanTargetRecord>> SqliteStatsStore::list_targets(const std::optional<std::string>& plan) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kTargetColumns, "WHERE ?1 IS NULL OR plan = ?1 ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, plan);
    return all_rows<PlanTargetRecord>(*s, read_target);
}

Result<std::optional<PlanTargetRecord>> SqliteStatsStore::find_target(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kTargetColumns, "WHERE id = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<PlanTargetRecord>(*s, read_target);
}

Result<std::optional<PlanTargetRecord>> SqliteStatsStore::find_target_by_key(std::string_view key) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kTargetColumns, "WHERE target_key = ?1"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, key);
    return one_row<PlanTargetRecord>(*s, read_target);
}

Result<PlanActualRecord> SqliteStatsStore::add_actual(const PlanActualRecord& a) {
    Lock lock(c_.mutex());
    auto target = find_target(a.target_id);
    if (!target) return tl::unexpected(target.error());
    if (!*target) return fail(ErrorCode::kNotFound, fmt::format("plan target {} not found", a.target_id), "target");
    auto s = c_.prepare(
        "INSERT INTO plan_actuals (target_id, year, value, source, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, a.target_id)
        .bind(2, std::int64_t{a.year})
        .bind(3, a.value)
        .bind(4, std::string_view(a.source))
        .bind(5, std::string_view(a.recorded_by))
        .bind(6, std::string_view(a.recorded_at));
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    PlanActualRecord out = a;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<PlanActualRecord>> SqliteStatsStore::list_actuals(std::optional<std::int64_t> target_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(sql(kActualColumns, "WHERE ?1 IS NULL OR target_id = ?1 ORDER BY id"));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, target_id);
    return all_rows<PlanActualRecord>(*s, read_actual);
}

}  // namespace yandian::store::sqlite
