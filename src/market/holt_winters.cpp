#include "market/holt_winters.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace yandian::market {
namespace {

struct Start {
    double level = 0.0;
    double trend = 0.0;
    std::vector<double> season;
};

// Classical decomposition of the first two seasons (centred moving average of order p; for even p the 2 x p MA).
Start start_values(std::span<const double> y, int p, Seasonality s) {
    const int n = 2 * p;
    const int half = p / 2;
    std::vector<double> trend(static_cast<std::size_t>(n), std::numeric_limits<double>::quiet_NaN());
    for (int i = half; i < n - half; ++i) {
        double sum = 0.0;
        if (p % 2 == 0) {
            sum = 0.5 * (y[static_cast<std::size_t>(i - half)] + y[static_cast<std::size_t>(i + half)]);
            for (int k = i - half + 1; k < i + half; ++k) sum += y[static_cast<std::size_t>(k)];
        } else {
            for (int k = i - half; k <= i + half; ++k) sum += y[static_cast<std::size_t>(k)];
        }
        trend[static_cast<std::size_t>(i)] = sum / p;
    }
    std::vector<double> figure(static_cast<std::size_t>(p), 0.0);
    std::vector<int> count(static_cast<std::size_t>(p), 0);
    for (int i = 0; i < n; ++i) {
        const double t = trend[static_cast<std::size_t>(i)];
        if (std::isnan(t)) continue;
        const double yi = y[static_cast<std::size_t>(i)];
        figure[static_cast<std::size_t>(i % p)] += s == Seasonality::kAdditive ? yi - t : yi / t;
        ++count[static_cast<std::size_t>(i % p)];
    }
    double mean = 0.0;
    for (int k = 0; k < p; ++k) {
        figure[static_cast<std::size_t>(k)] /= count[static_cast<std::size_t>(k)];
        mean += figure[static_cast<std::size_t>(k)];
    }
    mean /= p;
    for (double& f : figure) f = s == Seasonality::kAdditive ? f - mean : f / mean;
    // Least-squares line through the defined trend values against 1, 2, ..., m.
    double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
    int m = 0;
    for (int i = 0; i < n; ++i) {
        const double t = trend[static_cast<std::size_t>(i)];
        if (std::isnan(t)) continue;
        ++m;
        sx += m;
        sy += t;
        sxx += static_cast<double>(m) * m;
        sxy += m * t;
    }
    Start st;
    st.trend = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    st.level = (sy - st.trend * sx) / m;
    st.season = std::move(figure);
    return st;
}

// Runs the recursions; fills the model when `out` is given. Returns the SSE.
double run(std::span<const double> y, int p, Seasonality s, const HoltWintersParams& prm, const Start& st,
           HoltWintersModel* out) {
    double level = st.level;
    double trend = st.trend;
    std::vector<double> season = st.season;  // circular: season[t % p] holds s_{t-p} when predicting t
    double sse = 0.0;
    if (out != nullptr) out->fitted.clear();
    const bool add = s == Seasonality::kAdditive;
    for (std::size_t t = static_cast<std::size_t>(p); t < y.size(); ++t) {
        double& sp = season[t % static_cast<std::size_t>(p)];
        const double xhat = add ? level + trend + sp : (level + trend) * sp;
        const double e = y[t] - xhat;
        sse += e * e;
        if (out != nullptr) out->fitted.push_back(xhat);
        const double new_level = prm.alpha * (add ? y[t] - sp : y[t] / sp) + (1 - prm.alpha) * (level + trend);
        trend = prm.beta * (new_level - level) + (1 - prm.beta) * trend;
        level = new_level;
        sp = prm.gamma * (add ? y[t] - level : y[t] / level) + (1 - prm.gamma) * sp;
    }
    if (out != nullptr) {
        out->level = level;
        out->trend = trend;
        out->season.resize(static_cast<std::size_t>(p));
        for (int h = 0; h < p; ++h) {
            out->season[static_cast<std::size_t>(h)] = season[(y.size() + static_cast<std::size_t>(h)) % p];
        }
        out->sse = sse;
    }
    return sse;
}

Status check(std::span<const double> y, int period, Seasonality s) {
    if (period < 2) return fail(ErrorCode::kInvalidArgument, "season length must be at least 2", "period");
    if (y.size() < 2 * static_cast<std::size_t>(period) + 1) {
        return fail(ErrorCode::kInvalidArgument,
                    "need more than two full seasons (" + std::to_string(2 * period) + " observations)", "y");
    }
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (!std::isfinite(y[i]) || (s == Seasonality::kMultiplicative && !(y[i] > 0.0))) {
            return fail(ErrorCode::kInvalidArgument,
                        "observation " + std::to_string(i) +
                            (s == Seasonality::kMultiplicative ? " must be positive" : " is not finite"),
                        "y[" + std::to_string(i) + "]");
        }
    }
    return {};
}

HoltWintersParams clamp(const std::array<double, 3>& v) {
    return HoltWintersParams{std::clamp(v[0], 0.0, 1.0), std::clamp(v[1], 0.0, 1.0), std::clamp(v[2], 0.0, 1.0)};
}

// Nelder-Mead on f over the box [0,1]^3 (points are clamped before evaluation).
template <class F>
std::array<double, 3> nelder_mead(F f, std::array<double, 3> x0, double step) {
    std::array<std::array<double, 3>, 4> pts;
    std::array<double, 4> val{};
    pts[0] = x0;
    for (int i = 0; i < 3; ++i) {
        pts[i + 1] = x0;
        pts[i + 1][i] += (x0[i] + step <= 1.0) ? step : -step;
    }
    for (int i = 0; i < 4; ++i) val[i] = f(pts[i]);
    for (int iter = 0; iter < 5000; ++iter) {
        std::array<int, 4> idx{0, 1, 2, 3};
        std::sort(idx.begin(), idx.end(), [&](int a, int b) { return val[a] < val[b]; });
        const int best = idx[0], worst = idx[3], second = idx[2];
        if (std::fabs(val[worst] - val[best]) <= 1e-12 * (std::fabs(val[best]) + 1e-300)) break;
        std::array<double, 3> c{};
        for (int i : {idx[0], idx[1], idx[2]}) {
            for (int k = 0; k < 3; ++k) c[k] += pts[i][k] / 3.0;
        }
        auto along = [&](double t) {
            std::array<double, 3> r{};
            for (int k = 0; k < 3; ++k) r[k] = std::clamp(c[k] + t * (pts[worst][k] - c[k]), 0.0, 1.0);
            return r;
        };
        const auto xr = along(-1.0);
        const double fr = f(xr);
        if (fr < val[best]) {
            const auto xe = along(-2.0);
            const double fe = f(xe);
            if (fe < fr) {
                pts[worst] = xe;
                val[worst] = fe;
            } else {
                pts[worst] = xr;
                val[worst] = fr;
            }
        } else if (fr < val[second]) {
            pts[worst] = xr;
            val[worst] = fr;
        } else {
            const auto xc = fr < val[worst] ? along(-0.5) : along(0.5);
            const double fc = f(xc);
            if (fc < std::min(fr, val[worst])) {
                pts[worst] = xc;
                val[worst] = fc;
            } else {
                for (int i = 0; i < 4; ++i) {
                    if (i == best) continue;
                    for (int k = 0; k < 3; ++k) pts[i][k] = pts[best][k] + 0.5 * (pts[i][k] - pts[best][k]);
                    val[i] = f(pts[i]);
                }
            }
        }
    }
    int best = 0;
    for (int i = 1; i < 4; ++i) {
        if (val[i] < val[best]) best = i;
    }
    return pts[best];
}

}  // namespace

Result<HoltWintersModel> holt_winters_filter(std::span<const double> y, int period, Seasonality seasonality,
                                             const HoltWintersParams& params) {
    if (auto s = check(y, period, seasonality); !s) return tl::unexpected(s.error());
    for (double v : {params.alpha, params.beta, params.gamma}) {
        if (!(v >= 0.0 && v <= 1.0)) {
            return fail(ErrorCode::kInvalidArgument, "smoothing parameters must lie in [0, 1]", "params");
        }
    }
    HoltWintersModel m;
    m.seasonality = seasonality;
    m.period = period;
    m.params = params;
    run(y, period, seasonality, params, start_values(y, period, seasonality), &m);
    return m;
}

Result<HoltWintersModel> holt_winters_fit(std::span<const double> y, int period, Seasonality seasonality) {
    if (auto s = check(y, period, seasonality); !s) return tl::unexpected(s.error());
    const Start st = start_values(y, period, seasonality);
    auto sse = [&](const std::array<double, 3>& v) {
        const double e = run(y, period, seasonality, clamp(v), st, nullptr);
        return std::isfinite(e) ? e : std::numeric_limits<double>::max();
    };
    std::array<double, 3> best{0.3, 0.1, 0.1};
    double best_sse = sse(best);
    for (int i = 0; i <= 8; ++i) {
        for (int j = 0; j <= 8; ++j) {
            for (int k = 0; k <= 8; ++k) {
                const std::array<double, 3> v{0.05 + 0.1125 * i, 0.05 + 0.1125 * j, 0.05 + 0.1125 * k};
                const double e = sse(v);
                if (e < best_sse) {
                    best_sse = e;
                    best = v;
                }
            }
        }
    }
    // Refine from the best grid point and from R's default start; keep the lower SSE.
    std::array<double, 3> x = nelder_mead(sse, best, 0.1);
    const std::array<double, 3> x2 = nelder_mead(sse, {0.3, 0.1, 0.1}, 0.1);
    if (sse(x2) < sse(x)) x = x2;
    x = nelder_mead(sse, x, 0.02);  // restart to escape a collapsed simplex
    HoltWintersModel m;
    m.seasonality = seasonality;
    m.period = period;
    m.params = clamp(x);
    run(y, period, seasonality, m.params, st, &m);
    return m;
}

std::vector<double> holt_winters_forecast(const HoltWintersModel& m, int horizon) {
    std::vector<double> out;
    for (int h = 1; h <= horizon; ++h) {
        const double base = m.level + h * m.trend;
        const double s = m.season[static_cast<std::size_t>((h - 1) % m.period)];
        out.push_back(m.seasonality == Seasonality::kAdditive ? base + s : base * s);
    }
    return out;
}

Result<ForecastError> forecast_error(std::span<const double> actual, std::span<const double> forecast) {
    if (actual.size() != forecast.size() || actual.empty()) {
        return fail(ErrorCode::kInvalidArgument, "actual and forecast must be non-empty and of equal length",
                    "forecast");
    }
    double ape = 0.0;
    double se = 0.0;
    for (std::size_t i = 0; i < actual.size(); ++i) {
        if (actual[i] == 0.0) {
            return fail(ErrorCode::kInvalidArgument, "MAPE undefined: actual value " + std::to_string(i) + " is 0",
                        "actual[" + std::to_string(i) + "]");
        }
        const double e = actual[i] - forecast[i];
        ape += std::fabs(e / actual[i]);
        se += e * e;
    }
    const auto n = static_cast<double>(actual.size());
    return ForecastError{100.0 * ape / n, std::sqrt(se / n)};
}

Result<HoldoutResult> holt_winters_holdout(std::span<const double> y, int period, Seasonality seasonality,
                                           int holdout) {
    if (holdout < 1 || static_cast<std::size_t>(holdout) >= y.size()) {
        return fail(ErrorCode::kInvalidArgument, "holdout must leave a training sample", "holdout");
    }
    const auto train = y.first(y.size() - static_cast<std::size_t>(holdout));
    auto m = holt_winters_fit(train, period, seasonality);
    if (!m) return tl::unexpected(m.error());
    HoldoutResult r;
    r.model = std::move(*m);
    r.forecast = holt_winters_forecast(r.model, holdout);
    auto e = forecast_error(y.last(static_cast<std::size_t>(holdout)), r.forecast);
    if (!e) return tl::unexpected(e.error());
    r.error = *e;
    return r;
}

}  // namespace yandian::market
