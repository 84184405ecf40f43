#pragma once
// Control-chart constants for a subgroup of n normal observations: d2 = E[R]/sigma, d3 = sd(R)/sigma,
// c4 = E[S]/sigma, and the limit factors built from them (Montgomery, Introduction to SQC, App. VI).
#include <cstddef>

namespace yandian::spc {

struct Constants {
    double d2 = 0.0;
    double d3 = 0.0;
    double c4 = 0.0;
    double a2 = 0.0;         // 3 / (d2 sqrt n)
    double a3 = 0.0;         // 3 / (c4 sqrt n)
    double b3 = 0.0;         // max(0, 1 - 3 sqrt(1 - c4^2) / c4)
    double b4 = 0.0;         // 1 + 3 sqrt(1 - c4^2) / c4
    double d3_factor = 0.0;  // D3 = max(0, 1 - 3 d3 / d2)
    double d4_factor = 0.0;  // D4 = 1 + 3 d3 / d2
};

// Constants for n >= 2: tabulated to 10 digits for n <= 25, computed by numerical integration beyond.
[[nodiscard]] Constants constants(std::size_t n);

[[nodiscard]] double d2(std::size_t n);
[[nodiscard]] double d3(std::size_t n);
// c4(n) = sqrt(2/(n-1)) Gamma(n/2) / Gamma((n-1)/2), exact for every n >= 2.
[[nodiscard]] double c4(std::size_t n);

// The integrals themselves (used beyond the table, exposed so the table can be checked against them):
// d2 = integral of 1 - Phi(x)^n - (1 - Phi(x))^n over the real line;
// E[R^2] = 2 * double integral over x < y of 1 - Phi(y)^n - (1 - Phi(x))^n + (Phi(y) - Phi(x))^n; d3 = sqrt(E[R^2] -
// d2^2).
[[nodiscard]] double d2_integral(std::size_t n);
[[nodiscard]] double d3_integral(std::size_t n);

}  // namespace yandian::spc
