// Run rules: each Nelson (1984) and Western Electric (1956) pattern, built point by point, must be flagged on the
// point that completes it, and not one point earlier. Series: centre 0, sigma 1, limits +/-3.
#include "spc/rules.hpp"

#include <gtest/gtest.h>

namespace yandian::spc {
namespace {

Series series(std::vector<double> v) {
    Series s;
    s.values = std::move(v);
    s.limits = {Limits{0.0, -3.0, 3.0, 1.0}};
    return s;
}

// Indices where the rule numbered `rule` fired.
std::vector<std::size_t> hits(const std::vector<double>& v, const RuleSet& set, int rule) {
    Series s = series(v);
    evaluate_rules(s, set);
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.violations[i] & (1u << (rule - 1))) out.push_back(i);
    }
    return out;
}

using V = std::vector<std::size_t>;

TEST(Nelson, Rule1BeyondThreeSigma) { EXPECT_EQ(hits({0, 3.1, -2.9, -3.2, 3.0}, RuleSet::nelson(), 1), (V{1, 3})); }

TEST(Nelson, Rule2NinePointsOnOneSideAndCenterBreaksTheRun) {
    std::vector<double> v(8, 0.5);
    v.push_back(0.0);                                // on the centre line: breaks the run
    for (int i = 0; i < 10; ++i) v.push_back(-0.2);  // points 9..18 below: the 9th of them is index 17
    EXPECT_EQ(hits(v, RuleSet::nelson(), 2), (V{17, 18}));
    // With K = 7 (AIAG), the first 8 points already hold a run (completed at index 6), the second at index 15.
    EXPECT_EQ(hits(v, *parse_rules("2:7"), 2), (V{6, 7, 15, 16, 17, 18}));
}

TEST(Nelson, Rule3SixPointsSteadilyIncreasingTiesBreak) {
    EXPECT_EQ(hits({0, -1, -0.5, 0, 0.2, 0.4, 0.6, 0.6, 0.7}, RuleSet::nelson(), 3), (V{6}));
    EXPECT_EQ(hits({1, 0.8, 0.6, 0.4, 0.2, 0.0, -0.2}, RuleSet::nelson(), 3), (V{5, 6}));
}

TEST(Nelson, Rule4FourteenPointsAlternating) {
    std::vector<double> v;
    for (int i = 0; i < 15; ++i) v.push_back(i % 2 ? 0.5 : -0.5);
    EXPECT_EQ(hits(v, RuleSet::nelson(), 4), (V{13, 14}));
    v[13] = v[12];  // a tie breaks the alternation
    EXPECT_TRUE(hits(v, RuleSet::nelson(), 4).empty());
}

TEST(Nelson, Rule5TwoOfThreeBeyondTwoSigmaSameSide) {
    EXPECT_EQ(hits({0, 2.5, 0.1, 2.2, 0, -2.5, 2.5, 0}, RuleSet::nelson(), 5), (V{3}));
    EXPECT_EQ(hits({-2.1, -2.2}, RuleSet::nelson(), 5), (V{1}));
}

TEST(Nelson, Rule6FourOfFiveBeyondOneSigmaSameSide) {
    EXPECT_EQ(hits({1.5, 1.2, 0.0, 1.1, 1.3, 0.2}, RuleSet::nelson(), 6), (V{4}));
    EXPECT_TRUE(hits({1.5, 1.2, 0.0, -1.1, 1.3, 1.4}, RuleSet::nelson(), 6).empty());
}

TEST(Nelson, Rule7FifteenPointsWithinOneSigma) {
    std::vector<double> v(16, 0.3);
    v[0] = 1.5;
    EXPECT_EQ(hits(v, RuleSet::nelson(), 7), (V{15}));
}

TEST(Nelson, Rule8EightPointsOutsideOneSigmaEitherSide) {
    std::vector<double> v{1.5, -1.5, 1.2, -1.2, 2.0, -2.0, 1.1, -0.5, 1.5, -1.5, 1.2, -1.2, 2.0, -2.0, 1.1, -1.1};
    EXPECT_EQ(hits(v, RuleSet::nelson(), 8), (V{15}));
}

TEST(WesternElectric, FourRulesNumberedOneToFour) {
    const RuleSet we = RuleSet::western_electric();
    EXPECT_EQ(hits({0, 3.5}, we, 1), (V{1}));
    EXPECT_EQ(hits({2.5, 0, 2.1}, we, 2), (V{2}));
    EXPECT_EQ(hits({-1.5, -1.2, -1.3, 0, -1.1}, we, 3), (V{4}));
    std::vector<double> run(8, 0.1);
    EXPECT_EQ(hits(run, we, 4), (V{7}));
}

TEST(Rules, ParseListsAndRejectsUnknownRules) {
    auto set = parse_rules("1,3:7,5");
    ASSERT_TRUE(set);
    ASSERT_EQ(set->rules.size(), 3u);
    EXPECT_EQ(set->rules[1].k, 7);
    EXPECT_TRUE(parse_rules("none")->empty());
    EXPECT_EQ(parse_rules("we")->rules.size(), 4u);
    EXPECT_FALSE(parse_rules("9"));
    EXPECT_FALSE(parse_rules("2:x"));
    EXPECT_FALSE(parse_rules("5:1"));
    EXPECT_EQ(violation_numbers(0b10000101), (std::vector<int>{1, 3, 8}));
}

TEST(Rules, ZonesFollowPerPointSigma) {
    Series s;
    s.values = {0.15, 0.15};
    s.limits = {Limits{0.1, 0.0, 0.16, 0.02}, Limits{0.1, 0.05, 0.25, 0.05}};
    RuleSet one = RuleSet::limits_only();
    evaluate_rules(s, *parse_rules("1,5"));
    EXPECT_EQ(s.violations[0], 0u);  // 2.5 sigma: inside the limits (0.16), beyond 2 sigma, 1 of 3
    EXPECT_EQ(s.violations[1], 0u);  // 1 sigma
    s.values = {0.15, 0.21};
    evaluate_rules(s, *parse_rules("1,5"));
    EXPECT_EQ(s.violations[1], 1u << 4);  // 2.2 sigma on the second point: 2 of 3 beyond 2 sigma
    (void)one;
}

}  // namespace
}  // namespace yandian::spc

namespace yandian::spc {
namespace {

// The register-resident scan (one rule per kind) and the general scan (any rule list, e.g. the same kind twice)
// must flag the same points: compare on a long pseudo-random series with drifts, for Nelson and WE, with constant
// and per-point limits.
TEST(Rules, FastAndGeneralScansAgree) {
    std::vector<double> v;
    std::uint64_t state = 12345;
    double drift = 0.0;
    for (int i = 0; i < 20000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = static_cast<double>(state >> 11) / 9007199254740992.0;
        if (i % 500 == 0) drift = (u - 0.5) * 3.0;
        v.push_back((u - 0.5) * 5.0 + drift + ((i / 37) % 2 ? 0.3 : -0.3));
    }
    for (const RuleSet& set : {RuleSet::nelson(), RuleSet::western_electric()}) {
        Series fast;
        fast.values = v;
        fast.limits = {Limits{0.0, -3.0, 3.0, 1.0}};
        evaluate_rules(fast, set);
        // A rule list with a duplicated kind forces the general scan; the duplicate reuses number 16.
        RuleSet general = set;
        Rule extra = general.rules[0];
        extra.number = 16;
        general.rules.push_back(extra);
        Series slow;
        slow.values = v;
        slow.limits = fast.limits;
        evaluate_rules(slow, general);
        std::size_t fired = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            ASSERT_EQ(fast.violations[i], slow.violations[i] & 0x7FFF) << i;
            fired += fast.violations[i] != 0;
        }
        EXPECT_GT(fired, 100u);
        // Per-point limits (same values) through both paths.
        fast.limits.assign(v.size(), Limits{0.0, -3.0, 3.0, 1.0});
        slow.limits = fast.limits;
        evaluate_rules(fast, set);
        evaluate_rules(slow, general);
        for (std::size_t i = 0; i < v.size(); ++i) ASSERT_EQ(fast.violations[i], slow.violations[i] & 0x7FFF) << i;
    }
}

}  // namespace
}  // namespace yandian::spc
