#include "market/bilateral.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace yandian::market {

void BilateralSums::merge(const BilateralSums& o) {
    value0 += o.value0;
    value1 += o.value1;
    value0_rel += o.value0_rel;
    value1_invrel += o.value1_invrel;
    value0_log += o.value0_log;
    value1_log += o.value1_log;
    matched += o.matched;
    base_only += o.base_only;
    current_only += o.current_only;
    imputed += o.imputed;
}

double BilateralSums::log_index(IndexFormula formula) const {
    if (matched == 0 || !(value0 > 0.0) || !(value1 > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    switch (formula) {
        case IndexFormula::kLaspeyres:
            return std::log(value0_rel / value0);
        case IndexFormula::kPaasche:
            return std::log(value1 / value1_invrel);
        case IndexFormula::kFisher:
            return 0.5 * (std::log(value0_rel / value0) + std::log(value1 / value1_invrel));
        case IndexFormula::kTornqvist:
            return 0.5 * (value0_log / value0 + value1_log / value1);
    }
    return std::numeric_limits<double>::quiet_NaN();
}

Result<double> BilateralSums::index(IndexFormula formula) const {
    const double l = log_index(formula);
    if (std::isnan(l)) return fail(ErrorCode::kFailedPrecondition, "no matched item with positive value", "items");
    return std::exp(l);
}

Result<double> bilateral_index(std::span<const double> p0, std::span<const double> p1, std::span<const double> q0,
                               std::span<const double> q1, IndexFormula formula) {
    const std::size_t n = p0.size();
    if (p1.size() != n || q0.size() != n || q1.size() != n) {
        return fail(ErrorCode::kInvalidArgument, "price and quantity lists differ in length", "items");
    }
    BilateralSums sums;
    for (std::size_t i = 0; i < n; ++i) {
        const auto pos = std::to_string(i);
        if (!(p0[i] > 0.0) || !(p1[i] > 0.0) || !std::isfinite(p0[i]) || !std::isfinite(p1[i])) {
            return fail(ErrorCode::kInvalidArgument, "price of item " + pos + " must be positive", "p[" + pos + "]");
        }
        if (!(q0[i] > 0.0) || !(q1[i] > 0.0) || !std::isfinite(q0[i]) || !std::isfinite(q1[i])) {
            return fail(ErrorCode::kInvalidArgument, "quantity of item " + pos + " must be positive", "q[" + pos + "]");
        }
        sums.add(p1[i] / p0[i], p0[i] * q0[i], p1[i] * q1[i]);
    }
    return sums.index(formula);
}

}  // namespace yandian::market
