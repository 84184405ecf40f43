#include "spc/nonnormal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/weibull.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cmath>
#include <numbers>

namespace yandian::spc {
namespace {

Status require_positive(std::span<const double> values, const char* what) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!(values[i] > 0.0)) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("value {} ({}) is not positive: {} needs positive data", i + 1, values[i], what),
                        "value");
        }
    }
    return {};
}

double box_cox_profile(std::span<const double> x, double lambda, double sum_log) {
    const double n = static_cast<double>(x.size());
    double s = 0.0;
    double ss = 0.0;
    for (double v : x) {
        const double y = box_cox(v, lambda);
        s += y;
        ss += y * y;
    }
    const double mean = s / n;
    const double var = std::max(ss / n - mean * mean, 1e-300);
    return -0.5 * n * std::log(var) + (lambda - 1.0) * sum_log;
}

}  // namespace

double box_cox(double x, double lambda) {
    return std::abs(lambda) < 1e-12 ? std::log(x) : (std::pow(x, lambda) - 1.0) / lambda;
}

Result<double> box_cox_lambda(std::span<const double> values) {
    if (values.size() < 3) return fail(ErrorCode::kInvalidArgument, "Box-Cox needs at least 3 values", "value");
    if (auto st = require_positive(values, "Box-Cox"); !st) return tl::unexpected(st.error());
    double sum_log = 0.0;
    for (double v : values) sum_log += std::log(v);
    // Coarse grid over [-5, 5], then golden-section refinement around the best grid point.
    double best = -5.0;
    double best_l = -INFINITY;
    for (int i = 0; i <= 200; ++i) {
        const double lam = -5.0 + 0.05 * i;
        const double l = box_cox_profile(values, lam, sum_log);
        if (l > best_l) {
            best_l = l;
            best = lam;
        }
    }
    double lo = std::max(-5.0, best - 0.05);
    double hi = std::min(5.0, best + 0.05);
    const double g = (std::sqrt(5.0) - 1.0) / 2.0;
    double c = hi - g * (hi - lo);
    double d = lo + g * (hi - lo);
    double fc = box_cox_profile(values, c, sum_log);
    double fd = box_cox_profile(values, d, sum_log);
    for (int it = 0; it < 200 && hi - lo > 1e-12; ++it) {
        if (fc > fd) {
            hi = d;
            d = c;
            fd = fc;
            c = hi - g * (hi - lo);
            fc = box_cox_profile(values, c, sum_log);
        } else {
            lo = c;
            c = d;
            fc = fd;
            d = lo + g * (hi - lo);
            fd = box_cox_profile(values, d, sum_log);
        }
    }
    return 0.5 * (lo + hi);
}

Result<BoxCoxCapability> box_cox_capability(std::span<const double> values, std::span<const std::size_t> sizes,
                                            const CapabilityOptions& options) {
    if (auto st = check_spec(options.spec); !st) return tl::unexpected(st.error());
    auto lambda = box_cox_lambda(values);
    if (!lambda) return tl::unexpected(lambda.error());
    for (const auto& limit : {options.spec.lsl, options.spec.usl, options.spec.target}) {
        if (limit && !(*limit > 0.0)) {
            return fail(ErrorCode::kInvalidArgument, "Box-Cox needs positive specification limits and target", "lsl");
        }
    }
    std::vector<double> y(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) y[i] = box_cox(values[i], *lambda);
    CapabilityOptions t = options;
    auto tr = [&](const std::optional<double>& v) {
        return v ? std::optional<double>(box_cox(*v, *lambda)) : std::nullopt;
    };
    t.spec = SpecLimits{tr(options.spec.lsl), tr(options.spec.usl), tr(options.spec.target)};
    t.sigma_within.reset();
    auto c = capability(y, sizes, t);
    if (!c) return tl::unexpected(c.error());
    return BoxCoxCapability{*lambda, std::move(*c)};
}

std::string_view family_name(Family f) {
    switch (f) {
        case Family::kNormal:
            return "normal";
        case Family::kLognormal:
            return "lognormal";
        case Family::kWeibull:
            return "weibull";
        case Family::kGamma:
            return "gamma";
    }
    return "normal";
}

double Fit::quantile(double p) const {
    switch (family) {
        case Family::kNormal:
            return boost::math::quantile(boost::math::normal_distribution<double>(a, b), p);
        case Family::kLognormal:
            return boost::math::quantile(boost::math::lognormal_distribution<double>(a, b), p);
        case Family::kWeibull:
            return boost::math::quantile(boost::math::weibull_distribution<double>(a, b), p);
        case Family::kGamma:
            return boost::math::quantile(boost::math::gamma_distribution<double>(a, b), p);
    }
    return 0.0;
}

double Fit::cdf(double x) const {
    switch (family) {
        case Family::kNormal:
            return boost::math::cdf(boost::math::normal_distribution<double>(a, b), x);
        case Family::kLognormal:
            return x <= 0.0 ? 0.0 : boost::math::cdf(boost::math::lognormal_distribution<double>(a, b), x);
        case Family::kWeibull:
            return x <= 0.0 ? 0.0 : boost::math::cdf(boost::math::weibull_distribution<double>(a, b), x);
        case Family::kGamma:
            return x <= 0.0 ? 0.0 : boost::math::cdf(boost::math::gamma_distribution<double>(a, b), x);
    }
    return 0.0;
}

Result<Fit> fit_distribution(std::span<const double> x, Family family) {
    const std::size_t count = x.size();
    if (count < 3) return fail(ErrorCode::kInvalidArgument, "a distribution fit needs at least 3 values", "value");
    const double n = static_cast<double>(count);
    Fit f;
    f.family = family;
    if (family != Family::kNormal) {
        if (auto st = require_positive(x, family_name(family).data()); !st) return tl::unexpected(st.error());
    }
    double sum = 0.0;
    double sum_log = 0.0;
    for (double v : x) {
        sum += v;
        if (family != Family::kNormal) sum_log += std::log(v);
    }
    const double mean = sum / n;
    const double mean_log = sum_log / n;
    const double half_log_2pi = 0.5 * std::log(2.0 * std::numbers::pi);
    switch (family) {
        case Family::kNormal: {
            double ss = 0.0;
            for (double v : x) ss += (v - mean) * (v - mean);
            f.a = mean;
            f.b = std::sqrt(ss / (n - 1.0));
            const double ml_var = ss / n;
            f.log_likelihood = -n * (half_log_2pi + 0.5 * std::log(ml_var) + 0.5);
            break;
        }
        case Family::kLognormal: {
            double ss = 0.0;
            for (double v : x) ss += (std::log(v) - mean_log) * (std::log(v) - mean_log);
            f.a = mean_log;
            f.b = std::sqrt(ss / n);
            f.log_likelihood = -n * (half_log_2pi + std::log(f.b) + 0.5) - sum_log;
            break;
        }
        case Family::kWeibull: {
            // Shape k solves sum x^k ln x / sum x^k - 1/k - mean ln x = 0 (increasing in k); bisection on log k.
            auto g = [&](double k) {
                double a = 0.0;
                double b = 0.0;
                for (double v : x) {
                    const double p = std::pow(v, k);
                    a += p * std::log(v);
                    b += p;
                }
                return a / b - 1.0 / k - mean_log;
            };
            double lo = 1e-3;
            double hi = 1e3;
            for (int it = 0; it < 200; ++it) {
                const double mid = std::sqrt(lo * hi);
                (g(mid) < 0.0 ? lo : hi) = mid;
            }
            const double k = std::sqrt(lo * hi);
            double sk = 0.0;
            for (double v : x) sk += std::pow(v, k);
            const double scale = std::pow(sk / n, 1.0 / k);
            f.a = k;
            f.b = scale;
            double ll = 0.0;
            for (double v : x) ll += std::log(k / scale) + (k - 1.0) * std::log(v / scale) - std::pow(v / scale, k);
            f.log_likelihood = ll;
            break;
        }
        case Family::kGamma: {
            // Shape a solves ln a - digamma(a) = ln(mean) - mean(ln x) = s > 0; Newton from Minka's start value.
            const double s = std::log(mean) - mean_log;
            if (!(s > 0.0)) return fail(ErrorCode::kInvalidArgument, "all values are equal: no gamma fit", "value");
            double a = (3.0 - s + std::sqrt((s - 3.0) * (s - 3.0) + 24.0 * s)) / (12.0 * s);
            for (int it = 0; it < 100; ++it) {
                const double step = (std::log(a) - boost::math::digamma(a) - s) / (1.0 / a - boost::math::trigamma(a));
                a = std::max(a - step, a / 10.0);
                if (std::abs(step) < 1e-14 * a) break;
            }
            f.a = a;
            f.b = mean / a;
            f.log_likelihood = (a - 1.0) * sum_log - sum / f.b - n * std::lgamma(a) - n * a * std::log(f.b);
            break;
        }
    }
    if (!(f.b > 0.0) || !std::isfinite(f.log_likelihood)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("the values do not fit a {} distribution", family_name(family)), "value");
    }
    return f;
}

Result<PercentileCapability> percentile_capability(std::span<const double> values, const SpecLimits& spec,
                                                   std::optional<Family> family) {
    if (auto st = check_spec(spec); !st) return tl::unexpected(st.error());
    Result<Fit> chosen = fail(ErrorCode::kInvalidArgument, "no distribution fits the values", "value");
    if (family) {
        chosen = fit_distribution(values, *family);
    } else {
        for (Family f : {Family::kNormal, Family::kLognormal, Family::kWeibull, Family::kGamma}) {
            auto fit = fit_distribution(values, f);
            if (fit && (!chosen || fit->log_likelihood > chosen->log_likelihood)) chosen = fit;
        }
    }
    if (!chosen) return tl::unexpected(chosen.error());
    PercentileCapability r;
    r.fit = *chosen;
    r.x00135 = r.fit.quantile(0.00135);
    r.x50 = r.fit.quantile(0.5);
    r.x99865 = r.fit.quantile(0.99865);
    if (spec.usl) r.ppu = (*spec.usl - r.x50) / (r.x99865 - r.x50);
    if (spec.lsl) r.ppl = (r.x50 - *spec.lsl) / (r.x50 - r.x00135);
    if (spec.lsl && spec.usl) {
        r.pp = (*spec.usl - *spec.lsl) / (r.x99865 - r.x00135);
        r.ppk = std::min(*r.ppl, *r.ppu);
    } else {
        r.ppk = r.ppl ? r.ppl : r.ppu;
    }
    double expected = 0.0;
    if (spec.lsl) expected += r.fit.cdf(*spec.lsl);
    if (spec.usl) expected += 1.0 - r.fit.cdf(*spec.usl);
    r.ppm_expected = 1e6 * expected;
    std::size_t out = 0;
    for (double v : values) {
        if ((spec.lsl && v < *spec.lsl) || (spec.usl && v > *spec.usl)) ++out;
    }
    r.ppm_observed = 1e6 * static_cast<double>(out) / static_cast<double>(values.size());
    return r;
}

}  // namespace yandian::spc

namespace yandian::spc {

std::string_view johnson_family_name(JohnsonFamily f) {
    switch (f) {
        case JohnsonFamily::kSB:
            return "SB";
        case JohnsonFamily::kSL:
            return "SL";
        case JohnsonFamily::kSU:
            return "SU";
    }
    return "SU";
}

double Johnson::transform(double x) const {
    switch (family) {
        case JohnsonFamily::kSB:
            if (!(x > epsilon && x < epsilon + lambda)) return std::nan("");
            return gamma + eta * std::log((x - epsilon) / (lambda + epsilon - x));
        case JohnsonFamily::kSL:
            if (!(x > epsilon)) return std::nan("");
            return gamma + eta * std::log(x - epsilon);
        case JohnsonFamily::kSU:
            return gamma + eta * std::asinh((x - epsilon) / lambda);
    }
    return std::nan("");
}

Result<Johnson> johnson_from_quantiles(double x0, double x1, double x2, double x3, double z) {
    const double m = x3 - x2;
    const double n = x1 - x0;
    const double p = x2 - x1;
    if (!(m > 0.0 && n > 0.0 && p > 0.0)) {
        return fail(ErrorCode::kInvalidArgument, "Johnson: quantiles not strictly increasing", "value");
    }
    const double mp = m / p;
    const double np = n / p;
    const double qr = m * n / (p * p);
    const double mid = 0.5 * (x2 + x1);
    Johnson j;
    j.z = z;
    if (std::abs(qr - 1.0) < 1e-3) {
        j.family = JohnsonFamily::kSL;
        j.eta = 2.0 * z / std::log(mp);
        j.gamma = j.eta * std::log((mp - 1.0) / (p * std::sqrt(mp)));
        j.epsilon = mid - 0.5 * p * (mp + 1.0) / (mp - 1.0);
        j.lambda = 1.0;
        if (!(mp > 1.0)) return fail(ErrorCode::kInvalidArgument, "Johnson SL: m/p must exceed 1", "value");
    } else if (qr > 1.0) {
        j.family = JohnsonFamily::kSU;
        j.eta = 2.0 * z / std::acosh(0.5 * (mp + np));
        j.gamma = j.eta * std::asinh((np - mp) / (2.0 * std::sqrt(qr - 1.0)));
        j.lambda = 2.0 * p * std::sqrt(qr - 1.0) / ((mp + np - 2.0) * std::sqrt(mp + np + 2.0));
        j.epsilon = mid + p * (np - mp) / (2.0 * (mp + np - 2.0));
    } else {
        j.family = JohnsonFamily::kSB;
        const double pm = p / m;
        const double pn = p / n;
        const double a = (1.0 + pm) * (1.0 + pn);
        const double q = p * p / (m * n) - 1.0;
        j.eta = z / std::acosh(0.5 * std::sqrt(a));
        j.gamma = j.eta * std::asinh((pn - pm) * std::sqrt(a - 4.0) / (2.0 * q));
        j.lambda = p * std::sqrt((a - 2.0) * (a - 2.0) - 4.0) / q;
        j.epsilon = mid - 0.5 * j.lambda + p * (pn - pm) / (2.0 * q);
    }
    if (!std::isfinite(j.eta) || !std::isfinite(j.gamma) || !std::isfinite(j.lambda) || !std::isfinite(j.epsilon) ||
        !(j.eta > 0.0) || !(j.lambda > 0.0)) {
        return fail(ErrorCode::kInvalidArgument, "Johnson: no valid parameters for this spacing", "value");
    }
    return j;
}

Result<Johnson> johnson_fit(std::span<const double> values) {
    const std::size_t count = values.size();
    if (count < 8)
        return fail(ErrorCode::kInvalidArgument, "the Johnson transformation needs at least 8 values", "value");
    std::vector<double> x(values.begin(), values.end());
    std::sort(x.begin(), x.end());
    const double n = static_cast<double>(count);
    // Sample quantile at probability q: linear interpolation at 1-based position n q + 0.5, clamped to the data.
    auto quantile = [&](double q) {
        const double pos = std::clamp(n * q + 0.5, 1.0, n);
        const auto lo = static_cast<std::size_t>(std::floor(pos));
        const double frac = pos - static_cast<double>(lo);
        const std::size_t hi = std::min(lo + 1, count);
        return x[lo - 1] + frac * (x[hi - 1] - x[lo - 1]);
    };
    const boost::math::normal_distribution<double> normal;
    Result<Johnson> best = fail(ErrorCode::kInvalidArgument, "no Johnson transformation fits the values", "value");
    std::vector<double> y(count);
    for (int step = 0; step <= 100; ++step) {
        const double z = 0.25 + 0.01 * step;
        auto j = johnson_from_quantiles(quantile(boost::math::cdf(normal, -3.0 * z)),
                                        quantile(boost::math::cdf(normal, -z)), quantile(boost::math::cdf(normal, z)),
                                        quantile(boost::math::cdf(normal, 3.0 * z)), z);
        if (!j) continue;
        bool ok = true;
        for (std::size_t i = 0; i < count && ok; ++i) {
            y[i] = j->transform(values[i]);
            ok = std::isfinite(y[i]);
        }
        if (!ok) continue;
        auto ad = anderson_darling(y);
        if (!ad) continue;
        j->ad_p = ad->p;
        if (!best || j->ad_p > best->ad_p) best = *j;
    }
    return best;
}

Result<JohnsonCapability> johnson_capability(std::span<const double> values, const SpecLimits& spec) {
    if (auto st = check_spec(spec); !st) return tl::unexpected(st.error());
    auto fit = johnson_fit(values);
    if (!fit) return tl::unexpected(fit.error());
    std::vector<double> y(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) y[i] = fit->transform(values[i]);
    // A limit beyond the bound of an SB or SL fit lies at -inf / +inf on the transformed scale: use a far value.
    auto tr = [&](const std::optional<double>& v, double beyond) -> std::optional<double> {
        if (!v) return std::nullopt;
        const double t = fit->transform(*v);
        return std::isfinite(t) ? t : beyond;
    };
    CapabilityOptions opt;
    opt.spec = SpecLimits{tr(spec.lsl, -40.0), tr(spec.usl, 40.0), std::nullopt};
    const std::vector<std::size_t> ones(values.size(), 1);
    auto c = capability(y, ones, opt);
    if (!c) return tl::unexpected(c.error());
    return JohnsonCapability{*fit, std::move(*c)};
}

}  // namespace yandian::spc
