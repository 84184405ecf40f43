#include "stats/plan_tables.hpp"

#include <fmt/format.h>

#include <charconv>

#include "common/csv.hpp"
#include "stats/embedded_tables.hpp"

namespace yandian::stats {

namespace {

// Reads the cells of one row by column name, failing with the table, line and column of a bad cell.
class Cells {
  public:
    Cells(std::string_view table, const csv::Table& t, std::size_t row) : table_(table), t_(t), row_(row) {}

    Result<std::string> text(std::string_view column) const {
        auto at = t_.column(column);
        if (!at) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("{}: no column '{}'", table_, column),
                        std::string(column));
        }
        return t_.rows[row_][*at];
    }
    Result<std::optional<double>> number(std::string_view column) const {
        auto cell = text(column);
        if (!cell) return tl::unexpected(cell.error());
        if (cell->empty()) return std::optional<double>();
        auto v = csv::parse_double(*cell, t_.row_lines[row_], column);
        if (!v) return tl::unexpected(where(v.error()));
        return std::optional<double>(*v);
    }
    Result<std::optional<int>> integer(std::string_view column) const {
        auto cell = text(column);
        if (!cell) return tl::unexpected(cell.error());
        if (cell->empty()) return std::optional<int>();
        int v = 0;
        const char* end = cell->data() + cell->size();
        auto [ptr, ec] = std::from_chars(cell->data(), end, v);
        if (ec != std::errc() || ptr != end) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("{} line {}, column {}: '{}' is not a whole number", table_, t_.row_lines[row_],
                                    column, *cell),
                        std::string(column));
        }
        return std::optional<int>(v);
    }
    template <class T>
    Result<T> required(Result<std::optional<T>> v, std::string_view column) const {
        if (!v) return tl::unexpected(v.error());
        if (!*v) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("{} line {}, column {}: empty", table_, t_.row_lines[row_], column),
                        std::string(column));
        }
        return **v;
    }

  private:
    Error where(Error e) const {
        e.message = fmt::format("{}: {}", table_, e.message);
        return e;
    }
    std::string_view table_;
    const csv::Table& t_;
    std::size_t row_;
};

#define YD_TRY(var, expr)                                  \
    auto var##_r = (expr);                                 \
    if (!var##_r) return tl::unexpected(var##_r.error()); \
    auto var = std::move(*var##_r)

Result<csv::Table> parse_table(std::string_view name, std::string_view text) {
    auto t = csv::parse(text);
    if (!t) {
        Error e = t.error();
        e.message = fmt::format("{}: {}", name, e.message);
        return tl::unexpected(std::move(e));
    }
    return t;
}

}  // namespace

Result<std::vector<PlanTargetRow>> read_plan_targets(std::string_view csv_text) {
    YD_TRY(t, parse_table("targets", csv_text));
    std::vector<PlanTargetRow> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Cells c("targets", t, i);
        PlanTargetRow r;
        YD_TRY(key, c.text("key"));
        YD_TRY(plan, c.text("plan"));
        YD_TRY(indicator, c.text("indicator_zh"));
        YD_TRY(label, c.text("label_en"));
        YD_TRY(unit, c.text("unit"));
        YD_TRY(kind, c.text("kind"));
        YD_TRY(measure_text, c.text("measure"));
        YD_TRY(baseline_year, c.integer("baseline_year"));
        YD_TRY(baseline_value, c.number("baseline_value"));
        YD_TRY(baseline_line, c.integer("baseline_line"));
        YD_TRY(basis, c.text("baseline_year_basis"));
        YD_TRY(target_year, c.integer("target_year"));
        YD_TRY(low, c.number("target_low"));
        YD_TRY(high, c.number("target_high"));
        YD_TRY(value_text, c.text("value_text"));
        YD_TRY(qualifier, c.text("qualifier"));
        YD_TRY(line, c.required(c.integer("line"), "line"));
        YD_TRY(issue, c.text("issue"));
        auto measure = parse_measure(measure_text);
        if (!measure) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("targets line {}: {}", t.row_lines[i], measure.error().message), "measure");
        }
        if (key.empty()) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("targets line {}: empty key", t.row_lines[i]), "key");
        }
        r.key = key;
        r.plan = plan;
        r.indicator_zh = indicator;
        r.label_en = label;
        r.unit = unit;
        r.kind = kind;
        r.measure = *measure;
        r.baseline_year = baseline_year;
        r.baseline_value = baseline_value;
        r.baseline_line = baseline_line;
        r.baseline_year_basis = basis;
        r.target_year = target_year;
        r.target_low = low;
        r.target_high = high;
        r.value_text = value_text;
        r.qualifier = qualifier;
        r.line = line;
        r.issue = issue;
        out.push_back(std::move(r));
    }
    return out;
}

Result<std::vector<EnterpriseTargetRow>> read_enterprise_targets(std::string_view csv_text) {
    YD_TRY(t, parse_table("enterprise_targets", csv_text));
    std::vector<EnterpriseTargetRow> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Cells c("enterprise_targets", t, i);
        EnterpriseTargetRow r;
        YD_TRY(key, c.text("key"));
        YD_TRY(plan, c.text("plan"));
        YD_TRY(group, c.text("group"));
        YD_TRY(table, c.text("table_zh"));
        YD_TRY(rank, c.required(c.integer("rank"), "rank"));
        YD_TRY(name, c.text("name_zh"));
        YD_TRY(label, c.text("label_en"));
        YD_TRY(metric, c.text("metric_zh"));
        YD_TRY(unit, c.text("unit"));
        YD_TRY(baseline_year, c.required(c.integer("baseline_year"), "baseline_year"));
        YD_TRY(baseline_value, c.required(c.number("baseline_value"), "baseline_value"));
        YD_TRY(baseline_line, c.required(c.integer("baseline_line"), "baseline_line"));
        YD_TRY(target_year, c.required(c.integer("target_year"), "target_year"));
        YD_TRY(target_value, c.required(c.number("target_value"), "target_value"));
        YD_TRY(target_line, c.required(c.integer("target_line"), "target_line"));
        YD_TRY(line, c.required(c.integer("line"), "line"));
        if (group != "key" && group != "high_growth") {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("enterprise_targets line {}: group '{}' is not key or high_growth",
                                    t.row_lines[i], group),
                        "group");
        }
        r.key = key;
        r.plan = plan;
        r.group = group;
        r.table_zh = table;
        r.rank = rank;
        r.name_zh = name;
        r.label_en = label;
        r.metric_zh = metric;
        r.unit = unit;
        r.baseline_year = baseline_year;
        r.baseline_value = baseline_value;
        r.baseline_line = baseline_line;
        r.target_year = target_year;
        r.target_value = target_value;
        r.target_line = target_line;
        r.line = line;
        out.push_back(std::move(r));
    }
    return out;
}

Result<std::vector<FirmRow>> read_firms(std::string_view csv_text) {
    YD_TRY(t, parse_table("firms", csv_text));
    std::vector<FirmRow> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Cells c("firms", t, i);
        FirmRow r;
        YD_TRY(name, c.text("name_zh"));
        YD_TRY(label, c.text("label_en"));
        YD_TRY(industry, c.text("industry"));
        YD_TRY(products, c.text("products_zh"));
        YD_TRY(tags, c.text("tags"));
        YD_TRY(line, c.required(c.integer("line"), "line"));
        if (name.empty()) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("firms line {}: empty name_zh", t.row_lines[i]),
                        "name_zh");
        }
        r.name_zh = name;
        r.label_en = label;
        r.industry = industry;
        r.products_zh = products;
        std::string_view rest(tags);
        while (!rest.empty()) {
            const auto cut = rest.find(';');
            r.tags.emplace_back(rest.substr(0, cut));
            rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
        }
        r.line = line;
        out.push_back(std::move(r));
    }
    return out;
}

Result<PlanTables> plan_tables() {
    std::string_view targets;
    std::string_view enterprises;
    std::string_view firms;
    for (const detail::EmbeddedTable& t : detail::embedded_tables()) {
        if (t.name == "targets") targets = t.text;
        if (t.name == "enterprise_targets") enterprises = t.text;
        if (t.name == "firms") firms = t.text;
    }
    if (targets.empty() || enterprises.empty() || firms.empty()) {
        return fail(ErrorCode::kInternal, "the plan tables were not compiled into this binary (data/plan/*.csv)");
    }
    PlanTables out;
    YD_TRY(t, read_plan_targets(targets));
    YD_TRY(e, read_enterprise_targets(enterprises));
    YD_TRY(f, read_firms(firms));
    out.targets = std::move(t);
    out.enterprise_targets = std::move(e);
    out.firms = std::move(f);
    return out;
}

TargetSpec spec_of(const PlanTargetRow& row) {
    TargetSpec s;
    s.measure = row.measure;
    s.baseline_year = row.baseline_year;
    s.baseline_value = row.baseline_value;
    s.target_year = row.target_year;
    s.target_low = row.target_low;
    s.target_high = row.target_high;
    s.issue = row.issue;
    return s;
}

TargetSpec spec_of(const EnterpriseTargetRow& row) {
    TargetSpec s;
    s.measure = Measure::kLevel;
    s.baseline_year = row.baseline_year;
    s.baseline_value = row.baseline_value;
    s.target_year = row.target_year;
    s.target_low = row.target_value;
    s.target_high = row.target_value;
    return s;
}

}  // namespace yandian::stats
