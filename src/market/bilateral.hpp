#pragma once
// Weighted bilateral price indices between a base period 0 and a current period 1 over matched items, written in
// value-share form so that the item "price" may itself be an elementary index (ILO/IMF CPI and PPI Manuals,
// 2004 ch. 15-17). With r_i the item relative, v0_i / v1_i the item values and s = v / sum(v) over matched items:
//   Laspeyres  P_L = sum s0_i r_i
//   Paasche    P_P = 1 / sum s1_i / r_i
//   Fisher     P_F = sqrt(P_L P_P)
//   Tornqvist  ln P_T = sum 1/2 (s0_i + s1_i) ln r_i
#include <cmath>
#include <cstdint>
#include <span>

#include "common/result.hpp"

namespace yandian::market {

enum class IndexFormula { kLaspeyres, kPaasche, kFisher, kTornqvist };

// Running sums from which every formula above follows; adding items in any order gives the same index, and two
// partial accumulations can be merged.
struct BilateralSums {
    double value0 = 0.0;             // sum v0_i
    double value1 = 0.0;             // sum v1_i
    double value0_rel = 0.0;         // sum v0_i r_i
    double value1_invrel = 0.0;      // sum v1_i / r_i
    double value0_log = 0.0;         // sum v0_i ln r_i
    double value1_log = 0.0;         // sum v1_i ln r_i
    std::uint32_t matched = 0;       // items present in both periods
    std::uint32_t base_only = 0;     // items that vanished: present in period 0 only
    std::uint32_t current_only = 0;  // items that are new: present in period 1 only
    std::uint32_t imputed = 0;       // unmatched items added with an explicitly imputed relative

    void add(double relative, double v0, double v1) {
        const double ln_r = std::log(relative);
        value0 += v0;
        value1 += v1;
        value0_rel += v0 * relative;
        value1_invrel += v1 / relative;
        value0_log += v0 * ln_r;
        value1_log += v1 * ln_r;
        ++matched;
    }
    // Adds an unmatched item whose relative was imputed; v0 or v1 is 0 for the period it was not sold in.
    void add_imputed(double relative, double v0, double v1) {
        add(relative, v0, v1);
        --matched;
        ++imputed;
    }
    void merge(const BilateralSums& o);
    // Index in the given formula; fails when no item is matched.
    [[nodiscard]] Result<double> index(IndexFormula formula) const;
    // ln of the index, NaN when no item is matched (for inner loops that skip undefined links).
    [[nodiscard]] double log_index(IndexFormula formula) const;
};

// Convenience form on item prices and quantities: p0, p1, q0, q1 per item (matched items only, all positive).
Result<double> bilateral_index(std::span<const double> p0, std::span<const double> p1, std::span<const double> q0,
                               std::span<const double> q1, IndexFormula formula);

}  // namespace yandian::market
