// Data-driven golden test: every row of tests/catalog/designations.tsv is read through show_json and its canonical
// form, type, dimensions and ratings compared with the expected values (sources named in the file header and in
// the last column of each row). The width column is T for tapered (metric and inch) and thrust bearings, B otherwise.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/catalog_json.hpp"

namespace {

using yandian::catalog::default_catalog;
using yandian::catalog::show_json;

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, '\t')) out.push_back(cell);
    if (!line.empty() && line.back() == '\t') out.emplace_back();
    return out;
}

void expect_number(const nlohmann::json& doc, const char* field, const std::string& want, const std::string& ctx) {
    if (want.empty()) return;
    if (want == "-") {
        EXPECT_TRUE(doc[field].is_null()) << ctx << ": " << field << " should be null, is " << doc[field];
        return;
    }
    ASSERT_TRUE(doc[field].is_number()) << ctx << ": " << field << " missing, want " << want;
    EXPECT_NEAR(doc[field].get<double>(), std::stod(want), 1e-6) << ctx << ": " << field;
}

TEST(DesignationGolden, EveryRowMatches) {
    std::ifstream file(std::string(YANDIAN_SOURCE_DIR) + "/tests/catalog/designations.tsv");
    ASSERT_TRUE(file.good());
    std::string line;
    int rows = 0;
    int line_no = 0;
    while (std::getline(file, line)) {
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        const auto cells = split_tabs(line);
        ASSERT_GE(cells.size(), 8u) << "line " << line_no;
        ++rows;
        const std::string ctx = "line " + std::to_string(line_no) + " '" + cells[0] + "'";
        auto r = show_json(default_catalog(), cells[0]);
        if (cells[1] == "!error") {
            ASSERT_FALSE(r.has_value()) << ctx << " should be rejected, got " << r->dump();
            EXPECT_EQ(r.error().field, "position " + cells[3]) << ctx << ": " << r.error().message;
            EXPECT_FALSE(r.error().message.empty());
            continue;
        }
        ASSERT_TRUE(r.has_value()) << ctx << ": " << r.error().message;
        const auto& doc = *r;
        EXPECT_EQ(doc["canonical"], cells[1]) << ctx;
        EXPECT_EQ(doc["type"], cells[2]) << ctx;
        expect_number(doc, "d", cells[3], ctx);
        expect_number(doc, "D", cells[4], ctx);
        if (!cells[5].empty()) {
            const bool wide = cells[2].rfind("tapered_roller", 0) == 0 || cells[2].find("thrust") != std::string::npos;
            expect_number(doc, wide ? "T" : "B", cells[5], ctx);
        }
        expect_number(doc, "C_kN", cells[6], ctx);
        expect_number(doc, "C0_kN", cells[7], ctx);
        // the canonical form is itself a designation that reads back to the same canonical form
        auto again = show_json(default_catalog(), doc["canonical"].get<std::string>());
        ASSERT_TRUE(again.has_value()) << ctx << ": canonical does not parse: " << again.error().message;
        EXPECT_EQ((*again)["canonical"], doc["canonical"]) << ctx;
    }
    EXPECT_GE(rows, 300);
}

}  // namespace
