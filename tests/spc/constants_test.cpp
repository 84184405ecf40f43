// Control-chart constants against Montgomery, Introduction to SQC, Appendix VI, and exact identities.
#include "spc/constants.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace yandian::spc {
namespace {

struct Printed {
    int n;
    double a2, a3, b3, b4, d3f, d4f, d2, c4, d3;
};

// Montgomery App. VI (3 decimals for the factors, 4 for d2, c4, d3). Montgomery rounds d3 before forming D3/D4, so
// these cells print one unit lower/higher in the 3rd decimal than the exact value; the exact values are used here
// (as recomputed in /work/shared/reference/spc-anchors.md): n=3 D4 2.575 (printed 2.574), n=18 D4 1.609 (1.608),
// n=19 D3/D4 0.404/1.596 (0.403/1.597), n=22 D3/D4 0.435/1.565 (0.434/1.566), n=24 D3 0.452 (0.451).
constexpr Printed kPrinted[] = {
    {2, 1.880, 2.659, 0.000, 3.267, 0.000, 3.267, 1.1284, 0.7979, 0.8525},
    {3, 1.023, 1.954, 0.000, 2.568, 0.000, 2.575, 1.6926, 0.8862, 0.8884},
    {4, 0.729, 1.628, 0.000, 2.266, 0.000, 2.282, 2.0588, 0.9213, 0.8798},
    {5, 0.577, 1.427, 0.000, 2.089, 0.000, 2.114, 2.3259, 0.9400, 0.8641},
    {6, 0.483, 1.287, 0.030, 1.970, 0.000, 2.004, 2.5344, 0.9515, 0.8480},
    {7, 0.419, 1.182, 0.118, 1.882, 0.076, 1.924, 2.7044, 0.9594, 0.8332},
    {8, 0.373, 1.099, 0.185, 1.815, 0.136, 1.864, 2.8472, 0.9650, 0.8198},
    {9, 0.337, 1.032, 0.239, 1.761, 0.184, 1.816, 2.9700, 0.9693, 0.8078},
    {10, 0.308, 0.975, 0.284, 1.716, 0.223, 1.777, 3.0775, 0.9727, 0.7971},
    {11, 0.285, 0.927, 0.321, 1.679, 0.256, 1.744, 3.1729, 0.9754, 0.7873},
    {12, 0.266, 0.886, 0.354, 1.646, 0.283, 1.717, 3.2585, 0.9776, 0.7785},
    {13, 0.249, 0.850, 0.382, 1.618, 0.307, 1.693, 3.3360, 0.9794, 0.7704},
    {14, 0.235, 0.817, 0.406, 1.594, 0.328, 1.672, 3.4068, 0.9810, 0.7630},
    {15, 0.223, 0.789, 0.428, 1.572, 0.347, 1.653, 3.4718, 0.9823, 0.7562},
    {16, 0.212, 0.763, 0.448, 1.552, 0.363, 1.637, 3.5320, 0.9835, 0.7499},
    {17, 0.203, 0.739, 0.466, 1.534, 0.378, 1.622, 3.5879, 0.9845, 0.7441},
    {18, 0.194, 0.718, 0.482, 1.518, 0.391, 1.609, 3.6401, 0.9854, 0.7386},
    {19, 0.187, 0.698, 0.497, 1.503, 0.404, 1.596, 3.6890, 0.9862, 0.7335},
    {20, 0.180, 0.680, 0.510, 1.490, 0.415, 1.585, 3.7350, 0.9869, 0.7287},
    {21, 0.173, 0.663, 0.523, 1.477, 0.425, 1.575, 3.7783, 0.9876, 0.7242},
    {22, 0.167, 0.647, 0.534, 1.466, 0.435, 1.565, 3.8194, 0.9882, 0.7199},
    {23, 0.162, 0.633, 0.545, 1.455, 0.443, 1.557, 3.8583, 0.9887, 0.7159},
    {24, 0.157, 0.619, 0.555, 1.445, 0.452, 1.548, 3.8953, 0.9892, 0.7121},
    {25, 0.153, 0.606, 0.565, 1.435, 0.459, 1.541, 3.9306, 0.9896, 0.7084},
};

TEST(Constants, MatchMontgomeryAppendixVIToThePrintedDigits) {
    for (const auto& p : kPrinted) {
        const Constants k = constants(static_cast<std::size_t>(p.n));
        SCOPED_TRACE(p.n);
        EXPECT_NEAR(k.a2, p.a2, 5e-4 + 1e-12);
        EXPECT_NEAR(k.a3, p.a3, 5e-4 + 1e-12);
        EXPECT_NEAR(k.b3, p.b3, 5e-4 + 1e-12);
        EXPECT_NEAR(k.b4, p.b4, 5e-4 + 1e-12);
        EXPECT_NEAR(k.d3_factor, p.d3f, 5e-4 + 1e-12);
        EXPECT_NEAR(k.d4_factor, p.d4f, 5e-4 + 1e-12);
        EXPECT_NEAR(k.d2, p.d2, 5e-5 + 1e-12);
        EXPECT_NEAR(k.c4, p.c4, 5e-5 + 1e-12);
        EXPECT_NEAR(k.d3, p.d3, 5e-5 + 1e-12);
    }
}

TEST(Constants, ExactIdentities) {
    // E|X1 - X2| = 2/sqrt(pi) and E[range of 3] = 3/sqrt(pi) for standard normals; c4(2) = sqrt(2/pi);
    // Var(|X1 - X2|) = 2 - 4/pi, so d3(2) = sqrt(2 - 4/pi).
    const double pi = std::numbers::pi;
    EXPECT_NEAR(d2(2), 2.0 / std::sqrt(pi), 1e-9);
    EXPECT_NEAR(d2(3), 3.0 / std::sqrt(pi), 1e-9);
    EXPECT_NEAR(d3(2), std::sqrt(2.0 - 4.0 / pi), 1e-9);
    EXPECT_NEAR(c4(2), std::sqrt(2.0 / pi), 1e-15);
    EXPECT_NEAR(d2_integral(2), 2.0 / std::sqrt(pi), 1e-9);
    EXPECT_NEAR(d3_integral(2), std::sqrt(2.0 - 4.0 / pi), 1e-9);
}

TEST(Constants, IntegralsReproduceTheTable) {
    // The table comes from an independent Python computation (tests/reference/spc_constants.py: Simpson with a 3/8
    // end panel, step 0.01); the C++
    // integrals (step 0.015) must agree with it, which also validates the code path used beyond n = 25.
    for (std::size_t n = 2; n <= 25; n += 1) {
        SCOPED_TRACE(n);
        EXPECT_NEAR(d2_integral(n), d2(n), 1e-8);
        EXPECT_NEAR(d3_integral(n), d3(n), 1e-8);
        EXPECT_NEAR(c4(n), constants(n).c4, 1e-9);
    }
}

TEST(Constants, BeyondTheTable) {
    // Independent Python 3 computation (standard library only, tests/reference/spc_constants.py): composite
    // Simpson of 1 - Phi^n - (1 - Phi)^n,
    // Phi(x) = erfc(-x/sqrt 2)/2, step 0.01 on [-9, 9], printed 4.0855216883 (n = 30) and 4.4981472588 (n = 50).
    EXPECT_NEAR(d2(30), 4.0855216883, 1e-8);
    EXPECT_NEAR(d2(50), 4.4981472588, 1e-8);
    EXPECT_GT(d2(26), d2(25));
    EXPECT_LT(d3(26), d3(25));
    // c4 ~ 4(n-1)/(4n-3) with error O(n^-2) (Montgomery App. VI footnote for n > 25).
    EXPECT_NEAR(c4(100), 4.0 * 99.0 / 397.0, 1e-5);
    const Constants k = constants(40);
    EXPECT_NEAR(k.a3, 3.0 / (k.c4 * std::sqrt(40.0)), 1e-12);
    EXPECT_GT(k.d3_factor, 0.0);
}

}  // namespace
}  // namespace yandian::spc
