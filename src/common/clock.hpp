#pragma once
// The one source of "now" for the whole platform. Services take a Clock; only wall_clock() reads the system
// time, so a test (or a demo run at another date) sets the time of everything at once.
#include <chrono>
#include <functional>
#include <string_view>

#include "common/result.hpp"

namespace yandian {

using TimePoint = std::chrono::system_clock::time_point;
using Clock = std::function<TimePoint()>;

// The system's time.
Clock wall_clock();

// Always `at`: unit tests pin their dates with it.
Clock fixed_clock(TimePoint at);

// Starts at `start` when created and then runs at the wall clock's pace: a whole server (sessions expiring, live
// lines streaming) behaves as it would at another date.
Clock clock_starting_at(TimePoint start);

// "2030-06-30" or "2030-06-30T12:00:00Z" (UTC) -> time point; kInvalidArgument naming `field` otherwise.
Result<TimePoint> parse_clock_start(std::string_view text, std::string_view field);

// The process's clock from its setting: empty -> wall_clock(); else clock_starting_at(parse_clock_start(text)).
Result<Clock> clock_from_setting(std::string_view text, std::string_view field);

}  // namespace yandian
