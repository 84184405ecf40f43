#include "store/sqlite/quality_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/quality_rows.hpp"
#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace q = quality_rows;

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

// The row accessor quality_rows reads through.
struct Row {
    const Statement& s;
    std::int64_t int64(int c) const { return s.column_int64(c); }
    std::string text(int c) const { return s.column_text(c); }
    std::optional<std::string> optional_text(int c) const { return s.column_optional_text(c); }
    std::optional<std::int64_t> optional_int64(int c) const { return s.column_optional_int64(c); }
};

void bind_all(Statement& s, const std::vector<q::Value>& values, int first = 1) {
    int i = first;
    for (const q::Value& v : values) {
        if (const auto* n = std::get_if<std::int64_t>(&v)) {
            s.bind(i, *n);
        } else if (const auto* t = std::get_if<std::string>(&v)) {
            s.bind(i, std::string_view(*t));
        } else {
            s.bind(i, std::optional<std::string>());
        }
        ++i;
    }
}

Result<std::int64_t> insert(Connection& c, std::string_view table, std::string_view columns,
                            const std::vector<q::Value>& values, std::string_view what) {
    auto s = c.prepare(q::insert_sql(table, columns));
    if (!s) return tl::unexpected(s.error());
    bind_all(*s, values);
    if (auto done = s->run(); !done) {
        if (done.error().code == ErrorCode::kFailedPrecondition) {
            return fail(ErrorCode::kNotFound, fmt::format("{}: {}", what, done.error().message), "firm");
        }
        return tl::unexpected(done.error());
    }
    return c.last_insert_rowid();
}

template <class T, class Read>
Result<std::vector<T>> query_rows(Connection& c, const std::string& sql, const std::vector<q::Value>& values, Read read) {
    auto s = c.prepare(sql);
    if (!s) return tl::unexpected(s.error());
    bind_all(*s, values);
    return all_rows<T>(*s, [&](const Statement& st) { return read(Row{st}); });
}

std::vector<q::Value> firm_filter(std::optional<std::int64_t> firm_id) {
    return firm_id ? std::vector<q::Value>{*firm_id} : std::vector<q::Value>{};
}

}  // namespace

Result<QualityEntryRecord> SqliteQualityStore::append_entry(const QualityEntryRecord& entry) {
    Lock lock(c_.mutex());
    auto id = insert(c_, q::kEntryTable, q::kEntryColumns, q::values(entry),
                     fmt::format("firm {} or corrected entry not found", entry.firm_id));
    if (!id) return tl::unexpected(id.error());
    QualityEntryRecord out = entry;
    out.id = *id;
    return out;
}

Result<std::optional<QualityEntryRecord>> SqliteQualityStore::find_entry(std::int64_t id) {
    Lock lock(c_.mutex());
    auto rows = query_rows<QualityEntryRecord>(c_, q::select_sql(q::kEntryTable, q::kEntryColumns) + "WHERE id = ?1",
                                           {id}, q::read_entry<Row>);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<QualityEntryRecord>();
    return std::optional<QualityEntryRecord>(rows->front());
}

Result<std::vector<QualityEntryRecord>> SqliteQualityStore::list_entries(std::optional<std::int64_t> firm_id) {
    Lock lock(c_.mutex());
    return query_rows<QualityEntryRecord>(c_,
                                      q::select_sql(q::kEntryTable, q::kEntryColumns) +
                                          (firm_id ? "WHERE firm_id = ?1 ORDER BY id" : "ORDER BY id"),
                                      firm_filter(firm_id), q::read_entry<Row>);
}

Result<QualityGradeRecord> SqliteQualityStore::add_grade(const QualityGradeRecord& grade) {
    Lock lock(c_.mutex());
    auto id = insert(c_, q::kGradeTable, q::kGradeColumns, q::values(grade),
                     fmt::format("firm {} not found", grade.firm_id));
    if (!id) return tl::unexpected(id.error());
    QualityGradeRecord out = grade;
    out.id = *id;
    return out;
}

Result<std::vector<QualityGradeRecord>> SqliteQualityStore::grade_history(std::int64_t firm_id) {
    Lock lock(c_.mutex());
    return query_rows<QualityGradeRecord>(c_, q::select_sql(q::kGradeTable, q::kGradeColumns) +
                                              "WHERE firm_id = ?1 ORDER BY id",
                                      {firm_id}, q::read_grade<Row>);
}

Result<BlacklistEventRecord> SqliteQualityStore::add_blacklist_event(const BlacklistEventRecord& event) {
    Lock lock(c_.mutex());
    auto id = insert(c_, q::kBlacklistTable, q::kBlacklistColumns, q::values(event),
                     fmt::format("firm {} not found", event.firm_id));
    if (!id) return tl::unexpected(id.error());
    BlacklistEventRecord out = event;
    out.id = *id;
    return out;
}

Result<std::vector<BlacklistEventRecord>> SqliteQualityStore::blacklist_events(std::optional<std::int64_t> firm_id) {
    Lock lock(c_.mutex());
    return query_rows<BlacklistEventRecord>(c_,
                                        q::select_sql(q::kBlacklistTable, q::kBlacklistColumns) +
                                            (firm_id ? "WHERE firm_id = ?1 ORDER BY id" : "ORDER BY id"),
                                        firm_filter(firm_id), q::read_blacklist<Row>);
}

Result<ObjectionRecord> SqliteQualityStore::file_objection(const ObjectionRecord& objection) {
    Lock lock(c_.mutex());
    auto id = insert(c_, q::kObjectionTable, q::kObjectionColumns, q::values(objection),
                     fmt::format("firm {} or entry {} not found", objection.firm_id, objection.entry_id));
    if (!id) return tl::unexpected(id.error());
    ObjectionRecord out = objection;
    out.id = *id;
    return out;
}

Result<ObjectionRecord> SqliteQualityStore::decide_objection(const ObjectionRecord& d) {
    Lock lock(c_.mutex());
    auto before = find_objection(d.id);
    if (!before) return tl::unexpected(before.error());
    if (!*before) return fail(ErrorCode::kNotFound, fmt::format("objection {} not found", d.id), "id");
    if ((*before)->status != "open") {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("objection {} is already decided ({} on {})", d.id, (*before)->status,
                                (*before)->decided_on.value_or("?")),
                    "id");
    }
    auto s = c_.prepare(
        "UPDATE quality_objections SET status = ?1, decided_on = ?2, decision_reasons = ?3, decided_by = ?4 "
        "WHERE id = ?5 AND status = 'open'");
    if (!s) return tl::unexpected(s.error());
    bind_all(*s, {d.status, q::Value(d.decided_on.value_or("")), d.decision_reasons, d.decided_by, d.id});
    if (auto done = one_row_changed(c_, *s, "open objection", d.id); !done) return tl::unexpected(done.error());
    auto after = find_objection(d.id);
    if (!after) return tl::unexpected(after.error());
    return **after;
}

Result<std::optional<ObjectionRecord>> SqliteQualityStore::find_objection(std::int64_t id) {
    Lock lock(c_.mutex());
    auto rows = query_rows<ObjectionRecord>(
        c_, q::select_sql(q::kObjectionTable, q::kObjectionColumns) + "WHERE id = ?1", {id}, q::read_objection<Row>);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<ObjectionRecord>();
    return std::optional<ObjectionRecord>(rows->front());
}

Result<std::vector<ObjectionRecord>> SqliteQualityStore::list_objections(std::optional<std::int64_t> firm_id,
                                                                         bool open_only) {
    Lock lock(c_.mutex());
    std::string where = firm_id ? "WHERE firm_id = ?1" : "WHERE 1 = 1";
    if (open_only) where += " AND status = 'open'";
    return query_rows<ObjectionRecord>(c_, q::select_sql(q::kObjectionTable, q::kObjectionColumns) + where + " ORDER BY id",
                                   firm_filter(firm_id), q::read_objection<Row>);
}

}  // namespace yandian::store::sqlite
