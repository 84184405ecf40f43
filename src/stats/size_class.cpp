#include "stats/size_class.hpp"

#include <string>

namespace yandian::stats {

SizeClass size_class_of(std::int64_t main_business_revenue_fen) {
    return main_business_revenue_fen >= kAboveDesignatedRevenueFen ? SizeClass::kAboveDesignated
                                                                   : SizeClass::kBelowDesignated;
}

SizeClass size_class_from_lower_bound(std::int64_t revenue_lower_bound_fen) {
    return revenue_lower_bound_fen >= kAboveDesignatedRevenueFen ? SizeClass::kAboveDesignated : SizeClass::kUnknown;
}

std::string_view to_string(SizeClass c) {
    switch (c) {
        case SizeClass::kAboveDesignated:
            return "above";
        case SizeClass::kBelowDesignated:
            return "below";
        case SizeClass::kUnknown:
            break;
    }
    return "unknown";
}

Result<SizeClass> parse_size_class(std::string_view text) {
    if (text == "above") return SizeClass::kAboveDesignated;
    if (text == "below") return SizeClass::kBelowDesignated;
    if (text == "unknown" || text.empty()) return SizeClass::kUnknown;
    return fail(ErrorCode::kInvalidArgument,
                "size class '" + std::string(text) + "' is not one of above, below, unknown (above = annual "
                                                     "main-business revenue of 20 million yuan or more)",
                "size_class");
}

}  // namespace yandian::stats
