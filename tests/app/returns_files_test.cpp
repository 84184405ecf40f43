// The returns file formats: the template written by libxlsxwriter, filled in and read back; the workbook saved by
// openpyxl (tests/reference/returns_workbook_openpyxl.py) with its bad cell named by sheet, row and column; the CSV
// reader's per-line, per-column issues and its grouping of figures into one return per firm and period.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/stats/returns_files.hpp"

namespace yandian::app {
namespace {

namespace wb = ingest::workbook;

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(ReturnsFiles, TemplateFilledAndReadBack) {
    auto indicators = stats::bundled_indicators();
    ASSERT_TRUE(indicators.has_value());
    auto sheets = returns_template(*indicators, stats::Period{2026, 10}, "91371581MA3C1AB2X4", "临清市甲轴承有限公司");
    ASSERT_EQ(sheets.size(), 2U);
    // Monthly indicators only (six of the seven; R&D spending is annual), from row 7.
    ASSERT_EQ(sheets[0].rows.size(), 6U + 6U);
    EXPECT_EQ(std::get<std::string>(sheets[0].rows[6][0]), "main_revenue");
    EXPECT_EQ(std::get<std::string>(sheets[0].rows[6][4]), "1–10月累计 / Jan–10 total");
    sheets[0].rows[6][2] = 1020.0;                     // row 7: main_revenue
    sheets[0].rows[6][5] = std::string("new order");   // its reason
    sheets[0].rows[11][2] = std::string(" 85 ");       // row 12: employees, typed as text
    sheets[0].rows[8][2] = std::string("1,020");       // row 9: total_profit, with a thousands separator
    const auto dir = std::filesystem::temp_directory_path() / ("yandian-returns-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "filled.xlsx").string();
    ASSERT_TRUE(wb::write_workbook(path, sheets).has_value());
    auto read = read_returns_workbook(bytes_of(path));
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(read.has_value()) << read.error().message;
    EXPECT_EQ(read->firm_code, "91371581MA3C1AB2X4");
    EXPECT_EQ(read->period, "2026-10");
    ASSERT_EQ(read->lines.size(), 2U);
    EXPECT_EQ(read->lines[0].indicator, "main_revenue");
    EXPECT_DOUBLE_EQ(read->lines[0].value, 1020);
    EXPECT_EQ(read->lines[0].unit, "万元");
    EXPECT_EQ(read->lines[0].reason, "new order");
    EXPECT_EQ(read->places[0], "Sheet \"Returns\" row 7 column C");
    EXPECT_EQ(read->lines[1].indicator, "employees");
    EXPECT_DOUBLE_EQ(read->lines[1].value, 85);
    ASSERT_EQ(read->issues.size(), 1U);
    EXPECT_EQ(read->issues[0].place, "Sheet \"Returns\" row 9 column C");
    EXPECT_EQ(read->issues[0].message, "total_profit: '1,020' is not a number");
}

TEST(ReturnsFiles, AWorkbookSavedByAnotherTool) {
    auto read = read_returns_workbook(bytes_of(YANDIAN_SOURCE_DIR "/tests/ingest/data/returns_openpyxl.xlsx"));
    ASSERT_TRUE(read.has_value()) << read.error().message;
    EXPECT_EQ(read->firm_code, "91371581MA3C0RT129");
    // main_revenue 1250.5, export_value 0, employees 212; output_value left empty is not reported.
    ASSERT_EQ(read->lines.size(), 3U);
    EXPECT_DOUBLE_EQ(read->lines[0].value, 1250.5);
    EXPECT_EQ(read->lines[0].reason, "新生产线投产 new line");
    EXPECT_EQ(read->lines[1].indicator, "export_value");
    EXPECT_EQ(read->places[2], "Sheet \"Returns\" row 11 column C");
    ASSERT_EQ(read->issues.size(), 1U);
    EXPECT_EQ(read->issues[0].place, "Sheet \"Returns\" row 9 column C");
    EXPECT_EQ(read->issues[0].message, "total_profit: '约300' is not a number");
}

TEST(ReturnsFiles, ANonWorkbookOrOneWithoutTheSheetIsRefused) {
    auto csv = read_returns_workbook("firm_code,period\n");
    ASSERT_FALSE(csv.has_value());
    EXPECT_NE(csv.error().message.find("not an .xlsx workbook"), std::string::npos);
    const auto dir = std::filesystem::temp_directory_path() / ("yandian-returns-s-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "other.xlsx").string();
    std::vector<wb::OutSheet> other{wb::OutSheet{"Sheet1", {{std::string("x")}}, {}, {}}};
    ASSERT_TRUE(wb::write_workbook(path, other).has_value());
    auto none = read_returns_workbook(bytes_of(path));
    std::filesystem::remove_all(dir);
    ASSERT_FALSE(none.has_value());
    EXPECT_EQ(none.error().message, "the workbook has no sheet \"Returns\" (its sheets: \"Sheet1\")");
}

TEST(ReturnsFiles, CsvIssuesNameLineAndColumn) {
    const std::string text =
        "firm_code,period,indicator,value,unit,reason\n"
        "91371581MA3C1AB2X4,2026-10,main_revenue,1020,万元,\n"
        "91371581MA3C2CD3YR,2026-10,main_revenue,abc,万元,\n"
        "91371581MA3C1AB2X4,2026-10,employees,85,人,\"new line, opened\"\n"
        ",2026-13,,1,,\n";
    auto read = read_returns_csv(text);
    ASSERT_TRUE(read.has_value()) << read.error().message;
    ASSERT_EQ(read->size(), 3U);
    const FiledReturn& a = (*read)[0];
    ASSERT_EQ(a.lines.size(), 2U);
    EXPECT_EQ(a.lines[1].reason, "new line, opened");
    EXPECT_EQ(a.places[1], "line 4, column value");
    const FiledReturn& b = (*read)[1];
    ASSERT_EQ(b.issues.size(), 1U);
    EXPECT_EQ(b.issues[0].place, "line 3, column value");
    EXPECT_EQ(b.issues[0].message, "main_revenue: 'abc' is not a number");
    const FiledReturn& bad = (*read)[2];
    ASSERT_EQ(bad.issues.size(), 3U);
    EXPECT_EQ(bad.issues[0].place, "line 5, column firm_code");
    EXPECT_EQ(bad.issues[1].place, "line 5, column period");
    EXPECT_EQ(bad.issues[2].place, "line 5, column indicator");

    auto no_column = read_returns_csv("firm_code,period,indicator,value\nx,2026-10,y,1\n");
    ASSERT_FALSE(no_column.has_value());
    EXPECT_NE(no_column.error().message.find("unit"), std::string::npos) << no_column.error().message;
}

}  // namespace
}  // namespace yandian::app
