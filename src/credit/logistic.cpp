#include "credit/logistic.hpp"

#include <fmt/format.h>

#include <cmath>

namespace yandian::credit {

double logistic(double eta) {
    if (eta >= 0) return 1.0 / (1.0 + std::exp(-eta));
    const double e = std::exp(eta);
    return e / (1.0 + e);
}

namespace {

// −2 Σ [y ln p + (1−y) ln(1−p)], with ln p taken from η directly so p near 0 or 1 stays exact.
double deviance_of(std::span<const double> eta, std::span<const int> y) {
    double d = 0;
    for (std::size_t i = 0; i < eta.size(); ++i) {
        // ln(1 + e^x) without overflow.
        const double x = y[i] ? -eta[i] : eta[i];
        d += x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    }
    return 2 * d;
}

// Cholesky factor of a symmetric positive definite matrix (row-major p×p), in place in the lower triangle.
// Returns the first column whose pivot is not positive relative to its diagonal, or p when all are.
std::size_t cholesky(std::vector<double>& a, std::size_t p) {
    for (std::size_t j = 0; j < p; ++j) {
        const double diag = a[j * p + j];
        double s = diag;
        for (std::size_t k = 0; k < j; ++k) s -= a[j * p + k] * a[j * p + k];
        if (!(s > 1e-10 * std::max(diag, 1e-300))) return j;
        const double l = std::sqrt(s);
        a[j * p + j] = l;
        for (std::size_t i = j + 1; i < p; ++i) {
            double t = a[i * p + j];
            for (std::size_t k = 0; k < j; ++k) t -= a[i * p + k] * a[j * p + k];
            a[i * p + j] = t / l;
        }
    }
    return p;
}

// Solves L Lᵀ x = b with the factor from cholesky().
std::vector<double> solve(const std::vector<double>& l, std::size_t p, std::vector<double> b) {
    for (std::size_t i = 0; i < p; ++i) {
        for (std::size_t k = 0; k < i; ++k) b[i] -= l[i * p + k] * b[k];
        b[i] /= l[i * p + i];
    }
    for (std::size_t i = p; i-- > 0;) {
        for (std::size_t k = i + 1; k < p; ++k) b[i] -= l[k * p + i] * b[k];
        b[i] /= l[i * p + i];
    }
    return b;
}

}  // namespace

Result<LogisticFit> fit_logistic(const std::vector<std::vector<double>>& columns, std::span<const int> y,
                                 const std::vector<std::string>& names, const LogisticOptions& options) {
    const std::size_t n = y.size();
    const std::size_t p = columns.size() + 1;
    if (names.size() != columns.size()) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("logistic regression: {} columns but {} names", columns.size(), names.size()));
    }
    for (std::size_t j = 0; j < columns.size(); ++j) {
        if (columns[j].size() != n) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("logistic regression: column '{}' has {} values for {} outcomes", names[j],
                                    columns[j].size(), n),
                        names[j]);
        }
        for (double v : columns[j]) {
            if (!std::isfinite(v)) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("logistic regression: column '{}' holds a value that is not finite", names[j]),
                            names[j]);
            }
        }
    }
    std::size_t ones = 0;
    for (int v : y) {
        if (v != 0 && v != 1) return fail(ErrorCode::kInvalidArgument, "logistic regression: outcomes must be 0 or 1");
        ones += static_cast<std::size_t>(v);
    }
    if (ones == 0 || ones == n) {
        return fail(
            ErrorCode::kInvalidArgument,
            fmt::format("logistic regression: the outcome takes one value only ({} of {} rows are 1)", ones, n));
    }
    auto x = [&](std::size_t i, std::size_t j) { return j == 0 ? 1.0 : columns[j - 1][i]; };
    auto column_name = [&](std::size_t j) { return j == 0 ? std::string("(intercept)") : names[j - 1]; };

    const double ybar = static_cast<double>(ones) / static_cast<double>(n);
    LogisticFit fit;
    fit.n = n;
    std::vector<double> beta(p, 0.0);
    beta[0] = std::log(ybar / (1 - ybar));
    std::vector<double> eta(n, beta[0]);
    fit.null_deviance = deviance_of(eta, y);
    double dev = fit.null_deviance;
    std::vector<double> info(p * p);
    bool converged = false;
    bool separated = false;
    int it = 0;
    for (it = 1; it <= options.max_iterations; ++it) {
        // Newton step: (XᵀWX) δ = Xᵀ(y − μ).
        std::fill(info.begin(), info.end(), 0.0);
        std::vector<double> score(p, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            const double mu = logistic(eta[i]);
            const double w = mu * (1 - mu);
            const double r = y[i] - mu;
            for (std::size_t a = 0; a < p; ++a) {
                const double xa = x(i, a);
                score[a] += xa * r;
                for (std::size_t b = 0; b <= a; ++b) info[a * p + b] += w * xa * x(i, b);
            }
        }
        for (std::size_t a = 0; a < p; ++a) {
            for (std::size_t b = a + 1; b < p; ++b) info[a * p + b] = info[b * p + a];
        }
        const std::size_t bad_col = cholesky(info, p);
        if (bad_col < p) {
            if (separated) break;
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("logistic regression: column '{}' is constant or a linear combination of the "
                                    "columns before it; drop it from the model",
                                    column_name(bad_col)),
                        column_name(bad_col));
        }
        const std::vector<double> delta = solve(info, p, score);
        // Step halving if the deviance rises (it cannot for a convex likelihood unless the step overshoots).
        double step = 1.0;
        std::vector<double> trial(p);
        std::vector<double> trial_eta(n);
        double trial_dev = 0;
        for (int half = 0; half < 30; ++half) {
            for (std::size_t a = 0; a < p; ++a) trial[a] = beta[a] + step * delta[a];
            for (std::size_t i = 0; i < n; ++i) {
                double e = 0;
                for (std::size_t a = 0; a < p; ++a) e += trial[a] * x(i, a);
                trial_eta[i] = e;
            }
            trial_dev = deviance_of(trial_eta, y);
            if (trial_dev <= dev * (1 + 1e-12) + 1e-12) break;
            step /= 2;
        }
        beta = trial;
        eta = trial_eta;
        const double change = std::abs(trial_dev - dev) / (std::abs(trial_dev) + 0.1);
        dev = trial_dev;
        double max_eta = 0;
        for (double e : eta) max_eta = std::max(max_eta, std::abs(e));
        if (max_eta > 23) separated = true;  // some fitted probability within 1e-10 of 0 or 1
        if (change < options.tolerance) {
            converged = true;
            break;
        }
    }
    if (separated) {
        return fail(ErrorCode::kFailedPrecondition,
                    "logistic regression: the outcome is (quasi-)completely separated by the columns — some fitted "
                    "probabilities reach 0 or 1 and the coefficients grow without bound; merge the bins that hold "
                    "only goods or only bads, or drop the variable");
    }
    if (!converged) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("logistic regression did not converge in {} iterations", options.max_iterations));
    }
    // Standard errors from the information at the estimate.
    std::fill(info.begin(), info.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double mu = logistic(eta[i]);
        const double w = mu * (1 - mu);
        for (std::size_t a = 0; a < p; ++a) {
            for (std::size_t b = 0; b <= a; ++b) info[a * p + b] += w * x(i, a) * x(i, b);
        }
    }
    for (std::size_t a = 0; a < p; ++a) {
        for (std::size_t b = a + 1; b < p; ++b) info[a * p + b] = info[b * p + a];
    }
    if (const std::size_t bad_col = cholesky(info, p); bad_col < p) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("logistic regression: column '{}' is constant or a linear combination of the others",
                                column_name(bad_col)),
                    column_name(bad_col));
    }
    fit.standard_errors.resize(p);
    for (std::size_t a = 0; a < p; ++a) {
        std::vector<double> e(p, 0.0);
        e[a] = 1;
        fit.standard_errors[a] = std::sqrt(solve(info, p, e)[a]);
    }
    fit.coefficients = beta;
    fit.deviance = dev;
    fit.aic = dev + 2.0 * static_cast<double>(p);
    fit.iterations = it;
    return fit;
}

}  // namespace yandian::credit
