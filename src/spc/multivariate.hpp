#pragma once
// Hotelling T^2 chart (Montgomery, Introduction to SQC, section 11.3; qcc's mqcc).
// Subgroups of n > 1: T2_i = n (xbar_i - xbarbar)' Sbar^-1 (xbar_i - xbarbar), Sbar the mean within-subgroup
//   covariance; phase I UCL = p (m-1)(n-1)/(mn-m-p+1) F_{1-a; p, mn-m-p+1}, phase II with (m+1) in place of (m-1).
// Individuals: T2_i = (x_i - xbar)' S^-1 (x_i - xbar), S the sample covariance; phase I
//   UCL = (m-1)^2/m Beta_{1-a; p/2, (m-p-1)/2}; phase II UCL = p (m+1)(m-1)/(m^2 - m p) F_{1-a; p, m-p}.
// m is the number of phase I subgroups (or observations); points after them use the phase II limit.
#include <span>
#include <vector>

#include "common/result.hpp"
#include "spc/chart.hpp"

namespace yandian::spc {

struct T2Options {
    std::size_t phase1 = 0;  // 0: all points are phase I
    double alpha = 0.0027;
};

// columns[j][i]: variable j of observation i; sizes: consecutive subgroup sizes (all 1, or all equal n > 1).
[[nodiscard]] Result<Chart> hotelling_t2_chart(const std::vector<std::vector<double>>& columns,
                                               std::span<const std::size_t> sizes, const T2Options& options = {});

}  // namespace yandian::spc
