// Classing: left-closed numeric bins, groups, the missing bin, and automatic monotone binning on small data
// whose fine classes, pooled trends and merges are worked out by hand in the comments.
#include "credit/binning.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace yandian::credit {
namespace {

TEST(Binning, NumericBinsAreLeftClosed) {
    Binning b;
    b.breaks = {1400, 1800, 4000, 9200};
    b.missing_bin = true;
    EXPECT_EQ(b.labels(), (std::vector<std::string>{"[-inf,1400)", "[1400,1800)", "[1800,4000)", "[4000,9200)",
                                                    "[9200,inf)", "missing"}));
    EXPECT_EQ(*b.bin_of_number(1399.99), 0u);
    EXPECT_EQ(*b.bin_of_number(1400), 1u);
    EXPECT_EQ(*b.bin_of_number(9200), 4u);
    EXPECT_EQ(*b.bin_of_number(std::nullopt), 5u);
    b.missing_bin = false;
    EXPECT_FALSE(b.bin_of_number(std::nullopt));
    EXPECT_EQ(format_number(2.5), "2.5");
}

TEST(Binning, GroupsAndTheirErrors) {
    Binning b;
    b.kind = BinKind::kCategorical;
    b.groups = {{"rent"}, {"own", "for free"}};
    EXPECT_EQ(b.labels(), (std::vector<std::string>{"rent", "own%,%for free"}));
    EXPECT_EQ(*b.bin_of_level(std::string("for free")), 1u);
    EXPECT_FALSE(b.bin_of_level(std::string("castle")));
    EXPECT_TRUE(validate(b, "housing"));
    b.groups = {{"rent"}, {"own", "rent"}};
    auto st = validate(b, "housing");
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().message.find("'rent' is in more than one group"), std::string::npos);
    Binning n;
    n.breaks = {5, 3};
    EXPECT_FALSE(validate(n, "age"));
}

// Values 1…20; bad: 1 | 6 7 8 | 11 12 | 16 17 18 19 (rising) — or the mirror pattern.
std::vector<int> outcome(const std::vector<int>& bad_values) {
    std::vector<int> y(20, 0);
    for (int v : bad_values) y[v - 1] = 1;
    return y;
}

std::vector<double> one_to_twenty() {
    std::vector<double> v;
    for (int i = 1; i <= 20; ++i) v.push_back(i);
    return v;
}

TEST(AutoBinning, PoolsViolatorsToARisingTrend) {
    // 4 fine classes: cuts at sorted[5] = 6, sorted[10] = 11, sorted[15] = 16; bad counts 1, 3, 2, 4 of 5.
    // Rising PAVA pools classes 2 and 3 (3/5 > 2/5) → rates 1/5, 5/10, 4/5 with breaks 6 and 16. Falling PAVA
    // pools everything (IV 0), so the rising trend is kept.
    const auto y = outcome({1, 6, 7, 8, 11, 12, 16, 17, 18, 19});
    auto b = auto_bin_numeric(one_to_twenty(), y, {4, 0.05, 8});
    ASSERT_TRUE(b) << b.error().message;
    EXPECT_EQ(b->breaks, (std::vector<double>{6, 16}));
}

TEST(AutoBinning, FindsAFallingTrend) {
    // Mirror: bad counts 4, 2, 3, 1 → falling PAVA pools classes 2 and 3 → breaks 6 and 16 again.
    const auto y = outcome({1, 2, 3, 4, 6, 7, 11, 12, 13, 16});
    auto b = auto_bin_numeric(one_to_twenty(), y, {4, 0.05, 8});
    ASSERT_TRUE(b);
    EXPECT_EQ(b->breaks, (std::vector<double>{6, 16}));
}

TEST(AutoBinning, MaxBinsMergesThePairLosingLeastIvLeftmostOnATie) {
    // From the 3 bins (1/5, 5/10, 4/5): merging the first pair gives goods 9/1, bads 6/4 → IV = 0.3·ln 1.5 +
    // 0.3·ln 4; merging the second gives goods 4/6, bads 1/9 → IV = 0.3·ln 4 + 0.3·ln 1.5. A tie: the left
    // pair merges, leaving the break at 16.
    const auto y = outcome({1, 6, 7, 8, 11, 12, 16, 17, 18, 19});
    auto b = auto_bin_numeric(one_to_twenty(), y, {4, 0.05, 2});
    ASSERT_TRUE(b);
    EXPECT_EQ(b->breaks, (std::vector<double>{16}));
}

TEST(AutoBinning, SmallBinsMergeWithTheCloserNeighbour) {
    // min_share 0.3 of 20 rows = 6: the bins of 5 rows (first and last) are too small. The first (leftmost of
    // the two smallest) joins its only neighbour → 6/15, 4/5; the last still has 5 rows and joins too → one bin.
    const auto y = outcome({1, 6, 7, 8, 11, 12, 16, 17, 18, 19});
    auto b = auto_bin_numeric(one_to_twenty(), y, {4, 0.3, 8});
    ASSERT_TRUE(b);
    EXPECT_TRUE(b->breaks.empty());
}

TEST(AutoBinning, CategoricalLevelsOrderedByBadRateWithPureLevelsMerged) {
    // Levels: e 1 row (good only), a 10 rows (1 bad), c 10 (2 bad), b 10 (5 bad), d 10 (5 bad).
    // Ordered by bad rate: e 0, a 0.1, c 0.2, b 0.5, d 0.5 (b before d by name). b and d tie → one group.
    // e has no bad (and 1 row < 5% of 41) → joins its only neighbour a.
    std::vector<std::string> levels;
    std::vector<int> y;
    auto add = [&](const std::string& level, int n, int bads) {
        for (int i = 0; i < n; ++i) {
            levels.push_back(level);
            y.push_back(i < bads ? 1 : 0);
        }
    };
    add("d", 10, 5);
    add("a", 10, 1);
    add("b", 10, 5);
    add("c", 10, 2);
    add("e", 1, 0);
    auto b = auto_bin_categorical(levels, y, {});
    ASSERT_TRUE(b) << b.error().message;
    EXPECT_EQ(b->groups, (std::vector<std::vector<std::string>>{{"e", "a"}, {"c"}, {"b", "d"}}));
}

TEST(AutoBinning, RefusesBadOptions) {
    const auto y = outcome({1});
    EXPECT_FALSE(auto_bin_numeric(one_to_twenty(), y, {1, 0.05, 8}));
    EXPECT_FALSE(auto_bin_numeric(one_to_twenty(), y, {20, 0.6, 8}));
    EXPECT_FALSE(auto_bin_numeric(std::vector<double>{1, 2}, y, {}));
}

}  // namespace
}  // namespace yandian::credit
