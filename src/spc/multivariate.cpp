#include "spc/multivariate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <cmath>

#include "spc/rules.hpp"

namespace yandian::spc {
namespace {

using Matrix = std::vector<double>;  // row-major p x p

// Inverse of a symmetric positive-definite matrix by Gauss-Jordan with partial pivoting; fails when singular.
Result<Matrix> invert(Matrix a, std::size_t p) {
    Matrix inv(p * p, 0.0);
    for (std::size_t i = 0; i < p; ++i) inv[i * p + i] = 1.0;
    for (std::size_t c = 0; c < p; ++c) {
        std::size_t pivot = c;
        for (std::size_t r = c + 1; r < p; ++r) {
            if (std::abs(a[r * p + c]) > std::abs(a[pivot * p + c])) pivot = r;
        }
        if (std::abs(a[pivot * p + c]) < 1e-300) {
            return fail(ErrorCode::kInvalidArgument,
                        "the covariance matrix is singular (a variable is constant or "
                        "a linear combination of others)",
                        "value");
        }
        if (pivot != c) {
            for (std::size_t k = 0; k < p; ++k) {
                std::swap(a[c * p + k], a[pivot * p + k]);
                std::swap(inv[c * p + k], inv[pivot * p + k]);
            }
        }
        const double d = a[c * p + c];
        for (std::size_t k = 0; k < p; ++k) {
            a[c * p + k] /= d;
            inv[c * p + k] /= d;
        }
        for (std::size_t r = 0; r < p; ++r) {
            if (r == c) continue;
            const double f = a[r * p + c];
            if (f == 0.0) continue;
            for (std::size_t k = 0; k < p; ++k) {
                a[r * p + k] -= f * a[c * p + k];
                inv[r * p + k] -= f * inv[c * p + k];
            }
        }
    }
    return inv;
}

double quadratic(const std::vector<double>& d, const Matrix& inv, std::size_t p) {
    double q = 0.0;
    for (std::size_t i = 0; i < p; ++i) {
        double row = 0.0;
        for (std::size_t j = 0; j < p; ++j) row += inv[i * p + j] * d[j];
        q += d[i] * row;
    }
    return q;
}

}  // namespace

Result<Chart> hotelling_t2_chart(const std::vector<std::vector<double>>& columns, std::span<const std::size_t> sizes,
                                 const T2Options& options) {
    const std::size_t p = columns.size();
    if (p < 2) return fail(ErrorCode::kInvalidArgument, "a T2 chart needs at least 2 variable columns", "value");
    const std::size_t total = columns[0].size();
    for (const auto& c : columns) {
        if (c.size() != total) return fail(ErrorCode::kInvalidArgument, "variable columns differ in length", "value");
    }
    if (sizes.empty()) return fail(ErrorCode::kInvalidArgument, "no observations", "value");
    const std::size_t n = sizes[0];
    for (std::size_t s : sizes) {
        if (s != n) return fail(ErrorCode::kInvalidArgument, "T2 subgroups must all have the same size", "subgroup");
    }
    const std::size_t groups = sizes.size();
    if (groups * n != total)
        return fail(ErrorCode::kInvalidArgument, "subgroup sizes do not match the data", "subgroup");
    const std::size_t m = (options.phase1 == 0 || options.phase1 > groups) ? groups : options.phase1;
    const double dm = static_cast<double>(m);
    const double dn = static_cast<double>(n);
    const double dp = static_cast<double>(p);

    // Subgroup means.
    std::vector<std::vector<double>> means(groups, std::vector<double>(p, 0.0));
    for (std::size_t g = 0; g < groups; ++g) {
        for (std::size_t j = 0; j < p; ++j) {
            double s = 0.0;
            for (std::size_t k = 0; k < n; ++k) s += columns[j][g * n + k];
            means[g][j] = s / dn;
        }
    }
    std::vector<double> center(p, 0.0);
    for (std::size_t g = 0; g < m; ++g) {
        for (std::size_t j = 0; j < p; ++j) center[j] += means[g][j] / dm;
    }
    Matrix cov(p * p, 0.0);
    if (n == 1) {
        if (m <= p + 1)
            return fail(ErrorCode::kInvalidArgument, "a T2 chart of individuals needs more than p + 1 phase I points",
                        "phase1");
        for (std::size_t g = 0; g < m; ++g) {
            for (std::size_t a = 0; a < p; ++a) {
                for (std::size_t b = 0; b < p; ++b) {
                    cov[a * p + b] += (means[g][a] - center[a]) * (means[g][b] - center[b]) / (dm - 1.0);
                }
            }
        }
    } else {
        for (std::size_t g = 0; g < m; ++g) {
            for (std::size_t k = 0; k < n; ++k) {
                for (std::size_t a = 0; a < p; ++a) {
                    for (std::size_t b = 0; b < p; ++b) {
                        cov[a * p + b] += (columns[a][g * n + k] - means[g][a]) *
                                          (columns[b][g * n + k] - means[g][b]) / ((dn - 1.0) * dm);
                    }
                }
            }
        }
    }
    auto inv = invert(cov, p);
    if (!inv) return tl::unexpected(inv.error());

    double ucl1 = 0.0;
    double ucl2 = 0.0;
    if (n == 1) {
        const boost::math::beta_distribution<double> beta(dp / 2.0, (dm - dp - 1.0) / 2.0);
        ucl1 = (dm - 1.0) * (dm - 1.0) / dm * boost::math::quantile(beta, 1.0 - options.alpha);
        if (dm > dp) {
            const boost::math::fisher_f_distribution<double> f(dp, dm - dp);
            ucl2 = dp * (dm + 1.0) * (dm - 1.0) / (dm * dm - dm * dp) * boost::math::quantile(f, 1.0 - options.alpha);
        }
    } else {
        const double df2 = dm * dn - dm - dp + 1.0;
        if (!(df2 > 0.0))
            return fail(ErrorCode::kInvalidArgument, "too few phase I subgroups for a T2 chart", "phase1");
        const double fq =
            boost::math::quantile(boost::math::fisher_f_distribution<double>(dp, df2), 1.0 - options.alpha);
        ucl1 = dp * (dm - 1.0) * (dn - 1.0) / df2 * fq;
        ucl2 = dp * (dm + 1.0) * (dn - 1.0) / df2 * fq;
    }
    Chart chart;
    chart.type = ChartType::kT2;
    chart.sigma = 0.0;
    chart.primary.values.resize(groups);
    std::vector<double> d(p);
    for (std::size_t g = 0; g < groups; ++g) {
        for (std::size_t j = 0; j < p; ++j) d[j] = means[g][j] - center[j];
        chart.primary.values[g] = dn * quadratic(d, *inv, p);
    }
    // The T2 statistic has no sigma zones: only rule 1 (beyond the UCL) applies.
    if (m == groups) {
        chart.primary.limits = {Limits{0.0, 0.0, ucl1, 0.0}};
    } else {
        chart.primary.limits.resize(groups);
        for (std::size_t g = 0; g < groups; ++g) chart.primary.limits[g] = Limits{0.0, 0.0, g < m ? ucl1 : ucl2, 0.0};
    }
    evaluate_rules(chart.primary, RuleSet::limits_only());
    return chart;
}

}  // namespace yandian::spc
