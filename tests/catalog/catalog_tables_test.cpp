// Tests of the bundled dimension tables: which rows are checked against a published catalogue, and that the values
// read back through show_json are the catalogue's. Sources are named at each check.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog_json.hpp"

namespace yandian::catalog {
namespace {

nlohmann::json show(std::string_view designation) {
    auto r = show_json(default_catalog(), designation);
    EXPECT_TRUE(r.has_value()) << designation << ": " << (r ? "" : r.error().message);
    return r.value_or(nlohmann::json::object());
}

// KOYO Standard Bearings general catalogue CAT. NO. B2001RUS (github ArtemFilin1990/Mar text copy): deep groove ball
// table PDF pp.11-21, miniature table PDF pp.41-46, thrust ball table PDF pp.345-353.
TEST(CatalogTables, ThinSmallSlashAndThrustRowsAreChecked) {
    struct Want {
        const char* designation;
        double d, D, width, r_min;
    };
    const Want rows[] = {
        {"61805", 25, 37, 7, 0.3},     // KOYO 6805, PDF p.12
        {"6905", 25, 42, 9, 0.3},      // KOYO 6905, PDF p.12
        {"61822", 110, 140, 16, 1},    // KOYO 6822, PDF p.17
        {"6408", 40, 110, 27, 2},      // KOYO 6408, PDF p.13
        {"62/22", 22, 50, 14, 1},      // KOYO 62/22, PDF p.12
        {"60/32", 32, 58, 13, 1},      // KOYO 60/32, PDF p.13
        {"6224", 120, 215, 40, 2.1},   // KOYO 6224, PDF p.17
        {"626", 6, 19, 6, 0.3},        // KOYO 626, PDF pp.43-44
        {"688", 8, 16, 4, 0.2},        // KOYO 688, PDF pp.45-46
        {"639", 9, 30, 10, 0.6},       // KOYO 639, PDF pp.45-46
        {"68/1.5", 1.5, 4, 1.2, 0.1},  // KOYO 68/1.5, PDF pp.41-42
    };
    for (const auto& w : rows) {
        const auto j = show(w.designation);
        EXPECT_EQ(j["dimensions_checked"], true) << w.designation;
        EXPECT_DOUBLE_EQ(j["d"].get<double>(), w.d) << w.designation;
        EXPECT_DOUBLE_EQ(j["D"].get<double>(), w.D) << w.designation;
        EXPECT_DOUBLE_EQ(j["B"].get<double>(), w.width) << w.designation;
        EXPECT_DOUBLE_EQ(j["r_min"].get<double>(), w.r_min) << w.designation;
        EXPECT_NE(j["dimensions_source"].get<std::string>().find("KOYO"), std::string::npos) << w.designation;
    }
    const Want thrust[] = {
        {"51105", 25, 42, 11, 0.6},   // KOYO 51105, PDF p.345
        {"51210", 50, 78, 22, 1},     // KOYO 51210, PDF p.347
        {"51308", 40, 78, 26, 1},     // KOYO 51308, PDF p.345
        {"51412", 60, 130, 51, 1.5},  // KOYO 51412, PDF p.347
        {"51120", 100, 135, 25, 1},   // KOYO 51120, PDF p.349
    };
    for (const auto& w : thrust) {
        const auto j = show(w.designation);
        EXPECT_EQ(j["dimensions_checked"], true) << w.designation;
        EXPECT_DOUBLE_EQ(j["D"].get<double>(), w.D) << w.designation;
        EXPECT_DOUBLE_EQ(j["T"].get<double>(), w.width) << w.designation;
        EXPECT_TRUE(j["B"].is_null()) << w.designation;
    }
    // 51304 is not in the KOYO table: still answered from the recalled ISO 104 row, and flagged
    const auto unchecked = show("51304");
    EXPECT_EQ(unchecked["dimensions_checked"], false);
    EXPECT_DOUBLE_EQ(unchecked["D"].get<double>(), 47);
}

}  // namespace
}  // namespace yandian::catalog
