// Black-box tests of `yandian spc ...`: the built binary is run on reference files; its JSON must carry the
// reference values and bad input must exit non-zero with a message naming the line and field.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct Outcome {
    int status = -1;
    std::string out;  // stdout and stderr
};

Outcome run(const std::string& args) {
    const std::string cmd = std::string(YANDIAN_BINARY) + " " + args + " 2>&1";
    Outcome r;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return r;
    std::array<char, 4096> buf{};
    std::size_t got = 0;
    while ((got = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), got);
    const int st = pclose(pipe);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

std::string data(const std::string& name) { return std::string(YANDIAN_SOURCE_DIR) + "/tests/spc/data/" + name; }

std::string temp_file(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

TEST(SpcCli, XbarRChartJsonCarriesQccLimitsAndPhaseTwoViolations) {
    // qcc 2.7 on Montgomery's piston rings (see variables_test.cpp): limits 73.988048 / 74.014304;
    // phase II subgroups 37-39 beyond the limits (0-based 36-38), 7-run at 40 (index 39).
    Outcome r = run("spc chart --type xbar-r --input " + data("pistonrings.csv") + " --phase1 25 --rules 1,2:7");
    ASSERT_EQ(r.status, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["type"], "xbar-r");
    EXPECT_NEAR(j["center"].get<double>(), 74.001176, 5e-7);
    EXPECT_NEAR(j["lcl"].get<double>(), 73.988048, 5e-7);
    EXPECT_NEAR(j["ucl"].get<double>(), 74.014304, 5e-7);
    ASSERT_EQ(j["points"].size(), 40u);
    EXPECT_EQ(j["points"][36]["violations"], nlohmann::json::array({1}));
    EXPECT_EQ(j["points"][39]["violations"], nlohmann::json::array({2}));
    EXPECT_EQ(j["points"][0]["index"], 0);
    EXPECT_EQ(j["secondary"]["type"], "r");
    EXPECT_NEAR(j["secondary"]["center"].get<double>(), 0.02276, 1e-9);
}

TEST(SpcCli, TextChartIsRoundedToTheSigmaAndAligned) {
    // The same qcc 2.7 limits, printed for people: sigma 0.009785 has its third significant digit at 1e-5, so every
    // number carries 5 decimals; the columns line up; rules read "1" or "-".
    Outcome r = run("spc chart --type xbar-r --input " + data("pistonrings.csv") + " --phase1 25 --rules 1 --format text");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "xbar-r: center 74.00118 lcl 73.98805 ucl 74.01430 sigma 0.009785");
    std::istringstream lines(r.out);
    std::string line;
    std::getline(lines, line);
    std::getline(lines, line);
    const std::size_t width = line.find("rules");
    ASSERT_NE(width, std::string::npos) << line;
    int rows = 0;
    while (std::getline(lines, line) && line.rfind("r:", 0) != 0) {
        ++rows;
        EXPECT_EQ(line.find_first_of("0123456789-", width), width) << "misaligned: " << line;
        EXPECT_EQ(line.find("e-"), std::string::npos) << line;
        if (rows == 37) EXPECT_NE(line.find(" 1"), std::string::npos) << line;  // subgroup 37 beyond the limits
    }
    EXPECT_EQ(rows, 40);
}

TEST(SpcCli, GrrTextIsATableOfAnovaAndComponents) {
    Outcome r = run("spc grr --input " + data("grr_aiag.csv") + " --format text");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out.find('{'), std::string::npos) << "text output is not JSON: " << r.out;
    EXPECT_NE(r.out.find("10 parts x 3 operators x 3 replicates"), std::string::npos) << r.out;
    // AIAG MSA 4th ed. worked example (the JSON test above checks the values to more digits): SS part 88.3619.
    EXPECT_NE(r.out.find("88.36193"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("number of distinct categories (ndc): "), std::string::npos) << r.out;
}

TEST(SpcCli, PChartFromCountAndSize) {
    // Montgomery Example 7.1 / qcc orangejuice trial samples: limits 0.05242755 / 0.4102391.
    std::string csv = "count,size\n";
    for (int d :
         {12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6}) {
        csv += std::to_string(d) + ",50\r\n";
    }
    Outcome r = run("spc chart --type p --input " + temp_file("oj.csv", csv) + " --rules 1");
    ASSERT_EQ(r.status, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_NEAR(j["lcl"].get<double>(), 0.05242755, 5e-9);
    EXPECT_NEAR(j["ucl"].get<double>(), 0.4102391, 5e-8);
    EXPECT_EQ(j["points"][14]["violations"], nlohmann::json::array({1}));
}

TEST(SpcCli, CapabilityNormalityAndGrr) {
    Outcome cap = run("spc capability --input " + data("pistonrings.csv") + " --lsl 73.95 --usl 74.05");
    ASSERT_EQ(cap.status, 0) << cap.out;
    const auto c = nlohmann::json::parse(cap.out);
    for (const char* key : {"n", "mean", "sigma_within", "sigma_overall", "cp", "cpl", "cpu", "cpk", "cpm", "pp", "ppl",
                            "ppu", "ppk", "ci", "ppm", "normality"}) {
        EXPECT_TRUE(c.contains(key)) << key;
    }
    EXPECT_EQ(c["n"], 200);
    EXPECT_EQ(c["ci"]["cp"].size(), 2u);
    // nortest::ad.test on the 200 piston-ring values: A = 0.51807, p = 0.1862.
    EXPECT_NEAR(c["normality"]["ad"].get<double>(), 0.51807, 5e-6);
    EXPECT_NEAR(c["normality"]["p"].get<double>(), 0.1862, 5e-5);

    Outcome norm = run("spc normality --input " + data("pistonrings.csv"));
    ASSERT_EQ(norm.status, 0) << norm.out;
    EXPECT_NEAR(nlohmann::json::parse(norm.out)["ad"].get<double>(), 0.51807, 5e-6);

    // AIAG MSA 4th ed. example: GRR sd 0.302373 (27.9 % of total variation), ndc 4.
    Outcome grr = run("spc grr --input " + data("grr_aiag.csv") + " --lsl -3 --usl 3");
    ASSERT_EQ(grr.status, 0) << grr.out;
    const auto g = nlohmann::json::parse(grr.out);
    EXPECT_EQ(g["ndc"], 4);
    EXPECT_NEAR(g["components"]["total_grr"]["pct_study_var"].get<double>(), 27.9, 0.05);
}

TEST(SpcCli, BadInputExitsNonZeroNamingLineAndField) {
    Outcome non_numeric = run("spc chart --type imr --input " + temp_file("bad.csv", "value\n1\n2\nabc\n"));
    EXPECT_NE(non_numeric.status, 0);
    EXPECT_NE(non_numeric.out.find("line 4, field 'value'"), std::string::npos) << non_numeric.out;

    Outcome single =
        run("spc chart --type xbar-r --input " + temp_file("one.csv", "subgroup,value\n1,1\n1,2\n2,3\n3,4\n3,5\n"));
    EXPECT_NE(single.status, 0);
    EXPECT_NE(single.out.find("line 4, field 'subgroup'"), std::string::npos) << single.out;

    Outcome specs = run("spc capability --input " + data("pistonrings.csv") + " --lsl 74.05 --usl 73.95");
    EXPECT_NE(specs.status, 0);
    EXPECT_NE(specs.out.find("--lsl"), std::string::npos) << specs.out;

    Outcome empty = run("spc normality --input " + temp_file("empty.csv", ""));
    EXPECT_NE(empty.status, 0);
    EXPECT_NE(empty.out.find("line 1"), std::string::npos) << empty.out;

    Outcome header_only = run("spc chart --type c --input " + temp_file("header.csv", "count\n"));
    EXPECT_NE(header_only.status, 0);
    EXPECT_NE(header_only.out.find("line 2"), std::string::npos) << header_only.out;

    const std::string nocol = temp_file("nocol.csv", "x\n1\n");
    Outcome missing = run("spc chart --type imr --input " + nocol);
    EXPECT_NE(missing.status, 0);
    EXPECT_NE(missing.out.find(nocol + ": line 1: missing column 'value' in the header (found 'x')"),
              std::string::npos)
        << missing.out;
}

}  // namespace

namespace {

TEST(SpcCli, NonNormalCapabilityMethods) {
    // The 30 skewed values of nonnormal_test.cpp: the percentile method picks the lognormal fit (Ppk 0.7194328871),
    // Box-Cox lambda 0.0836880416 (independent Python 3 computation: tests/reference/spc_nonnormal.py).
    std::string csv = "value\n";
    for (double v : {1.8860, 2.9391, 1.1851, 3.1966, 1.0876, 2.6007, 3.4624, 2.0383, 1.3842, 3.1456,
                     1.3794, 1.7997, 3.8962, 1.6893, 0.8212, 1.5434, 3.1519, 2.5521, 3.4726, 1.3719,
                     0.9040, 2.6853, 1.5504, 1.9113, 1.8644, 5.0500, 2.5809, 2.3512, 1.9199, 1.4774}) {
        csv += std::to_string(v) + "\n";
    }
    const std::string file = temp_file("skew.csv", csv);
    Outcome pct = run("spc capability --input " + file + " --lsl 0.5 --usl 6 --method percentile");
    ASSERT_EQ(pct.status, 0) << pct.out;
    const auto p = nlohmann::json::parse(pct.out);
    EXPECT_EQ(p["distribution"]["family"], "lognormal");
    EXPECT_NEAR(p["ppk"].get<double>(), 0.7194328871, 1e-8);
    Outcome bc = run("spc capability --input " + file + " --lsl 0.5 --usl 6 --method boxcox");
    ASSERT_EQ(bc.status, 0) << bc.out;
    EXPECT_NEAR(nlohmann::json::parse(bc.out)["lambda"].get<double>(), 0.0836880416, 1e-7);
    Outcome johnson = run("spc capability --input " + file + " --lsl 0.5 --usl 6 --method johnson");
    ASSERT_EQ(johnson.status, 0) << johnson.out;
    const auto j = nlohmann::json::parse(johnson.out);
    EXPECT_TRUE(j["johnson"]["family"].is_string());
    EXPECT_TRUE(j["cpk"].is_null());
    EXPECT_GT(j["ppk"].get<double>(), 0.0);
    EXPECT_GT(j["johnson"]["ad_p"].get<double>(), 0.1);
}

}  // namespace
