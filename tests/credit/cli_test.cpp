// Black-box tests of `yandian credit scorecard`: the built binary on German Credit (split into two files,
// compared with the independent reference of tests/reference/german_scorecard.py) and on a file the test
// writes; bad input exits 2 with a message naming the file, line, column and value.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "german.hpp"

namespace {

using nlohmann::json;

struct Outcome {
    int status = -1;
    std::string out;
    std::string err;
};

Outcome run(const std::string& args) {
    const std::string err_path = ::testing::TempDir() + "/credit_cli_stderr.txt";
    const std::string cmd = std::string(YANDIAN_BINARY) + " " + args + " 2>" + err_path;
    Outcome r;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return r;
    std::array<char, 4096> buf{};
    std::size_t got = 0;
    while ((got = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), got);
    const int st = pclose(pipe);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = yandian::credit::testing::read_file(err_path);
    return r;
}

std::string temp_file(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

std::string reference_path(const std::string& name) {
    return std::string(YANDIAN_SOURCE_DIR) + "/tests/reference/" + name;
}

TEST(CreditCli, GermanScorecardMatchesReference) {
    if (!yandian::credit::testing::german()) GTEST_SKIP() << yandian::credit::testing::kSkipGerman;
    // Rows 1–700 and 701–1000 of the file, each with the header.
    std::ifstream in(yandian::credit::testing::german_path());
    std::string header;
    std::getline(in, header);
    std::string train = header + "\n";
    std::string test = header + "\n";
    std::string line;
    for (int i = 0; std::getline(in, line); ++i) (i < 700 ? train : test) += line + "\n";
    const auto train_path = temp_file("german_train.csv", train);
    const auto test_path = temp_file("german_test.csv", test);
    Outcome r =
        run("credit scorecard --data " + q(train_path) + " --test " + q(test_path) +
            " --target creditability --bad bad --spec " + q(reference_path("german_spec.json")) + " --format json");
    ASSERT_EQ(r.status, 0) << r.err;
    const json got = json::parse(r.out);
    const json want = json::parse(yandian::credit::testing::read_file(reference_path("german_scorecard.json")));
    ASSERT_EQ(got["variables"].size(), want["variables"].size());
    for (std::size_t j = 0; j < want["variables"].size(); ++j) {
        const auto& gv = got["variables"][j];
        const auto& wv = want["variables"][j];
        EXPECT_EQ(gv["name"], wv["name"]);
        EXPECT_NEAR(gv["iv"].get<double>(), wv["iv"].get<double>(), 1e-12);
        ASSERT_EQ(gv["bins"].size(), wv["bins"].size());
        for (std::size_t k = 0; k < wv["bins"].size(); ++k) {
            for (const char* key : {"label", "count", "good", "bad", "points"}) {
                EXPECT_EQ(gv["bins"][k][key], wv["bins"][k][key]) << wv["name"] << " " << key;
            }
            EXPECT_NEAR(gv["bins"][k]["woe"].get<double>(), wv["bins"][k]["woe"].get<double>(), 1e-12);
            EXPECT_NEAR(gv["bins"][k]["iv"].get<double>(), wv["bins"][k]["iv"].get<double>(), 1e-12);
        }
    }
    EXPECT_NEAR(got["model"]["intercept"]["estimate"].get<double>(),
                want["model"]["intercept"]["estimate"].get<double>(), 1e-7);
    for (std::size_t j = 0; j < want["model"]["coefficients"].size(); ++j) {
        EXPECT_NEAR(got["model"]["coefficients"][j]["estimate"].get<double>(),
                    want["model"]["coefficients"][j]["estimate"].get<double>(), 1e-7);
        EXPECT_NEAR(got["model"]["coefficients"][j]["se"].get<double>(),
                    want["model"]["coefficients"][j]["se"].get<double>(), 1e-7);
    }
    EXPECT_NEAR(got["model"]["aic"].get<double>(), want["model"]["aic"].get<double>(), 1e-7);
    EXPECT_EQ(got["card"]["base_points"], want["card"]["base_points"]);
    for (const char* set : {"train", "test"}) {
        for (const char* key : {"ks", "auc", "gini"}) {
            EXPECT_NEAR(got[set][key].get<double>(), want[set][key].get<double>(), 1e-9) << set << " " << key;
        }
        EXPECT_EQ(got[set]["scores"], want[set]["scores"]) << set;
        EXPECT_EQ(got[set]["reasons"], want[set]["reasons"]) << set;
        ASSERT_EQ(got[set]["p_bad"].size(), want[set]["p_bad"].size());
        for (std::size_t i = 0; i < want[set]["p_bad"].size(); ++i) {
            EXPECT_NEAR(got[set]["p_bad"][i].get<double>(), want[set]["p_bad"][i].get<double>(), 1e-8);
        }
    }
    EXPECT_NEAR(got["psi"]["score"].get<double>(), want["psi"]["score"].get<double>(), 1e-12);

    Outcome text = run("credit scorecard --data " + q(train_path) + " --target creditability --bad bad --spec " +
                       q(reference_path("german_spec.json")) + " --format text");
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_NE(text.out.find("Base points 450"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("[1400,1800)"), std::string::npos);
}

const char* kSmall =
    "income,outcome\n500,default\n600,paid\n700,default\n1500,paid\n1600,paid\n1700,default\n2500,paid\n2600,paid\n";

TEST(CreditCli, SmallFileAndItsScores) {
    const auto data = temp_file("small.csv", kSmall);
    const auto spec = temp_file("small_spec.json", R"({"variables": [{"name": "income", "breaks": [1000]}],
        "scaling": {"points0": 600, "odds0": 19, "pdo": 50, "round": false}})");
    Outcome r = run("credit scorecard --data " + q(data) + " --target outcome --bad default --spec " + q(spec));
    ASSERT_EQ(r.status, 0) << r.err;
    const json j = json::parse(r.out);
    // Bin [-inf,1000): 1 paid, 2 default; [1000,inf): 4 paid, 1 default. One WoE characteristic: the fitted
    // P(bad) is the bin's bad rate, 2/3 and 1/5.
    EXPECT_EQ(j["variables"][0]["bins"][0]["bad"], 2);
    EXPECT_NEAR(j["train"]["p_bad"][0].get<double>(), 2.0 / 3.0, 1e-9);
    EXPECT_NEAR(j["train"]["p_bad"][3].get<double>(), 0.2, 1e-9);
    EXPECT_EQ(j["train"]["scores"].size(), 8u);
    EXPECT_EQ(j["good"], "paid");
}

TEST(CreditCli, BadInputExitsTwoNamingWhatWasWrong) {
    const auto spec = temp_file("ok_spec.json", R"({"variables": [{"name": "income", "breaks": [1000]}]})");
    const auto data = temp_file("ok.csv", kSmall);
    auto expect_error = [](const std::string& args, const std::string& needle) {
        Outcome r = run(args);
        EXPECT_EQ(r.status, 2) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    };
    const auto bad_value = temp_file("bad_value.csv", "income,outcome\n500,default\nabc,paid\n");
    expect_error("credit scorecard --data " + q(bad_value) + " --target outcome --bad default --spec " + q(spec),
                 "line 3, column 'income': 'abc' is not a number");
    const auto ragged = temp_file("ragged.csv", "income,outcome\n500,default,x\n");
    expect_error("credit scorecard --data " + q(ragged) + " --target outcome --bad default --spec " + q(spec),
                 "line 2, column 3: expected 2 fields");
    expect_error("credit scorecard --data " + q(data) + " --target status --bad default --spec " + q(spec),
                 "no column 'status'");
    const auto three = temp_file("three.csv", "income,outcome\n500,default\n600,paid\n700,late\n");
    expect_error("credit scorecard --data " + q(three) + " --target outcome --bad default --spec " + q(spec),
                 "line 4, column 'outcome': value 'late' is neither");
    const auto broken = temp_file("broken_spec.json", R"({"variables": [{"name": "income", "breaks": [1000]})");
    expect_error("credit scorecard --data " + q(data) + " --target outcome --bad default --spec " + q(broken),
                 "not valid JSON");
    const auto unknown = temp_file("unknown_spec.json", R"({"variables": [{"name": "wealth"}]})");
    expect_error("credit scorecard --data " + q(data) + " --target outcome --bad default --spec " + q(unknown),
                 "no column 'wealth'");
    expect_error("credit scorecard --data /nonexistent.csv --target outcome --bad default --spec " + q(spec),
                 "cannot read file '/nonexistent.csv'");
    expect_error("credit scorecard --data " + q(data) + " --target outcome --spec " + q(spec), "--bad");
}

}  // namespace

namespace {

TEST(CreditCli, MissingValuesGetTheirOwnBinThroughTheBinary) {
    // income < 1000: 1 paid, 2 default; ≥ 1000: 3 paid, 1 default; missing (empty or NA): 1 paid, 2 default.
    // Bads 5, goods 5: WoE of the missing bin = ln((2/5)/(1/5)) = ln 2.
    const auto data = temp_file("missing.csv",
                                "income,outcome\n500,default\n600,paid\n700,default\n1500,paid\n1600,paid\n"
                                "1700,default\n2500,paid\n,default\nNA,default\n,paid\n");
    const auto spec = temp_file("missing_spec.json", R"({"variables": [{"name": "income", "breaks": [1000]}]})");
    Outcome r = run("credit scorecard --data " + q(data) + " --target outcome --bad default --spec " + q(spec));
    ASSERT_EQ(r.status, 0) << r.err;
    const json j = json::parse(r.out);
    const auto& bins = j["variables"][0]["bins"];
    ASSERT_EQ(bins.size(), 3u);
    EXPECT_EQ(bins[2]["label"], "missing");
    EXPECT_EQ(bins[2]["count"], 3);
    EXPECT_EQ(bins[2]["bad"], 2);
    EXPECT_NEAR(bins[2]["woe"].get<double>(), std::log(2.0), 1e-12);
    EXPECT_NEAR(j["variables"][0]["missing_rate"].get<double>(), 0.3, 1e-15);
    // Single WoE characteristic: P(bad) of a missing row is the missing bin's bad rate 2/3.
    EXPECT_NEAR(j["train"]["p_bad"][7].get<double>(), 2.0 / 3.0, 1e-9);
    Outcome text = run("credit scorecard --data " + q(data) + " --target outcome --bad default --spec " + q(spec) +
                       " --format text");
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_NE(text.out.find("missing"), std::string::npos) << text.out;
}

}  // namespace
