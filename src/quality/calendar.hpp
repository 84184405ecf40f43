#pragma once
// The working-day calendar of mainland China as data (data/quality/calendar-cn.csv): the public holidays and the
// adjusted working Saturdays/Sundays (调休上班) of each year as the State Council General Office publishes them in
// its yearly notice (国务院办公厅关于YYYY年部分节假日安排的通知). Any other Monday-Friday is a working day, any other
// Saturday or Sunday is not. A year the table does not cover is a named error, never a guess: holidays move every
// year with the lunar calendar and the adjustments are decided case by case.
//
// Table columns: year, date (YYYY-MM-DD, in that year), kind (holiday | workday), name_zh, name_en, notice.
// The years covered are the years of the rows.
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/iso_date.hpp"
#include "common/result.hpp"

namespace yandian::quality {

class WorkingCalendar {
  public:
    // Parses the CSV text; errors name line and column (a date outside its year, a workday on a weekday, a
    // holiday on a date given twice ...).
    static Result<WorkingCalendar> parse(std::string_view csv_text);

    // kFailedPrecondition naming the year and the years covered when `day` lies outside them.
    [[nodiscard]] Result<bool> is_working_day(DayNumber day) const;

    // The n-th working day after `day` (`day` itself not counted; n >= 1). Every day passed must be covered.
    [[nodiscard]] Result<DayNumber> add_working_days(DayNumber day, int n) const;

    [[nodiscard]] const std::set<int>& years() const { return years_; }

  private:
    std::set<int> years_;
    std::set<DayNumber> holidays_;
    std::set<DayNumber> workdays_;
};

// Deadline for answering an objection (山东省社会信用条例 Art. 39): 3 working days after it was filed, 7 when other
// units must check.
inline constexpr int kObjectionWorkingDays = 3;
inline constexpr int kObjectionWorkingDaysWithOtherUnits = 7;
Result<DayNumber> objection_deadline(const WorkingCalendar& calendar, DayNumber filed_on, bool other_units);

// An objection is overdue on `today` when it is undecided after its deadline day, or was decided after it.
bool objection_overdue(DayNumber deadline, const std::optional<DayNumber>& decided_on, DayNumber today);

}  // namespace yandian::quality
