// Period keys. Calendar facts used as references: 1970-01-01 was a Thursday; ISO 8601 week 1 is the week with the
// year's first Thursday, so 2021-01-03 (a Sunday) belongs to 2020-W53, 2026-01-01 (a Thursday) to 2026-W01, and
// 2024-12-30 (a Monday) to 2025-W01; 2020 has 53 ISO weeks, 2021 has 52.
#include "market/period.hpp"

#include <gtest/gtest.h>

namespace yandian::market {
namespace {

TEST(Period, MonthKeysAreConsecutive) {
    EXPECT_EQ(*month_key(2026, 1), 2026 * 12);
    EXPECT_EQ(*month_key(2026, 1) - *month_key(2025, 12), 1);
    EXPECT_EQ(month_of_key(*month_key(2026, 11)).month, 11);
    EXPECT_EQ(month_of_key(*month_key(2026, 11)).year, 2026);
    EXPECT_EQ(month_key(2026, 13).error().field, "month");
}

TEST(Period, IsoWeeks) {
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);  // 30 years incl. 7 leap days to 2000-01-01 = 10957, + 31 + 29
    const auto w = iso_week_of_key(*week_key_of_date(2021, 1, 3));
    EXPECT_EQ(w.year, 2020);
    EXPECT_EQ(w.week, 53);
    EXPECT_EQ(*week_key_of_date(2026, 1, 1), *week_key(2026, 1));
    EXPECT_EQ(*week_key_of_date(2025, 12, 29), *week_key(2026, 1));  // the Monday of that week
    EXPECT_EQ(*week_key_of_date(2024, 12, 30), *week_key(2025, 1));
    EXPECT_EQ(*week_key(2021, 1) - *week_key(2020, 53), 1);
    EXPECT_FALSE(week_key(2021, 53));
    EXPECT_EQ(iso_week_of_key(*week_key(2026, 48)).week, 48);
    EXPECT_EQ(week_key_of_date(2026, 2, 29).error().field, "date");
}

}  // namespace
}  // namespace yandian::market
