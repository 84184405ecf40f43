#pragma once
// Run rules (tests for special causes): the eight Nelson rules (J. Quality Technology 16(4), 1984, numbered as
// Nelson and Minitab number them) and the four Western Electric rules (Statistical Quality Control Handbook, 1956).
// Every rule has its parameters; a violation is flagged on each point that completes the pattern (the last point
// of a window in which the pattern holds), so a long run flags every point from the K-th onwards.
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "spc/chart.hpp"

namespace yandian::spc {

enum class RuleKind {
    kBeyondLimits,    // one point beyond center +/- z sigma (z = 3: the control limits)
    kRunSameSide,     // k points in a row strictly on the same side of the center line
    kTrend,           // k points in a row steadily increasing or decreasing (ties break the run)
    kAlternating,     // k points in a row alternating up and down
    kMOfKBeyond,      // m of k points in a row beyond z sigma on the same side (the last point among them)
    kWithinOneSigma,  // k points in a row within z sigma of the center line, either side
    kNoneInZoneC,     // k points in a row beyond z sigma, either side
};

struct Rule {
    int number = 1;  // reported number, 1..16
    RuleKind kind = RuleKind::kBeyondLimits;
    int k = 1;
    int m = 1;
    double z = 3.0;
};

struct RuleSet {
    std::vector<Rule> rules;

    [[nodiscard]] bool empty() const { return rules.empty(); }
    // Nelson rules 1-8 with their 1984 parameters (K = 3 sigma, 9, 6, 14, 2 of 3, 4 of 5, 15, 8).
    [[nodiscard]] static RuleSet nelson();
    // Western Electric rules 1-4: beyond 3 sigma; 2 of 3 beyond 2 sigma; 4 of 5 beyond 1 sigma; 8 on one side.
    [[nodiscard]] static RuleSet western_electric();
    // Only the one-point-beyond-the-limits rule (numbered 1).
    [[nodiscard]] static RuleSet limits_only();
};

// The Nelson rule with this number (1..8) and its default parameter, or an error.
[[nodiscard]] Result<Rule> nelson_rule(int number);

// "nelson", "we", "none", or a comma list of Nelson numbers with optional K: "1,2:7,3:6,5".
[[nodiscard]] Result<RuleSet> parse_rules(std::string_view spec);

// Evaluates the rules over the series and fills series.violations (one mask per point).
void evaluate_rules(Series& series, const RuleSet& rules);

// The rule numbers set in a violation mask, ascending.
[[nodiscard]] std::vector<int> violation_numbers(std::uint16_t mask);

}  // namespace yandian::spc
