#include "common/clock.hpp"

#include <fmt/format.h>

#include <charconv>
#include <string>

namespace yandian {

Clock wall_clock() {
    return [] { return std::chrono::system_clock::now(); };
}

Clock fixed_clock(TimePoint at) {
    return [at] { return at; };
}

Clock clock_starting_at(TimePoint start) {
    const auto offset = start - std::chrono::system_clock::now();
    return [offset] { return std::chrono::system_clock::now() + offset; };
}

namespace {

bool read_number(std::string_view text, std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size()) return false;
    const char* first = text.data() + pos;
    const char* last = first + len;
    auto [end, ec] = std::from_chars(first, last, out);
    return ec == std::errc{} && end == last && *first != '-' && *first != '+';
}

}  // namespace

Result<TimePoint> parse_clock_start(std::string_view text, std::string_view field) {
    auto refuse = [&] {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'{}' is not a UTC date (2030-06-30) or time (2030-06-30T12:00:00Z)", text),
                    std::string(field));
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!read_number(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !read_number(text, 5, 2, mo) ||
        text[7] != '-' || !read_number(text, 8, 2, d)) {
        return refuse();
    }
    if (text.size() != 10) {
        if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z' ||
            !read_number(text, 11, 2, h) || !read_number(text, 14, 2, mi) || !read_number(text, 17, 2, s) || h > 23 ||
            mi > 59 || s > 59) {
            return refuse();
        }
    }
    const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                           std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok() || y < 1970) return refuse();
    return std::chrono::sys_days{date} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
}

Result<Clock> clock_from_setting(std::string_view text, std::string_view field) {
    if (text.empty()) return wall_clock();
    auto start = parse_clock_start(text, field);
    if (!start) return tl::unexpected(start.error());
    return clock_starting_at(*start);
}

}  // namespace yandian
