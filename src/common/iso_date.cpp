#include "common/iso_date.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace yandian {

Result<DayNumber> parse_iso_date(std::string_view text, std::string_view field) {
    auto bad = [&](const std::string& why) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", field, why), std::string(field));
    };
    const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
    int digits[8] = {};
    int k = 0;
    for (std::size_t i = 0; shape && i < text.size(); ++i) {
        if (i == 4 || i == 7) continue;
        if (text[i] < '0' || text[i] > '9') return bad(fmt::format("'{}' is not a date of the form YYYY-MM-DD", text));
        digits[k++] = text[i] - '0';
    }
    if (!shape) return bad(fmt::format("'{}' is not a date of the form YYYY-MM-DD", text));
    const int year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
    const int month = digits[4] * 10 + digits[5];
    const int day = digits[6] * 10 + digits[7];
    if (year < 1900 || year > 2199) return bad(fmt::format("{}: the year must be 1900-2199", text));
    if (month < 1 || month > 12) return bad(fmt::format("{} is not a date (month {} does not exist)", text, month));
    if (day < 1 || day > days_in_month(year, month)) {
        return bad(fmt::format("{} is not a date ({}-{:02d} has {} days)", text, year, month,
                               days_in_month(year, month)));
    }
    return days_from_civil(year, month, day);
}

std::string format_iso_date(DayNumber day) {
    const CivilDate c = civil_from_days(day);
    return fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
}

DayNumber add_months(DayNumber day, int months) {
    const CivilDate c = civil_from_days(day);
    const std::int64_t index = static_cast<std::int64_t>(c.year) * 12 + (c.month - 1) + months;
    const int year = static_cast<int>(index >= 0 ? index / 12 : (index - 11) / 12);
    const int month = static_cast<int>(index - static_cast<std::int64_t>(year) * 12) + 1;
    const int d = std::min(c.day, days_in_month(year, month));
    return days_from_civil(year, month, d);
}

}  // namespace yandian
