#include "store/postgres/quality_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/quality_rows.hpp"

namespace yandian::store::postgres {

namespace q = quality_rows;

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

// The row accessor quality_rows reads through: row `i` of a result.
struct Row {
    const Rows& r;
    int i;
    std::int64_t int64(int c) const { return r.int64(i, c); }
    std::string text(int c) const { return std::string(r.text(i, c)); }
    std::optional<std::string> optional_text(int c) const { return r.optional_text(i, c); }
    std::optional<std::int64_t> optional_int64(int c) const { return r.optional_int64(i, c); }
};

std::vector<Param> params(const std::vector<q::Value>& values) {
    std::vector<Param> out;
    for (const q::Value& v : values) {
        if (const auto* n = std::get_if<std::int64_t>(&v)) {
            out.emplace_back(*n);
        } else if (const auto* t = std::get_if<std::string>(&v)) {
            out.emplace_back(*t);
        } else {
            out.emplace_back(std::nullopt);
        }
    }
    return out;
}

Result<std::int64_t> insert(Connection& c, std::string_view table, std::string_view columns,
                            const std::vector<q::Value>& values, std::string_view what) {
    auto rows = c.query(q::dollar_placeholders(q::insert_sql(table, columns)) + " RETURNING id", params(values));
    if (!rows) {
        if (rows.error().code == ErrorCode::kFailedPrecondition) {
            return fail(ErrorCode::kNotFound, fmt::format("{}: {}", what, rows.error().message), "firm");
        }
        return tl::unexpected(rows.error());
    }
    return rows->int64(0, 0);
}

template <class T, class Read>
Result<std::vector<T>> query_rows(Connection& c, const std::string& sql, const std::vector<q::Value>& values,
                                  Read read) {
    auto rows = c.query(q::dollar_placeholders(sql), params(values));
    if (!rows) return tl::unexpected(rows.error());
    std::vector<T> out;
    for (int i = 0; i < rows->size(); ++i) out.push_back(read(Row{*rows, i}));
    return out;
}

std::vector<q::Value> firm_filter(std::optional<std::int64_t> firm_id) {
    return firm_id ? std::vector<q::Value>{*firm_id} : std::vector<q::Value>{};
}

}  // namespace

Result<QualityEntryRecord> PgQualityStore::append_entry(const QualityEntryRecord& entry) {
    Lock lock(c_.mutex());
    auto id = insert(c_, q::kEntryTable, q::kEntryColumns, q::values(entry),
                     fmt::format("firm {} or corrected entry not found", entry.firm_id));
    if (!id) return tl::unexpected(id.error());
    QualityEntryRecord out = entry;
    out.id = *id;
    return out;
}

Result<std::optional<QualityEntryRecord>> PgQualityStore::find_entry(std::int64_t id) {
    Lock lock(c_.mutex());
    auto rows = query_rows<QualityEntryRecord>(c_, q::select_sql(q::kEntryTable, q::kEntryColumns) + "WHERE id = ?1",
                                           {id}, q::read_entry<Row>);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<QualityEntryRecord>();
    return std::optional<QualityEntryRecord>(rows->front());
}

Result<std::vector<QualityEntryRecord>> PgQualityStore::list_entries(std::optional<std::int64_t> firm_id) {
    Lock lock(c_.mutex());
    return query_rows<QualityEntryRecord>(c_,
                                      q::select_sql(q::kEntryTable, q::kEntryColumns) +
                                          (firm_id ? "WHERE firm_id = ?1 ORDER BY id" : "ORDER BY id"),
                                      firm_filter(firm_id), q::read_entry<Row>);
}

Result<QualityGradeRecord> PgQualityStore::add_grade(const QualityGradeRecord& grade) {
    Lock lock(c_.mutex());
    auto id = insert(c_, q::kGradeTable, q::kGradeColumns, q::values(grade),
                     fmt::format("firm {} not found", grade.firm_id));
    if (!id) return tl::unexpected(id.error());
    QualityGradeRecord out = grade;
    out.id = *id;
    return out;
}

Result<std::vector<QualityGradeRecord>> PgQualityStore::grade_history(std::int64_t firm_id) {
    Lock lock(c_.mutex());
    return query_rows<QualityGradeRecord>(c_, q::select_sql(q::kGradeTable, q::kGradeColumns) +
                                              "WHERE firm_id = ?1 ORDER BY id",
                                      {firm_id}, q::read_grade<Row>);
}

Result<BlacklistEventRecord> PgQualityStore::add_blacklist_event(const BlacklistEventRecord& event) {
    Lock lock(c_.mutex());
    auto id = insert(c_, q::kBlacklistTable, q::kBlacklistColumns, q::values(event),
                     fmt::format("firm {} not found", event.firm_id));
    if (!id) return tl::unexpected(id.error());
    BlacklistEventRecord out = event;
    out.id = *id;
    return out;
}

Result<std::vector<BlacklistEventRecord>> PgQualityStore::blacklist_events(std::optional<std::int64_t> firm_id) {
    Lock lock(c_.mutex());
    return query_rows<BlacklistEventRecord>(c_,
                                        q::select_sql(q::kBlacklistTable, q::kBlacklistColumns) +
                                            (firm_id ? "WHERE firm_id = ?1 ORDER BY id" : "ORDER BY id"),
                                        firm_filter(firm_id), q::read_blacklist<Row>);
}

Result<ObjectionRecord> PgQualityStore::file_objection(const ObjectionRecord& objection) {
    Lock lock(c_.mutex());
    auto id = insert(c_, q::kObjectionTable, q::kObjectionColumns, q::values(objection),
                     fmt::format("firm {} or entry {} not found", objection.firm_id, objection.entry_id));
    if (!id) return tl::unexpected(id.error());
    ObjectionRecord out = objection;
    out.id = *id;
    return out;
}

Result<ObjectionRecord> PgQualityStore::decide_objection(const ObjectionRecord& d) {
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
    auto updated = c_.query(
        "UPDATE quality_objections SET status = $1, decided_on = $2, decision_reasons = $3, decided_by = $4 "
        "WHERE id = $5 AND status = 'open'",
        params({d.status, q::Value(d.decided_on.value_or("")), d.decision_reasons, d.decided_by, d.id}));
    if (!updated) return tl::unexpected(updated.error());
    if (updated->affected() == 0) {
        return fail(ErrorCode::kNotFound, fmt::format("open objection {} not found", d.id), "id");
    }
    auto after = find_objection(d.id);
    if (!after) return tl::unexpected(after.error());
    return **after;
}

Result<std::optional<ObjectionRecord>> PgQualityStore::find_objection(std::int64_t id) {
    Lock lock(c_.mutex());
    auto rows = query_rows<ObjectionRecord>(
        c_, q::select_sql(q::kObjectionTable, q::kObjectionColumns) + "WHERE id = ?1", {id}, q::read_objection<Row>);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<ObjectionRecord>();
    return std::optional<ObjectionRecord>(rows->front());
}

Result<std::vector<ObjectionRecord>> PgQualityStore::list_objections(std::optional<std::int64_t> firm_id,
                                                                         bool open_only) {
    Lock lock(c_.mutex());
    std::string where = firm_id ? "WHERE firm_id = ?1" : "WHERE 1 = 1";
    if (open_only) where += " AND status = 'open'";
    return query_rows<ObjectionRecord>(c_, q::select_sql(q::kObjectionTable, q::kObjectionColumns) + where + " ORDER BY id",
                                   firm_filter(firm_id), q::read_objection<Row>);
}

}  // namespace yandian::store::postgres
