#pragma once
// Statistical returns (统计报表) of firms: reporting periods, the cumulative/period rule and the validation of a
// return against the indicator definitions and the firm's earlier figures. Pure: values in, values out.
//
// The cumulative rule. A cumulative indicator is reported as the year-to-date total "1–N月累计" (as the National
// Bureau of Statistics' monthly industrial forms ask). The value of month N alone is cum(N) - cum(N-1); January's
// value is its cumulative figure (the year starts again). Conversely cum(N) = p(1) + ... + p(N).
#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "stats/indicators.hpp"

namespace yandian::stats {

// A reporting period: a month ("2026-10") or a year ("2026", month 0).
struct Period {
    int year = 0;
    int month = 0;  // 1-12, or 0 for an annual period

    [[nodiscard]] bool annual() const { return month == 0; }
    [[nodiscard]] std::string text() const;  // "2026-10" | "2026"
    auto operator<=>(const Period&) const = default;
};

// "2026-10" or "2026" (years 1949-2200); kInvalidArgument naming the text otherwise.
Result<Period> parse_period(std::string_view text);

// The period before: the month before (December of the year before for January), or the year before.
Period previous(Period p);

// Period values of months 1..n from their cumulative figures (index 0 = January): p(1) = cum(1),
// p(N) = cum(N) - cum(N-1).
std::vector<double> period_from_cumulative(std::span<const double> cumulative);
// Cumulative figures from the period values: cum(N) = p(1) + ... + p(N).
std::vector<double> cumulative_from_period(std::span<const double> period);

// A firm's current figures of earlier periods, as filed (cumulative indicators as their year-to-date figures).
using FiguresByPeriod = std::map<Period, std::map<std::string, double>>;

// The value of `indicator` for period `p` alone, from the figures as filed: for a cumulative indicator of month
// N > 1, cum(N) - cum(N-1) (both must be present); none when a figure needed is missing.
std::optional<double> period_value(const Indicator& indicator, const FiguresByPeriod& figures, Period p);

// One figure of a return.
struct ReturnLine {
    std::string indicator;
    double value = 0;
    std::string unit;
    std::string reason;  // why the figure changes more than the indicator's threshold, when it does
};

// A refused figure: which line of the return, and a message naming the indicator and the figure.
struct ReturnIssue {
    std::size_t line = 0;  // index into the lines validated
    std::string indicator;
    std::string message;
};

// Checks every line of a return for period `p`:
//  - the indicator is defined, and reported in its own frequency (a monthly indicator in a monthly period);
//  - the unit is the indicator's; the figure is finite and within the indicator's plausible range;
//  - an indicator appears once;
//  - a cumulative, monotone figure is not lower than the firm's figure of the month before in the same year;
//  - the period value does not change by more than the indicator's max_change from the period before (month on
//    month; year on year for an annual indicator) unless the line gives a reason.
// `earlier` holds the firm's current figures of other periods. Returns every issue (none: the return is valid).
std::vector<ReturnIssue> validate_return(const IndicatorSet& indicators, Period p, std::span<const ReturnLine> lines,
                                         const FiguresByPeriod& earlier);

// Firms that had not filed a return for the period by `as_of` (ISO 8601 UTC text, compared as text): every firm
// expected whose first filing is missing or later than `as_of`. Ids ascending.
struct Filing {
    std::int64_t firm_id = 0;
    std::string filed_at;  // ISO 8601 UTC of the first filing of the period
};
std::vector<std::int64_t> late_reporters(std::span<const std::int64_t> expected, std::span<const Filing> filings,
                                         std::string_view as_of);

}  // namespace yandian::stats
