#include "spc/normality.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace yandian::spc {

namespace {
constexpr double kInvSqrt2 = 0.70710678118654752440;
}  // namespace

double anderson_darling_p(double a) {
    if (a < 0.2) return 1.0 - std::exp(-13.436 + 101.14 * a - 223.73 * a * a);
    if (a < 0.34) return 1.0 - std::exp(-8.318 + 42.796 * a - 59.938 * a * a);
    if (a < 0.6) return std::exp(0.9177 - 4.279 * a - 1.38 * a * a);
    return std::exp(1.2937 - 5.709 * a + 0.0186 * a * a);
}

Result<Normality> anderson_darling(std::span<const double> values) {
    const std::size_t n = values.size();
    if (n < 8) return fail(ErrorCode::kInvalidArgument, "the Anderson-Darling test needs at least 8 values", "value");
    std::vector<double> x(values.begin(), values.end());
    std::sort(x.begin(), x.end());
    const double dn = static_cast<double>(n);
    double sum = 0.0;
    for (double v : x) sum += v;
    const double mean = sum / dn;
    double m2 = 0.0;
    for (double v : x) m2 += (v - mean) * (v - mean);
    const double sd = std::sqrt(m2 / (dn - 1.0));
    if (!(sd > 0.0))
        return fail(ErrorCode::kInvalidArgument, "all values are equal: normality cannot be tested", "value");
    std::vector<double> logp(n);
    std::vector<double> logq(n);
    double m3 = 0.0;
    double m4 = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double z = (x[i] - mean) / sd;
        // Phi(z) = erfc(-z/sqrt 2)/2 and 1 - Phi(z) = erfc(z/sqrt 2)/2, both accurate in the far tails.
        logp[i] = std::log(0.5 * std::erfc(-z * kInvSqrt2));
        logq[i] = std::log(0.5 * std::erfc(z * kInvSqrt2));
        m3 += z * z * z;
        m4 += z * z * z * z;
    }
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        s += (2.0 * static_cast<double>(i) + 1.0) * (logp[i] + logq[n - 1 - i]);
    }
    Normality r;
    r.n = n;
    r.mean = mean;
    r.sd = sd;
    r.ad = -dn - s / dn;
    r.ad_adjusted = r.ad * (1.0 + 0.75 / dn + 2.25 / (dn * dn));
    r.p = std::clamp(anderson_darling_p(r.ad_adjusted), 0.0, 1.0);
    r.skewness = dn / ((dn - 1.0) * (dn - 2.0)) * m3;
    r.kurtosis = dn * (dn + 1.0) / ((dn - 1.0) * (dn - 2.0) * (dn - 3.0)) * m4 -
                 3.0 * (dn - 1.0) * (dn - 1.0) / ((dn - 2.0) * (dn - 3.0));
    return r;
}

}  // namespace yandian::spc
