// The whole scorecard on German Credit (rows 1–700 train, 701–1000 test, spec tests/reference/german_spec.json)
// against tests/reference/german_scorecard.json, which tests/reference/german_scorecard.py computes independently
// (numpy classing, its own re-implementation of the automatic binning, statsmodels Logit, scipy's ks_2samp and
// mannwhitneyu). Regenerate with:
//   /usr/bin/python3 tests/reference/german_scorecard.py ../shared/data/credit/germancredit.csv
//       > tests/reference/german_scorecard.json
#include "german.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "credit/scorecard.hpp"
#include "credit/scorecard_json.hpp"

namespace yandian::credit {
namespace {

using nlohmann::json;

json reference() {
    return json::parse(testing::read_file(std::string(YANDIAN_SOURCE_DIR) + "/tests/reference/german_scorecard.json"));
}

ScorecardSpec german_spec() {
    auto s = parse_spec(testing::read_file(std::string(YANDIAN_SOURCE_DIR) + "/tests/reference/german_spec.json"));
    EXPECT_TRUE(s) << s.error().message;
    return *s;
}

void expect_set(const SetResult& got, const json& want, const char* name) {
    ASSERT_TRUE(got.metrics) << name;
    EXPECT_NEAR(got.metrics->ks, want["ks"].get<double>(), 1e-9) << name;
    EXPECT_NEAR(got.metrics->auc, want["auc"].get<double>(), 1e-9) << name;
    EXPECT_NEAR(got.metrics->gini, want["gini"].get<double>(), 1e-9) << name;
    ASSERT_EQ(got.rows.size(), want["scores"].size()) << name;
    for (std::size_t i = 0; i < got.rows.size(); ++i) {
        EXPECT_EQ(got.rows[i].score, want["scores"][i].get<double>()) << name << " row " << i + 1;
        EXPECT_NEAR(got.rows[i].p_bad, want["p_bad"][i].get<double>(), 1e-8) << name << " row " << i + 1;
        EXPECT_EQ(got.rows[i].reasons, want["reasons"][i].get<std::vector<std::string>>()) << name << " row " << i + 1;
    }
}

TEST(GermanScorecard, MatchesIndependentReference) {
    auto data = testing::german();
    if (!data) GTEST_SKIP() << testing::kSkipGerman;
    const json ref = reference();
    const auto spec = german_spec();
    const csv::Table train = testing::slice(*data, 0, 700);
    const csv::Table test = testing::slice(*data, 700, 1000);
    auto r = build_scorecard({&train, "train"}, DataSet{&test, "test"}, "creditability", "bad", spec);
    ASSERT_TRUE(r) << r.error().message;

    ASSERT_EQ(r->variables.size(), ref["variables"].size());
    for (std::size_t j = 0; j < r->variables.size(); ++j) {
        const auto& got = r->variables[j];
        const auto& want = ref["variables"][j];
        ASSERT_EQ(got.name, want["name"].get<std::string>());
        if (want.contains("breaks")) {
            EXPECT_EQ(got.binning.breaks, want["breaks"].get<std::vector<double>>()) << got.name;
        } else {
            EXPECT_EQ(got.binning.groups, want["groups"].get<std::vector<std::vector<std::string>>>()) << got.name;
        }
        ASSERT_EQ(got.woe.bins.size(), want["bins"].size()) << got.name;
        for (std::size_t k = 0; k < got.woe.bins.size(); ++k) {
            const auto& wb = want["bins"][k];
            EXPECT_EQ(got.labels[k], wb["label"].get<std::string>()) << got.name;
            EXPECT_EQ(got.woe.bins[k].count, wb["count"].get<std::int64_t>()) << got.name << " bin " << k;
            EXPECT_EQ(got.woe.bins[k].bad, wb["bad"].get<std::int64_t>()) << got.name << " bin " << k;
            EXPECT_NEAR(got.woe.bins[k].woe, wb["woe"].get<double>(), 1e-12) << got.name << " bin " << k;
            EXPECT_NEAR(got.woe.bins[k].iv, wb["iv"].get<double>(), 1e-12) << got.name << " bin " << k;
            EXPECT_EQ(got.points[k], wb["points"].get<double>()) << got.name << " bin " << k;
        }
        EXPECT_NEAR(got.woe.iv, want["iv"].get<double>(), 1e-12) << got.name;
        ASSERT_TRUE(got.psi && got.csi) << got.name;
        EXPECT_NEAR(*got.psi, want["psi"].get<double>(), 1e-12) << got.name;
        EXPECT_NEAR(*got.csi, want["csi"].get<double>(), 1e-9) << got.name;
    }

    const auto& m = ref["model"];
    EXPECT_NEAR(r->fit.coefficients[0], m["intercept"]["estimate"].get<double>(), 1e-7);
    EXPECT_NEAR(r->fit.standard_errors[0], m["intercept"]["se"].get<double>(), 1e-7);
    for (std::size_t j = 0; j < m["coefficients"].size(); ++j) {
        EXPECT_NEAR(r->fit.coefficients[j + 1], m["coefficients"][j]["estimate"].get<double>(), 1e-7) << j;
        EXPECT_NEAR(r->fit.standard_errors[j + 1], m["coefficients"][j]["se"].get<double>(), 1e-7) << j;
    }
    EXPECT_NEAR(r->fit.deviance, m["deviance"].get<double>(), 1e-7);
    EXPECT_NEAR(r->fit.null_deviance, m["null_deviance"].get<double>(), 1e-7);
    EXPECT_NEAR(r->fit.aic, m["aic"].get<double>(), 1e-7);

    EXPECT_NEAR(r->card.constants.factor, ref["card"]["factor"].get<double>(), 1e-10);
    EXPECT_NEAR(r->card.constants.offset, ref["card"]["offset"].get<double>(), 1e-10);
    EXPECT_EQ(r->card.base_points, ref["card"]["base_points"].get<double>());
    expect_set(r->train, ref["train"], "train");
    ASSERT_TRUE(r->test);
    expect_set(*r->test, ref["test"], "test");
    ASSERT_TRUE(r->psi);
    EXPECT_NEAR(r->psi->psi, ref["psi"]["score"].get<double>(), 1e-12);
}

}  // namespace
}  // namespace yandian::credit
