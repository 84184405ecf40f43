// RFC 4180 behaviour of the CSV reader: header, quoting, CRLF, BOM, and errors naming line and column.
#include "common/csv.hpp"

#include <gtest/gtest.h>

namespace yandian::csv {
namespace {

TEST(Csv, RecordEndSkipsLineBreaksInsideQuotes) {
    // Records: `a,1\n` (line 1), `"b\nc",2\n` (lines 2-3), `d,"3` (unterminated: runs to the end).
    const std::string_view body = "a,1\n\"b\nc\",2\nd,\"3";
    std::size_t lines = 0;
    EXPECT_EQ(record_end(body, 0, lines), 3u);
    EXPECT_EQ(lines, 1u);
    EXPECT_EQ(record_end(body, 4, lines), 11u);
    EXPECT_EQ(lines, 2u);
    EXPECT_EQ(record_end(body, 12, lines), body.size());
    EXPECT_EQ(lines, 1u);
}

TEST(Csv, ReadsHeaderAndRecordsByName) {
    auto t = parse("subgroup,value\n1,74.030\n1,74.002\n");
    ASSERT_TRUE(t) << t.error().message;
    ASSERT_EQ(t->header.size(), 2u);
    ASSERT_EQ(t->size(), 2u);
    EXPECT_EQ(t->column("value"), 1u);
    EXPECT_FALSE(t->column("time").has_value());
    EXPECT_EQ(t->rows[1][1], "74.002");
    EXPECT_EQ(t->row_lines[0], 2u);
    EXPECT_EQ(t->row_lines[1], 3u);
}

TEST(Csv, QuotedFieldsHoldDelimitersQuotesAndLineBreaks) {
    // RFC 4180 §2 rules 5-7: fields with commas, CRLF or quotes are quoted; a quote is doubled.
    auto t = parse("a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",3\r\n");
    ASSERT_TRUE(t) << t.error().message;
    ASSERT_EQ(t->size(), 2u);
    EXPECT_EQ(t->rows[0][0], "x,y");
    EXPECT_EQ(t->rows[0][1], "say \"hi\"");
    EXPECT_EQ(t->rows[1][0], "two\r\nlines");
    EXPECT_EQ(t->row_lines[1], 3u);
}

TEST(Csv, SkipsByteOrderMarkAndBlankLinesAndHandlesMissingFinalNewline) {
    auto t = parse("\xEF\xBB\xBFvalue\n1\n\n2");
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->header[0], "value");
    ASSERT_EQ(t->size(), 2u);
    EXPECT_EQ(t->rows[1][0], "2");
    EXPECT_EQ(t->row_lines[1], 4u);
}

TEST(Csv, EmptyTrailingFieldsAndQuotedEmptyField) {
    auto t = parse("a,b\n1,\n\"\",2\n\"\",\"\"");
    ASSERT_TRUE(t) << t.error().message;
    ASSERT_EQ(t->size(), 3u);
    EXPECT_EQ(t->rows[0][1], "");
    EXPECT_EQ(t->rows[1][0], "");
    EXPECT_EQ(t->rows[2][1], "");
}

TEST(Csv, ErrorsNameLineAndColumn) {
    auto wrong_count = parse("a,b\n1,2\n3\n");
    ASSERT_FALSE(wrong_count);
    EXPECT_NE(wrong_count.error().message.find("line 3"), std::string::npos) << wrong_count.error().message;
    EXPECT_NE(wrong_count.error().message.find("expected 2 fields"), std::string::npos);

    auto open_quote = parse("a,b\n1,\"abc\n");
    ASSERT_FALSE(open_quote);
    EXPECT_NE(open_quote.error().message.find("line 2, column 2"), std::string::npos) << open_quote.error().message;

    auto after_quote = parse("a\n\"x\"y\n");
    ASSERT_FALSE(after_quote);
    EXPECT_NE(after_quote.error().message.find("line 2, column 1"), std::string::npos);

    auto empty = parse("");
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("empty file"), std::string::npos);
    EXPECT_FALSE(parse("\xEF\xBB\xBF"));
}

TEST(Csv, ParseDoubleAcceptsDecimalsAndNamesLineAndFieldOnError) {
    EXPECT_DOUBLE_EQ(*parse_double(" 74.030 ", 2, "value"), 74.030);
    EXPECT_DOUBLE_EQ(*parse_double("-1.5e-3", 2, "value"), -1.5e-3);
    EXPECT_DOUBLE_EQ(*parse_double("+2", 2, "value"), 2.0);
    for (const char* bad : {"", "abc", "1.2.3", "nan", "inf", "1,5", "+-1", "12x"}) {
        auto r = parse_double(bad, 7, "value");
        ASSERT_FALSE(r) << bad;
        EXPECT_NE(r.error().message.find("line 7, field 'value'"), std::string::npos) << r.error().message;
        EXPECT_EQ(r.error().field, "value");
    }
}

TEST(Csv, NumericColumnReportsTheLineOfTheBadRecord) {
    auto t = parse("value\n1\n2\nx\n");
    ASSERT_TRUE(t);
    auto col = numeric_column(*t, "value");
    ASSERT_FALSE(col);
    EXPECT_NE(col.error().message.find("line 4"), std::string::npos);
    auto missing = numeric_column(*t, "count");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("'count'"), std::string::npos);
    auto good = numeric_column(*parse("value\n1\n2.5\n"), "value");
    ASSERT_TRUE(good);
    EXPECT_EQ(*good, (std::vector<double>{1.0, 2.5}));
}

TEST(Csv, AMissingColumnListsTheColumnsFoundAndSuggestsTheSeparatorTheHeaderHolds) {
    auto comma = parse("subgroup,value\n1,2\n");
    ASSERT_TRUE(comma);
    auto missing = require_column(*comma, "count");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "line 1: missing column 'count' in the header (found 'subgroup', 'value')");
    EXPECT_EQ(missing.error().field, "count");

    auto semicolons = parse("Zeit;Durchmesser\n2026-11-30T07:00:00Z;25.001\n");
    ASSERT_TRUE(semicolons);
    auto time = require_column(*semicolons, "time");
    ASSERT_FALSE(time);
    EXPECT_NE(time.error().message.find("(found 'Zeit;Durchmesser')"), std::string::npos) << time.error().message;
    EXPECT_NE(time.error().message.find("--delimiter ';'"), std::string::npos) << time.error().message;
}

}  // namespace
}  // namespace yandian::csv
