#pragma once
// Elementary price indices: unweighted means of matched price relatives within one elementary aggregate
// (one canonical bearing x brand tier); ILO/IMF CPI Manual 2004 ch. 20 "Elementary indices" (2020 edition likewise).
//   Jevons  P_J = prod_i (p1_i / p0_i)^(1/n)           (recommended; geometric mean of relatives)
//   Dutot   P_D = (sum_i p1_i / n) / (sum_i p0_i / n)  (ratio of arithmetic mean prices)
//   Carli   P_C = (1/n) sum_i p1_i / p0_i             (arithmetic mean of relatives; biased upward)
#include <cstdint>
#include <span>

#include "common/result.hpp"

namespace yandian::market {

enum class ElementaryFormula {
    kUnitValue,  // one unit value per item and period across all shops (quantity-weighted); relative uv1/uv0
    kJevons,     // per-shop unit values matched across the two periods, geometric mean of relatives
    kDutot,
    kCarli,
};

// Elementary index over matched price pairs p0[i] (base) and p1[i] (current). Prices must be positive and finite;
// the error names the position of the first bad price. kUnitValue is not an elementary formula over pairs.
Result<double> elementary_index(std::span<const double> p0, std::span<const double> p1, ElementaryFormula formula);

// Unit value sum(q*p) / sum(q) in fen per unit from transactions (quantity-weighted mean price).
Result<double> unit_value(std::span<const std::int64_t> quantity, std::span<const std::int64_t> unit_price_fen);

}  // namespace yandian::market
