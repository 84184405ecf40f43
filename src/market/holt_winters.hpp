#pragma once
// Holt-Winters seasonal exponential smoothing (Winters 1960), additive and multiplicative, for short-horizon demand
// forecasts per bearing type. Recursions for period length p (as documented for R's stats::HoltWinters):
//   additive:        a_t = alpha (y_t - s_{t-p}) + (1-alpha)(a_{t-1} + b_{t-1})
//                    b_t = beta (a_t - a_{t-1}) + (1-beta) b_{t-1}
//                    s_t = gamma (y_t - a_t) + (1-gamma) s_{t-p}
//                    yhat_{t+h} = a_t + h b_t + s_{t-p+1+(h-1) mod p}
//   multiplicative:  y_t / s_{t-p} and y_t / a_t in place of the differences; yhat = (a_t + h b_t) s_{...}
// Start values as R does: a classical moving-average decomposition of the first two seasons gives the seasonal
// figure s_1..s_p (normalised to sum 0 / mean 1); a least-squares line through the centred moving average gives the
// start level (its intercept) and trend (its slope). Filtering and the SSE start at observation p + 1.
// Parameters are fitted by minimising the in-sample SSE of one-step predictions over [0,1]^3: the best point of a
// 9^3 grid, refined by Nelder-Mead (reflection 1, expansion 2, contraction 1/2, shrink 1/2) clamped to the box.
#include <span>
#include <vector>

#include "common/result.hpp"

namespace yandian::market {

enum class Seasonality { kAdditive, kMultiplicative };

struct HoltWintersParams {
    double alpha = 0.3;
    double beta = 0.1;
    double gamma = 0.1;
};

struct HoltWintersModel {
    Seasonality seasonality = Seasonality::kAdditive;
    int period = 12;
    HoltWintersParams params;
    double level = 0.0;          // a at the last observation
    double trend = 0.0;          // b at the last observation
    std::vector<double> season;  // s1..sp: seasonal terms for the next p periods, in order
    double sse = 0.0;            // in-sample sum of squared one-step errors
    std::vector<double> fitted;  // one-step predictions for observations p+1..n
};

// Filters the series with given parameters (each in [0, 1]). Needs at least two full seasons; multiplicative
// needs positive data.
Result<HoltWintersModel> holt_winters_filter(std::span<const double> y, int period, Seasonality seasonality,
                                             const HoltWintersParams& params);

// Fits alpha, beta, gamma by minimising the SSE.
Result<HoltWintersModel> holt_winters_fit(std::span<const double> y, int period, Seasonality seasonality);

std::vector<double> holt_winters_forecast(const HoltWintersModel& model, int horizon);

struct ForecastError {
    double mape = 0.0;  // mean |actual - forecast| / |actual| x 100
    double rmse = 0.0;  // sqrt(mean (actual - forecast)^2)
};

Result<ForecastError> forecast_error(std::span<const double> actual, std::span<const double> forecast);

struct HoldoutResult {
    HoltWintersModel model;        // fitted on all but the last `holdout` observations
    std::vector<double> forecast;  // for the held-out observations
    ForecastError error;
};

Result<HoldoutResult> holt_winters_holdout(std::span<const double> y, int period, Seasonality seasonality, int holdout);

}  // namespace yandian::market
