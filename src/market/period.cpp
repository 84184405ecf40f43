#include "market/period.hpp"

#include <string>

namespace yandian::market {
namespace {

// Floor division for negative numerators.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// 1970-01-01 was a Thursday; the Monday of its week is day -3.
constexpr std::int64_t kEpochMondayOffset = 3;

bool valid_date(int year, int month, int day) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int limit = kDays[month - 1] + ((month == 2 && leap) ? 1 : 0);
    return day <= limit;
}

PeriodKey week_of_days(std::int64_t days) { return static_cast<PeriodKey>(floor_div(days + kEpochMondayOffset, 7)); }

// Week key of ISO week 1 of an ISO year: the week containing 4 January.
PeriodKey first_week_key(int iso_year) { return week_of_days(days_from_civil(iso_year, 1, 4)); }

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) {
    // Howard Hinnant's days_from_civil algorithm (public-domain description of the civil calendar).
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Result<PeriodKey> month_key(int year, int month) {
    if (year < 1900 || year > 9999) return fail(ErrorCode::kInvalidArgument, "year out of range 1900..9999", "year");
    if (month < 1 || month > 12) return fail(ErrorCode::kInvalidArgument, "month must be 1..12", "month");
    return static_cast<PeriodKey>(year * 12 + (month - 1));
}

YearMonth month_of_key(PeriodKey key) {
    const auto y = floor_div(key, 12);
    return YearMonth{static_cast<int>(y), static_cast<int>(key - y * 12) + 1};
}

Result<PeriodKey> week_key_of_date(int year, int month, int day) {
    if (year < 1900 || year > 9999) return fail(ErrorCode::kInvalidArgument, "year out of range 1900..9999", "year");
    if (!valid_date(year, month, day)) {
        return fail(ErrorCode::kInvalidArgument,
                    "no such date " + std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day),
                    "date");
    }
    return week_of_days(days_from_civil(year, month, day));
}

Result<PeriodKey> week_key(int iso_year, int iso_week) {
    if (iso_year < 1900 || iso_year > 9999) {
        return fail(ErrorCode::kInvalidArgument, "ISO year out of range 1900..9999", "year");
    }
    const PeriodKey first = first_week_key(iso_year);
    const int weeks_in_year = first_week_key(iso_year + 1) - first;
    if (iso_week < 1 || iso_week > weeks_in_year) {
        return fail(ErrorCode::kInvalidArgument,
                    "ISO year " + std::to_string(iso_year) + " has weeks 1.." + std::to_string(weeks_in_year), "week");
    }
    return first + (iso_week - 1);
}

IsoWeek iso_week_of_key(PeriodKey key) {
    // The Thursday of the week decides the ISO year.
    const std::int64_t thursday = static_cast<std::int64_t>(key) * 7 - kEpochMondayOffset + 3;
    // Civil year of that Thursday: search around an estimate.
    int year = static_cast<int>(floor_div(thursday * 400, 146097)) + 1970;
    while (days_from_civil(year, 1, 1) > thursday) --year;
    while (days_from_civil(year + 1, 1, 1) <= thursday) ++year;
    return IsoWeek{year, key - first_week_key(year) + 1};
}

}  // namespace yandian::market
