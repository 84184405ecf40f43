#pragma once
// The data bundled with the binary (data/quality/): the current rule set, the publication-window table and the
// working-day calendar. A deployment may use other files (the CLI's --rules); these are the defaults.
#include <string_view>

#include "common/result.hpp"
#include "quality/blacklist.hpp"
#include "quality/calendar.hpp"
#include "quality/rules.hpp"
#include "quality/windows.hpp"

namespace yandian::quality {

inline constexpr std::string_view kBundledRules = "rules-v1";
inline constexpr std::string_view kBundledWindows = "publication-windows";
inline constexpr std::string_view kBundledCalendar = "calendar-cn";

// The text of a bundled file by name (without extension); kNotFound naming the files bundled.
Result<std::string_view> bundled_text(std::string_view name);

Result<RuleSet> bundled_rules();
Result<WindowTable> bundled_windows();
Result<WorkingCalendar> bundled_calendar();

// The blacklist terms of a window table: its list_entry / serious_dishonest row (public_months = listing period,
// repair_min_months = minimum before a repair); kInvalidArgument when the row or a figure is missing.
Result<BlacklistTerms> blacklist_terms(const WindowTable& table);

}  // namespace yandian::quality
