// KS, AUC (ties with half credit), Gini and the PSI of a score, on small cases computed by hand.
#include "credit/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace yandian::credit {
namespace {

TEST(Discrimination, AucWithTiesKsAndGiniByHand) {
    // Bads at 0.9, 0.5, 0.5; goods at 0.5, 0.1. Of the 6 bad-good pairs, 4 rank the bad higher and 2 are ties:
    // AUC = (4 + 2·½)/6 = 5/6. KS over the values 0.1 / 0.5 / 0.9: |0/3 − 1/2|, |2/3 − 2/2|, |1 − 1| → ½.
    const std::vector<double> risk{0.9, 0.5, 0.5, 0.5, 0.1};
    const std::vector<int> bad{1, 1, 1, 0, 0};
    auto d = discrimination(risk, bad);
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_NEAR(d->auc, 5.0 / 6.0, 1e-15);
    EXPECT_NEAR(d->ks, 0.5, 1e-15);
    EXPECT_NEAR(d->gini, 2.0 / 3.0, 1e-15);
    EXPECT_EQ(d->bad, 3u);
    EXPECT_EQ(d->good, 2u);
}

TEST(Discrimination, FloatingPointNoiseIsATie) {
    // 0.1 + 0.2 and 0.3 differ in the last bit; as scores they are equal, so the pair gets half credit.
    const std::vector<double> risk{0.1 + 0.2, 0.3};
    const std::vector<int> bad{1, 0};
    auto d = discrimination(risk, bad);
    ASSERT_TRUE(d);
    EXPECT_DOUBLE_EQ(d->auc, 0.5);
    EXPECT_DOUBLE_EQ(d->ks, 0.0);
}

TEST(Discrimination, PerfectAndReversedOrdering) {
    const std::vector<double> risk{0.1, 0.2, 0.8, 0.9};
    auto up = discrimination(risk, std::vector<int>{0, 0, 1, 1});
    auto down = discrimination(risk, std::vector<int>{1, 1, 0, 0});
    ASSERT_TRUE(up && down);
    EXPECT_DOUBLE_EQ(up->auc, 1.0);
    EXPECT_DOUBLE_EQ(up->ks, 1.0);
    EXPECT_DOUBLE_EQ(down->auc, 0.0);
    EXPECT_DOUBLE_EQ(down->gini, -1.0);
}

TEST(Discrimination, RefusesOneOutcomeOnly) {
    auto d = discrimination(std::vector<double>{0.1, 0.2}, std::vector<int>{0, 0});
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().message.find("0 bad"), std::string::npos);
}

TEST(ScorePsi, EqualWidthBinsOnTrainingRangeByHand) {
    // Training scores 0…9: ten equal-width bins of 0.9, one score each (10% each). Test scores
    // 0, 0, −5 (below the range: first bin), 9, 9, 12 (above: last bin): 3 + 3 in the end bins, 8 empty bins
    // get 0.99 each, total 13.92. PSI = 2·(3/13.92 − 0.1)·ln((3/13.92)/0.1) + 8·(0.99/13.92 − 0.1)·ln((0.99/13.92)/0.1)
    // = 0.2561393.
    const std::vector<double> train{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    const std::vector<double> test{0, 0, -5, 9, 9, 12};
    auto p = score_psi(train, test, 10);
    ASSERT_TRUE(p) << p.error().message;
    ASSERT_EQ(p->edges.size(), 9u);
    EXPECT_NEAR(p->edges[0], 0.9, 1e-12);
    EXPECT_EQ(p->expected, std::vector<std::int64_t>(10, 1));
    EXPECT_EQ(p->actual, (std::vector<std::int64_t>{3, 0, 0, 0, 0, 0, 0, 0, 0, 3}));
    EXPECT_NEAR(p->psi, 0.2561392960, 1e-9);
    auto same = score_psi(train, train, 10);
    ASSERT_TRUE(same);
    EXPECT_NEAR(same->psi, 0.0, 1e-15);
}

}  // namespace
}  // namespace yandian::credit
