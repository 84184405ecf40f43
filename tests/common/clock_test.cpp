#include "common/clock.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace yandian {
namespace {

using std::chrono::seconds;
using std::chrono::sys_days;

// Seconds since 1970-01-01T00:00:00Z of the dates, from the day counts of H. Hinnant's days_from_civil
// (2030-06-30 is day 22095, 2035-12-31 is day 24105; checked with Python's datetime.date subtraction,
// tests/reference/epoch_times.py): days * 86400.
TEST(Clock, StartDatesParseToUtcInstants) {
    auto day = parse_clock_start("2030-06-30", "--clock-start");
    ASSERT_TRUE(day.has_value()) << day.error().message;
    EXPECT_EQ(std::chrono::duration_cast<seconds>(day->time_since_epoch()).count(), 22095LL * 86400);
    auto time = parse_clock_start("2035-12-31T23:59:58Z", "--clock-start");
    ASSERT_TRUE(time.has_value()) << time.error().message;
    EXPECT_EQ(std::chrono::duration_cast<seconds>(time->time_since_epoch()).count(), 24105LL * 86400 + 86398);
    auto leap = parse_clock_start("2028-02-29", "--clock-start");
    ASSERT_TRUE(leap.has_value());
    EXPECT_EQ(*leap, sys_days{std::chrono::year{2028} / 2 / 29});
}

TEST(Clock, BadStartDatesAreRefusedNamingTheSetting) {
    for (const char* bad : {"", "2030-6-30", "2030-02-30", "2027-02-29", "2030-06-30 12:00", "2030-06-30T24:00:00Z",
                            "2030-06-30T12:00:00", "1969-12-31", "+030-06-30", "next tuesday"}) {
        auto r = parse_clock_start(bad, "--clock-start");
        ASSERT_FALSE(r.has_value()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
        EXPECT_EQ(r.error().field, "--clock-start") << bad;
        EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
    }
}

TEST(Clock, FixedClockStaysAndStartedClockRunsFromItsStart) {
    const TimePoint at = sys_days{std::chrono::year{2027} / 1 / 15};
    Clock fixed = fixed_clock(at);
    EXPECT_EQ(fixed(), at);
    Clock started = clock_starting_at(at);
    const TimePoint first = started();
    EXPECT_GE(first, at);
    EXPECT_LT(first, at + seconds(5));  // created just now
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_GT(started(), first);  // it runs
    EXPECT_EQ(fixed(), at);
}

TEST(Clock, EmptySettingIsTheWallClock) {
    auto c = clock_from_setting("", "--clock-start");
    ASSERT_TRUE(c.has_value());
    const auto wall = std::chrono::system_clock::now();
    EXPECT_LT(std::chrono::abs((*c)() - wall), seconds(5));
    auto shifted = clock_from_setting("2035-12-31", "--clock-start");
    ASSERT_TRUE(shifted.has_value());
    EXPECT_LT(std::chrono::abs((*shifted)() - TimePoint{sys_days{std::chrono::year{2035} / 12 / 31}}), seconds(5));
    EXPECT_FALSE(clock_from_setting("tomorrow", "--clock-start").has_value());
}

}  // namespace
}  // namespace yandian
