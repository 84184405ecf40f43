// Working days of the Chinese calendar: the bundled table (data/quality/calendar-cn.csv) transcribes the State
// Council General Office notices 国办发明电〔2024〕12号 (2025 holidays, 2024-11-12) and 国务院办公厅关于2026年部分节假日
// 安排的通知 (2025-11-04). Every expected date below is counted by hand from those notices, day by day, in the comments.
#include <gtest/gtest.h>

#include "quality/bundled.hpp"
#include "quality/calendar.hpp"

namespace yandian::quality {
namespace {

DayNumber d(const char* text) { return *parse_iso_date(text); }

class CalendarTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto c = bundled_calendar();
        ASSERT_TRUE(c) << c.error().message;
        cal = *c;
    }
    WorkingCalendar cal;
};

TEST_F(CalendarTest, CoversThePublishedYearsOnly) {
    EXPECT_EQ(cal.years(), (std::set<int>{2025, 2026}));
}

TEST_F(CalendarTest, HolidaysAndAdjustedWeekendDaysOf2026) {
    // 2026 notice: National Day 10-01 (Thu) .. 10-07 (Wed) off; 09-20 (Sun) and 10-10 (Sat) worked.
    EXPECT_FALSE(*cal.is_working_day(d("2026-10-01")));
    EXPECT_FALSE(*cal.is_working_day(d("2026-10-07")));
    EXPECT_TRUE(*cal.is_working_day(d("2026-10-08")));   // Thursday
    EXPECT_TRUE(*cal.is_working_day(d("2026-10-10")));   // Saturday, adjusted working day
    EXPECT_FALSE(*cal.is_working_day(d("2026-10-11")));  // Sunday
    EXPECT_TRUE(*cal.is_working_day(d("2026-09-20")));   // Sunday, adjusted working day
    // Spring Festival 02-15 (Sun) .. 02-23 (Mon) off; 02-14 (Sat) and 02-28 (Sat) worked.
    EXPECT_TRUE(*cal.is_working_day(d("2026-02-14")));
    EXPECT_FALSE(*cal.is_working_day(d("2026-02-16")));  // a Monday inside the holiday
    EXPECT_FALSE(*cal.is_working_day(d("2026-02-23")));
    EXPECT_TRUE(*cal.is_working_day(d("2026-02-28")));
    // An ordinary week: Thursday works, Saturday does not.
    EXPECT_TRUE(*cal.is_working_day(d("2026-11-05")));
    EXPECT_FALSE(*cal.is_working_day(d("2026-11-07")));
}

TEST_F(CalendarTest, ObjectionDeadlineAcrossNationalDay2026) {
    // Filed Wed 2026-09-30. 10-01..10-07 holiday; 10-08 Thu = 1, 10-09 Fri = 2, 10-10 Sat (adjusted) = 3.
    EXPECT_EQ(format_iso_date(*objection_deadline(cal, d("2026-09-30"), false)), "2026-10-10");
    // With other units: 10-11 Sun off; 10-12 Mon = 4, 10-13 = 5, 10-14 = 6, 10-15 Thu = 7.
    EXPECT_EQ(format_iso_date(*objection_deadline(cal, d("2026-09-30"), true)), "2026-10-15");
}

TEST_F(CalendarTest, ObjectionDeadlineAcrossSpringFestival2026) {
    // Filed Fri 2026-02-13. 02-14 Sat (adjusted) = 1; 02-15..02-23 holiday; 02-24 Tue = 2; 02-25 Wed = 3.
    EXPECT_EQ(format_iso_date(*objection_deadline(cal, d("2026-02-13"), false)), "2026-02-25");
    // 02-26 Thu = 4, 02-27 Fri = 5, 02-28 Sat (adjusted) = 6, 03-01 Sun off, 03-02 Mon = 7.
    EXPECT_EQ(format_iso_date(*objection_deadline(cal, d("2026-02-13"), true)), "2026-03-02");
}

TEST_F(CalendarTest, ObjectionDeadlineAcrossNationalDay2025) {
    // 2025 notice: 10-01 (Wed) .. 10-08 off; 09-28 (Sun) and 10-11 (Sat) worked. Filed Tue 2025-09-30:
    // 10-09 Thu = 1, 10-10 Fri = 2, 10-11 Sat (adjusted) = 3.
    EXPECT_EQ(format_iso_date(*cal.add_working_days(d("2025-09-30"), 3)), "2025-10-11");
}

TEST_F(CalendarTest, OrdinaryWeek) {
    // Thu 2026-11-05: Fri 11-06 = 1, Mon 11-09 = 2, Tue 11-10 = 3.
    EXPECT_EQ(format_iso_date(*cal.add_working_days(d("2026-11-05"), 3)), "2026-11-10");
}

TEST_F(CalendarTest, AYearOutsideTheTableIsANamedError) {
    // Wed 2026-12-30: Thu 12-31 = 1, then 2027-01-01 is not covered (no 2027 notice in the table).
    auto r = cal.add_working_days(d("2026-12-30"), 3);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(r.error().message.find("does not cover 2027"), std::string::npos) << r.error().message;
    EXPECT_FALSE(cal.is_working_day(d("2024-06-03")));
}

TEST(CalendarParse, ErrorsNameLineAndColumn) {
    const std::string header = "year,date,kind,name_zh,name_en,notice\n";
    // 2026-10-09 is a Friday: it cannot be an adjusted working day.
    auto r = WorkingCalendar::parse(header + "2026,2026-10-09,workday,x,x,n\n");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("line 2, column kind"), std::string::npos) << r.error().message;
    r = WorkingCalendar::parse(header + "2026,2026-10-01,holiday,x,x,n\n2026,2026-10-01,holiday,x,x,n\n");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("line 3, column date"), std::string::npos) << r.error().message;
    r = WorkingCalendar::parse(header + "2025,2026-10-01,holiday,x,x,n\n");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("not in 2025"), std::string::npos) << r.error().message;
    r = WorkingCalendar::parse(header + "2026,2026-02-30,holiday,x,x,n\n");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("column date"), std::string::npos) << r.error().message;
}

TEST(Objections, OverdueAfterTheDeadlineDay) {
    const DayNumber deadline = d("2026-10-10");
    EXPECT_FALSE(objection_overdue(deadline, std::nullopt, d("2026-10-10")));
    EXPECT_TRUE(objection_overdue(deadline, std::nullopt, d("2026-10-11")));
    EXPECT_FALSE(objection_overdue(deadline, d("2026-10-09"), d("2026-12-01")));
    EXPECT_TRUE(objection_overdue(deadline, d("2026-10-12"), d("2026-12-01")));
}

}  // namespace
}  // namespace yandian::quality
