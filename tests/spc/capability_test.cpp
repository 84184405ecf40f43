// Capability and performance indices, intervals and ppm on Montgomery's piston rings (spec 74.000 +/- 0.05 mm).
#include "spc/capability.hpp"

#include <gtest/gtest.h>

#include "test_data.hpp"

namespace yandian::spc {
namespace {

using testing::pistonrings;

CapabilityOptions two_sided() {
    CapabilityOptions o;
    o.spec.lsl = 73.95;
    o.spec.usl = 74.05;
    return o;
}

TEST(Capability, ReproducesQcc27PrintedIndicesAndIntervals) {
    // qcc 2.7: process.capability(qcc(pistonrings[1:25,], "xbar"), spec.limits = c(73.95, 74.05)):
    // Cp 1.7033 (1.4914, 1.9148), Cp_k 1.6632 (1.4481, 1.8783), Cpm 1.6911. qcc uses sigma = Rbar / 2.326 (its d2
    // table is rounded to 3 decimals) and N - 1 degrees of freedom, so both are set to reproduce it.
    const auto data = pistonrings(125);
    CapabilityOptions o = two_sided();
    o.sigma_within = 0.02276 / 2.326;
    o.dof = DegreesOfFreedom::kTotalMinusOne;
    auto c = capability(data.values, sizes_from_ids(data.ids), o);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_NEAR(*c->cp, 1.7033, 5e-5);
    EXPECT_NEAR(c->ci_cp->lo, 1.4914, 5e-5);
    EXPECT_NEAR(c->ci_cp->hi, 1.9148, 5e-5);
    EXPECT_NEAR(*c->cpk, 1.6632, 5e-5);
    EXPECT_NEAR(c->ci_cpk->lo, 1.4481, 5e-5);
    EXPECT_NEAR(c->ci_cpk->hi, 1.8783, 5e-5);
    EXPECT_NEAR(*c->cpm, 1.6911, 5e-5);
}

TEST(Capability, MinitabDegreesOfFreedomAndPerformanceIndices) {
    // Independent Python 3 computation (tests/reference/spc_capability.py; standard library; chi-square quantiles
    // by bisection on the regularised
    // incomplete gamma, checked against chi2_{0.025,10} = 3.247, chi2_{0.975,10} = 20.483):
    // sigma_w = Rbar/d2(5) = 0.0097853376, sigma_o = 0.0100699681, mean 74.001176;
    // Cp 1.7032285789, Cpl 1.7432885150, Cpu = Cpk 1.6631686427, Cpm 1.6910602100 (T = 74.000);
    // Pp 1.6550863377, Ppl 1.6940139683, Ppu = Ppk 1.6161587070;
    // Rbar: v = 0.9 k (n - 1) = 90: Cp CI 1.4546478117 .. 1.9513834365, Cpk CI 1.4132730240 .. 1.9130642614;
    // v = N - 1 = 124: Pp CI 1.4492114654 .. 1.8606464251, Ppk CI 1.4066989615 .. 1.8256184526;
    // Cpm CI 1.4800688419 .. 1.9017282213; expected ppm within 0.3874862677, overall 0.8087670215.
    const auto data = pistonrings(125);
    auto c = capability(data.values, sizes_from_ids(data.ids), two_sided());
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->n, 125u);
    EXPECT_NEAR(c->sigma_within, 0.0097853376, 1e-10);
    EXPECT_NEAR(c->sigma_overall, 0.0100699681, 1e-10);
    EXPECT_NEAR(*c->cp, 1.7032285789, 1e-8);
    EXPECT_NEAR(*c->cpl, 1.7432885150, 1e-8);
    EXPECT_NEAR(*c->cpu, 1.6631686427, 1e-8);
    EXPECT_NEAR(*c->cpk, 1.6631686427, 1e-8);
    EXPECT_NEAR(*c->cpm, 1.6910602100, 1e-8);
    EXPECT_NEAR(*c->pp, 1.6550863377, 1e-8);
    EXPECT_NEAR(*c->ppl, 1.6940139683, 1e-8);
    EXPECT_NEAR(*c->ppk, 1.6161587070, 1e-8);
    EXPECT_DOUBLE_EQ(c->dof_within, 90.0);
    EXPECT_NEAR(c->ci_cp->lo, 1.4546478117, 1e-8);
    EXPECT_NEAR(c->ci_cp->hi, 1.9513834365, 1e-8);
    EXPECT_NEAR(c->ci_cpk->lo, 1.4132730240, 1e-8);
    EXPECT_NEAR(c->ci_cpk->hi, 1.9130642614, 1e-8);
    EXPECT_NEAR(c->ci_pp->lo, 1.4492114654, 1e-8);
    EXPECT_NEAR(c->ci_pp->hi, 1.8606464251, 1e-8);
    EXPECT_NEAR(c->ci_ppk->lo, 1.4066989615, 1e-8);
    EXPECT_NEAR(c->ci_ppk->hi, 1.8256184526, 1e-8);
    EXPECT_NEAR(c->ci_cpm->lo, 1.4800688419, 1e-8);
    EXPECT_NEAR(c->ci_cpm->hi, 1.9017282213, 1e-8);
    EXPECT_NEAR(c->ppm_expected_within, 0.3874862677, 1e-8);
    EXPECT_NEAR(c->ppm_expected_overall, 0.8087670215, 1e-8);
    EXPECT_EQ(c->ppm_observed, 0.0);
    ASSERT_TRUE(c->normality);
}

TEST(Capability, OneSidedSpecUsesOnlyThatSide) {
    // USL only, 74.02 (Python as above): Cpu = Cpk 0.6412314954, Ppu = Ppk 0.6231069044; 3 of 125 values above:
    // observed 24000 ppm; expected within 27196.4447959561 ppm (with d2(5) = 2.3259289473 of the constants table;
    // the unrounded d2 gives 27196.4447970, 1.1e-6 higher).
    const auto data = pistonrings(125);
    CapabilityOptions o;
    o.spec.usl = 74.02;
    auto c = capability(data.values, sizes_from_ids(data.ids), o);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_FALSE(c->cp);
    EXPECT_FALSE(c->cpl);
    EXPECT_FALSE(c->cpm);
    EXPECT_NEAR(*c->cpk, 0.6412314954, 1e-8);
    EXPECT_NEAR(*c->ppk, 0.6231069044, 1e-8);
    EXPECT_NEAR(c->ppm_observed, 24000.0, 1e-9);
    EXPECT_NEAR(c->ppm_expected_within, 27196.4447959561, 1e-6);
}

TEST(Capability, RejectsBadSpecs) {
    const auto data = pistonrings(125);
    const auto sizes = sizes_from_ids(data.ids);
    CapabilityOptions o;
    o.spec.lsl = 74.05;
    o.spec.usl = 73.95;
    auto c = capability(data.values, sizes, o);
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("LSL"), std::string::npos);
    EXPECT_FALSE(capability(data.values, sizes, CapabilityOptions{}));
}

}  // namespace
}  // namespace yandian::spc
