#include "app/stats/returns_files.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>

#include "common/csv.hpp"

namespace yandian::app {

namespace wb = ingest::workbook;

namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

// The text of a cell: a number that is a whole number reads without decimals (a code or a year typed as a number).
std::string cell_text(const wb::Cell& c) {
    if (c.kind == wb::Cell::Kind::kNumber) {
        if (std::fabs(c.number) < 1e15 && c.number == std::floor(c.number)) {
            return fmt::format("{}", static_cast<long long>(c.number));
        }
        return c.text;
    }
    return trim(c.text);
}

Result<double> parse_number(std::string_view text) {
    const std::string t = trim(text);
    double v = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a number", text));
    }
    return v;
}

}  // namespace

std::vector<wb::OutSheet> returns_template(const stats::IndicatorSet& indicators, stats::Period period,
                                           const std::string& firm_code, const std::string& firm_name) {
    wb::OutSheet sheet;
    sheet.name = kReturnsSheet;
    sheet.column_widths = {18, 34, 16, 12, 14, 40};
    sheet.rows.push_back({std::string("统计报表 Statistical return")});
    sheet.rows.push_back({std::string("统一社会信用代码 Firm code"), firm_code});
    sheet.rows.push_back({std::string("企业名称 Firm"), firm_name});
    sheet.rows.push_back({std::string("报告期 Period"), period.text()});
    sheet.rows.push_back({std::string("指标版本 Indicators version"), indicators.version});
    sheet.rows.push_back({std::string("指标代码 Code"), std::string("指标名称 Indicator"), std::string("数值 Value"),
                          std::string("计量单位 Unit"), std::string("口径 Basis"),
                          std::string("变动原因 Reason for a large change")});
    sheet.bold_rows = {1, 6};
    const stats::Frequency wanted = period.annual() ? stats::Frequency::kAnnual : stats::Frequency::kMonthly;
    for (const stats::Indicator& i : indicators.indicators) {
        if (i.frequency != wanted) continue;
        std::string basis;
        if (i.basis == stats::Basis::kCumulative && !period.annual()) {
            basis = period.month == 1 ? "1月 / January" : fmt::format("1–{}月累计 / Jan–{} total", period.month,
                                                                       period.month);
        } else {
            basis = period.annual() ? "全年 / year" : "本月 / month";
        }
        sheet.rows.push_back({i.code, i.name_zh + " " + i.name_en, std::monostate{}, i.unit, basis, std::monostate{}});
    }

    wb::OutSheet help;
    help.name = "Instructions";
    help.column_widths = {100};
    help.bold_rows = {1, 8};
    const std::vector<std::string> lines{
        "填报说明",
        "1. 在“Returns”表C列填写数值，单位见D列；不填的指标留空。请勿修改A列指标代码和B2单元格的统一社会信用代码。",
        "2. 累计指标填报年初至本月的累计数（1–N月累计），不填当月数；1月填1月数。累计数不得小于上月的累计数"
        "（利润总额除外）。",
        "3. 当月数（或全年数）与上期相比变动超过指标允许的幅度（一般为±50%）时，须在F列说明原因，否则不予接收。",
        "4. 数值只填数字，不加千分位和单位。",
        "5. 填好后上传本文件（yandian stats import 文件名，或在平台上传）。已报的数可以再次上传修改，每次修改均保留。",
        "",
        "Instructions",
        "1. Fill in column C of sheet \"Returns\" in the unit of column D; leave indicators you do not report empty. Do "
        "not change the codes in column A or the firm code in B2.",
        "2. Cumulative indicators take the total from January to this month (1–N月累计), not the month alone; January "
        "takes January. A cumulative figure may not be lower than last month's (total profit excepted).",
        "3. When the value of the month (or year) changes from the period before by more than the indicator allows "
        "(usually ±50 %), give the reason in column F, or the figure is refused.",
        "4. Numbers only: no thousands separators, no units.",
        "5. Upload the file when filled in (yandian stats import FILE, or on the platform). A return may be uploaded "
        "again to revise it; every revision is kept.",
    };
    for (const std::string& l : lines) help.rows.push_back({l});
    return {std::move(sheet), std::move(help)};
}

Result<FiledReturn> read_returns_workbook(std::string_view bytes) {
    auto book = wb::read_workbook(bytes);
    if (!book) return tl::unexpected(book.error());
    const wb::Sheet* sheet = book->sheet(kReturnsSheet);
    if (sheet == nullptr) {
        std::string names;
        for (const wb::Sheet& s : book->sheets) names += (names.empty() ? "\"" : ", \"") + s.name + "\"";
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("the workbook has no sheet \"{}\" (its sheets: {})", kReturnsSheet, names), "file");
    }
    FiledReturn out;
    auto issue = [&](int row, int column, std::string message) {
        out.issues.push_back(FileIssue{wb::cell_place(kReturnsSheet, row, column), std::move(message)});
    };
    out.place = wb::cell_place(kReturnsSheet, 2, 2);
    out.firm_code = cell_text(sheet->at(2, 2));
    if (out.firm_code.empty()) issue(2, 2, "the firm's unified social credit code is missing");
    out.period = cell_text(sheet->at(4, 2));
    if (out.period.empty()) {
        issue(4, 2, "the period is missing");
    } else if (auto p = stats::parse_period(out.period); !p) {
        issue(4, 2, p.error().message);
    }
    for (int row = kReturnsFirstRow; row <= sheet->last_row(); ++row) {
        const std::string code = cell_text(sheet->at(row, 1));
        const wb::Cell& value = sheet->at(row, 3);
        if (value.kind == wb::Cell::Kind::kEmpty || (value.kind == wb::Cell::Kind::kText && trim(value.text).empty())) {
            continue;  // not reported
        }
        if (code.empty()) {
            issue(row, 1, fmt::format("a value ({}) without an indicator code", cell_text(value)));
            continue;
        }
        stats::ReturnLine line;
        line.indicator = code;
        if (value.kind == wb::Cell::Kind::kNumber) {
            line.value = value.number;
        } else if (value.kind == wb::Cell::Kind::kText) {
            auto v = parse_number(value.text);
            if (!v) {
                issue(row, 3, fmt::format("{}: {}", code, v.error().message));
                continue;
            }
            line.value = *v;
        } else {
            issue(row, 3, fmt::format("{}: '{}' is not a number", code, value.text));
            continue;
        }
        line.unit = cell_text(sheet->at(row, 4));
        line.reason = cell_text(sheet->at(row, 6));
        out.lines.push_back(std::move(line));
        out.places.push_back(wb::cell_place(kReturnsSheet, row, 3));
    }
    if (out.lines.empty() && out.issues.empty()) {
        issue(kReturnsFirstRow, 3, "no figure is filled in");
    }
    return out;
}

Result<std::vector<FiledReturn>> read_returns_csv(std::string_view text) {
    auto table = csv::parse(text);
    if (!table) return tl::unexpected(table.error());
    const char* const kColumns[] = {"firm_code", "period", "indicator", "value", "unit", "reason"};
    std::vector<std::size_t> at;
    for (const char* name : kColumns) {
        auto c = csv::require_column(*table, name);
        if (!c) return tl::unexpected(c.error());
        at.push_back(*c);
    }
    std::vector<FiledReturn> out;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    for (std::size_t r = 0; r < table->size(); ++r) {
        const auto& row = table->rows[r];
        const std::size_t line = table->row_lines[r];
        auto place = [&](std::string_view column) { return fmt::format("line {}, column {}", line, column); };
        const std::string code = trim(row[at[0]]);
        const std::string period = trim(row[at[1]]);
        auto key = std::make_pair(code, period);
        auto found = index.find(key);
        if (found == index.end()) {
            found = index.emplace(key, out.size()).first;
            FiledReturn f;
            f.firm_code = code;
            f.period = period;
            f.place = fmt::format("line {}", line);
            if (code.empty()) f.issues.push_back({place("firm_code"), "the firm code is missing"});
            if (auto p = stats::parse_period(period); !p) f.issues.push_back({place("period"), p.error().message});
            out.push_back(std::move(f));
        }
        FiledReturn& f = out[found->second];
        stats::ReturnLine l;
        l.indicator = trim(row[at[2]]);
        if (l.indicator.empty()) {
            f.issues.push_back({place("indicator"), "the indicator code is missing"});
            continue;
        }
        auto v = parse_number(row[at[3]]);
        if (!v) {
            f.issues.push_back({place("value"), fmt::format("{}: {}", l.indicator, v.error().message)});
            continue;
        }
        l.value = *v;
        l.unit = trim(row[at[4]]);
        l.reason = trim(row[at[5]]);
        f.lines.push_back(std::move(l));
        f.places.push_back(place("value"));
    }
    if (out.empty()) return fail(ErrorCode::kInvalidArgument, "the CSV file holds no figure", "file");
    return out;
}

}  // namespace yandian::app
