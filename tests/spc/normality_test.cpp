// Anderson-Darling normality test, skewness and kurtosis.
#include "spc/normality.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_data.hpp"

namespace yandian::spc {
namespace {

TEST(AndersonDarling, PistonRingsAsNortest) {
    // R nortest::ad.test(as.vector(pistonrings$diameter)) on all 200 values: A = 0.51807, p-value = 0.1862
    // (values recorded in /work/shared/reference/spc-anchors.md). Skewness G1 = 0.2466947445 and excess kurtosis
    // G2 = 0.2107234108 from an independent Python 3 computation (Minitab/Excel adjusted estimators;
    // tests/reference/spc_normality.py, which also reproduces nortest's A and p).
    const auto data = testing::pistonrings(200);
    auto r = anderson_darling(data.values);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->n, 200u);
    EXPECT_NEAR(r->ad, 0.51807, 5e-6);
    EXPECT_NEAR(r->p, 0.1862, 5e-5);
    EXPECT_NEAR(r->skewness, 0.2466947445, 1e-9);
    EXPECT_NEAR(r->kurtosis, 0.2107234108, 1e-9);
}

TEST(AndersonDarling, PValueBranchesOfDAgostinoStephens) {
    // Table 4.9 of D'Agostino & Stephens (1986): the classical 5 % and 1 % critical points of A*^2 are 0.752 and
    // 1.035 (Stephens 1974), where the formula gives p close to 0.05 and 0.01.
    EXPECT_NEAR(anderson_darling_p(0.752), 0.05, 2e-3);
    EXPECT_NEAR(anderson_darling_p(1.035), 0.01, 1e-3);
    EXPECT_GT(anderson_darling_p(0.1), 0.9);
    EXPECT_NEAR(anderson_darling_p(0.3), 1.0 - std::exp(-8.318 + 42.796 * 0.3 - 59.938 * 0.09), 1e-15);
}

TEST(AndersonDarling, NeedsEightVaryingValues) {
    EXPECT_FALSE(anderson_darling(std::vector<double>{1, 2, 3}));
    EXPECT_FALSE(anderson_darling(std::vector<double>(10, 1.0)));
}

}  // namespace
}  // namespace yandian::spc
