// IRLS logistic regression: a 2×2 table whose maximum-likelihood fit is known in closed form, the glm fit the
// R `scorecard` documentation prints for German Credit, and the errors for separation and collinearity.
#include "credit/logistic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "german.hpp"

namespace yandian::credit {
namespace {

TEST(Logistic, TwoByTwoTableClosedForm) {
    // x = 0: 30 zeros, 10 ones; x = 1: 20 zeros, 40 ones. The fit reproduces the cell rates:
    // β0 = ln(10/30), β1 = ln(40/20) − ln(10/30) = ln 6; Woolf's standard errors
    // se(β1) = √(1/10 + 1/30 + 1/40 + 1/20), se(β0) = √(1/10 + 1/30);
    // deviance = −2[10 ln ¼ + 30 ln ¾ + 40 ln ⅔ + 20 ln ⅓] = 121.368512, null deviance = 200 ln 2 = 138.629436.
    std::vector<double> x;
    std::vector<int> y;
    auto add = [&](double xv, int yv, int n) {
        for (int i = 0; i < n; ++i) {
            x.push_back(xv);
            y.push_back(yv);
        }
    };
    add(0, 0, 30);
    add(0, 1, 10);
    add(1, 0, 20);
    add(1, 1, 40);
    auto fit = fit_logistic({x}, y, {"x"});
    ASSERT_TRUE(fit) << fit.error().message;
    EXPECT_NEAR(fit->coefficients[0], std::log(1.0 / 3.0), 1e-9);
    EXPECT_NEAR(fit->coefficients[1], std::log(6.0), 1e-9);
    EXPECT_NEAR(fit->standard_errors[0], std::sqrt(1.0 / 10 + 1.0 / 30), 1e-9);
    EXPECT_NEAR(fit->standard_errors[1], std::sqrt(1.0 / 10 + 1.0 / 30 + 1.0 / 40 + 1.0 / 20), 1e-9);
    EXPECT_NEAR(fit->deviance, 121.36851176488, 1e-8);
    EXPECT_NEAR(fit->null_deviance, 138.62943611199, 1e-8);
    EXPECT_NEAR(fit->aic, 121.36851176488 + 4, 1e-8);
    EXPECT_EQ(fit->n, 100u);
}

TEST(Logistic, SeparationIsAClearError) {
    const std::vector<double> x{0, 1, 2, 3, 4, 5};
    const std::vector<int> y{0, 0, 0, 1, 1, 1};
    auto fit = fit_logistic({x}, y, {"x"});
    ASSERT_FALSE(fit);
    EXPECT_NE(fit.error().message.find("separated"), std::string::npos) << fit.error().message;
}

TEST(Logistic, CollinearColumnIsNamed) {
    const std::vector<double> a{0, 1, 0, 1, 1, 0, 1, 0};
    const std::vector<double> b{0, 2, 0, 2, 2, 0, 2, 0};
    const std::vector<int> y{0, 1, 1, 0, 1, 0, 0, 1};
    auto fit = fit_logistic({a, b}, y, {"a", "twice_a"});
    ASSERT_FALSE(fit);
    EXPECT_EQ(fit.error().field, "twice_a");
    EXPECT_NE(fit.error().message.find("linear combination"), std::string::npos);
}

TEST(Logistic, RefusesOneOutcomeAndBadShapes) {
    EXPECT_FALSE(fit_logistic({{1, 2, 3}}, std::vector<int>{1, 1, 1}, {"x"}));
    EXPECT_FALSE(fit_logistic({{1, 2}}, std::vector<int>{1, 0, 1}, {"x"}));
    EXPECT_FALSE(fit_logistic({{1, 2, 3}}, std::vector<int>{1, 0, 2}, {"x"}));
}

TEST(LogisticGerman, MatchesGlmInRScorecardDocumentation) {
    // R: glm(creditability ~ age.in.years + credit.amount + present.residence.since, family = binomial) on the
    // 1000 rows, modelling P(good) (scorecard's vif.html): intercept 0.6360894980, age 0.0215127873,
    // amount −0.0001159332, residence −0.0514901312; SE 0.2774 / 0.0068 / 0.0000 / 0.0658; deviance 1188.4948,
    // null 1221.7286, AIC 1196.4948 (credit-quality.md §1.2, run on R 4.2.2).
    auto t = testing::german();
    if (!t) GTEST_SKIP() << testing::kSkipGerman;
    std::vector<std::vector<double>> cols(3);
    std::vector<int> good;
    const auto y = *t->column("creditability");
    const std::vector<std::size_t> c{*t->column("age_in_years"), *t->column("credit_amount"),
                                     *t->column("present_residence_since")};
    for (const auto& row : t->rows) {
        for (std::size_t j = 0; j < 3; ++j) cols[j].push_back(std::stod(row[c[j]]));
        good.push_back(row[y] == "good" ? 1 : 0);
    }
    auto fit = fit_logistic(cols, good, {"age", "amount", "residence"});
    ASSERT_TRUE(fit) << fit.error().message;
    EXPECT_NEAR(fit->coefficients[0], 0.6360894980, 1e-8);
    EXPECT_NEAR(fit->coefficients[1], 0.0215127873, 1e-9);
    EXPECT_NEAR(fit->coefficients[2], -0.0001159332, 1e-10);
    EXPECT_NEAR(fit->coefficients[3], -0.0514901312, 1e-9);
    EXPECT_NEAR(fit->standard_errors[0], 0.2774, 5e-5);
    EXPECT_NEAR(fit->standard_errors[1], 0.0068, 5e-5);
    EXPECT_NEAR(fit->standard_errors[2], 0.0000, 5e-5);
    EXPECT_NEAR(fit->standard_errors[3], 0.0658, 5e-5);
    EXPECT_NEAR(fit->deviance, 1188.4948, 5e-5);
    EXPECT_NEAR(fit->null_deviance, 1221.7286, 5e-5);
    EXPECT_NEAR(fit->aic, 1196.4948, 5e-5);
}

}  // namespace
}  // namespace yandian::credit
