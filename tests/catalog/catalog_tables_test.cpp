// Tests of the bundled dimension tables: which rows are checked against a published catalogue, and that the values
// read back through show_json are the catalogue's. Sources are named at each check.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// Spherical roller 230/231/232/240/241 and tapered 313/320/323/329/330/331/332: KOYO catalogue spherical roller table
// PDF pp.301-307 and tapered roller table PDF pp.199-217.
TEST(CatalogTables, SphericalAndTaperedSeries) {
    struct Radial {
        const char* designation;
        double d, D, B;
    };
    const Radial spherical[] = {
        {"23022CC/W33", 110, 170, 45},  // KOYO 23022RH
        {"23122 CA", 110, 180, 56},     // KOYO 23122RH
        {"23218", 90, 160, 52.4},       // KOYO 23218RH
        {"24024 CCK30", 120, 180, 60},  // KOYO 24024RHK30
        {"24130", 150, 250, 100},       // KOYO 24130RH
        {"23936", 180, 250, 52},        // KOYO 23936R
        {"22228 E", 140, 250, 68},      // KOYO 22228RHR
        {"2306", 30, 72, 27},           // 23 series below d 40: KOYO 4306 (PDF p.55)
    };
    for (const auto& w : spherical) {
        const auto j = show(w.designation);
        EXPECT_EQ(j["dimensions_checked"], true) << w.designation;
        EXPECT_DOUBLE_EQ(j["d"].get<double>(), w.d) << w.designation;
        EXPECT_DOUBLE_EQ(j["D"].get<double>(), w.D) << w.designation;
        EXPECT_DOUBLE_EQ(j["B"].get<double>(), w.B) << w.designation;
    }
    struct Tapered {
        const char* designation;
        double d, D, T, B, C;
    };
    const Tapered tapered[] = {
        {"31305", 25, 62, 18.25, 17, 13},    // KOYO 30305DJR
        {"32010 X", 50, 80, 20, 20, 15.5},   // KOYO 32010JR
        {"32310", 50, 110, 42.25, 40, 33},   // KOYO 32310JR
        {"32912", 60, 85, 17, 17, 14},       // KOYO 32912JR
        {"33015", 75, 115, 31, 31, 25.5},    // KOYO 33015JR
        {"33108", 40, 75, 26, 26, 20.5},     // KOYO 33108JR
        {"33212", 60, 110, 38, 38, 29},      // KOYO 33212JR
        {"302/28", 28, 58, 17.25, 16, 14},   // KOYO 302/28R
        {"320/22 X", 22, 44, 15, 15, 11.5},  // KOYO 320/22JR
    };
    for (const auto& w : tapered) {
        const auto j = show(w.designation);
        EXPECT_EQ(j["type"], "tapered_roller") << w.designation;
        EXPECT_EQ(j["dimensions_checked"], true) << w.designation;
        EXPECT_DOUBLE_EQ(j["D"].get<double>(), w.D) << w.designation;
        EXPECT_DOUBLE_EQ(j["T"].get<double>(), w.T) << w.designation;
        EXPECT_DOUBLE_EQ(j["B"].get<double>(), w.B) << w.designation;
        EXPECT_DOUBLE_EQ(j["C_width"].get<double>(), w.C) << w.designation;
    }
}

// Inch tapered cone/cup sets: KOYO catalogue inch tapered table PDF pp.231-242 (dimensions on the odd page, cone and
// cup numbers in the same order on the facing page).
TEST(CatalogTables, InchConeCupSets) {
    struct Want {
        const char* designation;
        double d, D, T, B, C;
    };
    const Want sets[] = {
        {"LM11949/LM11910", 19.05, 45.237, 15.494, 16.637, 12.065},  // PDF p.231
        {"L44649/L44610", 26.988, 50.292, 14.224, 14.732, 10.668},   // PDF p.233
        {"LM67048/LM67010", 31.75, 59.131, 15.875, 16.764, 11.811},  // PDF p.237
        {"LM48548/LM48510", 34.925, 65.088, 18.034, 18.288, 13.97},  // PDF p.237
        {"M12649/M12610", 21.43, 50.005, 17.526, 18.288, 13.97},     // PDF p.231
        {"15123/15245", 31.75, 62, 18.161, 19.05, 14.288},           // PDF p.237
        {"LM29748/LM29710", 38.1, 65.088, 18.034, 18.288, 13.97},    // PDF p.241
        {"LM11949/10", 19.05, 45.237, 15.494, 16.637, 12.065},       // cup written by its last digits
    };
    for (const auto& w : sets) {
        const auto j = show(w.designation);
        EXPECT_EQ(j["type"], "tapered_roller_inch") << w.designation;
        EXPECT_EQ(j["dimensions_checked"], true) << w.designation;
        EXPECT_DOUBLE_EQ(j["d"].get<double>(), w.d) << w.designation;
        EXPECT_DOUBLE_EQ(j["D"].get<double>(), w.D) << w.designation;
        EXPECT_DOUBLE_EQ(j["T"].get<double>(), w.T) << w.designation;
        EXPECT_DOUBLE_EQ(j["B"].get<double>(), w.B) << w.designation;
        EXPECT_DOUBLE_EQ(j["C_width"].get<double>(), w.C) << w.designation;
    }
    // a cone alone: its bore and width, no D or T; a cup alone: its outside diameter and width
    const auto cone = show("LM11949");
    EXPECT_DOUBLE_EQ(cone["d"].get<double>(), 19.05);
    EXPECT_DOUBLE_EQ(cone["B"].get<double>(), 16.637);
    EXPECT_TRUE(cone["D"].is_null());
    EXPECT_TRUE(cone["T"].is_null());
    const auto cup = show("LM11910");
    EXPECT_DOUBLE_EQ(cup["D"].get<double>(), 45.237);
    EXPECT_DOUBLE_EQ(cup["C_width"].get<double>(), 12.065);
    EXPECT_TRUE(cup["T"].is_null());
    // an unlisted set: nothing invented
    const auto unknown = show("3780/3720");
    EXPECT_TRUE(unknown["D"].is_null());
    EXPECT_TRUE(unknown["dimensions_checked"].is_null());
}

TEST(CatalogTables, SizeSearchFindsNewSeries) {
    auto names = [](const char* query) {
        std::vector<std::string> out;
        auto r = search_json(default_catalog(), query);
        EXPECT_TRUE(r.has_value()) << query;
        if (!r) return out;
        for (const auto& g : (*r)["groups"]) {
            for (const auto& b : g["bearings"]) out.push_back(b["designation"]);
        }
        return out;
    };
    auto has = [](const std::vector<std::string>& v, const char* want) {
        return std::find(v.begin(), v.end(), want) != v.end();
    };
    // inch sizes typed to 0.01 mm find the set (KOYO LM11949/LM11910: 19.050 x 45.237 x 15.494)
    EXPECT_TRUE(has(names("19.05x45.24x15.49"), "LM11949/LM11910"));
    // 110 x 180 x 56: KOYO 23122RH; 110 x 180 x 69: KOYO 24122RH
    EXPECT_TRUE(has(names("110x180x56"), "23122"));
    EXPECT_TRUE(has(names("110x180x69"), "24122"));
    // 25 x 37 x 7: KOYO 6805 = ISO 61805
    EXPECT_TRUE(has(names("25x37x7"), "61805"));
    // 50 x 80 x 20: KOYO 32010JR (T 20) among the tapered rows
    EXPECT_TRUE(has(names("50x80x20"), "32010"));
    // 25 x 42 x 11: KOYO 51105
    EXPECT_TRUE(has(names("25x42x11"), "51105"));
}

// Needle roller bearings with machined rings: NSK Rolling Bearings catalogue, solid needle roller tables B260-B267.
TEST(CatalogTables, NeedleRollerWithAndWithoutInnerRing) {
    const auto na = show("NA4905");
    EXPECT_EQ(na["type"], "needle_roller");
    EXPECT_EQ(na["dimensions_checked"], true);
    EXPECT_DOUBLE_EQ(na["d"].get<double>(), 25);  // NSK NA4905: d 25, B 17
    EXPECT_DOUBLE_EQ(na["D"].get<double>(), 42);
    EXPECT_DOUBLE_EQ(na["B"].get<double>(), 17);
    EXPECT_DOUBLE_EQ(na["C_kN"].get<double>(), 21.4);  // NSK Cr 21 400 N
    EXPECT_EQ(na["rating_brand"], "NSK");
    const auto rna = show("RNA4905");
    EXPECT_DOUBLE_EQ(rna["d"].get<double>(), 30);  // without inner ring: Fw 30
    EXPECT_DOUBLE_EQ(rna["D"].get<double>(), 42);
    const auto slash = show("NA69/22");
    EXPECT_DOUBLE_EQ(slash["d"].get<double>(), 22);  // NSK NA69/22: Fw 28, D 39, C 30
    EXPECT_DOUBLE_EQ(slash["D"].get<double>(), 39);
    EXPECT_DOUBLE_EQ(slash["B"].get<double>(), 30);
    const auto wide = show("NA5909");
    EXPECT_DOUBLE_EQ(wide["B"].get<double>(), 30);  // NSK NA5909: d 45, D 68, B 30
    auto r = search_json(default_catalog(), "25x42x17");
    ASSERT_TRUE(r.has_value());
    bool found = false;
    for (const auto& g : (*r)["groups"]) {
        for (const auto& b : g["bearings"]) found = found || b["designation"] == "NA4905";
    }
    EXPECT_TRUE(found);
}

// Insert bearings and housed units: NSK Rolling Bearings catalogue, ball bearing unit tables UCP2 B282-B287, UCF2
// B288-B293, UCFL2 B294-B297 (bearing number UC2xx with B and S on each unit row; housing main dimensions).
TEST(CatalogTables, InsertBearingsAndHousedUnits) {
    const auto uc = show("UC205");
    EXPECT_EQ(uc["dimensions_checked"], true);
    EXPECT_DOUBLE_EQ(uc["d"].get<double>(), 25);
    EXPECT_DOUBLE_EQ(uc["B"].get<double>(), 34.1);  // inner ring width
    EXPECT_DOUBLE_EQ(uc["S"].get<double>(), 14.3);  // set screw line to ring face
    EXPECT_DOUBLE_EQ(uc["D"].get<double>(), 52);    // FYH CAT.NO.3300 UC table p.210 (NSK does not list D)
    EXPECT_TRUE(uc["housing"].is_null());
    const auto ucp = show("UCP205");
    ASSERT_TRUE(ucp["housing"].is_object());
    EXPECT_DOUBLE_EQ(ucp["housing"]["H"].get<double>(), 36.5);  // shaft centre height
    EXPECT_DOUBLE_EQ(ucp["housing"]["L"].get<double>(), 140);
    EXPECT_DOUBLE_EQ(ucp["housing"]["J"].get<double>(), 105);
    EXPECT_EQ(ucp["housing"]["bolt"], "M10");
    const auto ucf = show("UCF208");
    EXPECT_TRUE(ucf["housing"]["H"].is_null());
    EXPECT_DOUBLE_EQ(ucf["housing"]["L"].get<double>(), 130);  // NSK UCF208: L 130, J 102
    EXPECT_DOUBLE_EQ(ucf["housing"]["J"].get<double>(), 102);
    const auto ucfl = show("UCFL205");
    EXPECT_DOUBLE_EQ(ucfl["housing"]["H"].get<double>(), 130);  // NSK UCFL205: H 130, L 68, J 99
    EXPECT_DOUBLE_EQ(ucfl["housing"]["L"].get<double>(), 68);
    const auto inch = show("UCP205-16");
    EXPECT_NEAR(inch["d"].get<double>(), 25.4, 1e-9);  // 16/16 in bore, same ring width
    EXPECT_DOUBLE_EQ(inch["B"].get<double>(), 34.1);
    EXPECT_DOUBLE_EQ(inch["housing"]["H"].get<double>(), 36.5);
    EXPECT_DOUBLE_EQ(show("UC218")["S"].get<double>(), 39.7);
    auto r = search_json(default_catalog(), "d=25 B=34.1");
    ASSERT_TRUE(r.has_value());
    bool found = false;
    for (const auto& g : (*r)["groups"]) {
        for (const auto& b : g["bearings"]) found = found || b["designation"] == "UCP205";
    }
    EXPECT_TRUE(found);
}

}  // namespace
}  // namespace yandian::catalog

namespace yandian::catalog {
namespace {

// Drawn cups HK/BK and machined NK/NKI: NBS needle bearings general technical catalogue (ITALCUSCINETTI), text copy in
// github ArtemFilin1990/Mar (Каталог_игольчатых_подшипников_NBS.md.txt), HK/BK tables pp.2-5, NK table pp.12-15,
// NKI table pp.17-20.
TEST(CatalogTables, DrawnCupsAndNeedleCagesFromTheNbsTables) {
    struct Row {
        const char* designation;
        double d, D, B;  // d = Fw for bearings without inner ring
    };
    const Row rows[] = {
        {"HK1010", 10, 14, 10},       // p.2: Fw 10, D 14, C 10
        {"HK0609", 6, 10, 9},         // p.2
        {"BK0810", 8, 12, 10},        // p.2
        {"HK1512", 15, 21, 12},       // p.3
        {"HK1715", 17, 21.5, 15},     // p.3: the one 21.5 mm cup
        {"HK2016", 20, 26, 16},       // p.3
        {"BK2016", 20, 26, 16},       // p.3, closed end of the same row
        {"HK2214", 22, 30, 14},       // p.4: listed after HK2225
        {"HK2538", 25, 32, 38},       // p.4: double row
        {"HK3516", 35, 42, 16},       // p.5
        {"HK5020", 50, 58, 20},       // p.5
        {"NK9/16", 9, 16, 16},        // p.12
        {"NK14/20", 14, 22, 20},      // p.12
        {"NK25/16", 25, 33, 16},      // p.13
        {"NK37/30", 37, 47, 30},      // p.13
        {"NK68/35", 68, 82, 35},      // p.14
        {"NK155/32", 155, 180, 32},   // p.15
        {"NKI9/12", 9, 19, 12},       // p.17: Fw 12
        {"NKI22/20", 22, 34, 20},     // p.17: Fw 26
        {"NKI55/35", 55, 72, 35},     // p.18: Fw 60
        {"NKI100/40", 100, 130, 40},  // p.19: Fw 110
    };
    for (const auto& row : rows) {
        const auto j = show(row.designation);
        EXPECT_EQ(j["type"], "needle_roller") << row.designation;
        EXPECT_EQ(j["dimensions_checked"], true) << row.designation;
        EXPECT_DOUBLE_EQ(j["d"].get<double>(), row.d) << row.designation;
        EXPECT_DOUBLE_EQ(j["D"].get<double>(), row.D) << row.designation;
        EXPECT_DOUBLE_EQ(j["B"].get<double>(), row.B) << row.designation;
        EXPECT_NE(j["dimensions_source"].get<std::string>().find("NBS"), std::string::npos) << row.designation;
    }
    // NKI and NK share the outer ring and cage: NKI25/20 (Fw 29) has the D of NK29/20, 38 mm (p.13 and p.17).
    EXPECT_NE(show("NKI25/20")["dimensions_source"].get<std::string>().find("Fw 29"), std::string::npos);
    EXPECT_DOUBLE_EQ(show("NK29/20")["D"].get<double>(), 38);
    // The NBS NK table also lists RNA4904 as Fw 25 x D 37 x C 17 (p.13): the same row as the NSK table bundled for RNA.
    const auto rna = show("RNA4904");
    EXPECT_DOUBLE_EQ(rna["d"].get<double>(), 25);
    EXPECT_DOUBLE_EQ(rna["D"].get<double>(), 37);
    EXPECT_DOUBLE_EQ(rna["B"].get<double>(), 17);
    // A sealed cup keeps only what its designation says (NBS HK1718 is 17 x 23 x 18, HK1718 RS 17 x 25 x 18, p.6).
    const auto sealed = show("HK1718-2RS");
    EXPECT_TRUE(sealed["D"].is_null());
    EXPECT_DOUBLE_EQ(sealed["B"].get<double>(), 18);
    // A drawn cup not in the table keeps the numbers of its designation and D stays null.
    EXPECT_TRUE(show("HK0407")["D"].is_null());
    // Size search finds the cup, its closed-end twin and nothing of another size.
    auto r = search_json(default_catalog(), "20x26x16");
    ASSERT_TRUE(r.has_value());
    std::vector<std::string> found;
    for (const auto& g : (*r)["groups"]) {
        for (const auto& b : g["bearings"]) found.push_back(b["designation"].get<std::string>());
    }
    EXPECT_NE(std::find(found.begin(), found.end(), "HK2016"), found.end());
    EXPECT_NE(std::find(found.begin(), found.end(), "BK2016"), found.end());
    r = search_json(default_catalog(), "25x38x20");
    ASSERT_TRUE(r.has_value());
    bool nki = false;
    for (const auto& g : (*r)["groups"]) {
        for (const auto& b : g["bearings"]) nki = nki || b["designation"] == "NKI25/20";
    }
    EXPECT_TRUE(nki);
}

TEST(CatalogTables, CupCageTableErrorsNameTheLine) {
    const TableInput bad_type[] = {{"needle_cup_cage", "type,designation,d,Fw,D,B,source\nHX,HX2016,,20,26,16,t\n"}};
    auto r = Catalog::load(bad_type);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("line 2"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("HX"), std::string::npos) << r.error().message;
    const TableInput mismatch[] = {{"needle_cup_cage", "type,designation,d,Fw,D,B,source\nHK,BK2016,,20,26,16,t\n"}};
    EXPECT_FALSE(Catalog::load(mismatch).has_value());
    const TableInput no_bore[] = {{"needle_cup_cage", "type,designation,d,Fw,D,B,source\nNKI,NKI25/20,,29,38,20,t\n"}};
    r = Catalog::load(no_bore);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("field 3"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace yandian::catalog

namespace yandian::catalog {
namespace {

// Ball bearing inserts of the FYH BALL BEARING UNITS catalogue CAT.NO.3300 (github ArtemFilin1990/Mar text copy,
// Каталог_корпусных_подшипников_FYH.md.txt): UC/SB/SU table pp.210-215, UK table pp.218-221.
TEST(CatalogTables, FyhInsertsGiveOutsideDiameterAndOtherInsertTypes) {
    struct Row {
        const char* designation;
        double d, D, B, S;  // S < 0: null
    };
    const Row rows[] = {
        {"UC201", 12, 47, 31, 12.7},   // p.210: D 47; B and S also in the NSK tables
        {"UC210", 50, 90, 51.6, 19},   // p.212
        {"UC218", 90, 160, 96, 39.7},  // p.214
        {"UC306", 30, 72, 43, 17},     // p.210: listed after UCX06 (42.9 / 17.5)
        {"UC320", 100, 215, 108, 42},  // p.214
        {"SB203", 17, 40, 22, 6},      // p.210
        {"SB207", 35, 72, 32, 8.5},    // p.212
        {"UK205", 25, 52, 21, -1},     // p.218: d is the bearing bore (shaft 20 with H2305)
        {"UK213", 65, 120, 36, -1},    // p.220
        {"UK305", 25, 62, 27, -1},     // p.218
        {"UK317", 85, 180, 60, -1},    // p.220
    };
    for (const auto& row : rows) {
        const auto j = show(row.designation);
        EXPECT_EQ(j["dimensions_checked"], true) << row.designation;
        EXPECT_DOUBLE_EQ(j["d"].get<double>(), row.d) << row.designation;
        EXPECT_DOUBLE_EQ(j["D"].get<double>(), row.D) << row.designation;
        EXPECT_DOUBLE_EQ(j["B"].get<double>(), row.B) << row.designation;
        if (row.S < 0) {
            EXPECT_TRUE(j["S"].is_null()) << row.designation;
        } else {
            EXPECT_DOUBLE_EQ(j["S"].get<double>(), row.S) << row.designation;
        }
        EXPECT_NE(j["dimensions_source"].get<std::string>().find("FYH"), std::string::npos) << row.designation;
    }
    // An inch bore keeps the rings of its metric size (p.210: UC205-16, 1 in, D 52, B 34.1).
    const auto inch = show("UC205-16");
    EXPECT_DOUBLE_EQ(inch["d"].get<double>(), 25.4);
    EXPECT_DOUBLE_EQ(inch["D"].get<double>(), 52);
    // Housed units answer the insert's rings: UKP208 holds UK208 (p.218: D 80, B 27).
    const auto ukp = show("UKP208");
    EXPECT_DOUBLE_EQ(ukp["D"].get<double>(), 80);
    EXPECT_DOUBLE_EQ(ukp["B"].get<double>(), 27);
    // Eccentric-collar inserts SA202-SA208: SA/SA-F/NA table p.224 (SA207: D 72, inner ring B 23, B1 36.5 with the
    // collar); HC is not tabled and stays null, and so does SA209 (listed only as the flanged SA209F).
    const auto sa = show("SA207");
    EXPECT_DOUBLE_EQ(sa["D"].get<double>(), 72);
    EXPECT_DOUBLE_EQ(sa["B"].get<double>(), 23);
    EXPECT_TRUE(sa["S"].is_null());
    EXPECT_TRUE(show("SA209")["D"].is_null());
    EXPECT_TRUE(show("HC205")["B"].is_null());
    // Size search: 25 x 52 finds the UC205 insert (B 34.1) and the SB205 (B 27) by their own widths.
    for (const auto& [size, want] :
         {std::pair{"25x52x34.1", "UC205"}, std::pair{"25x52x27", "SB205"}, std::pair{"45x100x38", "UK309"}}) {
        auto r = search_json(default_catalog(), size);
        ASSERT_TRUE(r.has_value()) << size;
        bool found = false;
        for (const auto& g : (*r)["groups"]) {
            for (const auto& b : g["bearings"]) found = found || b["designation"] == want;
        }
        EXPECT_TRUE(found) << size << " " << want;
    }
    const TableInput bad[] = {{"ball_insert_fyh", "prefix,series,bore_code,d,D,B,S,source\nUX,2,05,25,52,34.1,,t\n"}};
    auto r = Catalog::load(bad);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("line 2"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace yandian::catalog

namespace yandian::catalog {
namespace {

// Take-up units: FYH BALL BEARING UNITS CAT.NO.3300, UCT table pp.172-175 (github ArtemFilin1990/Mar text copy).
TEST(CatalogTables, TakeUpUnitsGiveTheFrameDimensions) {
    struct Row {
        const char* unit;
        double H, L, A, N, H1, A1;
    };
    const Row rows[] = {
        {"UCT204", 89, 94, 32, 19, 76, 12},     // p.172, housing T204 (also UCT201-UCT203)
        {"UCT205", 89, 97, 32, 19, 76, 12},     // p.172
        {"UCT208", 114, 144, 49, 29, 102, 16},  // p.172
        {"UCT211", 146, 171, 64, 35, 130, 22},  // p.174
        {"UCT215", 167, 232, 70, 41, 151, 26},  // p.174
    };
    for (const auto& row : rows) {
        const auto j = show(row.unit);
        ASSERT_TRUE(j["housing"].is_object()) << row.unit;
        const auto& h = j["housing"];
        EXPECT_EQ(h["unit"], row.unit);
        EXPECT_DOUBLE_EQ(h["H"].get<double>(), row.H) << row.unit;
        EXPECT_DOUBLE_EQ(h["L"].get<double>(), row.L) << row.unit;
        EXPECT_DOUBLE_EQ(h["A"].get<double>(), row.A) << row.unit;
        EXPECT_DOUBLE_EQ(h["N"].get<double>(), row.N) << row.unit;
        EXPECT_DOUBLE_EQ(h["H1"].get<double>(), row.H1) << row.unit;
        EXPECT_DOUBLE_EQ(h["A1"].get<double>(), row.A1) << row.unit;
        EXPECT_TRUE(h["J"].is_null()) << row.unit;  // no bolt spacing on a take-up frame
        EXPECT_TRUE(h["bolt"].is_null()) << row.unit;
    }
    // The insert of UCT205 is UC205: B 34.1 and S 14.3 (printed on the UCT row too), D 52.
    const auto uct = show("UCT205");
    EXPECT_DOUBLE_EQ(uct["B"].get<double>(), 34.1);
    EXPECT_DOUBLE_EQ(uct["S"].get<double>(), 14.3);
    EXPECT_DOUBLE_EQ(uct["D"].get<double>(), 52);
    // Pillow blocks keep their NSK housing letters and have no take-up fields.
    const auto ucp = show("UCP205");
    EXPECT_TRUE(ucp["housing"]["H1"].is_null());
    EXPECT_EQ(ucp["housing"]["bolt"], "M10");
    // UCT217 (p.176: H 198, L 260, A 73) is the last UCT2 row; UCT218 is not listed (only UCT318).
    EXPECT_DOUBLE_EQ(show("UCT217")["housing"]["L"].get<double>(), 260);
    EXPECT_TRUE(show("UCT218")["housing"].is_null());
    const TableInput bad[] = {{"takeup_unit_fyh",
                               "unit,bore_code,d,A,A1,A2,H,H1,H2,L,L1,L2,L3,N,N1,N2,source\n"
                               "UCT,05,25,32,12,24,89,x,51,97,62,10,51,19,16,32,t\n"}};
    auto r = Catalog::load(bad);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("line 2 field 8"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace yandian::catalog

namespace yandian::catalog {
namespace {

std::string nachi_equivalent(std::string_view designation) {
    const auto j = show(designation);
    for (const auto& e : j["equivalents"]) {
        if (e["system"] == "NACHI") {
            EXPECT_EQ(e["verified"], false) << designation;  // joining and the other suffixes are not sourced
            return e["designation"].get<std::string>();
        }
    }
    ADD_FAILURE() << "no NACHI equivalent for " << designation;
    return {};
}

// NACHI seal and shield codes: Table 1 "Standard configuration of single-row deep groove ball bearings" of the NACHI
// Deep Groove Ball Bearings catalogue section (doczz.net/doc/5124514): shield Z/ZZ, non-contact rubber seal NKE/2NKE,
// contact rubber seal NSE/2NSE, snap-ring groove N, with snap ring NR.
TEST(CatalogTables, NachiSealCodesAreTheCatalogueCodes) {
    const std::pair<const char*, const char*> cases[] = {
        {"6205-Z", "Z"},    {"6205-2Z", "ZZ"},    {"6205-RZ", "NKE"}, {"6205-2RZ", "2NKE"},
        {"6205-RS", "NSE"}, {"6205-2RS", "2NSE"}, {"6205N", "N"},     {"6205NR", "NR"},
    };
    for (const auto& [input, code] : cases) {
        const std::string s = nachi_equivalent(input);
        EXPECT_TRUE(s.starts_with("6205")) << input << " -> " << s;
        EXPECT_TRUE(s.ends_with(code)) << input << " -> " << s;
        // no other brand's code leaks into the NACHI spelling
        for (const char* other : {"RSH", "RSR", "DDU", "LLU", "LLB", "VV", "2RU", "2RS"}) {
            EXPECT_EQ(s.find(other), std::string::npos) << input << " -> " << s;
        }
    }
}

}  // namespace
}  // namespace yandian::catalog

namespace yandian::catalog {
namespace {

// NK/NKI load ratings: NBS needle catalogue NK table pp.12-15 and NKI table pp.17-20 (C, Co in N).
TEST(CatalogTables, NeedleCageRatingsFromTheNbsTables) {
    const auto nk = show("NK25/20");
    EXPECT_DOUBLE_EQ(nk["C_kN"].get<double>(), 17.86);  // p.13: 17 860 N
    EXPECT_DOUBLE_EQ(nk["C0_kN"].get<double>(), 29);    // p.13: 29 000 N
    EXPECT_EQ(nk["rating_brand"], "NBS");
    EXPECT_EQ(nk["estimated"], false);
    // NKI25/20 runs on Fw 29 in the outer ring of NK29/20: its rating is close to NK29/20's (21.0 vs 20.8 kN).
    const auto nki = show("NKI25/20");
    EXPECT_DOUBLE_EQ(nki["C_kN"].get<double>(), 21);  // p.17: 21 000 N
    EXPECT_NEAR(nki["C_kN"].get<double>(), show("NK29/20")["C_kN"].get<double>(), 0.5);
    // A brand with no bundled NK rating gets the NBS value and a warning saying so.
    const auto nsk = show("NSK NK25/20");
    EXPECT_DOUBLE_EQ(nsk["C_kN"].get<double>(), 17.86);
    bool warned = false;
    for (const auto& w : nsk["warnings"]) warned = warned || w.get<std::string>().find("NBS") != std::string::npos;
    EXPECT_TRUE(warned) << nsk["warnings"];
}

}  // namespace
}  // namespace yandian::catalog
