#include "stats/plan_tracking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <map>

namespace yandian::stats {

std::string_view to_string(Measure m) {
    switch (m) {
        case Measure::kLevel:
            return "level";
        case Measure::kIncrement:
            return "increment";
        case Measure::kNoYear:
            return "no_year";
        case Measure::kQualitative:
            break;
    }
    return "qualitative";
}

Result<Measure> parse_measure(std::string_view text) {
    if (text == "level") return Measure::kLevel;
    if (text == "increment") return Measure::kIncrement;
    if (text == "no_year") return Measure::kNoYear;
    if (text == "qualitative") return Measure::kQualitative;
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("measure '{}' is not one of level, increment, no_year, qualitative", text), "measure");
}

std::string_view to_string(TrackStatus s) {
    switch (s) {
        case TrackStatus::kOnTrack:
            return "on_track";
        case TrackStatus::kAtRisk:
            return "at_risk";
        case TrackStatus::kOffTrack:
            return "off_track";
        case TrackStatus::kNoActual:
            return "no_actual";
        case TrackStatus::kNotComputable:
            break;
    }
    return "not_computable";
}

Result<double> compound_growth(double from, double to, int years) {
    if (!(from > 0) || !std::isfinite(from)) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("a growth rate needs a starting value above 0, got {}", from),
                    "from");
    }
    if (!(to >= 0) || !std::isfinite(to)) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("a growth rate needs an end value of 0 or more, got {}", to),
                    "to");
    }
    if (years <= 0) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("a growth rate needs at least one year, got {}", years),
                    "years");
    }
    return std::pow(to / from, 1.0 / years) - 1.0;
}

std::vector<Observation> latest_by_year(std::span<const Observation> actuals) {
    std::map<int, double> by_year;
    for (const Observation& o : actuals) by_year[o.year] = o.value;
    std::vector<Observation> out;
    out.reserve(by_year.size());
    for (const auto& [year, value] : by_year) out.push_back(Observation{year, value});
    return out;
}

Result<Forecast> log_linear_forecast(std::span<const Observation> points, int year, double level) {
    const std::vector<Observation> one = latest_by_year(points);
    if (one.size() < 2) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("a trend needs figures of at least 2 years, got {}", one.size()), "points");
    }
    if (!(level > 0 && level < 1)) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("interval level {} is not between 0 and 1", level),
                    "level");
    }
    const double n = static_cast<double>(one.size());
    double xbar = 0;
    double ybar = 0;
    for (const Observation& o : one) {
        if (!(o.value > 0) || !std::isfinite(o.value)) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("a log-linear trend needs values above 0; {} has {}", o.year, o.value), "points");
        }
        xbar += o.year;
        ybar += std::log(o.value);
    }
    xbar /= n;
    ybar /= n;
    double sxx = 0;
    double sxy = 0;
    for (const Observation& o : one) {
        sxx += (o.year - xbar) * (o.year - xbar);
        sxy += (o.year - xbar) * (std::log(o.value) - ybar);
    }
    const double slope = sxy / sxx;
    const double intercept = ybar - slope * xbar;
    const double fit = intercept + slope * year;
    Forecast f;
    f.year = year;
    f.value = std::exp(fit);
    f.level = level;
    f.observations = static_cast<int>(one.size());
    if (one.size() >= 3) {
        double sse = 0;
        for (const Observation& o : one) {
            const double r = std::log(o.value) - (intercept + slope * o.year);
            sse += r * r;
        }
        const double df = n - 2;
        const double s = std::sqrt(sse / df);
        const boost::math::students_t t(df);
        const double q = boost::math::quantile(t, 0.5 + level / 2);
        const double half = q * s * std::sqrt(1 + 1 / n + (year - xbar) * (year - xbar) / sxx);
        f.low = std::exp(fit - half);
        f.high = std::exp(fit + half);
        f.method = fmt::format(
            "log-linear least-squares trend of {} yearly figures, {:.0f}% prediction interval (t with {} degrees of "
            "freedom)",
            one.size(), level * 100, one.size() - 2);
    } else {
        f.method =
            "log-linear trend through 2 yearly figures (the achieved growth carried forward); an interval needs figures "
            "of at least 3 years";
    }
    return f;
}

namespace {

void needed_growth(const TargetSpec& spec, const Observation& latest, Progress& p) {
    const int left = *spec.target_year - latest.year;
    if (left <= 0) return;
    if (!(latest.value > 0)) {
        p.reasons.push_back("the latest actual is 0: the growth still needed from it is not defined");
        return;
    }
    p.needed_cagr_low = std::pow(*spec.target_low / latest.value, 1.0 / left) - 1.0;
    p.needed_cagr_high = std::pow(*spec.target_high / latest.value, 1.0 / left) - 1.0;
}

}  // namespace

Progress track(const TargetSpec& spec, std::span<const Observation> actuals, double level) {
    Progress p;
    if (!spec.issue.empty()) {
        p.reasons.push_back("the source is inconsistent: " + spec.issue);
        return p;
    }
    if (spec.measure == Measure::kQualitative || !spec.target_low || !spec.target_high) {
        p.reasons.push_back("the plan gives no numeric target");
        return p;
    }
    if (spec.measure == Measure::kNoYear || !spec.target_year) {
        p.reasons.push_back("the plan gives no target year");
        return p;
    }
    const int target_year = *spec.target_year;
    const double low = *spec.target_low;
    const std::vector<Observation> years = latest_by_year(actuals);

    if (spec.measure == Measure::kIncrement) {
        p.reasons.push_back(
            "the target counts additions over the plan period, not a level: no growth rate applies; it is on track "
            "once the additions reported reach the low end");
        if (!years.empty()) {
            p.latest = years.back();
            if (p.latest->value >= low) {
                p.status = TrackStatus::kOnTrack;
            } else if (p.latest->year >= target_year) {
                p.status = TrackStatus::kOffTrack;
            }
        } else {
            p.status = TrackStatus::kNoActual;
        }
        return p;
    }

    // A level target.
    bool has_baseline = false;
    if (!spec.baseline_value) {
        p.reasons.push_back("the plan gives no baseline");
    } else if (!spec.baseline_year) {
        p.reasons.push_back("the plan gives no year for its baseline");
    } else if (!(*spec.baseline_value > 0)) {
        p.reasons.push_back(fmt::format("the baseline is {}: a growth rate from it is not defined", *spec.baseline_value));
    } else if (*spec.baseline_year >= target_year) {
        p.reasons.push_back("the baseline year is not before the target year");
    } else {
        has_baseline = true;
        const int span = target_year - *spec.baseline_year;
        p.required_cagr_low = std::pow(low / *spec.baseline_value, 1.0 / span) - 1.0;
        p.required_cagr_high = std::pow(*spec.target_high / *spec.baseline_value, 1.0 / span) - 1.0;
    }

    // The latest actual after the baseline year (all actuals when there is no baseline year).
    std::vector<Observation> after;
    for (const Observation& o : years) {
        if (!spec.baseline_year || o.year > *spec.baseline_year) after.push_back(o);
    }
    if (after.empty()) {
        p.status = has_baseline || years.empty() ? TrackStatus::kNoActual : TrackStatus::kNotComputable;
        if (has_baseline) {
            p.needed_cagr_low = p.required_cagr_low;
            p.needed_cagr_high = p.required_cagr_high;
        }
        return p;
    }
    const Observation latest = after.back();
    p.latest = latest;
    needed_growth(spec, latest, p);
    if (has_baseline) {
        p.achieved_cagr = std::pow(std::max(latest.value, 0.0) / *spec.baseline_value,
                                   1.0 / (latest.year - *spec.baseline_year)) -
                          1.0;
    }

    if (latest.value >= low) {
        p.status = TrackStatus::kOnTrack;
    } else if (latest.year >= target_year) {
        p.status = TrackStatus::kOffTrack;
    } else if (!has_baseline) {
        p.status = TrackStatus::kNotComputable;
        p.reasons.push_back("without a baseline there is no required growth to compare the growth still needed with");
    } else if (*p.achieved_cagr >= *p.required_cagr_low) {
        p.status = TrackStatus::kOnTrack;
    } else if (p.needed_cagr_low &&
               *p.needed_cagr_low <= *p.required_cagr_low + std::max(0.5 * std::abs(*p.required_cagr_low), 0.02)) {
        p.status = TrackStatus::kAtRisk;
    } else {
        p.status = TrackStatus::kOffTrack;
    }

    // Forecast to the target year from the baseline and the actuals.
    if (latest.year < target_year) {
        std::vector<Observation> points;
        if (has_baseline) points.push_back(Observation{*spec.baseline_year, *spec.baseline_value});
        points.insert(points.end(), after.begin(), after.end());
        auto f = log_linear_forecast(points, target_year, level);
        if (f) {
            p.forecast = *f;
        } else {
            p.reasons.push_back("no forecast: " + f.error().message);
        }
    }
    return p;
}

Result<GroupTotal> sum_group(std::span<const GroupMember> members) {
    if (members.empty()) return fail(ErrorCode::kInvalidArgument, "a group needs at least one member", "members");
    GroupTotal total;
    const TargetSpec& first = members.front().spec;
    total.spec.measure = Measure::kLevel;
    total.spec.baseline_year = first.baseline_year;
    total.spec.target_year = first.target_year;
    double base = 0;
    double low = 0;
    double high = 0;
    std::map<int, std::pair<double, std::size_t>> by_year;  // sum, members reporting
    for (std::size_t i = 0; i < members.size(); ++i) {
        const TargetSpec& s = members[i].spec;
        if (s.measure != Measure::kLevel || !s.baseline_value || !s.baseline_year || !s.target_year ||
            !s.target_low || !s.target_high || !s.issue.empty()) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("group member {} is not a level target with a baseline and a target", i + 1),
                        "members");
        }
        if (s.baseline_year != first.baseline_year || s.target_year != first.target_year) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("group member {} has other baseline or target years than member 1", i + 1),
                        "members");
        }
        base += *s.baseline_value;
        low += *s.target_low;
        high += *s.target_high;
        for (const Observation& o : latest_by_year(members[i].actuals)) {
            auto& [sum, count] = by_year[o.year];
            sum += o.value;
            ++count;
        }
    }
    total.spec.baseline_value = base;
    total.spec.target_low = low;
    total.spec.target_high = high;
    for (const auto& [year, entry] : by_year) {
        if (entry.second == members.size()) total.actuals.push_back(Observation{year, entry.first});
    }
    return total;
}

}  // namespace yandian::stats
