#include "store/quality_rows.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace yandian::store::quality_rows {

namespace {

Value text(const std::string& s) { return s; }
Value maybe(const std::optional<std::string>& s) { return s ? Value(*s) : Value(); }
Value maybe(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(); }

}  // namespace

std::vector<Value> values(const QualityEntryRecord& r) {
    return {r.firm_id,         text(r.kind),        text(r.subkind),     text(r.entry_date),  maybe(r.valid_until),
            text(r.outcome),   text(r.retest),      maybe(r.corrects),   text(r.fields_json), text(r.source),
            text(r.entered_by), text(r.entered_at), maybe(r.published_from), maybe(r.published_until),
            maybe(r.retain_until)};
}

std::vector<Value> values(const QualityGradeRecord& r) {
    return {r.firm_id,          text(r.rated_on),    text(r.rules_version), r.score,
            text(r.score_grade), text(r.grade),      text(r.detail_json),   text(r.rated_by),
            text(r.rated_at)};
}

std::vector<Value> values(const BlacklistEventRecord& r) {
    return {r.firm_id,          text(r.action),  text(r.event_date), text(r.decision_no),
            text(r.reasons),    text(r.recorded_by), text(r.recorded_at)};
}

std::vector<Value> values(const ObjectionRecord& r) {
    return {r.firm_id,        r.entry_id,         text(r.filed_on),         std::int64_t{r.other_units ? 1 : 0},
            text(r.deadline), text(r.grounds),    text(r.filed_by),         text(r.status),
            maybe(r.decided_on), text(r.decision_reasons), text(r.decided_by)};
}

std::string insert_sql(std::string_view table, std::string_view columns) {
    const auto n = std::count(columns.begin(), columns.end(), ',') + 1;
    std::string placeholders;
    for (long i = 1; i <= n; ++i) placeholders += fmt::format("{}?{}", i == 1 ? "" : ", ", i);
    return fmt::format("INSERT INTO {} ({}) VALUES ({})", table, columns, placeholders);
}

std::string select_sql(std::string_view table, std::string_view columns) {
    return fmt::format("SELECT id, {} FROM {} ", columns, table);
}

std::string dollar_placeholders(std::string_view sql) {
    std::string out(sql);
    std::replace(out.begin(), out.end(), '?', '$');
    return out;
}

}  // namespace yandian::store::quality_rows
