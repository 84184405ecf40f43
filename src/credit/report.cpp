#include "credit/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "common/civil_date.hpp"

namespace yandian::credit {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr const char* kMarketSource = "market: the firm's own transactions (turnover = quantity x unit price)";
constexpr const char* kSpcSource = "SPC: the firm's characteristics, their values that count and their alarms";
constexpr const char* kAccountsSource = "accounts: the date the organisation was created on the platform";

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string yuan_text(std::int64_t fen) {
    const char* sign = fen < 0 ? "-" : "";
    std::int64_t a = fen < 0 ? -fen : fen;
    return fmt::format("{}{}.{:02}", sign, a / 100, a % 100);
}

std::string iso_day(std::int64_t time_ms) {
    CivilDate d = civil_from_days(floor_div(time_ms, kDayMs));
    return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

Figure missing(std::string key, std::string unit, std::string source, std::string period, std::string method,
               std::string reason) {
    return Figure{std::move(key), std::nullopt, std::move(unit), std::move(source), std::move(period),
                  std::move(method), std::move(reason)};
}

void add_sales_figures(const ReportInput& in, CreditReport& r, const std::string& period) {
    const std::string trend_method =
        "least-squares slope b of ln(monthly turnover) on the month number over the active months; 100*(e^b - 1)";
    const std::string cv_method =
        "sample standard deviation (n - 1) / mean of monthly turnover over every month of the period (0 when none)";
    if (!r.first_month) {
        const std::string why = "the firm has no complete calendar month on the platform yet";
        r.figures.push_back(missing("sales.turnover_total", "fen", kMarketSource, "", "sum over the period", why));
        r.figures.push_back(missing("sales.months_active", "months", kMarketSource, "", "months with a sale", why));
        r.figures.push_back(missing("sales.trend_pct_per_month", "% per month", kMarketSource, "", trend_method, why));
        r.figures.push_back(missing("sales.stability_cv", "ratio", kMarketSource, "", cv_method, why));
        return;
    }
    std::int64_t total = 0;
    int active = 0;
    for (const auto& m : r.turnover) {
        total += m.value_fen;
        if (m.value_fen > 0) ++active;
    }
    r.figures.push_back(Figure{"sales.turnover_total", static_cast<double>(total), "fen", kMarketSource, period,
                               "sum of the value of the firm's transactions in the period", ""});
    r.figures.push_back(Figure{"sales.months_active", static_cast<double>(active), "months", kMarketSource, period,
                               "months of the period with at least one sale", ""});

    // Trend: log-linear least squares over the active months.
    if (active < 3) {
        r.figures.push_back(missing("sales.trend_pct_per_month", "% per month", kMarketSource, period, trend_method,
                                    fmt::format("needs sales in at least 3 months of the period; there are {}",
                                                active)));
    } else {
        double sx = 0, sy = 0;
        for (const auto& m : r.turnover) {
            if (m.value_fen <= 0) continue;
            sx += m.month;
            sy += std::log(static_cast<double>(m.value_fen));
        }
        const double mx = sx / active, my = sy / active;
        double sxy = 0, sxx = 0;
        for (const auto& m : r.turnover) {
            if (m.value_fen <= 0) continue;
            const double dx = m.month - mx;
            sxy += dx * (std::log(static_cast<double>(m.value_fen)) - my);
            sxx += dx * dx;
        }
        const double b = sxy / sxx;
        r.figures.push_back(Figure{"sales.trend_pct_per_month", 100.0 * std::expm1(b), "% per month", kMarketSource,
                                   period, trend_method, ""});
    }

    // Stability: coefficient of variation over every month of the period.
    const auto n = static_cast<double>(r.turnover.size());
    if (r.turnover.size() < 3) {
        r.figures.push_back(missing("sales.stability_cv", "ratio", kMarketSource, period, cv_method,
                                    fmt::format("needs at least 3 months in the period; there are {}",
                                                r.turnover.size())));
    } else if (total <= 0) {
        r.figures.push_back(missing("sales.stability_cv", "ratio", kMarketSource, period, cv_method,
                                    "no sales in the period: the mean is 0"));
    } else {
        const double mean = static_cast<double>(total) / n;
        double ss = 0;
        for (const auto& m : r.turnover) ss += (static_cast<double>(m.value_fen) - mean) * (m.value_fen - mean);
        const double sd = std::sqrt(ss / (n - 1));
        r.figures.push_back(Figure{"sales.stability_cv", sd / mean, "ratio", kMarketSource, period, cv_method, ""});
    }

    // Channel shares.
    std::map<std::string, std::int64_t> by_channel;
    for (const auto& cell : in.sales) {
        if (cell.month < *r.first_month || cell.month > *r.last_month) continue;
        by_channel[cell.channel] += cell.value_fen;
    }
    if (total <= 0) {
        r.figures.push_back(missing("sales.channel_share", "%", kMarketSource, period,
                                    "channel turnover / total turnover", "no sales in the period"));
    } else {
        for (const auto& [channel, value] : by_channel) {
            r.figures.push_back(Figure{"sales.channel_share." + channel,
                                       100.0 * static_cast<double>(value) / static_cast<double>(total), "%",
                                       kMarketSource, period, "channel turnover / total turnover", ""});
        }
    }
}

void add_quality_figures(const ReportInput& in, CreditReport& r, const std::string& period,
                         std::int64_t period_start_ms, std::int64_t period_end_ms) {
    const std::string cpk_method =
        "Cpk = min(USL - mean, mean - LSL) / (3 sigma within) over the latest values that count (ISO 22514-2)";
    const std::string rate_method =
        "alarms in the period per 100 chart points in the period; alarms older than five years never count";
    if (in.quality.empty()) {
        const std::string why = "the firm keeps no characteristics under SPC on the platform";
        r.figures.push_back(missing("quality.capable_share", "%", kSpcSource, "", cpk_method, why));
        r.figures.push_back(missing("quality.alarm_rate", "alarms per 100 points", kSpcSource, period, rate_method,
                                    why));
        return;
    }
    const std::int64_t oldest_allowed = in.as_of_ms - kNegativeInformationMs;
    int with_cpk = 0, capable = 0;
    std::int64_t all_alarms = 0, all_points = 0;
    for (const auto& c : in.quality) {
        const std::string latest = fmt::format("latest {} values up to {}", c.capability_values, iso_day(in.as_of_ms));
        if (c.cpk) {
            ++with_cpk;
            if (*c.cpk >= kCapableCpk) ++capable;
            r.figures.push_back(Figure{"quality.cpk." + c.code, *c.cpk, "index", kSpcSource, latest, cpk_method, ""});
        } else {
            r.figures.push_back(missing("quality.cpk." + c.code, "index", kSpcSource, latest, cpk_method,
                                        c.capability_reason.empty() ? "not computed" : c.capability_reason));
        }
        std::int64_t alarms = 0;
        for (std::int64_t t : c.alarm_times_ms) {
            if (t < oldest_allowed) continue;  // five-year rule
            if (t >= period_start_ms && t < period_end_ms) ++alarms;
        }
        all_alarms += alarms;
        all_points += c.points_in_period;
        if (!r.first_month) {
            r.figures.push_back(missing("quality.alarm_rate." + c.code, "alarms per 100 points", kSpcSource, "",
                                        rate_method, "the firm has no complete calendar month on the platform yet"));
        } else if (c.points_in_period <= 0) {
            r.figures.push_back(missing("quality.alarm_rate." + c.code, "alarms per 100 points", kSpcSource, period,
                                        rate_method, "no chart point in the period"));
        } else {
            r.figures.push_back(Figure{"quality.alarm_rate." + c.code,
                                       100.0 * static_cast<double>(alarms) / static_cast<double>(c.points_in_period),
                                       "alarms per 100 points", kSpcSource, period, rate_method, ""});
        }
    }
    if (with_cpk == 0) {
        r.figures.push_back(missing("quality.capable_share", "%", kSpcSource, "latest values", cpk_method,
                                    "no characteristic has a Cpk"));
    } else {
        r.figures.push_back(Figure{"quality.capable_share", 100.0 * capable / with_cpk, "%", kSpcSource,
                                   "latest values",
                                   fmt::format("characteristics with Cpk >= {:.2f} / characteristics with a Cpk",
                                               kCapableCpk),
                                   ""});
    }
    if (r.first_month && all_points > 0) {
        r.figures.push_back(Figure{"quality.alarm_rate",
                                   100.0 * static_cast<double>(all_alarms) / static_cast<double>(all_points),
                                   "alarms per 100 points", kSpcSource, period, rate_method, ""});
    } else {
        r.figures.push_back(missing("quality.alarm_rate", "alarms per 100 points", kSpcSource, period, rate_method,
                                    r.first_month ? "no chart point in the period"
                                                  : "the firm has no complete calendar month on the platform yet"));
    }
}

}  // namespace

int month_of(std::int64_t time_ms) {
    CivilDate d = civil_from_days(floor_div(time_ms, kDayMs));
    return d.year * 12 + d.month - 1;
}

std::string month_text(int month) { return fmt::format("{:04}-{:02}", month / 12, month % 12 + 1); }

// Milliseconds at the start of a month (UTC): days_from_civil after Hinnant.
std::int64_t month_start_ms(int month) {
    int y = month / 12;
    const unsigned m = static_cast<unsigned>(month % 12 + 1);
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
    return days * kDayMs;
}

Result<CreditReport> build_report(const ReportInput& in) {
    if (in.window_months < 1 || in.window_months > 60) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("the report period is 1 to 60 months; {} was asked", in.window_months), "months");
    }
    if (in.as_of_ms < in.platform_since_ms) {
        return fail(ErrorCode::kInvalidArgument, "the report date is before the firm joined the platform", "as_of");
    }
    CreditReport r;
    r.firm_org_id = in.firm_org_id;
    r.firm_name = in.firm_name;
    r.firm_kind = in.firm_kind;
    r.operator_name = in.operator_name;
    r.as_of_ms = in.as_of_ms;

    const int as_of_month = month_of(in.as_of_ms);
    const int first = std::max(as_of_month - in.window_months, month_of(in.platform_since_ms));
    const int last = as_of_month - 1;
    std::string period;
    std::int64_t period_start_ms = 0, period_end_ms = 0;
    if (first <= last) {
        r.first_month = first;
        r.last_month = last;
        period = month_text(first) + ".." + month_text(last);
        period_start_ms = month_start_ms(first);
        period_end_ms = month_start_ms(last + 1);
        for (int m = first; m <= last; ++m) r.turnover.push_back(MonthTurnover{m, 0, 0});
        for (const auto& cell : in.sales) {
            if (cell.month < first || cell.month > last) continue;
            auto& slot = r.turnover[static_cast<std::size_t>(cell.month - first)];
            slot.value_fen += cell.value_fen;
            slot.transactions += cell.transactions;
        }
    }
    add_sales_figures(in, r, period);
    add_quality_figures(in, r, period, period_start_ms, period_end_ms);
    r.figures.push_back(Figure{"platform.days", static_cast<double>(floor_div(in.as_of_ms - in.platform_since_ms, kDayMs)),
                               "days", kAccountsSource,
                               iso_day(in.platform_since_ms) + ".." + iso_day(in.as_of_ms),
                               "whole days from joining the platform to the report date", ""});
    return r;
}

const Figure* find_figure(const CreditReport& report, std::string_view key) {
    for (const auto& f : report.figures) {
        if (f.key == key) return &f;
    }
    return nullptr;
}

nlohmann::json to_json(const CreditReport& r) {
    using nlohmann::json;
    json out;
    out["firm"] = {{"id", r.firm_org_id}, {"name", r.firm_name}, {"kind", r.firm_kind}};
    out["operator"] = r.operator_name;
    out["as_of"] = iso_day(r.as_of_ms);
    if (r.first_month) {
        out["period"] = {{"from", month_text(*r.first_month)}, {"to", month_text(*r.last_month)}};
    } else {
        out["period"] = nullptr;
    }
    json months = json::array();
    for (const auto& m : r.turnover) {
        months.push_back({{"month", month_text(m.month)},
                          {"turnover_fen", m.value_fen},
                          {"turnover_yuan", yuan_text(m.value_fen)},
                          {"transactions", m.transactions}});
    }
    out["turnover_by_month"] = std::move(months);
    json figures = json::array();
    for (const auto& f : r.figures) {
        json j{{"key", f.key}, {"unit", f.unit}, {"source", f.source}, {"period", f.period}, {"method", f.method}};
        if (f.value) {
            j["value"] = *f.value;
        } else {
            j["value"] = nullptr;
            j["reason"] = f.reason;
        }
        figures.push_back(std::move(j));
    }
    out["figures"] = std::move(figures);
    return out;
}

std::string to_text(const CreditReport& r) {
    std::string out = fmt::format("Credit report of {} (organisation {}, {}) as of {}\nOperator: {}\n", r.firm_name,
                                  r.firm_org_id, r.firm_kind, iso_day(r.as_of_ms), r.operator_name);
    if (r.first_month) {
        out += fmt::format("Period: {}..{}\n", month_text(*r.first_month), month_text(*r.last_month));
    } else {
        out += "Period: none (no complete month on the platform yet)\n";
    }
    if (!r.turnover.empty()) {
        out += "\nTurnover by month        yuan  transactions\n";
        for (const auto& m : r.turnover) {
            out += fmt::format("  {}  {:>14}  {:>12}\n", month_text(m.month), yuan_text(m.value_fen), m.transactions);
        }
    }
    out += "\nFigures\n";
    for (const auto& f : r.figures) {
        const std::string where = f.period.empty() ? f.source : f.period + "; " + f.source;
        if (f.value) {
            out += fmt::format("  {:<34} {:>14.4f} {}  [{}]\n", f.key, *f.value, f.unit, where);
        } else {
            out += fmt::format("  {:<34} {:>14} {}  [{}]\n    why: {}\n", f.key, "-", f.unit, where, f.reason);
        }
    }
    return out;
}

}  // namespace yandian::credit
