#include "spc/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <string>

namespace yandian::spc {
namespace {

Rule make(int number, RuleKind kind, int k, int m, double z) { return Rule{number, kind, k, m, z}; }

// Running state of one rule while scanning the series.
struct RuleState {
    int run_up = 0;  // same-side run above / increasing run / alternating run / within / outside
    int run_down = 0;
    std::uint64_t hist_up = 0;    // window bits for m-of-k: 1 = beyond +z sigma
    std::uint64_t hist_down = 0;  // 1 = beyond -z sigma
    int last_sign = 0;            // sign of the previous difference (alternating)
};

}  // namespace

RuleSet RuleSet::nelson() {
    RuleSet s;
    for (int r = 1; r <= 8; ++r) s.rules.push_back(*nelson_rule(r));
    return s;
}

RuleSet RuleSet::western_electric() {
    RuleSet s;
    s.rules = {make(1, RuleKind::kBeyondLimits, 1, 1, 3.0), make(2, RuleKind::kMOfKBeyond, 3, 2, 2.0),
               make(3, RuleKind::kMOfKBeyond, 5, 4, 1.0), make(4, RuleKind::kRunSameSide, 8, 8, 0.0)};
    return s;
}

RuleSet RuleSet::limits_only() {
    RuleSet s;
    s.rules = {make(1, RuleKind::kBeyondLimits, 1, 1, 3.0)};
    return s;
}

Result<Rule> nelson_rule(int number) {
    switch (number) {
        case 1:
            return make(1, RuleKind::kBeyondLimits, 1, 1, 3.0);
        case 2:
            return make(2, RuleKind::kRunSameSide, 9, 9, 0.0);
        case 3:
            return make(3, RuleKind::kTrend, 6, 6, 0.0);
        case 4:
            return make(4, RuleKind::kAlternating, 14, 14, 0.0);
        case 5:
            return make(5, RuleKind::kMOfKBeyond, 3, 2, 2.0);
        case 6:
            return make(6, RuleKind::kMOfKBeyond, 5, 4, 1.0);
        case 7:
            return make(7, RuleKind::kWithinOneSigma, 15, 15, 1.0);
        case 8:
            return make(8, RuleKind::kNoneInZoneC, 8, 8, 1.0);
        default:
            break;
    }
    return fail(ErrorCode::kInvalidArgument, fmt::format("no Nelson rule {} (rules are 1 to 8)", number), "rules");
}

Result<RuleSet> parse_rules(std::string_view spec) {
    if (spec == "nelson" || spec == "all") return RuleSet::nelson();
    if (spec == "we" || spec == "western-electric") return RuleSet::western_electric();
    if (spec == "none" || spec.empty()) return RuleSet{};
    RuleSet set;
    while (!spec.empty()) {
        const auto comma = spec.find(',');
        const std::string_view item = spec.substr(0, comma);
        spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
        const auto colon = item.find(':');
        const std::string_view num = item.substr(0, colon);
        int number = 0;
        auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), number);
        if (ec != std::errc{} || p != num.data() + num.size()) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("--rules: '{}' is not a rule number", item), "rules");
        }
        auto rule = nelson_rule(number);
        if (!rule) return tl::unexpected(rule.error());
        if (colon != std::string_view::npos) {
            const std::string_view kv = item.substr(colon + 1);
            int k = 0;
            auto [q, ec2] = std::from_chars(kv.data(), kv.data() + kv.size(), k);
            const int max_k = 60;
            if (ec2 != std::errc{} || q != kv.data() + kv.size() || k < 1 || k > max_k) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("--rules: '{}' needs a whole K between 1 and {}", item, max_k), "rules");
            }
            if (rule->kind == RuleKind::kBeyondLimits) {
                rule->z = k;
            } else if (rule->kind == RuleKind::kMOfKBeyond) {
                if (k < rule->m) {
                    return fail(ErrorCode::kInvalidArgument,
                                fmt::format("--rules: rule {} needs K >= {}", number, rule->m), "rules");
                }
                rule->k = k;
            } else {
                rule->k = k;
                rule->m = k;
            }
        }
        set.rules.push_back(*rule);
    }
    return set;
}

namespace {

// The scan, with the limits either fixed for all points (kConstant) or looked up per point.
template <bool kConstant>
void scan(Series& series, const RuleSet& rules) {
    const std::size_t n = series.values.size();
    const std::size_t nr = std::min<std::size_t>(rules.rules.size(), 16);
    std::array<RuleState, 16> state{};
    std::array<Rule, 16> rule{};
    std::array<std::uint64_t, 16> window{};
    for (std::size_t r = 0; r < nr; ++r) {
        rule[r] = rules.rules[r];
        window[r] = rule[r].k >= 64 ? ~0ULL : ((1ULL << rule[r].k) - 1);
    }
    const double* x = series.values.data();
    std::uint16_t* out = series.violations.data();
    Limits lim = series.limits_at(0);
    for (std::size_t i = 0; i < n; ++i) {
        if constexpr (!kConstant) lim = series.limits_at(i);
        const double xi = x[i];
        const double d = xi - lim.center;
        const double ad = std::abs(d);
        const double prev = i > 0 ? x[i - 1] : xi;
        unsigned mask = 0;
        for (std::size_t r = 0; r < nr; ++r) {
            const Rule& ru = rule[r];
            RuleState& st = state[r];
            bool hit = false;
            switch (ru.kind) {
                case RuleKind::kBeyondLimits:
                    hit = ru.z == 3.0 ? ((xi > lim.ucl) | (xi < lim.lcl)) : ad > ru.z * lim.sigma;
                    break;
                case RuleKind::kRunSameSide:
                    // Branch-free: the sign of d is a coin toss on in-control data.
                    st.run_up = (st.run_up + 1) * static_cast<int>(d > 0);
                    st.run_down = (st.run_down + 1) * static_cast<int>(d < 0);
                    hit = (st.run_up >= ru.k) | (st.run_down >= ru.k);
                    break;
                case RuleKind::kTrend:
                    // k points steadily increasing = k - 1 consecutive increases.
                    st.run_up = (st.run_up + 1) * static_cast<int>(xi > prev);
                    st.run_down = (st.run_down + 1) * static_cast<int>(xi < prev);
                    hit = (st.run_up >= ru.k - 1) | (st.run_down >= ru.k - 1);
                    break;
                case RuleKind::kAlternating: {
                    // k points alternating = k - 1 consecutive differences of alternating sign.
                    // sign 0 (a tie, or the first point) resets; a sign opposite to the last extends; else restarts.
                    const int sign = static_cast<int>(xi > prev) - static_cast<int>(xi < prev);
                    const int extends = static_cast<int>(st.last_sign != 0) & static_cast<int>(sign == -st.last_sign);
                    st.run_up = static_cast<int>(sign != 0) * (1 + extends * st.run_up);
                    st.last_sign = sign;
                    hit = st.run_up >= ru.k - 1;
                    break;
                }
                case RuleKind::kMOfKBeyond: {
                    const double zone = ru.z * lim.sigma;
                    const bool up = d > zone;
                    const bool down = d < -zone;
                    st.hist_up = ((st.hist_up << 1) | (up ? 1U : 0U)) & window[r];
                    st.hist_down = ((st.hist_down << 1) | (down ? 1U : 0U)) & window[r];
                    hit = (up & (std::popcount(st.hist_up) >= ru.m)) | (down & (std::popcount(st.hist_down) >= ru.m));
                    break;
                }
                case RuleKind::kWithinOneSigma:
                    st.run_up = (st.run_up + 1) * static_cast<int>(ad < ru.z * lim.sigma);
                    hit = st.run_up >= ru.k;
                    break;
                case RuleKind::kNoneInZoneC:
                    st.run_up = (st.run_up + 1) * static_cast<int>(ad > ru.z * lim.sigma);
                    hit = st.run_up >= ru.k;
                    break;
            }
            mask |= static_cast<unsigned>(hit) << (ru.number - 1);
        }
        out[i] = static_cast<std::uint16_t>(mask);
    }
}

}  // namespace

void evaluate_rules(Series& series, const RuleSet& rules) {
    const std::size_t n = series.values.size();
    series.violations.assign(n, 0);
    if (rules.empty() || n == 0) return;
    if (series.limits.size() == 1) {
        scan<true>(series, rules);
    } else {
        scan<false>(series, rules);
    }
}

std::vector<int> violation_numbers(std::uint16_t mask) {
    std::vector<int> out;
    for (int r = 0; r < 16; ++r) {
        if (mask & (1U << r)) out.push_back(r + 1);
    }
    return out;
}

}  // namespace yandian::spc
