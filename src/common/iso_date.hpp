#pragma once
// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian) and as ISO 8601 text (YYYY-MM-DD).
// days_from_civil is the inverse of civil_from_days (common/civil_date.hpp), after H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms" (days_from_civil).
#include <cstdint>
#include <string>
#include <string_view>

#include "common/civil_date.hpp"
#include "common/result.hpp"

namespace yandian {

using DayNumber = std::int64_t;

constexpr DayNumber days_from_civil(int year, int month, int day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(month > 2 ? month - 3 : month + 9);
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);  // Hinnant's worked example
static_assert(days_from_civil(1969, 12, 31) == -1);

constexpr int days_in_month(int year, int month) {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

// Day of the week, ISO numbering: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
constexpr int iso_weekday(DayNumber day) {
    const std::int64_t r = ((day % 7) + 7 + 3) % 7;  // Thursday -> 3
    return static_cast<int>(r) + 1;
}
static_assert(iso_weekday(0) == 4);

// Exactly YYYY-MM-DD (years 1900-2199) naming a real date; kInvalidArgument naming `field` otherwise
// ("date: 2026-02-30 is not a date (February 2026 has 28 days)").
Result<DayNumber> parse_iso_date(std::string_view text, std::string_view field = "date");

std::string format_iso_date(DayNumber day);

// The same day `months` months later (earlier when negative); a day past the end of the target month becomes its
// last day (2026-01-31 + 1 month = 2026-02-28).
DayNumber add_months(DayNumber day, int months);

}  // namespace yandian
