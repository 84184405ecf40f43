#pragma once
// Process capability (within-subgroup sigma: Cp, Cpl, Cpu, Cpk, Cpm) and performance (overall sigma: Pp, Ppl,
// Ppu, Ppk), as defined in ISO 22514-2 / the AIAG SPC manual, with confidence intervals and ppm out of spec.
//
// Intervals (Minitab, "Methods and formulas for potential capability" and "... overall capability",
// support.minitab.com, Normal Capability Analysis):
//   Cp, Pp: chi-square, C sqrt(chi2_{a/2,v} / v) .. C sqrt(chi2_{1-a/2,v} / v);
//   Cpk, Ppk: normal approximation (Bissell 1990), C -/+ z_{1-a/2} sqrt(1/(9N) + C^2/(2v));
//   Cpm = Cp / sqrt(1 + d^2), d = (mean - T) / sigma_within, chi-square interval with v = N (1 + d^2) / (1 + 2 d^2)
//   (both as qcc 2.7's process.capability).
// Degrees of freedom v for the within-subgroup indices follow the sigma estimate as Minitab documents:
// Rbar 0.9 k (nbar - 1); Sbar f_n k (nbar - 1); pooled sum (n_i - 1); moving range k - 1. For Pp/Ppk v = N - 1.
// `DegreesOfFreedom::kTotalMinusOne` uses N - 1 everywhere, as qcc 2.7's process.capability does.
#include <optional>
#include <span>

#include "common/result.hpp"
#include "spc/normality.hpp"
#include "spc/variables.hpp"

namespace yandian::spc {

struct SpecLimits {
    std::optional<double> lsl;
    std::optional<double> usl;
    std::optional<double> target;  // Cpm needs it; defaults to the mid-point of a two-sided spec
};

enum class DegreesOfFreedom { kMinitab, kTotalMinusOne };

struct CapabilityOptions {
    SpecLimits spec;
    double confidence = 0.95;
    std::optional<SigmaMethod> sigma;    // default: Rbar for subgroups, moving range for individuals
    std::optional<double> sigma_within;  // a given within sigma instead of the estimate
    DegreesOfFreedom dof = DegreesOfFreedom::kMinitab;
};

struct Interval {
    double lo = 0.0;
    double hi = 0.0;
};

struct Capability {
    std::size_t n = 0;
    double mean = 0.0;
    double sigma_within = 0.0;
    double sigma_overall = 0.0;  // sample sd of all values (n - 1 divisor)
    double dof_within = 0.0;
    std::optional<double> cp, cpl, cpu, cpk, cpm;
    std::optional<double> pp, ppl, ppu, ppk;
    std::optional<Interval> ci_cp, ci_cpk, ci_cpm, ci_pp, ci_ppk;
    double ppm_observed = 0.0;          // observed fraction out of spec x 1e6
    double ppm_expected_within = 0.0;   // normal model with the within sigma
    double ppm_expected_overall = 0.0;  // normal model with the overall sigma
    std::optional<Normality> normality;
};

// Fails on LSL >= USL, on no spec limit at all, or on too few values.
[[nodiscard]] Status check_spec(const SpecLimits& spec);

[[nodiscard]] Result<Capability> capability(std::span<const double> values, std::span<const std::size_t> sizes,
                                            const CapabilityOptions& options);

}  // namespace yandian::spc
