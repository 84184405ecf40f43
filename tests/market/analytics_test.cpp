// Robust outlier flags, price dispersion and suppressed turnover aggregation, on hand-computed examples.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "market/outliers.hpp"
#include "market/turnover.hpp"

namespace yandian::market {
namespace {

TEST(Outliers, RobustZByHand) {
    // x = (10, 11, 12, 13, 100): median 12; |x - 12| = (2, 1, 0, 1, 88) -> MAD = 1, sigma = 1.4826.
    // z(100) = 88 / 1.4826 = 59.355; z(10) = -2 / 1.4826 = -1.349. Iglewicz-Hoaglin's M = 0.6745 x 88 / 1 = 59.356.
    const std::vector<double> x{10, 11, 12, 13, 100};
    auto s = robust_scale(x);
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->median, 12.0);
    EXPECT_DOUBLE_EQ(s->mad, 1.0);
    auto z = robust_z_scores(x);
    EXPECT_NEAR((*z)[4], 88.0 / 1.4826, 1e-12);
    EXPECT_NEAR((*z)[0], -2.0 / 1.4826, 1e-12);
    EXPECT_NEAR((*z)[4], 0.6745 * 88.0, 0.01);
}

TEST(Outliers, MadZeroFallsBackToMeanAbsoluteDeviation) {
    // x = (5, 5, 5, 5, 9): MAD = 0; mean |x - 5| = 4/5 = 0.8; sigma = 1.2533 x 0.8 = 1.00264; z(9) = 4/1.00264.
    const std::vector<double> x{5, 5, 5, 5, 9};
    auto z = robust_z_scores(x);
    EXPECT_NEAR((*z)[4], 4.0 / (1.2533 * 0.8), 1e-12);
    EXPECT_EQ((*z)[0], 0.0);
    const std::vector<double> same{7, 7, 7};
    EXPECT_EQ((*robust_z_scores(same))[1], 0.0);
}

TEST(Outliers, FlagsPerItemOnLogPrices) {
    // Item 0: five quotes around 1000 fen and one at 250 (a per-piece price among per-box prices, or a counterfeit
    // offer). ln prices: 6.9078, 6.9177, 6.8977, 6.9127, 6.9027, 5.5215; median = (6.9027 + 6.9078)/2 = 6.90525,
    // MAD ~ 0.0075, so z(250) ~ -(1.3837)/(1.4826 x 0.0075) ~ -124: flagged. Item 1 has only 3 quotes: not judged.
    const std::vector<std::uint32_t> item{0, 0, 0, 0, 0, 0, 1, 1, 1};
    const std::vector<std::int64_t> price{1000, 1010, 990, 1005, 995, 250, 100, 100, 9000};
    auto flags = flag_price_outliers(item, price, 2);
    ASSERT_TRUE(flags);
    ASSERT_EQ(flags->size(), 1u);
    EXPECT_EQ((*flags)[0].row, 5u);
    EXPECT_EQ((*flags)[0].item, 0u);
    EXPECT_LT((*flags)[0].z, -3.5);
    // An ordinary spread is not flagged: 1000 vs 1010 -> z = ln(1.01)/... well below 3.5.
    const std::vector<std::int64_t> calm{1000, 1010, 990, 1005, 995, 1020, 100, 100, 100};
    EXPECT_TRUE(flag_price_outliers(item, calm, 2)->empty());
    EXPECT_EQ(flag_price_outliers(item, price, 1).error().field, "item[6]");
}

TEST(Dispersion, ByHand) {
    // 1..8: mean 4.5, sample variance 42/7 = 6, sd = 2.449490, CV = 0.544331. Type-7 quantiles: h = 7p;
    // Q1: h = 1.75 -> 2 + 0.75 = 2.75; median 4.5; Q3: h = 5.25 -> 6.25; IQR/median = 3.5/4.5 = 0.777778.
    const std::vector<double> x{8, 3, 1, 2, 7, 6, 5, 4};
    auto d = price_dispersion(x);
    ASSERT_TRUE(d);
    EXPECT_DOUBLE_EQ(d->mean, 4.5);
    EXPECT_NEAR(d->sd, std::sqrt(6.0), 1e-12);
    EXPECT_NEAR(d->cv, std::sqrt(6.0) / 4.5, 1e-12);
    EXPECT_DOUBLE_EQ(d->q1, 2.75);
    EXPECT_DOUBLE_EQ(d->median, 4.5);
    EXPECT_DOUBLE_EQ(d->q3, 6.25);
    EXPECT_NEAR(d->iqr_over_median, 3.5 / 4.5, 1e-12);
}

TEST(Dispersion, PerItem) {
    // Item 0: (100, 200) -> mean 150, sd 70.7107, CV 0.471405; item 1 has one price and is skipped.
    const std::vector<std::uint32_t> item{0, 1, 0};
    const std::vector<std::int64_t> price{100, 500, 200};
    auto d = dispersion_by_item(item, price, 2);
    ASSERT_TRUE(d);
    ASSERT_EQ(d->size(), 1u);
    EXPECT_EQ((*d)[0].item, 0u);
    EXPECT_NEAR((*d)[0].dispersion.cv, std::sqrt(5000.0) / 150.0, 1e-12);
}

TEST(Turnover, SuppressesCellsWithFewerThanFiveShops) {
    // Key A = (type 1, month 7): five distinct shops (shop 3 twice) -> published: value 2x100 + 1x200 + 3x50 +
    // 1x100 + 4x25 + 2x100 = 950 fen, quantity 13, 6 transactions.
    // Key B = (type 2, month 7): four shops -> suppressed, nothing disclosed.
    auto agg = TurnoverAggregator::create(5);
    ASSERT_TRUE(agg);
    const std::uint64_t a = make_key(1, 7);
    const std::uint64_t b = make_key(2, 7);
    const std::vector<std::uint64_t> key{a, a, a, a, a, a, b, b, b, b};
    const std::vector<std::uint32_t> shop{1, 2, 3, 4, 5, 3, 1, 2, 3, 4};
    const std::vector<std::int64_t> qty{2, 1, 3, 1, 4, 2, 1, 1, 1, 1};
    const std::vector<std::int64_t> price{100, 200, 50, 100, 25, 100, 10, 10, 10, 10};
    ASSERT_TRUE(agg->add(key, shop, qty, price));
    auto cells = agg->cells();
    ASSERT_EQ(cells.size(), 2u);
    EXPECT_EQ(cells[0].key, a);
    EXPECT_FALSE(cells[0].suppressed);
    EXPECT_EQ(cells[0].value_fen, 950);
    EXPECT_EQ(cells[0].quantity, 13);
    EXPECT_EQ(cells[0].transactions, 6u);
    EXPECT_EQ(cells[0].shops_at_least, 5u);
    EXPECT_EQ(key_high(cells[1].key), 2u);
    EXPECT_TRUE(cells[1].suppressed);
    EXPECT_EQ(cells[1].value_fen, 0);
    EXPECT_EQ(cells[1].quantity, 0);
    EXPECT_EQ(cells[1].shops_at_least, 4u);
}

TEST(Turnover, DenseCappedShopCountsAgreeWithTheAggregator) {
    // The rows of SuppressesCellsWithFewerThanFiveShops as cells 0 (key A) and 1 (key B), plus an empty cell 2:
    // A has shops {1,2,3,4,5} -> 5; B has {1,2,3,4} -> 4; with cap 3 both read 3; the empty cell 0.
    const std::vector<std::uint32_t> cell{0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
    const std::vector<std::uint32_t> shop{1, 2, 3, 4, 5, 3, 1, 2, 3, 4};
    auto five = distinct_shops_capped(cell, shop, 3, 5);
    ASSERT_TRUE(five.has_value());
    EXPECT_EQ(*five, (std::vector<std::uint32_t>{5, 4, 0}));
    EXPECT_EQ(*distinct_shops_capped(cell, shop, 3, 3), (std::vector<std::uint32_t>{3, 3, 0}));
    EXPECT_FALSE(distinct_shops_capped(cell, shop, 1, 5).has_value());  // cell 1 is not below 1
    EXPECT_FALSE(distinct_shops_capped(cell, std::vector<std::uint32_t>{1}, 3, 5).has_value());
    EXPECT_FALSE(distinct_shops_capped(cell, shop, 3, 0).has_value());
}

TEST(Turnover, PreSummedCellsEqualTheirSales) {
    // The ten sales of SuppressesCellsWithFewerThanFiveShops summed per (key, shop): A/shop 3 = 3x50 + 2x100 = 350
    // fen, 5 pieces, 2 sales; every other (key, shop) is one sale. Same cells, same suppression.
    auto rows = TurnoverAggregator::create(5);
    auto cells = TurnoverAggregator::create(5);
    ASSERT_TRUE(rows && cells);
    const std::uint64_t a = make_key(1, 7);
    const std::uint64_t b = make_key(2, 7);
    ASSERT_TRUE(rows->add(std::vector<std::uint64_t>{a, a, a, a, a, a, b, b, b, b},
                          std::vector<std::uint32_t>{1, 2, 3, 4, 5, 3, 1, 2, 3, 4},
                          std::vector<std::int64_t>{2, 1, 3, 1, 4, 2, 1, 1, 1, 1},
                          std::vector<std::int64_t>{100, 200, 50, 100, 25, 100, 10, 10, 10, 10}));
    ASSERT_TRUE(cells->add_cells(std::vector<std::uint64_t>{a, a, a, a, a, b, b, b, b},
                                 std::vector<std::uint32_t>{1, 2, 3, 4, 5, 1, 2, 3, 4},
                                 std::vector<std::int64_t>{2, 1, 5, 1, 4, 1, 1, 1, 1},
                                 std::vector<std::int64_t>{200, 200, 350, 100, 100, 10, 10, 10, 10},
                                 std::vector<std::int64_t>{1, 1, 2, 1, 1, 1, 1, 1, 1}));
    const auto x = rows->cells();
    const auto y = cells->cells();
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        EXPECT_EQ(x[i].key, y[i].key);
        EXPECT_EQ(x[i].value_fen, y[i].value_fen);
        EXPECT_EQ(x[i].quantity, y[i].quantity);
        EXPECT_EQ(x[i].transactions, y[i].transactions);
        EXPECT_EQ(x[i].shops_at_least, y[i].shops_at_least);
        EXPECT_EQ(x[i].suppressed, y[i].suppressed);
    }
    EXPECT_EQ(y[0].value_fen, 950);
    EXPECT_FALSE(cells->add_cells(std::vector<std::uint64_t>{a}, std::vector<std::uint32_t>{1},
                                  std::vector<std::int64_t>{1}, std::vector<std::int64_t>{0},
                                  std::vector<std::int64_t>{1}));
}

TEST(Turnover, StreamingBatchesAndMergeEqualOnePass) {
    // 3000 rows over 40 keys and 9 shops, added in one pass, in batches of 7, and split across two merged
    // aggregators: all three must give identical cells.
    std::vector<std::uint64_t> key;
    std::vector<std::uint32_t> shop;
    std::vector<std::int64_t> qty;
    std::vector<std::int64_t> price;
    for (int r = 0; r < 3000; ++r) {
        key.push_back(static_cast<std::uint64_t>((r * 7919) % 40));
        shop.push_back(static_cast<std::uint32_t>((r * 31) % 9));
        qty.push_back(1 + r % 5);
        price.push_back(100 + (r * 13) % 400);
    }
    auto one = *TurnoverAggregator::create();
    ASSERT_TRUE(one.add(key, shop, qty, price));
    auto batched = *TurnoverAggregator::create();
    for (std::size_t s = 0; s < key.size(); s += 7) {
        const std::size_t n = std::min<std::size_t>(7, key.size() - s);
        ASSERT_TRUE(batched.add(std::span(key).subspan(s, n), std::span(shop).subspan(s, n),
                                std::span(qty).subspan(s, n), std::span(price).subspan(s, n)));
    }
    auto left = *TurnoverAggregator::create();
    auto right = *TurnoverAggregator::create();
    ASSERT_TRUE(left.add(std::span(key).first(1234), std::span(shop).first(1234), std::span(qty).first(1234),
                         std::span(price).first(1234)));
    ASSERT_TRUE(right.add(std::span(key).subspan(1234), std::span(shop).subspan(1234), std::span(qty).subspan(1234),
                          std::span(price).subspan(1234)));
    left.merge(right);
    const auto c1 = one.cells();
    const auto c2 = batched.cells();
    const auto c3 = left.cells();
    ASSERT_EQ(c1.size(), 40u);
    std::int64_t total = 0;
    for (std::size_t i = 0; i < c1.size(); ++i) {
        EXPECT_EQ(c1[i].value_fen, c2[i].value_fen);
        EXPECT_EQ(c1[i].value_fen, c3[i].value_fen);
        EXPECT_EQ(c1[i].shops_at_least, c3[i].shops_at_least);
        total += c1[i].value_fen;
    }
    std::int64_t direct = 0;
    for (std::size_t r = 0; r < key.size(); ++r) direct += qty[r] * price[r];
    EXPECT_EQ(total, direct);  // every cell has >= 5 shops here, so nothing is withheld
}

TEST(Turnover, RejectsBadRowsAndBadThreshold) {
    auto agg = *TurnoverAggregator::create();
    const std::vector<std::uint64_t> key{1, 2};
    const std::vector<std::uint32_t> shop{1, 2};
    const std::vector<std::int64_t> qty{1, 0};
    const std::vector<std::int64_t> price{100, 100};
    auto s = agg.add(key, shop, qty, price);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "quantity[1]");
    EXPECT_EQ(agg.size(), 0u);  // the batch was rejected whole
    EXPECT_FALSE(TurnoverAggregator::create(0));
    EXPECT_FALSE(TurnoverAggregator::create(17));
}

}  // namespace
}  // namespace yandian::market
