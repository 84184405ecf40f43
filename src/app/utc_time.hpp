#pragma once
// Time stamps as ISO 8601 UTC text with millisecond precision: 2026-11-29T14:03:05.123Z.
// Text of this fixed form sorts in time order, which the store relies on.
#include <chrono>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace yandian::app {

using TimePoint = std::chrono::system_clock::time_point;

// Truncates to the millisecond (towards the past).
std::string format_utc(TimePoint time);

// Parses exactly YYYY-MM-DDTHH:MM:SS.mmmZ; anything else is kInvalidArgument naming `field`.
Result<TimePoint> parse_utc(std::string_view text, std::string_view field = "time");

}  // namespace yandian::app
