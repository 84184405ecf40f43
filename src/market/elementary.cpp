#include "market/elementary.hpp"

#include <cmath>
#include <string>

namespace yandian::market {
namespace {

Status check_prices(std::span<const double> p, const char* field) {
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (!(p[i] > 0.0) || !std::isfinite(p[i])) {
            return fail(ErrorCode::kInvalidArgument, "price at position " + std::to_string(i) + " must be positive",
                        std::string(field) + "[" + std::to_string(i) + "]");
        }
    }
    return {};
}

}  // namespace

Result<double> elementary_index(std::span<const double> p0, std::span<const double> p1, ElementaryFormula formula) {
    if (p0.size() != p1.size()) {
        return fail(ErrorCode::kInvalidArgument, "base and current price lists differ in length", "p1");
    }
    if (p0.empty()) return fail(ErrorCode::kInvalidArgument, "no matched prices", "p0");
    if (auto s = check_prices(p0, "p0"); !s) return tl::unexpected(s.error());
    if (auto s = check_prices(p1, "p1"); !s) return tl::unexpected(s.error());
    const double n = static_cast<double>(p0.size());
    switch (formula) {
        case ElementaryFormula::kJevons: {
            double sum_log = 0.0;
            for (std::size_t i = 0; i < p0.size(); ++i) sum_log += std::log(p1[i] / p0[i]);
            return std::exp(sum_log / n);
        }
        case ElementaryFormula::kDutot: {
            double s0 = 0.0;
            double s1 = 0.0;
            for (std::size_t i = 0; i < p0.size(); ++i) {
                s0 += p0[i];
                s1 += p1[i];
            }
            return s1 / s0;
        }
        case ElementaryFormula::kCarli: {
            double sum = 0.0;
            for (std::size_t i = 0; i < p0.size(); ++i) sum += p1[i] / p0[i];
            return sum / n;
        }
        case ElementaryFormula::kUnitValue:
            break;
    }
    return fail(ErrorCode::kInvalidArgument, "unit value is not an elementary formula over price pairs", "formula");
}

Result<double> unit_value(std::span<const std::int64_t> quantity, std::span<const std::int64_t> unit_price_fen) {
    if (quantity.size() != unit_price_fen.size()) {
        return fail(ErrorCode::kInvalidArgument, "quantity and price columns differ in length", "unit_price_fen");
    }
    if (quantity.empty()) return fail(ErrorCode::kInvalidArgument, "no transactions", "quantity");
    long double value = 0;
    long double units = 0;
    for (std::size_t i = 0; i < quantity.size(); ++i) {
        if (quantity[i] <= 0) {
            return fail(ErrorCode::kInvalidArgument, "quantity at row " + std::to_string(i) + " must be positive",
                        "quantity[" + std::to_string(i) + "]");
        }
        if (unit_price_fen[i] <= 0) {
            return fail(ErrorCode::kInvalidArgument, "price at row " + std::to_string(i) + " must be positive",
                        "unit_price_fen[" + std::to_string(i) + "]");
        }
        value += static_cast<long double>(quantity[i]) * static_cast<long double>(unit_price_fen[i]);
        units += static_cast<long double>(quantity[i]);
    }
    return static_cast<double>(value / units);
}

}  // namespace yandian::market
