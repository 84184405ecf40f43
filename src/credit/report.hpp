#pragma once
// The credit report of a firm, built only from values handed to it (no I/O, no clock: `as_of_ms` is a value).
//
// Every figure names its source and its period; a figure that cannot be computed has no value and says why — never a
// made-up number. The methods (docs/credit/reports.md):
//   Period: the `window_months` complete calendar months (UTC) before the month of as_of, starting no earlier than
//     the month the firm joined the platform. The month of as_of is incomplete and left out.
//   sales.turnover_total: Σ value of the firm's own market transactions in the period (fen).
//   sales.months_active: months of the period with at least one transaction.
//   sales.trend_pct_per_month: b = least-squares slope of ln(turnover) on the month number over the active months
//     (at least 3); reported as 100·(e^b − 1), the average growth per month.
//   sales.stability_cv: coefficient of variation of monthly turnover over every month of the period (months without
//     sales count as 0): sample standard deviation (n − 1) / mean; at least 3 months and a positive mean.
//   sales.channel_share.<channel>: the channel's share of turnover in the period, in %.
//   quality.cpk.<code>: Cpk of the characteristic (computed by the caller from the values that count, ISO 22514-2);
//     quality.capable_share: % of characteristics with a Cpk of at least 1.33.
//   quality.alarm_rate.<code> and quality.alarm_rate: alarms per 100 plotted points in the period.
//   platform.days: whole days from joining the platform to as_of.
// Negative information (alarms) older than five years before as_of never enters a report (kNegativeInformationMs;
// Shandong Social Credit Regulation Art. 38, Regulation on the Administration of the Credit Reporting Industry Art. 16).
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::credit {

// Five years of 365.25 days: the longest a piece of negative information may weigh on a report.
inline constexpr std::int64_t kNegativeInformationMs = 1826LL * 24 * 3600 * 1000 + 6LL * 3600 * 1000;
// Cpk at or above which a characteristic counts as capable (the usual customer requirement).
inline constexpr double kCapableCpk = 1.33;

// Sales of one month and channel (sums of the firm's transactions).
struct SalesCell {
    int month = 0;        // year * 12 + month - 1
    std::string channel;  // offline | online | export
    std::int64_t value_fen = 0;
    std::int64_t transactions = 0;
};

// One characteristic the firm keeps under SPC.
struct CharacteristicQuality {
    std::int64_t id = 0;
    std::string code;
    std::string feature;
    std::optional<double> cpk;    // none: capability_reason says why
    std::string capability_reason;
    std::int64_t capability_values = 0;  // values the Cpk was computed from
    std::int64_t points_in_period = 0;   // chart points whose last value falls in the period
    std::vector<std::int64_t> alarm_times_ms;  // every alarm of the characteristic the caller knows of
};

struct ReportInput {
    std::int64_t firm_org_id = 0;
    std::string firm_name;
    std::string firm_kind;
    std::string operator_name;  // the filed enterprise credit agency running the deployment
    std::int64_t platform_since_ms = 0;
    std::int64_t as_of_ms = 0;
    int window_months = 12;
    std::vector<SalesCell> sales;
    std::vector<CharacteristicQuality> quality;
};

struct Figure {
    std::string key;  // "sales.trend_pct_per_month", ...
    std::optional<double> value;
    std::string unit;
    std::string source;  // where the values come from
    std::string period;  // "2025-11..2026-10", or what the figure covers
    std::string method;
    std::string reason;  // why there is no value
};

struct MonthTurnover {
    int month = 0;
    std::int64_t value_fen = 0;
    std::int64_t transactions = 0;
};

struct CreditReport {
    std::int64_t firm_org_id = 0;
    std::string firm_name;
    std::string firm_kind;
    std::string operator_name;
    std::int64_t as_of_ms = 0;
    std::optional<int> first_month;  // the period; none when the firm has no complete month on the platform
    std::optional<int> last_month;
    std::vector<MonthTurnover> turnover;  // every month of the period
    std::vector<Figure> figures;
};

// kInvalidArgument when window_months is outside 1..60 or as_of is before the firm joined.
Result<CreditReport> build_report(const ReportInput& input);

// "2026-03" for year * 12 + month - 1.
std::string month_text(int month);
// The month index of an instant (UTC), and the first instant of a month.
int month_of(std::int64_t time_ms);
std::int64_t month_start_ms(int month);
// The figure with this key, if the report has it.
const Figure* find_figure(const CreditReport& report, std::string_view key);

nlohmann::json to_json(const CreditReport& report);
// A plain-text rendering for people (CLI --format text).
std::string to_text(const CreditReport& report);

}  // namespace yandian::credit
