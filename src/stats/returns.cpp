#include "stats/returns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace yandian::stats {

namespace {

Result<int> whole(std::string_view text, std::string_view whole_text) {
    int v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || ptr != end) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("period '{}' is not a month like 2026-10 or a year like 2026", whole_text), "period");
    }
    return v;
}

std::string figure(double v, const std::string& unit) {
    std::string s = fmt::format("{:.4f}", v);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s + " " + unit;
}

// "1–10月" for a cumulative figure of October.
std::string to_date(Period p) { return p.month == 1 ? "1月" : fmt::format("1–{}月", p.month); }

}  // namespace

std::string Period::text() const { return annual() ? fmt::format("{}", year) : fmt::format("{}-{:02}", year, month); }

Result<Period> parse_period(std::string_view text) {
    Period p;
    if (text.size() == 4) {
        auto y = whole(text, text);
        if (!y) return tl::unexpected(y.error());
        p.year = *y;
    } else if (text.size() == 7 && text[4] == '-') {
        auto y = whole(text.substr(0, 4), text);
        if (!y) return tl::unexpected(y.error());
        auto m = whole(text.substr(5), text);
        if (!m) return tl::unexpected(m.error());
        if (*m < 1 || *m > 12) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("period '{}': month {} is not 01-12", text, *m),
                        "period");
        }
        p.year = *y;
        p.month = *m;
    } else {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("period '{}' is not a month like 2026-10 or a year like 2026", text), "period");
    }
    if (p.year < 1949 || p.year > 2200) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("period '{}': year outside 1949-2200", text), "period");
    }
    return p;
}

Period previous(Period p) {
    if (p.annual()) return Period{p.year - 1, 0};
    if (p.month == 1) return Period{p.year - 1, 12};
    return Period{p.year, p.month - 1};
}

std::vector<double> period_from_cumulative(std::span<const double> cumulative) {
    std::vector<double> out(cumulative.size());
    for (std::size_t i = 0; i < cumulative.size(); ++i) out[i] = i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1];
    return out;
}

std::vector<double> cumulative_from_period(std::span<const double> period) {
    std::vector<double> out(period.size());
    double sum = 0;
    for (std::size_t i = 0; i < period.size(); ++i) out[i] = sum += period[i];
    return out;
}

std::optional<double> period_value(const Indicator& indicator, const FiguresByPeriod& figures, Period p) {
    auto filed = [&](Period q) -> std::optional<double> {
        auto at = figures.find(q);
        if (at == figures.end()) return std::nullopt;
        auto v = at->second.find(indicator.code);
        if (v == at->second.end()) return std::nullopt;
        return v->second;
    };
    auto here = filed(p);
    if (!here) return std::nullopt;
    if (indicator.basis == Basis::kPeriod || p.annual() || p.month == 1) return here;
    auto before = filed(previous(p));
    if (!before) return std::nullopt;
    return *here - *before;
}

std::vector<ReturnIssue> validate_return(const IndicatorSet& indicators, Period p, std::span<const ReturnLine> lines,
                                         const FiguresByPeriod& earlier) {
    std::vector<ReturnIssue> issues;
    std::set<std::string> seen;
    // The return's own figures, next to the earlier ones, give this period's period values.
    FiguresByPeriod all = earlier;
    auto& now = all[p];
    now.clear();
    for (const ReturnLine& l : lines) now[l.indicator] = l.value;

    for (std::size_t k = 0; k < lines.size(); ++k) {
        const ReturnLine& l = lines[k];
        auto refuse = [&](std::string message) { issues.push_back(ReturnIssue{k, l.indicator, std::move(message)}); };
        const Indicator* ind = indicators.find(l.indicator);
        if (ind == nullptr) {
            refuse(fmt::format("unknown indicator '{}' (figure {})", l.indicator, figure(l.value, l.unit)));
            continue;
        }
        if (!seen.insert(l.indicator).second) {
            refuse(fmt::format("{}: reported twice in the return (figure {})", l.indicator, figure(l.value, l.unit)));
            continue;
        }
        const bool monthly = ind->frequency == Frequency::kMonthly;
        if (monthly == p.annual()) {
            refuse(fmt::format("{}: {} indicator cannot be reported for the {} period {}", l.indicator,
                               monthly ? "a monthly" : "an annual", p.annual() ? "annual" : "monthly", p.text()));
            continue;
        }
        if (l.unit != ind->unit) {
            refuse(fmt::format("{}: figure {} is not in the indicator's unit {}", l.indicator,
                               figure(l.value, l.unit.empty() ? "(no unit)" : l.unit), ind->unit));
            continue;
        }
        if (!std::isfinite(l.value)) {
            refuse(fmt::format("{}: figure {} is not a number", l.indicator, l.value));
            continue;
        }
        if (l.value < ind->min || l.value > ind->max) {
            refuse(fmt::format("{}: figure {} is outside the plausible range {} to {}", l.indicator,
                               figure(l.value, ind->unit), figure(ind->min, ind->unit), figure(ind->max, ind->unit)));
            continue;
        }
        const bool cumulative = ind->basis == Basis::kCumulative && !p.annual();
        if (cumulative && ind->monotone && p.month > 1) {
            auto before = earlier.find(previous(p));
            if (before != earlier.end()) {
                auto v = before->second.find(l.indicator);
                if (v != before->second.end() && l.value < v->second) {
                    refuse(fmt::format("{}: cumulative figure {} for {} is lower than {} for {} of the same year; a "
                                       "year-to-date total cannot fall",
                                       l.indicator, figure(l.value, ind->unit), to_date(p),
                                       figure(v->second, ind->unit), to_date(previous(p))));
                    continue;
                }
            }
        }
        auto current = period_value(*ind, all, p);
        auto prior = period_value(*ind, all, previous(p));
        if (current && prior && *prior != 0 && l.reason.empty()) {
            const double change = (*current - *prior) / std::fabs(*prior);
            if (std::fabs(change) > ind->max_change) {
                refuse(fmt::format("{}: the value of {} alone, {}, changes {:+.1f}% from {}'s {} (more than ±{:.0f}%); "
                                   "give a reason for the figure {}",
                                   l.indicator, p.text(), figure(*current, ind->unit), change * 100,
                                   previous(p).text(), figure(*prior, ind->unit), ind->max_change * 100,
                                   figure(l.value, ind->unit)));
                continue;
            }
        }
    }
    return issues;
}

std::vector<std::int64_t> late_reporters(std::span<const std::int64_t> expected, std::span<const Filing> filings,
                                         std::string_view as_of) {
    std::set<std::int64_t> on_time;
    for (const Filing& f : filings) {
        if (f.filed_at <= as_of) on_time.insert(f.firm_id);
    }
    std::vector<std::int64_t> out;
    for (std::int64_t id : expected) {
        if (!on_time.contains(id)) out.push_back(id);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace yandian::stats
