#include "quality/bundled.hpp"

#include <fmt/format.h>

#include "quality/embedded_tables.hpp"

namespace yandian::quality {

Result<std::string_view> bundled_text(std::string_view name) {
    std::string names;
    for (const detail::EmbeddedTable& t : detail::embedded_tables()) {
        if (t.name == name) return t.text;
        names += (names.empty() ? "" : ", ") + std::string(t.name);
    }
    return fail(ErrorCode::kNotFound, fmt::format("no bundled quality file {} (bundled: {})", name, names), "name");
}

Result<RuleSet> bundled_rules() {
    auto text = bundled_text(kBundledRules);
    if (!text) return tl::unexpected(text.error());
    return parse_rules(*text);
}

Result<WindowTable> bundled_windows() {
    auto text = bundled_text(kBundledWindows);
    if (!text) return tl::unexpected(text.error());
    return parse_window_table(*text);
}

Result<WorkingCalendar> bundled_calendar() {
    auto text = bundled_text(kBundledCalendar);
    if (!text) return tl::unexpected(text.error());
    return WorkingCalendar::parse(*text);
}

Result<BlacklistTerms> blacklist_terms(const WindowTable& table) {
    auto row = table.find(EntryKind::kListEntry, "serious_dishonest");
    if (!row) return tl::unexpected(row.error());
    const WindowRule& r = **row;
    if (!r.public_months || !r.repair_min_months) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("publication-window line {}: the serious_dishonest row needs public_months (listing "
                                "period) and repair_min_months (minimum before a repair)",
                                r.line),
                    "repair_min_months");
    }
    return BlacklistTerms{*r.public_months, *r.repair_min_months};
}

}  // namespace yandian::quality
