// Black-box tests of `yandian bearing show|search|life`: the built binary is run and its JSON checked against the
// issue's contract and the catalogue values (SKF General Catalogue 6205: C 14.8 kN; CWRU 6205 BPFO 3.5848).
// The text view (--format text) is checked for the widths of tapered roller bearings (KOYO general catalogue
// B2001RUS tapered and inch tapered tables: 31310 T 29.25 / B 27 / C 19; LM11949/LM11910 d 19.05, D 45.237,
// T 15.494, cone B 16.637, cup C 12.065) and for the insert and housing dimensions of ball bearing units (NSK
// Rolling Bearings general catalogue, UCP2 table B282-B287: UCP205 B 34.1, S 14.3, H 36.5, L 140, J 105, A 38,
// N 13, bolt M10; UCF2 table B288-B293: UCF205 L 95, J 70, A 27, N 12).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct Outcome {
    int status = -1;
    std::string out;
};

Outcome run(const std::string& args) {
    Outcome r;
    const std::string cmd = std::string(YANDIAN_BINARY) + " " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return r;
    std::array<char, 4096> buf{};
    size_t got = 0;
    while ((got = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), got);
    const int st = pclose(pipe);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

class BearingCli : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!std::filesystem::exists(YANDIAN_BINARY)) GTEST_SKIP() << "yandian binary not built";
    }
};

TEST_F(BearingCli, ShowPrintsContractJson) {
    const Outcome r = run("bearing show '6205-2RSH/C3'");
    ASSERT_EQ(r.status, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["canonical"], "6205-2RS C3");
    EXPECT_EQ(j["type"], "deep_groove_ball");
    EXPECT_EQ(j["d"], 25);
    EXPECT_EQ(j["C_kN"], 14.8);
    EXPECT_TRUE(j["T"].is_null());
    bool nsk = false;
    for (const auto& e : j["equivalents"]) nsk = nsk || (e["system"] == "NSK" && e["designation"] == "6205DDUC3");
    EXPECT_TRUE(nsk);
}

TEST_F(BearingCli, UnreadableDesignationExitsNonZeroNamingThePart) {
    const Outcome r = run("bearing show '6205-2RSQQ'");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("'QQ'"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("position 8"), std::string::npos) << r.out;
}

TEST_F(BearingCli, SearchAndLife) {
    const Outcome s = run("bearing search 25x52x15");
    ASSERT_EQ(s.status, 0) << s.out;
    EXPECT_GE(nlohmann::json::parse(s.out)["count"].get<int>(), 8);
    const Outcome l = run("bearing life 6205 --fr 1400 --fa 0 --rpm 1797");
    ASSERT_EQ(l.status, 0) << l.out;
    const auto j = nlohmann::json::parse(l.out);
    EXPECT_NEAR(j["life"]["L10_mrev"].get<double>(), 1000, 1e-3);  // KOYO C = 14.0 kN, C/P = 10
    EXPECT_NEAR(j["defect_frequencies"]["orders"]["BPFO"].get<double>(), 3.5848, 5e-4);
}

bool contains(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

// The line of the text view that starts (after its indent) with the label.
std::string text_line(const std::string& out, const std::string& label) {
    const size_t at = out.find("\n  " + label);
    if (at == std::string::npos) return {};
    const size_t end = out.find('\n', at + 1);
    return out.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
}

TEST_F(BearingCli, TextViewOfInchTaperedSetGivesTotalWidthAndConeAndCupWidths) {
    const Outcome r = run("bearing show LM11949/LM11910 --format text");
    ASSERT_EQ(r.status, 0) << r.out;
    const std::string main_line = text_line(r.out, "d x D x T");
    EXPECT_TRUE(contains(main_line, "19.05 x 45.237 x 15.494 mm")) << r.out;
    const std::string widths = text_line(r.out, "B / C");
    EXPECT_TRUE(contains(widths, "16.637 / 12.065 mm")) << r.out;
    // the cone width B (16.637) is not printed as if it were the total width
    EXPECT_FALSE(contains(main_line, "16.637")) << r.out;

    // JSON keeps its fields: T total width, B cone width, C_width cup width
    const Outcome j = run("bearing show LM11949/LM11910");
    ASSERT_EQ(j.status, 0) << j.out;
    const auto doc = nlohmann::json::parse(j.out);
    EXPECT_EQ(doc["T"], 15.494);
    EXPECT_EQ(doc["B"], 16.637);
    EXPECT_EQ(doc["C_width"], 12.065);
    EXPECT_TRUE(doc["S"].is_null());
    EXPECT_TRUE(doc["housing"].is_null());
}

TEST_F(BearingCli, TextViewOfInchConeAloneLeavesCupDimensionsOpen) {
    const Outcome r = run("bearing show LM11949 --format text");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(text_line(r.out, "d x D x T"), "19.05 x - x - mm")) << r.out;
    EXPECT_TRUE(contains(text_line(r.out, "B / C"), "16.637 / - mm")) << r.out;
}

TEST_F(BearingCli, TextViewOfMetricTaperedGivesTBAndC) {
    const Outcome r = run("bearing show 31310 --format text");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(text_line(r.out, "d x D x T"), "50.0 x 110.0 x 29.25 mm, r_min 2.5")) << r.out;
    EXPECT_TRUE(contains(text_line(r.out, "B / C"), "27.0 / 19.0 mm")) << r.out;
}

TEST_F(BearingCli, TextViewOfHousedUnitGivesSAndHousing) {
    const Outcome r = run("bearing show UCP205 --format text");
    ASSERT_EQ(r.status, 0) << r.out;
    // D 52 of the UC205 insert: FYH BALL BEARING UNITS CAT.NO.3300, UC table p.210; B: NSK UCP2 table B282
    EXPECT_TRUE(contains(text_line(r.out, "d x D x B"), "25.0 x 52.0 x 34.1 mm")) << r.out;
    EXPECT_FALSE(contains(text_line(r.out, "d x D x B"), "D not listed")) << r.out;
    EXPECT_TRUE(contains(text_line(r.out, "S "), "14.3 mm")) << r.out;
    const std::string housing = text_line(r.out, "housing UCP205");
    EXPECT_TRUE(contains(housing, "H 36.5, L 140.0, J 105.0, A 38.0, N 13.0 mm, bolt M10")) << r.out;
    EXPECT_TRUE(contains(r.out, "H shaft centre height")) << r.out;

    // a square flange unit has no H in the NSK table: the letter is left out, not printed as "-"
    const Outcome f = run("bearing show UCF205 --format text");
    ASSERT_EQ(f.status, 0) << f.out;
    const std::string flange = text_line(f.out, "housing UCF205");
    EXPECT_TRUE(contains(flange, "L 95.0, J 70.0, A 27.0, N 12.0 mm")) << f.out;
    EXPECT_FALSE(contains(flange, "H ")) << f.out;

    // the insert alone: S but no housing line
    const Outcome u = run("bearing show UC205 --format text");
    ASSERT_EQ(u.status, 0) << u.out;
    EXPECT_TRUE(contains(text_line(u.out, "S "), "14.3 mm")) << u.out;
    EXPECT_FALSE(contains(u.out, "housing")) << u.out;
}

TEST_F(BearingCli, TextViewOfRnaNamesTheRollerSetBore) {
    // NSK solid needle table B262: RNA4905 Fw 30, D 42, C 17; NA4905 d 25 on the same row
    const Outcome r = run("bearing show RNA4905 --format text");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(text_line(r.out, "Fw x D x B"), "30.0 x 42.0 x 17.0 mm")) << r.out;
    const Outcome na = run("bearing show NA4905 --format text");
    ASSERT_EQ(na.status, 0) << na.out;
    EXPECT_TRUE(contains(text_line(na.out, "d x D x B/T"), "25.0 x 42.0 x 17.0 mm")) << na.out;
}

TEST_F(BearingCli, TextViewOfDeepGrooveBallKeepsItsLine) {
    const Outcome r = run("bearing show '6205-2RSH/C3' --format text");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(text_line(r.out, "d x D x B/T"), "25.0 x 52.0 x 15.0 mm, r_min 1.0")) << r.out;
    EXPECT_FALSE(contains(r.out, "housing")) << r.out;
}

}  // namespace
