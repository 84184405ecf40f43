// Holt-Winters against R's stats::HoltWinters on the AirPassengers series (Box & Jenkins 1976, Series G: monthly
// international airline passengers in thousands, 1949-1960). R's printed results (R 3.x/4.x, as reproduced in
// public course notes, e.g. `fit.m <- HoltWinters(x = AirPassengers, seasonal = 'multiplicative')`):
//   multiplicative: alpha 0.2755925, beta 0.03269295, gamma 0.8707292; a 469.3232206, b 3.0215391,
//                   s1..s12 0.9464611 0.8829239 0.9717369 1.0304825 1.0476884 1.1805272 1.3590778 1.3331706
//                   1.1083381 0.9868813 0.8361333 0.9209877
//   additive:       alpha 0.2479595, beta 0.03453373, gamma 1; a 477.827781, b 3.127627,
//                   s1..s12 -27.457685 -54.692464 -20.174608 12.919120 18.873607 75.294426 152.888368 134.613464
//                   33.778349 -18.379060 -87.772408 -45.827781
#include "market/holt_winters.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace yandian::market {
namespace {

const std::vector<double> kAirPassengers = {
    112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158,
    133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218,
    230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235,
    227, 234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278,
    284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404,
    347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472,
    548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432};

TEST(HoltWinters, AirPassengersDataIsSeriesG) {
    ASSERT_EQ(kAirPassengers.size(), 144u);
    double sum = 0.0;
    for (double v : kAirPassengers) sum += v;
    EXPECT_EQ(sum, 40363.0);  // mean 280.2986 as R's summary(AirPassengers) prints
}

TEST(HoltWinters, MultiplicativeFilterReproducesR) {
    auto m = holt_winters_filter(kAirPassengers, 12, Seasonality::kMultiplicative,
                                 HoltWintersParams{0.2755925, 0.03269295, 0.8707292});
    ASSERT_TRUE(m) << m.error().message;
    const double s[12] = {0.9464611, 0.8829239, 0.9717369, 1.0304825, 1.0476884, 1.1805272,
                          1.3590778, 1.3331706, 1.1083381, 0.9868813, 0.8361333, 0.9209877};
    // R prints the parameters to 7 significant digits, so the coefficients agree to about 1e-6 relative.
    EXPECT_NEAR(m->level, 469.3232206, 1e-3);
    EXPECT_NEAR(m->trend, 3.0215391, 1e-4);
    for (int k = 0; k < 12; ++k) EXPECT_NEAR(m->season[k], s[k], 1e-5) << k;
    EXPECT_EQ(m->fitted.size(), 132u);
}

TEST(HoltWinters, AdditiveFilterReproducesR) {
    auto m =
        holt_winters_filter(kAirPassengers, 12, Seasonality::kAdditive, HoltWintersParams{0.2479595, 0.03453373, 1.0});
    ASSERT_TRUE(m);
    const double s[12] = {-27.457685, -54.692464, -20.174608, 12.919120,  18.873607,  75.294426,
                          152.888368, 134.613464, 33.778349,  -18.379060, -87.772408, -45.827781};
    EXPECT_NEAR(m->level, 477.827781, 1e-3);
    EXPECT_NEAR(m->trend, 3.127627, 1e-4);
    for (int k = 0; k < 12; ++k) EXPECT_NEAR(m->season[k], s[k], 1e-3) << k;
}

TEST(HoltWinters, FittedParametersReachRsMinimum) {
    // R minimises the same SSE with L-BFGS-B from (0.3, 0.1, 0.1). Our fit must do at least as well (to 1e-6
    // relative) and land on the same optimum.
    for (const auto seasonality : {Seasonality::kMultiplicative, Seasonality::kAdditive}) {
        const HoltWintersParams r = seasonality == Seasonality::kMultiplicative
                                        ? HoltWintersParams{0.2755925, 0.03269295, 0.8707292}
                                        : HoltWintersParams{0.2479595, 0.03453373, 1.0};
        const double r_sse = holt_winters_filter(kAirPassengers, 12, seasonality, r)->sse;
        auto fit = holt_winters_fit(kAirPassengers, 12, seasonality);
        ASSERT_TRUE(fit);
        EXPECT_LE(fit->sse, r_sse * (1 + 1e-6));
        EXPECT_NEAR(fit->params.alpha, r.alpha, 0.02);
        EXPECT_NEAR(fit->params.beta, r.beta, 0.02);
        EXPECT_NEAR(fit->params.gamma, r.gamma, 0.05);
    }
}

TEST(HoltWinters, StartValuesAndFrozenRecursionsByHand) {
    // y_t = 50 + 2t + s_(t mod 4), t = 0..19, s = (5, -3, 1, -3) (sums to 0), period 4.
    // Start values: the centred 2x4 moving average of a line plus a zero-sum season is the line, defined at
    // t = 2..5: 54, 56, 58, 60; the seasonal figure is exactly s. The least-squares line through (1, 54) ..
    // (4, 60) has slope 2 and intercept 52: a_0 = 52, b_0 = 2 (R's convention: the intercept at index 0).
    // With alpha = beta = gamma = 0 nothing is updated: the prediction for t = 4..19 is 52 + 2 (t - 3) + s, the
    // truth is 50 + 2t + s, so every error is 4 and SSE = 16 x 16 = 256; at the end a = 52 + 16 x 2 = 84, b = 2,
    // and the forecast h steps ahead is 84 + 2h + s_((19 + h) mod 4).
    const double s[4] = {5, -3, 1, -3};
    std::vector<double> y;
    for (int t = 0; t < 20; ++t) y.push_back(50 + 2 * t + s[t % 4]);
    auto m = holt_winters_filter(y, 4, Seasonality::kAdditive, HoltWintersParams{0.0, 0.0, 0.0});
    ASSERT_TRUE(m);
    EXPECT_NEAR(m->sse, 256.0, 1e-9);
    EXPECT_NEAR(m->level, 84.0, 1e-12);
    EXPECT_NEAR(m->trend, 2.0, 1e-12);
    const auto f = holt_winters_forecast(*m, 6);
    for (int h = 1; h <= 6; ++h) EXPECT_NEAR(f[h - 1], 84 + 2 * h + s[(19 + h) % 4], 1e-9) << h;
    // With alpha = 1 the level jumps to the deseasonalised observation at once: a_t = y_t - s = 50 + 2t, and with
    // beta = 1 the trend becomes a_t - a_(t-1) = 2 from t = 5 on, so the end state is a = 88, b = 2 and the
    // forecast is exact: 50 + 2 (19 + h) + s_((19 + h) mod 4).
    auto exact = holt_winters_filter(y, 4, Seasonality::kAdditive, HoltWintersParams{1.0, 1.0, 0.0});
    ASSERT_TRUE(exact);
    const auto g = holt_winters_forecast(*exact, 6);
    for (int h = 1; h <= 6; ++h) EXPECT_NEAR(g[h - 1], 50 + 2 * (19 + h) + s[(19 + h) % 4], 1e-9) << h;
}

TEST(HoltWinters, HoldoutErrorOnLastYear) {
    // Fit on 1949-1959, forecast the 12 months of 1960 and score them. The errors are recomputed here from the
    // returned forecasts; the forecasts must come from the model fitted on the training part only.
    auto r = holt_winters_holdout(kAirPassengers, 12, Seasonality::kMultiplicative, 12);
    ASSERT_TRUE(r);
    const std::vector<double> train(kAirPassengers.begin(), kAirPassengers.end() - 12);
    const auto refit = holt_winters_fit(train, 12, Seasonality::kMultiplicative);
    EXPECT_NEAR(r->model.sse, refit->sse, 1e-9);
    double ape = 0.0, se = 0.0;
    for (int i = 0; i < 12; ++i) {
        const double a = kAirPassengers[132 + i];
        ape += std::fabs(a - r->forecast[i]) / a;
        se += (a - r->forecast[i]) * (a - r->forecast[i]);
    }
    EXPECT_NEAR(r->error.mape, 100 * ape / 12, 1e-12);
    EXPECT_NEAR(r->error.rmse, std::sqrt(se / 12), 1e-12);
    // The seasonal model must beat the naive same-month-last-year forecast on 1960.
    double naive_se = 0.0;
    for (int i = 0; i < 12; ++i) naive_se += std::pow(kAirPassengers[132 + i] - kAirPassengers[120 + i], 2);
    EXPECT_LT(r->error.rmse, std::sqrt(naive_se / 12));
}

TEST(HoltWinters, ErrorsHandComputed) {
    // actual (100, 200), forecast (110, 190): APE 10% and 5% -> MAPE 7.5; errors -10, 10 -> RMSE 10.
    const std::vector<double> a{100, 200};
    const std::vector<double> f{110, 190};
    auto e = forecast_error(a, f);
    EXPECT_DOUBLE_EQ(e->mape, 7.5);
    EXPECT_DOUBLE_EQ(e->rmse, 10.0);
    const std::vector<double> short_series{1, 2, 3};
    EXPECT_EQ(holt_winters_fit(short_series, 12, Seasonality::kAdditive).error().field, "y");
    std::vector<double> with_zero = kAirPassengers;
    with_zero[5] = 0;
    EXPECT_EQ(holt_winters_fit(with_zero, 12, Seasonality::kMultiplicative).error().field, "y[5]");
}

}  // namespace
}  // namespace yandian::market
