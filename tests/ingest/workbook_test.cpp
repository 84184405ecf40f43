// Workbooks (.xlsx): a round trip through the writer (libxlsxwriter: shared strings) and the reader (libzip + expat);
// a workbook saved by another tool (openpyxl 3.0: inline strings, made by tests/reference/returns_workbook_openpyxl.py);
// hand-built parts covering every cell type (shared strings with rich and phonetic runs, inline strings, formula
// string results, booleans, errors, cells without a reference, a namespace prefix); and the refusals: not a zip, a
// zip bomb, a part lying about its size, a shared string index out of range, a DOCTYPE.
#include <gtest/gtest.h>
#include <zip.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/workbook/workbook.hpp"

namespace wb = yandian::ingest::workbook;

namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

// An archive of the parts, made with libzip in memory (deflated).
std::string make_zip(const Parts& parts) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(buffer);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    for (const auto& [name, data] : parts) {
        zip_source_t* s = zip_source_buffer(archive, data.data(), data.size(), 0);
        zip_file_add(archive, name.c_str(), s, ZIP_FL_OVERWRITE);
    }
    zip_close(archive);
    zip_source_open(buffer);
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    std::string out(static_cast<std::size_t>(size), '\0');
    zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(buffer);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return out;
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>)"
    R"(<x:sheet name="Returns" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>)";
const std::string kRels =
    R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/strings.xml"/>)"
    R"(</Relationships>)";

std::string sheet_xml(const std::string& rows) {
    return R"(<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)" +
           rows + "</x:sheetData></x:worksheet>";
}

const std::string kStrings =
    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">)"
    R"(<si><t>main_revenue</t></si>)"
    R"(<si><r><rPr><b/></rPr><t>临清</t></r><r><t xml:space="preserve"> 轴承</t></r><rPh sb="0" eb="2"><t>りんせい</t></rPh></si>)"
    R"(</sst>)";

Parts parts_with(const std::string& rows) {
    return {{"xl/workbook.xml", kWorkbook},
            {"xl/_rels/workbook.xml.rels", kRels},
            {"xl/strings.xml", kStrings},
            {"xl/worksheets/sheet1.xml", sheet_xml(rows)}};
}

// Sets the uncompressed size of `name` in its local and central directory headers (a file lying about its size).
void set_stated_size(std::string& zip, const std::string& name, std::uint32_t size) {
    auto patch = [&](const char* signature, std::size_t name_at, std::size_t size_at) {
        for (std::size_t p = zip.find(signature, 0, 4); p != std::string::npos; p = zip.find(signature, p + 1, 4)) {
            if (zip.compare(p + name_at, name.size(), name) == 0) {
                for (int b = 0; b < 4; ++b) zip[p + size_at + b] = static_cast<char>((size >> (8 * b)) & 0xFF);
            }
        }
    };
    patch("PK\x03\x04", 30, 22);  // local file header
    patch("PK\x01\x02", 46, 24);  // central directory header
}

}  // namespace

TEST(Workbook, ColumnNamesAndPlaces) {
    EXPECT_EQ(wb::column_name(1), "A");
    EXPECT_EQ(wb::column_name(26), "Z");
    EXPECT_EQ(wb::column_name(27), "AA");
    EXPECT_EQ(wb::column_name(703), "AAA");  // 26 + 26*26 + 1
    EXPECT_EQ(wb::column_name(16384), "XFD");  // the format's last column
    EXPECT_EQ(wb::cell_place("Returns", 7, 3), "Sheet \"Returns\" row 7 column C");
}

TEST(Workbook, RoundTripThroughTheWriter) {
    const auto dir = std::filesystem::temp_directory_path() / ("yandian-wb-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "round.xlsx").string();
    wb::OutSheet a;
    a.name = "Returns";
    a.rows = {{std::string("统一社会信用代码 Firm code"), std::string("91371581MA3C1AB2X4")},
              {std::string("a, \"quoted\" text"), 1250.5, std::monostate{}, -3.0, 1e-7},
              {},
              {std::monostate{}, std::string(""), 0.0}};
    a.bold_rows = {1};
    wb::OutSheet b;
    b.name = "Instructions";
    b.rows = {{std::string("填报说明")}};
    const std::vector<wb::OutSheet> sheets{a, b};
    ASSERT_TRUE(wb::write_workbook(path, sheets).has_value());

    const std::string bytes = file_bytes(path);
    auto book = wb::read_workbook(bytes);
    ASSERT_TRUE(book.has_value()) << book.error().message;
    ASSERT_EQ(book->sheets.size(), 2U);
    const wb::Sheet* s = book->sheet("Returns");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->at(1, 1).kind, wb::Cell::Kind::kText);
    EXPECT_EQ(s->at(1, 1).text, "统一社会信用代码 Firm code");
    EXPECT_EQ(s->at(1, 2).text, "91371581MA3C1AB2X4");
    EXPECT_EQ(s->at(2, 1).text, "a, \"quoted\" text");
    EXPECT_EQ(s->at(2, 2).kind, wb::Cell::Kind::kNumber);
    EXPECT_DOUBLE_EQ(s->at(2, 2).number, 1250.5);
    EXPECT_EQ(s->at(2, 3).kind, wb::Cell::Kind::kEmpty);
    EXPECT_DOUBLE_EQ(s->at(2, 4).number, -3);
    EXPECT_DOUBLE_EQ(s->at(2, 5).number, 1e-7);
    EXPECT_EQ(s->at(4, 3).kind, wb::Cell::Kind::kNumber);
    EXPECT_DOUBLE_EQ(s->at(4, 3).number, 0);
    EXPECT_EQ(s->at(3, 1).kind, wb::Cell::Kind::kEmpty);
    EXPECT_EQ(s->at(99, 99).kind, wb::Cell::Kind::kEmpty);
    EXPECT_EQ(book->sheet("Instructions")->at(1, 1).text, "填报说明");

    // libxlsxwriter keeps text in the shared string table: the reader went through it.
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
    ASSERT_NE(z, nullptr);
    EXPECT_GE(zip_name_locate(z, "xl/sharedStrings.xml", 0), 0);
    zip_discard(z);
    std::filesystem::remove_all(dir);

    std::vector<wb::OutSheet> bad{wb::OutSheet{"a/b", {}, {}, {}}};
    auto refused = wb::write_workbook(path, bad);
    ASSERT_FALSE(refused.has_value());
    EXPECT_NE(refused.error().message.find("\"a/b\""), std::string::npos);
}

TEST(Workbook, ReadsAWorkbookSavedByOpenpyxl) {
    const std::string bytes = file_bytes(YANDIAN_SOURCE_DIR "/tests/ingest/data/returns_openpyxl.xlsx");
    ASSERT_FALSE(bytes.empty());
    auto book = wb::read_workbook(bytes);
    ASSERT_TRUE(book.has_value()) << book.error().message;
    const wb::Sheet* s = book->sheet("Returns");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->at(2, 2).text, "91371581MA3C0RT129");
    EXPECT_EQ(s->at(3, 2).text, "临清市丙轴承有限公司");  // written as character references
    EXPECT_EQ(s->at(4, 2).text, "2026-10");
    EXPECT_EQ(s->at(7, 1).text, "main_revenue");
    EXPECT_EQ(s->at(7, 3).kind, wb::Cell::Kind::kNumber);
    EXPECT_DOUBLE_EQ(s->at(7, 3).number, 1250.5);
    EXPECT_EQ(s->at(7, 4).text, "万元");
    EXPECT_EQ(s->at(7, 6).text, "新生产线投产 new line");
    EXPECT_EQ(s->at(8, 3).kind, wb::Cell::Kind::kEmpty);  // left out of the file
    EXPECT_EQ(s->at(9, 3).kind, wb::Cell::Kind::kText);
    EXPECT_EQ(s->at(9, 3).text, "约300");
    EXPECT_DOUBLE_EQ(s->at(10, 3).number, 0);
    EXPECT_DOUBLE_EQ(s->at(11, 3).number, 212);
    EXPECT_EQ(s->last_row(), 11);
    EXPECT_NE(book->sheet("Instructions"), nullptr);
}

TEST(Workbook, EveryCellTypeReadsRight) {
    const std::string rows =
        R"(<x:row r="7"><x:c r="A7" t="s"><x:v>0</x:v></x:c><x:c r="B7" t="s"><x:v>1</x:v></x:c>)"
        R"(<x:c r="C7" t="n"><x:v>1.5E3</x:v></x:c><x:c r="D7" t="inlineStr"><x:is><x:t>万元</x:t></x:is></x:c>)"
        R"(<x:c r="E7" t="str"><x:f>A7&amp;"x"</x:f><x:v>main_revenuex</x:v></x:c><x:c r="F7" t="b"><x:v>1</x:v></x:c>)"
        R"(<x:c r="G7" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="H7" s="3"/><x:c r="I7"><x:v>42</x:v></x:c></x:row>)"
        R"(<x:row><x:c><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>a</x:t></x:r><x:r><x:t>b</x:t></x:r></x:is></x:c></x:row>)";
    auto book = wb::read_workbook(make_zip(parts_with(rows)));
    ASSERT_TRUE(book.has_value()) << book.error().message;
    const wb::Sheet& s = book->sheets.at(0);
    EXPECT_EQ(s.at(7, 1).text, "main_revenue");
    EXPECT_EQ(s.at(7, 2).text, "临清 轴承");  // rich runs joined, the phonetic run left out
    EXPECT_DOUBLE_EQ(s.at(7, 3).number, 1500);
    EXPECT_EQ(s.at(7, 4).text, "万元");
    EXPECT_EQ(s.at(7, 5).text, "main_revenuex");  // a formula's cached string
    EXPECT_EQ(s.at(7, 6).kind, wb::Cell::Kind::kBoolean);
    EXPECT_EQ(s.at(7, 6).number, 1);
    EXPECT_EQ(s.at(7, 7).kind, wb::Cell::Kind::kError);
    EXPECT_EQ(s.at(7, 7).text, "#DIV/0!");
    EXPECT_EQ(s.at(7, 8).kind, wb::Cell::Kind::kEmpty);  // styled, no value
    EXPECT_DOUBLE_EQ(s.at(7, 9).number, 42);
    // A row and cells without references follow the ones before.
    EXPECT_DOUBLE_EQ(s.at(8, 1).number, 1);
    EXPECT_EQ(s.at(8, 2).text, "ab");
}

TEST(Workbook, BadFilesAreRefusedNamingWhatIsWrong) {
    auto not_zip = wb::read_workbook("firm_code,period\n");
    ASSERT_FALSE(not_zip.has_value());
    EXPECT_NE(not_zip.error().message.find("not an .xlsx workbook"), std::string::npos);

    auto no_book = wb::read_workbook(make_zip({{"hello.txt", "hi"}}));
    ASSERT_FALSE(no_book.has_value());
    EXPECT_NE(no_book.error().message.find("xl/workbook.xml"), std::string::npos);

    auto index = wb::read_workbook(make_zip(parts_with(R"(<x:row r="9"><x:c r="C9" t="s"><x:v>7</x:v></x:c></x:row>)")));
    ASSERT_FALSE(index.has_value());
    EXPECT_NE(index.error().message.find("Sheet \"Returns\" row 9 column C: shared string '7' is not one of the 2"),
              std::string::npos)
        << index.error().message;

    auto number = wb::read_workbook(make_zip(parts_with(R"(<x:row r="9"><x:c r="D9"><x:v>12a</x:v></x:c></x:row>)")));
    ASSERT_FALSE(number.has_value());
    EXPECT_NE(number.error().message.find("Sheet \"Returns\" row 9 column D: '12a' is not a number"), std::string::npos);

    auto ref = wb::read_workbook(make_zip(parts_with(R"(<x:row r="9"><x:c r="XFE9"><x:v>1</x:v></x:c></x:row>)")));
    ASSERT_FALSE(ref.has_value());
    EXPECT_NE(ref.error().message.find("'XFE9' is not a cell"), std::string::npos);

    auto broken = wb::read_workbook(make_zip(parts_with(R"(<x:row r="9"><x:c r="A9">)")));
    ASSERT_FALSE(broken.has_value());
    EXPECT_NE(broken.error().message.find("xl/worksheets/sheet1.xml is not well-formed XML"), std::string::npos);

    // Entity expansion ("billion laughs") needs a DOCTYPE: refused before any entity is read.
    Parts laughs = parts_with("");
    laughs[3].second = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>)"
                       R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>)"
                       R"(</sheetData></worksheet>)";
    auto doctype = wb::read_workbook(make_zip(laughs));
    ASSERT_FALSE(doctype.has_value());
    EXPECT_NE(doctype.error().message.find("DOCTYPE"), std::string::npos);
}

TEST(Workbook, AZipBombIsRefusedBeforeItIsInflated) {
    // 40 MB of the same character deflates to about 40 KB; its stated size passes the 32 MB limit of one part.
    Parts bomb = parts_with("");
    bomb[3].second = sheet_xml(std::string(40U << 20, ' '));
    const std::string zip = make_zip(bomb);
    EXPECT_LT(zip.size(), 1U << 20);
    auto read = wb::read_workbook(zip);
    ASSERT_FALSE(read.has_value());
    EXPECT_NE(read.error().message.find("part xl/worksheets/sheet1.xml states"), std::string::npos)
        << read.error().message;
    EXPECT_NE(read.error().message.find("more than the"), std::string::npos);
    // The total over all parts is bounded too.
    wb::ReadLimits small;
    small.max_total_bytes = 1000;
    auto total = wb::read_workbook(make_zip(parts_with(std::string(2000, ' '))), small);
    ASSERT_FALSE(total.has_value());
}

TEST(Workbook, APartLyingAboutItsSizeIsRefused) {
    std::string zip = make_zip(parts_with(R"(<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>)" +
                                          std::string(5000, ' ')));
    set_stated_size(zip, "xl/worksheets/sheet1.xml", 100);
    auto read = wb::read_workbook(zip);
    ASSERT_FALSE(read.has_value());
    EXPECT_NE(read.error().message.find("xl/worksheets/sheet1.xml"), std::string::npos) << read.error().message;
}
