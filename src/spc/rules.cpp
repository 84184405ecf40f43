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

// The same rules with every state in a local variable: each kind occupies at most one slot (two for m-of-k),
// so the compiler keeps the counters in registers and the per-rule tests are loop-invariant branches.
struct Slots {
    const Rule* beyond = nullptr;
    const Rule* run = nullptr;
    const Rule* trend = nullptr;
    const Rule* alternating = nullptr;
    const Rule* m_of_k[2] = {nullptr, nullptr};
    const Rule* within = nullptr;
    const Rule* outside = nullptr;
};

bool assign_slots(const RuleSet& rules, Slots& s) {
    for (const Rule& r : rules.rules) {
        const Rule** slot = nullptr;
        switch (r.kind) {
            case RuleKind::kBeyondLimits:
                slot = &s.beyond;
                break;
            case RuleKind::kRunSameSide:
                slot = &s.run;
                break;
            case RuleKind::kTrend:
                slot = &s.trend;
                break;
            case RuleKind::kAlternating:
                slot = &s.alternating;
                break;
            case RuleKind::kMOfKBeyond:
                slot = s.m_of_k[0] == nullptr ? &s.m_of_k[0] : &s.m_of_k[1];
                break;
            case RuleKind::kWithinOneSigma:
                slot = &s.within;
                break;
            case RuleKind::kNoneInZoneC:
                slot = &s.outside;
                break;
        }
        if (*slot != nullptr) return false;
        *slot = &r;
    }
    return true;
}

template <bool kConstant>
void scan_slots(Series& series, const Slots& s) {
    const std::size_t n = series.values.size();
    const double* x = series.values.data();
    std::uint16_t* out = series.violations.data();
    auto bit = [](const Rule* r) { return r ? (1U << (r->number - 1)) : 0U; };
    const unsigned b_beyond = bit(s.beyond), b_run = bit(s.run), b_trend = bit(s.trend), b_alt = bit(s.alternating),
                   b_m0 = bit(s.m_of_k[0]), b_m1 = bit(s.m_of_k[1]), b_within = bit(s.within),
                   b_outside = bit(s.outside);
    const bool beyond_limits = s.beyond && s.beyond->z == 3.0;
    const double z_beyond = s.beyond ? s.beyond->z : 0.0;
    const int k_run = s.run ? s.run->k : 1 << 30;
    const int k_trend = s.trend ? s.trend->k - 1 : 1 << 30;
    const int k_alt = s.alternating ? s.alternating->k - 1 : 1 << 30;
    const int k_within = s.within ? s.within->k : 1 << 30;
    const int k_outside = s.outside ? s.outside->k : 1 << 30;
    const double z_within = s.within ? s.within->z : 0.0;
    const double z_outside = s.outside ? s.outside->z : 0.0;
    const double z_m0 = s.m_of_k[0] ? s.m_of_k[0]->z : 0.0;
    const double z_m1 = s.m_of_k[1] ? s.m_of_k[1]->z : 0.0;
    const int m_m0 = s.m_of_k[0] ? s.m_of_k[0]->m : 1 << 30;
    const int m_m1 = s.m_of_k[1] ? s.m_of_k[1]->m : 1 << 30;
    auto window = [](const Rule* r) { return r ? (r->k >= 64 ? ~0ULL : ((1ULL << r->k) - 1)) : 0ULL; };
    const std::uint64_t w_m0 = window(s.m_of_k[0]);
    const std::uint64_t w_m1 = window(s.m_of_k[1]);
    int run_up = 0, run_down = 0, trend_up = 0, trend_down = 0, alt = 0, last_sign = 0, within = 0, outside = 0;
    std::uint64_t h0_up = 0, h0_down = 0, h1_up = 0, h1_down = 0;
    Limits lim = series.limits_at(0);
    double prev = n > 0 ? x[0] : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if constexpr (!kConstant) lim = series.limits_at(i);
        const double xi = x[i];
        const double d = xi - lim.center;
        const double ad = std::abs(d);
        unsigned mask = 0;
        if (b_beyond) {
            const bool hit = beyond_limits ? ((xi > lim.ucl) | (xi < lim.lcl)) : ad > z_beyond * lim.sigma;
            mask |= hit ? b_beyond : 0U;
        }
        if (b_run) {
            run_up = (run_up + 1) * static_cast<int>(d > 0);
            run_down = (run_down + 1) * static_cast<int>(d < 0);
            mask |= ((run_up >= k_run) | (run_down >= k_run)) ? b_run : 0U;
        }
        const int up = static_cast<int>(xi > prev);
        const int down = static_cast<int>(xi < prev);
        if (b_trend) {
            trend_up = (trend_up + 1) * up;
            trend_down = (trend_down + 1) * down;
            mask |= ((trend_up >= k_trend) | (trend_down >= k_trend)) ? b_trend : 0U;
        }
        if (b_alt) {
            const int sign = up - down;
            const int extends = static_cast<int>(last_sign != 0) & static_cast<int>(sign == -last_sign);
            alt = static_cast<int>(sign != 0) * (1 + extends * alt);
            last_sign = sign;
            mask |= alt >= k_alt ? b_alt : 0U;
        }
        if (b_m0) {
            const double zone = z_m0 * lim.sigma;
            const bool u = d > zone;
            const bool l = d < -zone;
            h0_up = ((h0_up << 1) | static_cast<std::uint64_t>(u)) & w_m0;
            h0_down = ((h0_down << 1) | static_cast<std::uint64_t>(l)) & w_m0;
            mask |= ((u & (std::popcount(h0_up) >= m_m0)) | (l & (std::popcount(h0_down) >= m_m0))) ? b_m0 : 0U;
        }
        if (b_m1) {
            const double zone = z_m1 * lim.sigma;
            const bool u = d > zone;
            const bool l = d < -zone;
            h1_up = ((h1_up << 1) | static_cast<std::uint64_t>(u)) & w_m1;
            h1_down = ((h1_down << 1) | static_cast<std::uint64_t>(l)) & w_m1;
            mask |= ((u & (std::popcount(h1_up) >= m_m1)) | (l & (std::popcount(h1_down) >= m_m1))) ? b_m1 : 0U;
        }
        if (b_within) {
            within = (within + 1) * static_cast<int>(ad < z_within * lim.sigma);
            mask |= within >= k_within ? b_within : 0U;
        }
        if (b_outside) {
            outside = (outside + 1) * static_cast<int>(ad > z_outside * lim.sigma);
            mask |= outside >= k_outside ? b_outside : 0U;
        }
        out[i] = static_cast<std::uint16_t>(mask);
        prev = xi;
    }
}

}  // namespace

void evaluate_rules(Series& series, const RuleSet& rules) {
    const std::size_t n = series.values.size();
    series.violations.assign(n, 0);
    if (rules.empty() || n == 0) return;
    Slots slots;
    const bool constant = series.limits.size() == 1;
    if (assign_slots(rules, slots)) {
        constant ? scan_slots<true>(series, slots) : scan_slots<false>(series, slots);
    } else if (constant) {
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
