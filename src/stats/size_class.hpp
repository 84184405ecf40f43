#pragma once
// Size class of an industrial firm in Chinese statistics: "above designated size" (规模以上) is a firm whose annual
// main-business revenue is 20 million yuan (2000万元) or more — the threshold the National Bureau of Statistics uses
// since 2011 (国家统计局, 规模以上工业企业 起点标准 from 500万元 raised to 2000万元 from the 2011 reporting year).
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.hpp"

namespace yandian::stats {

enum class SizeClass { kAboveDesignated, kBelowDesignated, kUnknown };

inline constexpr std::int64_t kAboveDesignatedRevenueFen = 20'000'000LL * 100;  // 2000万元 in fen

// From the annual main-business revenue (fen): at or above the threshold, or below it.
SizeClass size_class_of(std::int64_t main_business_revenue_fen);

// From a revenue that is only a lower bound of the main-business revenue (e.g. the revenue of one business line of
// the firm, as the plan's tables give it): at or above the threshold proves the class; below it proves nothing.
SizeClass size_class_from_lower_bound(std::int64_t revenue_lower_bound_fen);

std::string_view to_string(SizeClass c);  // "above" | "below" | "unknown"
Result<SizeClass> parse_size_class(std::string_view text);

}  // namespace yandian::stats
