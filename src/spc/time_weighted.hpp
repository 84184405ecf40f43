#pragma once
// Time-weighted charts: EWMA with exact time-varying limits, and the tabular (Page/Montgomery) CUSUM.
// Both work on subgroup means (subgroups of one are individual values). Sigma is given (phase.sigma) or estimated
// within subgroups: Rbar/d2 when all subgroups have 2 or more values, else MRbar/d2(2) of the individual values.
#include <span>

#include "common/result.hpp"
#include "spc/chart.hpp"

namespace yandian::spc {

struct EwmaOptions {
    PhaseOptions phase;   // phase.mean is the target mu0 (z_0); otherwise the grand mean of the base subgroups
    double lambda = 0.2;  // 0 < lambda <= 1
    double width = 3.0;   // L
};

// z_i = lambda xbar_i + (1 - lambda) z_{i-1};
// limits mu0 +/- L sigma/sqrt(n_i) sqrt(lambda/(2 - lambda) (1 - (1 - lambda)^(2i))), i = 1, 2, ...
// Rule 1 (beyond the limits) is evaluated; other run rules do not apply to the autocorrelated z_i.
[[nodiscard]] Result<Chart> ewma_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                                       const EwmaOptions& options = {});

struct CusumOptions {
    PhaseOptions phase;                  // phase.mean is the target mu0
    double k = 0.5;                      // reference value, in sigma of the plotted mean
    double h = 4.0;                      // decision interval, in sigma of the plotted mean
    bool fast_initial_response = false;  // start both sums at h/2
};

// Standardised tabular CUSUM: with z_i = (xbar_i - mu0) / (sigma / sqrt(n_i)),
// C+_i = max(0, z_i - k + C+_{i-1}), C-_i = max(0, -k - z_i + C-_{i-1}); a signal is a sum above h.
// Primary series: C+ (limits 0..h); secondary: C- (limits 0..h). Both in units of sigma/sqrt(n); rule 1 flags
// signals. With sigma = 1 and n = 1 these are Montgomery's sums in the units of the data.
[[nodiscard]] Result<Chart> cusum_chart(std::span<const double> values, std::span<const std::size_t> sizes,
                                        const CusumOptions& options = {});

}  // namespace yandian::spc
