#include "ingest/payload.hpp"

#include <fmt/format.h>

namespace yandian::ingest {
namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

tl::unexpected<Error> bad_time(std::string_view text, std::string_view why) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not an ISO 8601 time: {}", text, why), "time");
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// Days from 1970-01-01: counted in 400-year eras of 146097 days, with the year starting on 1 March so that the
// leap day falls at its end (the method of H. Hinnant's "chrono-Compatible Low-Level Date Algorithms").
std::int64_t days_from_civil(int year, int month, int day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t year_of_era = y - era * 400;                                 // [0, 399]
    const std::int64_t month_from_march = month > 2 ? month - 3 : month + 9;        // [0, 11]
    const std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;    // [0, 365]
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;  // 719468 = days from 0000-03-01 to 1970-01-01
}

CivilDate civil_from_days(std::int64_t days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t day_of_era = z - era * 146097;  // [0, 146096]
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;  // [0, 399]
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t month_from_march = (5 * day_of_year + 2) / 153;
    CivilDate date;
    date.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    date.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    date.year = static_cast<int>(year_of_era + era * 400 + (date.month <= 2 ? 1 : 0));
    return date;
}

Result<std::int64_t> parse_iso8601_ms(std::string_view text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (text.size() < 19 || !digits(text, 0, 4, year) || text[4] != '-' || !digits(text, 5, 2, month) ||
        text[7] != '-' || !digits(text, 8, 2, day)) {
        return bad_time(text, "expected YYYY-MM-DD at the start");
    }
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return bad_time(text, "expected 'T' after the date");
    if (!digits(text, 11, 2, hour) || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
        !digits(text, 17, 2, second)) {
        return bad_time(text, "expected HH:MM:SS after the date");
    }
    if (!is_valid_date(year, month, day)) return bad_time(text, "no such date");
    if (hour > 23 || minute > 59 || second > 59) return bad_time(text, "hour, minute or second out of range");
    std::size_t pos = 19;
    int millis = 0;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        std::size_t count = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (count < 3) millis = millis * 10 + (text[pos] - '0');
            ++count;
            ++pos;
        }
        if (count == 0 || count > 9) return bad_time(text, "the fraction of a second needs 1 to 9 digits");
        for (std::size_t i = count; i < 3; ++i) millis *= 10;
    }
    if (pos >= text.size()) return bad_time(text, "no UTC offset (Z or +HH:MM)");
    int offset_minutes = 0;
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        const int sign = text[pos] == '-' ? -1 : 1;
        int oh = 0, om = 0;
        if (!digits(text, pos + 1, 2, oh)) return bad_time(text, "bad UTC offset");
        pos += 3;
        if (pos < text.size()) {
            if (text[pos] == ':') ++pos;
            if (!digits(text, pos, 2, om)) return bad_time(text, "bad UTC offset");
            pos += 2;
        }
        if (oh > 23 || om > 59) return bad_time(text, "UTC offset out of range");
        offset_minutes = sign * (oh * 60 + om);
    } else {
        return bad_time(text, "no UTC offset (Z or +HH:MM)");
    }
    if (pos != text.size()) return bad_time(text, "unexpected characters after the UTC offset");
    const std::int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
                                 static_cast<std::int64_t>(offset_minutes) * 60;
    return seconds * 1000 + millis;
}

std::string format_iso8601_ms(std::int64_t utc_ms) {
    const std::int64_t days = floor_div(utc_ms, 86400000);
    const std::int64_t ms_of_day = utc_ms - days * 86400000;
    const CivilDate date = civil_from_days(days);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", date.year, date.month, date.day,
                       ms_of_day / 3600000, ms_of_day / 60000 % 60, ms_of_day / 1000 % 60, ms_of_day % 1000);
}

}  // namespace yandian::ingest
