#pragma once
// Rows of the quality store shared by both engines: the column lists, the values of a record in column order and
// the reading of a row, written once over an engine's row accessor (text, optional_text, int64, optional_int64 by
// column index). The SQL uses ?N placeholders; PostgreSQL turns them into $N (dollar_placeholders).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/quality_store.hpp"

namespace yandian::store::quality_rows {

// NULL, an integer or a text: what the quality tables hold.
using Value = std::variant<std::monostate, std::int64_t, std::string>;

inline constexpr std::string_view kEntryTable = "quality_entries";
inline constexpr std::string_view kEntryColumns =
    "firm_id, kind, subkind, entry_date, valid_until, outcome, retest, corrects, fields_json, source, entered_by, "
    "entered_at, published_from, published_until, retain_until";
inline constexpr std::string_view kGradeTable = "quality_grades";
inline constexpr std::string_view kGradeColumns =
    "firm_id, rated_on, rules_version, score, score_grade, grade, detail_json, rated_by, rated_at";
inline constexpr std::string_view kBlacklistTable = "quality_blacklist";
inline constexpr std::string_view kBlacklistColumns =
    "firm_id, action, event_date, decision_no, reasons, recorded_by, recorded_at";
inline constexpr std::string_view kObjectionTable = "quality_objections";
inline constexpr std::string_view kObjectionColumns =
    "firm_id, entry_id, filed_on, other_units, deadline, grounds, filed_by, status, decided_on, decision_reasons, "
    "decided_by";

std::vector<Value> values(const QualityEntryRecord& r);
std::vector<Value> values(const QualityGradeRecord& r);
std::vector<Value> values(const BlacklistEventRecord& r);
std::vector<Value> values(const ObjectionRecord& r);

// "INSERT INTO table (columns) VALUES (?1, ..., ?n)".
std::string insert_sql(std::string_view table, std::string_view columns);
// "SELECT id, columns FROM table " (followed by the caller's WHERE/ORDER BY).
std::string select_sql(std::string_view table, std::string_view columns);
// ?N -> $N.
std::string dollar_placeholders(std::string_view sql);

inline std::optional<std::string> opt(const Value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return std::nullopt;
}

// Column 0 is the id; the record's columns follow in the order of the column lists above.
template <class Row>
QualityEntryRecord read_entry(const Row& r) {
    QualityEntryRecord e;
    e.id = r.int64(0);
    e.firm_id = r.int64(1);
    e.kind = r.text(2);
    e.subkind = r.text(3);
    e.entry_date = r.text(4);
    e.valid_until = r.optional_text(5);
    e.outcome = r.text(6);
    e.retest = r.text(7);
    e.corrects = r.optional_int64(8);
    e.fields_json = r.text(9);
    e.source = r.text(10);
    e.entered_by = r.text(11);
    e.entered_at = r.text(12);
    e.published_from = r.optional_text(13);
    e.published_until = r.optional_text(14);
    e.retain_until = r.optional_text(15);
    return e;
}

template <class Row>
QualityGradeRecord read_grade(const Row& r) {
    QualityGradeRecord g;
    g.id = r.int64(0);
    g.firm_id = r.int64(1);
    g.rated_on = r.text(2);
    g.rules_version = r.text(3);
    g.score = r.int64(4);
    g.score_grade = r.text(5);
    g.grade = r.text(6);
    g.detail_json = r.text(7);
    g.rated_by = r.text(8);
    g.rated_at = r.text(9);
    return g;
}

template <class Row>
BlacklistEventRecord read_blacklist(const Row& r) {
    BlacklistEventRecord b;
    b.id = r.int64(0);
    b.firm_id = r.int64(1);
    b.action = r.text(2);
    b.event_date = r.text(3);
    b.decision_no = r.text(4);
    b.reasons = r.text(5);
    b.recorded_by = r.text(6);
    b.recorded_at = r.text(7);
    return b;
}

template <class Row>
ObjectionRecord read_objection(const Row& r) {
    ObjectionRecord o;
    o.id = r.int64(0);
    o.firm_id = r.int64(1);
    o.entry_id = r.int64(2);
    o.filed_on = r.text(3);
    o.other_units = r.int64(4) != 0;
    o.deadline = r.text(5);
    o.grounds = r.text(6);
    o.filed_by = r.text(7);
    o.status = r.text(8);
    o.decided_on = r.optional_text(9);
    o.decision_reasons = r.text(10);
    o.decided_by = r.text(11);
    return o;
}

}  // namespace yandian::store::quality_rows
