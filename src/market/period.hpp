#pragma once
// Period keys: months and ISO weeks as dense integers, so series and panels index periods by subtraction.
//   month key = year * 12 + (month - 1)            (2026-01 -> 24312)
//   week key  = number of Monday-started weeks since the week of 1970-01-01 (ISO 8601 weeks)
#include <cstdint>

#include "common/result.hpp"

namespace yandian::market {

using PeriodKey = std::int32_t;

struct YearMonth {
    int year = 0;
    int month = 0;  // 1..12
};

struct IsoWeek {
    int year = 0;  // ISO week-numbering year (may differ from the calendar year near 1 January)
    int week = 0;  // 1..52 or 53
};

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(int year, int month, int day);

Result<PeriodKey> month_key(int year, int month);
YearMonth month_of_key(PeriodKey key);

// Week key of the ISO week that contains the given date.
Result<PeriodKey> week_key_of_date(int year, int month, int day);
// Week key of ISO year/week; fails for week 53 in a year that has only 52 weeks.
Result<PeriodKey> week_key(int iso_year, int iso_week);
IsoWeek iso_week_of_key(PeriodKey key);

}  // namespace yandian::market
