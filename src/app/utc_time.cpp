#include "app/utc_time.hpp"

#include <fmt/format.h>

namespace yandian::app {

std::string format_utc(TimePoint time) {
    using namespace std::chrono;
    auto ms = floor<milliseconds>(time);
    auto day = floor<days>(ms);
    year_month_day ymd(day);
    hh_mm_ss clock(ms - day);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), clock.hours().count(),
                       clock.minutes().count(), clock.seconds().count(), clock.subseconds().count());
}

Result<TimePoint> parse_utc(std::string_view text, std::string_view field) {
    using namespace std::chrono;
    auto bad = [&] {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'{}' is not a UTC time of the form 2026-11-29T14:03:05.123Z", text),
                    std::string(field));
    };
    constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (text.size() != kShape.size()) return bad();
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        bool digit = text[i] >= '0' && text[i] <= '9';
        if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return bad();
    }
    auto number = [&](std::size_t at, std::size_t length) {
        int value = 0;
        for (std::size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    year_month_day ymd{year(number(0, 4)), month(static_cast<unsigned>(number(5, 2))),
                       day(static_cast<unsigned>(number(8, 2)))};
    int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return bad();
    return TimePoint(sys_days(ymd) + hours(hour) + minutes(minute) + seconds(second) + milliseconds(number(20, 3)));
}

}  // namespace yandian::app
