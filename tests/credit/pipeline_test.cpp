// The scorecard pipeline on data the test writes itself: a missing bin, the closed-form fit of a single WoE
// characteristic (slope 1, intercept ln(B/G), fitted P(bad) = the bin's bad rate), scores, and the errors that
// name row, column and value.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "credit/scorecard.hpp"
#include "credit/scorecard_json.hpp"

namespace yandian::credit {
namespace {

// 40 rows: income < 1000: 4 good 6 bad; income ≥ 1000: 16 good 4 bad; income missing: 5 good 5 bad.
std::string training_csv() {
    std::string s = "id,income,region,outcome\n";
    int id = 0;
    auto add = [&](const std::string& income, const std::string& region, const std::string& outcome, int n) {
        for (int i = 0; i < n; ++i) s += std::to_string(++id) + "," + income + "," + region + "," + outcome + "\n";
    };
    add("500", "north", "paid", 4);
    add("999.5", "south", "default", 6);
    add("1000", "north", "paid", 16);
    add("2500", "south", "default", 4);
    add("", "north", "paid", 5);
    add("NA", "south", "default", 5);
    return s;
}

ScorecardSpec income_spec() {
    ScorecardSpec spec;
    VariableSpec v;
    v.name = "income";
    v.mode = BinningMode::kBreaks;
    v.breaks = {1000};
    spec.variables.push_back(v);
    spec.scaling = {600, 19, 50, false};
    return spec;
}

TEST(Pipeline, SingleCharacteristicWithMissingBinClosedForm) {
    auto train = csv::parse(training_csv());
    ASSERT_TRUE(train);
    auto r = build_scorecard({&*train, "train.csv"}, std::nullopt, "outcome", "default", income_spec());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->good_value, "paid");
    const auto& v = r->variables[0];
    ASSERT_EQ(v.labels, (std::vector<std::string>{"[-inf,1000)", "[1000,inf)", "missing"}));
    EXPECT_EQ(v.woe.bins[0].bad, 6);
    EXPECT_EQ(v.woe.bins[1].good, 16);
    EXPECT_EQ(v.woe.bins[2].count, 10);
    // B = 15, G = 25: WoE = ln((6/15)/(4/25)) = ln 2.5, ln((4/15)/(16/25)) = ln(5/12), ln((5/15)/(5/25)) = ln(5/3).
    EXPECT_NEAR(v.woe.bins[0].woe, std::log(2.5), 1e-12);
    EXPECT_NEAR(v.woe.bins[1].woe, std::log(5.0 / 12.0), 1e-12);
    EXPECT_NEAR(v.woe.bins[2].woe, std::log(5.0 / 3.0), 1e-12);
    EXPECT_NEAR(v.missing_rate, 0.25, 1e-15);
    EXPECT_NEAR(v.identical_rate, 16.0 / 40.0, 1e-15);
    // logit P(bad) = ln(B/G) + 1·WoE reproduces every bin's bad rate, so it is the maximum-likelihood fit.
    EXPECT_NEAR(r->fit.coefficients[0], std::log(15.0 / 25.0), 1e-8);
    EXPECT_NEAR(r->fit.coefficients[1], 1.0, 1e-8);
    EXPECT_NEAR(r->train.rows[0].p_bad, 0.6, 1e-9);   // row 1: income 500, bin 1 bad rate 6/10
    EXPECT_NEAR(r->train.rows[10].p_bad, 0.2, 1e-9);  // row 11: income 1000
    EXPECT_NEAR(r->train.rows[39].p_bad, 0.5, 1e-9);  // row 40: NA → missing
    // Unrounded score = offset + factor·ln(good:bad odds of the bin): bin 2 has 16:4.
    const double factor = 50 / std::log(2.0);
    EXPECT_NEAR(r->train.rows[10].score, 600 - factor * std::log(19.0) + factor * std::log(4.0), 1e-8);
    EXPECT_EQ(r->train.rows[10].line, 12u);
    // Reason codes: a row in the worst bin falls short of the best (bin 2) by factor·(ln 2.5 − ln 5/12).
    ASSERT_EQ(r->train.rows[0].reasons, (std::vector<std::string>{"income"}));
    EXPECT_TRUE(r->train.rows[10].reasons.empty());
}

TEST(Pipeline, TestSetStabilityAndScores) {
    auto train = csv::parse(training_csv());
    auto test = csv::parse("income,outcome,id,region\n100,default,1,x\n5000,paid,2,y\n,paid,3,z\n7000,paid,4,y\n");
    ASSERT_TRUE(train && test);
    auto r = build_scorecard({&*train, "train.csv"}, DataSet{&*test, "test.csv"}, "outcome", "default", income_spec());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->test);
    EXPECT_EQ(r->variables[0].test_counts, (std::vector<std::int64_t>{1, 2, 1}));
    // Characteristic PSI: expected 10/20/10 of 40, actual 1/2/1 of 4 → the same shares → 0.
    EXPECT_NEAR(*r->variables[0].psi, 0.0, 1e-15);
    ASSERT_TRUE(r->test->metrics);
    EXPECT_DOUBLE_EQ(r->test->metrics->auc, 1.0);  // the bad is in the riskiest bin
    ASSERT_TRUE(r->psi);
    // JSON carries the contract's parts.
    const auto j = to_json(*r, income_spec());
    EXPECT_EQ(j["variables"][0]["bins"][2]["label"], "missing");
    EXPECT_EQ(j["test"]["scores"].size(), 4u);
    EXPECT_TRUE(j["model"]["coefficients"][0].contains("se"));
    EXPECT_TRUE(j["card"].contains("base_points"));
}

Error failure(const std::string& train_text, const std::string& target, const std::string& bad,
              const ScorecardSpec& spec, const std::string& test_text = {}) {
    auto train = csv::parse(train_text);
    EXPECT_TRUE(train);
    std::optional<csv::Table> test;
    std::optional<DataSet> test_set;
    if (!test_text.empty()) {
        test = *csv::parse(test_text);
        test_set = DataSet{&*test, "test.csv"};
    }
    auto r = build_scorecard({&*train, "train.csv"}, test_set, target, bad, spec);
    EXPECT_FALSE(r);
    return r ? Error{} : r.error();
}

TEST(Pipeline, ErrorsNameRowColumnAndValue) {
    const auto spec = income_spec();
    auto e = failure("income,outcome\n10,bad\n20,good\nlots,good\n", "outcome", "bad", spec);
    EXPECT_NE(e.message.find("train.csv line 4, column 'income': 'lots' is not a number"), std::string::npos)
        << e.message;
    e = failure("income,outcome\n10,bad\n20,good\n30,maybe\n", "outcome", "bad", spec);
    EXPECT_NE(e.message.find("line 4, column 'outcome': value 'maybe'"), std::string::npos) << e.message;
    e = failure("income,outcome\n10,bad\n20,good\n", "status", "bad", spec);
    EXPECT_NE(e.message.find("no column 'status'"), std::string::npos) << e.message;
    e = failure("income,outcome\n10,good\n20,good\n", "outcome", "bad", spec);
    EXPECT_NE(e.message.find("needs both the bad value"), std::string::npos) << e.message;
    // Missing in the test set but not in training: no missing bin to put it in.
    e = failure("income,outcome\n10,bad\n2000,good\n20,good\n3000,bad\n", "outcome", "bad", spec,
                "income,outcome\n10,bad\n,good\n");
    EXPECT_NE(e.message.find("test.csv line 3, column 'income': value is missing"), std::string::npos) << e.message;
    // A level in no group.
    ScorecardSpec groups;
    VariableSpec g;
    g.name = "region";
    g.mode = BinningMode::kGroups;
    g.groups = {{"north"}, {"south"}};
    groups.variables.push_back(g);
    e = failure("region,outcome\nnorth,bad\nsouth,good\nnorth,good\nsouth,bad\n", "outcome", "bad", groups,
                "region,outcome\nwest,bad\n");
    EXPECT_NE(e.message.find("test.csv line 2, column 'region': level 'west' is in no group"), std::string::npos)
        << e.message;
}

TEST(Pipeline, FilterKeepsWeakCharacteristicsOutOfTheModel) {
    auto train = csv::parse(training_csv());
    ASSERT_TRUE(train);
    ScorecardSpec spec = income_spec();
    VariableSpec region;
    region.name = "region";  // automatic: north holds only goods, south only bads, so both pure bins merge
    spec.variables.push_back(region);
    VariableSpec id;
    id.name = "id";
    id.mode = BinningMode::kBreaks;  // no breaks: one bin, IV 0
    spec.variables.push_back(id);
    spec.filter = FilterThresholds{};
    auto r = build_scorecard({&*train, "train.csv"}, std::nullopt, "outcome", "default", spec);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->variables[1].binning.groups, (std::vector<std::vector<std::string>>{{"north", "south"}}));
    EXPECT_TRUE(r->variables[0].model_index.has_value());
    for (std::size_t j : {1u, 2u}) {
        EXPECT_FALSE(r->variables[j].model_index.has_value()) << j;
        ASSERT_EQ(r->variables[j].dropped_because.size(), 1u) << j;
        EXPECT_EQ(r->variables[j].dropped_because[0], "IV 0 below 0.02");
    }
    EXPECT_EQ(r->fit.coefficients.size(), 2u);
    EXPECT_EQ(r->model_variables, (std::vector<std::size_t>{0}));
}

TEST(Spec, ParsesTheContractAndRefusesMistakes) {
    auto s = parse_spec(R"({"variables": [{"name": "age", "breaks": [26, 35]},
                                          {"name": "housing", "groups": [["rent"], ["own", "for free"]]},
                                          {"name": "duration"}],
                            "scaling": {"points0": 600, "odds0": 19, "pdo": 50, "round": true}})");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->variables[0].mode, BinningMode::kBreaks);
    EXPECT_EQ(s->variables[1].groups[1][1], "for free");
    EXPECT_EQ(s->variables[2].mode, BinningMode::kAuto);
    EXPECT_TRUE(s->scaling.round);
    auto err = [](const char* text) {
        auto r = parse_spec(text);
        return r ? std::string("(parsed)") : r.error().message;
    };
    EXPECT_NE(err("{").find("not valid JSON"), std::string::npos);
    // A number beyond a double's range is not a parse error to nlohmann but out_of_range (found by credit_spec_fuzz).
    EXPECT_NE(err(R"({"variables": [{"name": "a", "breaks": [333E333333333]}]})").find("not readable JSON"),
              std::string::npos);
    EXPECT_NE(err(R"({"variables": []})").find("non-empty array"), std::string::npos);
    EXPECT_NE(err(R"({"variables": [{"name": "a", "brakes": [1]}]})").find("unknown key 'brakes'"), std::string::npos);
    EXPECT_NE(err(R"({"variables": [{"name": "a", "breaks": [3, 1]}]})").find("increase strictly"), std::string::npos);
    EXPECT_NE(err(R"({"variables": [{"name": "a"}], "scaling": {"pdo": 0}})").find("pdo"), std::string::npos);
    EXPECT_NE(err(R"({"variables": [{"name": "a", "groups": [["x"], []]}]})").find("non-empty array of levels"),
              std::string::npos);
}

}  // namespace
}  // namespace yandian::credit
