// Gauge R&R by ANOVA on the AIAG MSA 4th edition study (10 parts x 3 appraisers x 3 trials).
#include "spc/grr.hpp"

#include <gtest/gtest.h>

#include "common/csv.hpp"
#include "test_data.hpp"

namespace yandian::spc {
namespace {

struct Study {
    std::vector<std::string> parts, ops;
    std::vector<double> values;
};

Study aiag() {
    auto t = csv::parse(testing::read_text(std::string(YANDIAN_SOURCE_DIR) + "/tests/spc/data/grr_aiag.csv"));
    Study s;
    for (const auto& row : t->rows) {
        s.parts.push_back(row[0]);
        s.ops.push_back(row[1]);
        s.values.push_back(std::stod(row[2]));
    }
    return s;
}

TEST(GaugeRR, AiagMsa4thEditionAnovaMethod) {
    // AIAG MSA 4th ed., ANOVA table of the example: SS appraiser 3.1673, parts 88.3619, appraiser x part 0.3590,
    // equipment 2.7589, total 94.6471; F(interaction) = 0.434, not significant, so it is pooled. ANOVA-method
    // results: EV 0.199933 (%TV 18.4), AV 0.226838 (20.9), GRR 0.302373 (27.9), PV 1.042327 (96.0), ndc 4.
    // Independent Python 3 computation of the same ANOVA (tests/reference/spc_grr.py; F p-value by the incomplete
    // beta continued fraction):
    // p(interaction) = 0.9741064043, pooled MSE 0.0399732764, %Contribution GRR 7.7621586752,
    // total sd 1.0852995632.
    const Study s = aiag();
    GrrOptions opt;
    opt.tolerance = 6.0;
    auto g = gauge_rr(s.parts, s.ops, s.values, opt);
    ASSERT_TRUE(g) << g.error().message;
    EXPECT_EQ(g->parts, 10u);
    EXPECT_EQ(g->operators, 3u);
    EXPECT_EQ(g->replicates, 3u);
    EXPECT_NEAR(g->op.ss, 3.1673, 5e-5);
    EXPECT_NEAR(g->part.ss, 88.3619, 5e-5);
    EXPECT_NEAR(g->interaction.ss, 0.3590, 5e-5);
    EXPECT_NEAR(g->error.ss, 2.7589, 5e-5);
    EXPECT_NEAR(g->total.ss, 94.6471, 5e-5);
    EXPECT_NEAR(*g->interaction.f, 0.434, 5e-4);
    EXPECT_NEAR(*g->interaction.p, 0.9741064043, 1e-8);
    ASSERT_TRUE(g->interaction_pooled);
    EXPECT_NEAR(g->pooled_error->ms, 0.0399732764, 1e-10);
    EXPECT_NEAR(g->repeatability.sd, 0.199933, 5e-7);
    EXPECT_NEAR(g->reproducibility.sd, 0.226838, 5e-7);
    EXPECT_NEAR(g->grr.sd, 0.302373, 2e-6);  // the manual prints the root of its rounded components
    EXPECT_NEAR(g->part_to_part.sd, 1.042327, 5e-7);
    EXPECT_NEAR(g->total_var.sd, 1.0852995632, 1e-9);
    EXPECT_NEAR(g->repeatability.pct_study_var, 18.4, 0.05);
    EXPECT_NEAR(g->reproducibility.pct_study_var, 20.9, 0.05);
    EXPECT_NEAR(g->grr.pct_study_var, 27.9, 0.05);
    EXPECT_NEAR(g->part_to_part.pct_study_var, 96.0, 0.05);
    EXPECT_NEAR(g->grr.contribution, 7.7621586752, 1e-8);
    EXPECT_NEAR(*g->grr.pct_tolerance, 100.0 * 6.0 * 0.3023715223 / 6.0, 1e-7);
    EXPECT_EQ(g->ndc, 4);
}

TEST(GaugeRR, KeepsTheInteractionWhenSignificant) {
    // With alpha = 0.99 the interaction (p = 0.974) is kept: components from MSPO (Python as above:
    // MS part 9.8179927160, MS operator 1.5836311111, MSPO 0.0199434568, MSE 0.0459822222):
    // part-op variance (MSPO - MSE)/r < 0 -> 0; operator (MSO - MSPO)/(p r); part (MSP - MSPO)/(o r).
    const Study s = aiag();
    GrrOptions opt;
    opt.alpha_interaction = 0.99;
    auto g = gauge_rr(s.parts, s.ops, s.values, opt);
    ASSERT_TRUE(g);
    EXPECT_FALSE(g->interaction_pooled);
    EXPECT_EQ(g->part_op.variance, 0.0);
    EXPECT_NEAR(g->operator_only.variance, (1.5836311111 - 0.0199434568) / 30.0, 1e-10);
    EXPECT_NEAR(g->part_to_part.variance, (9.8179927160 - 0.0199434568) / 9.0, 1e-10);
    EXPECT_NEAR(g->repeatability.variance, 0.0459822222, 1e-10);
    EXPECT_NEAR(*g->part.f, 9.8179927160 / 0.0199434568, 1e-6);
}

TEST(GaugeRR, RejectsUnbalancedStudies) {
    Study s = aiag();
    s.parts.pop_back();
    s.ops.pop_back();
    s.values.pop_back();
    auto g = gauge_rr(s.parts, s.ops, s.values);
    ASSERT_FALSE(g);
    EXPECT_NE(g.error().message.find("unbalanced"), std::string::npos);
}

}  // namespace
}  // namespace yandian::spc
