// Black-box tests of `yandian bearing show|search|life`: the built binary is run and its JSON checked against the
// issue's contract and the catalogue values (SKF General Catalogue 6205: C 14.8 kN; CWRU 6205 BPFO 3.5848).
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

}  // namespace
