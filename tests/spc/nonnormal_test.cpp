// Box-Cox capability and the ISO 22514-2 percentile method. Reference values: an independent Python 3 computation
// (tests/reference/spc_nonnormal.py)
// (standard library only) on the 30 values below (drawn once as 2 exp(N(0, 0.5)), seed 22514, rounded to 4 digits):
// Box-Cox lambda by ternary search of the same profile likelihood on [-5, 5]; lognormal ML by its closed form and
// NormalDist quantiles; Weibull shape by bisection of its score equation; gamma shape by bisection of
// ln a - digamma(a) = ln(mean) - mean(ln x), digamma by recurrence and its asymptotic series.
#include "spc/nonnormal.hpp"

#include <gtest/gtest.h>

namespace yandian::spc {
namespace {

const std::vector<double> kData{1.8860, 2.9391, 1.1851, 3.1966, 1.0876, 2.6007, 3.4624, 2.0383, 1.3842, 3.1456,
                                1.3794, 1.7997, 3.8962, 1.6893, 0.8212, 1.5434, 3.1519, 2.5521, 3.4726, 1.3719,
                                0.9040, 2.6853, 1.5504, 1.9113, 1.8644, 5.0500, 2.5809, 2.3512, 1.9199, 1.4774};

TEST(BoxCox, MaximumLikelihoodLambdaAndTransformedCapability) {
    // lambda = 0.0836880416; with LSL 0.5, USL 6 on the transformed scale: L = -0.6734262555, U = 1.9330695625,
    // mean 0.7381476118, sigma_w (MR) 0.5529717659, Cpk 0.7203031719, Ppk 0.8438782805.
    auto lambda = box_cox_lambda(kData);
    ASSERT_TRUE(lambda) << lambda.error().message;
    EXPECT_NEAR(*lambda, 0.0836880416, 1e-7);
    EXPECT_NEAR(box_cox(0.5, *lambda), -0.6734262555, 1e-7);
    CapabilityOptions opt;
    opt.spec.lsl = 0.5;
    opt.spec.usl = 6.0;
    const std::vector<std::size_t> ones(kData.size(), 1);
    auto c = box_cox_capability(kData, ones, opt);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_NEAR(c->capability.mean, 0.7381476118, 1e-7);
    EXPECT_NEAR(c->capability.sigma_within, 0.5529717659, 1e-7);
    EXPECT_NEAR(*c->capability.cpk, 0.7203031719, 1e-6);
    EXPECT_NEAR(*c->capability.ppk, 0.8438782805, 1e-6);
    EXPECT_FALSE(box_cox_lambda(std::vector<double>{1.0, -2.0, 3.0}));
}

TEST(Percentile, MaximumLikelihoodFitsOfTheFourFamilies) {
    // log-likelihoods: normal -41.6835422061, lognormal -39.0278448516, Weibull -40.2867318777, gamma -39.1643642267.
    auto normal = fit_distribution(kData, Family::kNormal);
    auto lognormal = fit_distribution(kData, Family::kLognormal);
    auto weibull = fit_distribution(kData, Family::kWeibull);
    auto gamma = fit_distribution(kData, Family::kGamma);
    ASSERT_TRUE(normal && lognormal && weibull && gamma);
    EXPECT_NEAR(normal->log_likelihood, -41.6835422061, 1e-8);
    EXPECT_NEAR(lognormal->a, 0.7082384413, 1e-9);
    EXPECT_NEAR(lognormal->b, 0.4376880606, 1e-9);
    EXPECT_NEAR(lognormal->log_likelihood, -39.0278448516, 1e-8);
    EXPECT_NEAR(weibull->a, 2.4511409040, 1e-7);
    EXPECT_NEAR(weibull->b, 2.5217582674, 1e-7);
    EXPECT_NEAR(weibull->log_likelihood, -40.2867318777, 1e-7);
    EXPECT_NEAR(weibull->quantile(0.99865), 5.4482967056, 1e-6);
    EXPECT_NEAR(gamma->a, 5.4954501977, 1e-7);
    EXPECT_NEAR(gamma->b, 0.4057787054, 1e-8);
    EXPECT_NEAR(gamma->log_likelihood, -39.1643642267, 1e-8);
}

TEST(Percentile, Iso22514IndicesFromTheBestFit) {
    // Best fit: lognormal; X0.135 = 0.5461750936, X50 = 2.0304114176, X99.865 = 7.5480749183;
    // LSL 0.5, USL 6: Pp 0.7855010979, Ppl 1.0311103379, Ppu = Ppk 0.7194328871; expected 7334.3372934319 ppm.
    SpecLimits spec{0.5, 6.0, std::nullopt};
    auto r = percentile_capability(kData, spec);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->fit.family, Family::kLognormal);
    EXPECT_NEAR(r->x00135, 0.5461750936, 1e-8);
    EXPECT_NEAR(r->x50, 2.0304114176, 1e-8);
    EXPECT_NEAR(r->x99865, 7.5480749183, 1e-7);
    EXPECT_NEAR(*r->pp, 0.7855010979, 1e-8);
    EXPECT_NEAR(*r->ppl, 1.0311103379, 1e-8);
    EXPECT_NEAR(*r->ppk, 0.7194328871, 1e-8);
    EXPECT_NEAR(r->ppm_expected, 7334.3372934319, 1e-5);
    EXPECT_EQ(r->ppm_observed, 0.0);
}

}  // namespace
}  // namespace yandian::spc
