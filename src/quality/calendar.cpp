#include "quality/calendar.hpp"

#include <fmt/format.h>

#include <charconv>

#include "common/csv.hpp"

namespace yandian::quality {

namespace {

tl::unexpected<Error> bad_cell(std::size_t line, std::string_view column, std::string message) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("calendar line {}, column {}: {}", line, column, message),
                std::string(column));
}

std::string year_list(const std::set<int>& years) {
    std::string out;
    for (int y : years) out += (out.empty() ? "" : ", ") + std::to_string(y);
    return out.empty() ? "none" : out;
}

}  // namespace

Result<WorkingCalendar> WorkingCalendar::parse(std::string_view text) {
    auto table = csv::parse(text);
    if (!table) return tl::unexpected(table.error());
    static constexpr const char* kColumns[] = {"year", "date", "kind", "name_zh", "name_en", "notice"};
    std::size_t col[std::size(kColumns)] = {};
    for (std::size_t i = 0; i < std::size(kColumns); ++i) {
        auto c = csv::require_column(*table, kColumns[i]);
        if (!c) return tl::unexpected(c.error());
        col[i] = *c;
    }
    WorkingCalendar cal;
    for (std::size_t r = 0; r < table->rows.size(); ++r) {
        const auto& row = table->rows[r];
        const std::size_t line = table->row_lines[r];
        int year = 0;
        const std::string& y = row[col[0]];
        const auto [end, ec] = std::from_chars(y.data(), y.data() + y.size(), year);
        if (ec != std::errc() || end != y.data() + y.size() || year < 1900 || year > 2199) {
            return bad_cell(line, "year", fmt::format("'{}' is not a year", y));
        }
        auto day = parse_iso_date(row[col[1]], "date");
        if (!day) return bad_cell(line, "date", day.error().message);
        if (civil_from_days(*day).year != year) {
            return bad_cell(line, "date", fmt::format("{} is not in {}", row[col[1]], year));
        }
        if (cal.holidays_.count(*day) || cal.workdays_.count(*day)) {
            return bad_cell(line, "date", fmt::format("{} is given twice", row[col[1]]));
        }
        const std::string& kind = row[col[2]];
        const bool weekend = iso_weekday(*day) >= 6;
        if (kind == "holiday") {
            cal.holidays_.insert(*day);
        } else if (kind == "workday") {
            if (!weekend) {
                return bad_cell(line, "kind",
                                fmt::format("{} is a weekday: only a Saturday or Sunday can be an adjusted workday",
                                            row[col[1]]));
            }
            cal.workdays_.insert(*day);
        } else {
            return bad_cell(line, "kind", fmt::format("'{}' must be holiday or workday", kind));
        }
        if (row[col[5]].empty()) return bad_cell(line, "notice", "every row names the notice it comes from");
        cal.years_.insert(year);
    }
    return cal;
}

Result<bool> WorkingCalendar::is_working_day(DayNumber day) const {
    const int year = civil_from_days(day).year;
    if (!years_.count(year)) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("the working-day calendar does not cover {} (date {}; years covered: {}); add the "
                                "State Council's holiday notice for {} to data/quality/calendar-cn.csv",
                                year, format_iso_date(day), year_list(years_), year),
                    "date");
    }
    if (holidays_.count(day)) return false;
    if (workdays_.count(day)) return true;
    return iso_weekday(day) <= 5;
}

Result<DayNumber> WorkingCalendar::add_working_days(DayNumber day, int n) const {
    if (n < 1) return fail(ErrorCode::kInvalidArgument, "working days to add must be at least 1", "n");
    DayNumber d = day;
    for (int counted = 0; counted < n;) {
        ++d;
        auto working = is_working_day(d);
        if (!working) return tl::unexpected(working.error());
        if (*working) ++counted;
    }
    return d;
}

Result<DayNumber> objection_deadline(const WorkingCalendar& calendar, DayNumber filed_on, bool other_units) {
    return calendar.add_working_days(filed_on,
                                     other_units ? kObjectionWorkingDaysWithOtherUnits : kObjectionWorkingDays);
}

bool objection_overdue(DayNumber deadline, const std::optional<DayNumber>& decided_on, DayNumber today) {
    if (decided_on) return *decided_on > deadline;
    return today > deadline;
}

}  // namespace yandian::quality
