#pragma once
// Anderson-Darling normality test with mean and sd estimated from the data, as R nortest::ad.test and Minitab:
// A^2 = -n - (1/n) sum (2i - 1) [ln Phi(z_(i)) + ln(1 - Phi(z_(n+1-i)))], A*^2 = A^2 (1 + 0.75/n + 2.25/n^2),
// p-value from D'Agostino & Stephens (1986), Table 4.9. Also the sample skewness and excess kurtosis (the
// adjusted estimators G1, G2 that Minitab and Excel SKEW/KURT report).
#include <span>

#include "common/result.hpp"

namespace yandian::spc {

struct Normality {
    std::size_t n = 0;
    double mean = 0.0;
    double sd = 0.0;
    double ad = 0.0;           // A^2
    double ad_adjusted = 0.0;  // A*^2
    double p = 0.0;
    double skewness = 0.0;
    double kurtosis = 0.0;  // excess kurtosis
};

// Needs at least 8 values (as nortest) that are not all equal.
[[nodiscard]] Result<Normality> anderson_darling(std::span<const double> values);

// p-value of the modified statistic A*^2 (D'Agostino & Stephens 1986).
[[nodiscard]] double anderson_darling_p(double a_star);

}  // namespace yandian::spc
