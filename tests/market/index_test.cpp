// Index-number tests: hand-computed examples (arithmetic in the comments) and the worked example of the
// ILO/IMF/OECD/UNECE/World Bank Producer Price Index Manual (2004), ch. 19, Tables 19.1-19.4 ("artificial data
// set", six commodities over five periods; the same data are Tables 3.1-3.2 of Balk (2008) "Price and Quantity
// Index Numbers" and the CPI Manual 2004/2020 illustrative data set).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "market/bilateral.hpp"
#include "market/elementary.hpp"
#include "market/panel.hpp"
#include "market/period.hpp"
#include "market/series.hpp"
#include "rows.hpp"

namespace yandian::market {
namespace {

using testing::Rows;

// PPI Manual 2004 Table 19.1 (prices) and Table 19.2 (quantities): commodity i, period t = 1..5.
const double kPrice[6][5] = {{1.0, 1.2, 1.0, 0.8, 1.0}, {1.0, 3.0, 1.0, 0.5, 1.0}, {1.0, 1.3, 1.5, 1.6, 1.6},
                             {1.0, 0.7, 0.5, 0.3, 0.1}, {1.0, 1.4, 1.7, 1.9, 2.0}, {1.0, 0.8, 0.6, 0.4, 0.2}};
const double kQuantity[6][5] = {{1.0, 0.8, 1.0, 1.2, 0.9},  {1.0, 0.9, 1.1, 1.2, 1.2}, {2.0, 1.9, 1.8, 1.9, 2.0},
                                {1.0, 1.3, 3.0, 6.0, 12.0}, {4.5, 4.7, 5.0, 5.6, 6.5}, {0.5, 0.6, 0.8, 1.3, 2.5}};

std::vector<double> column(const double (*m)[5], int t) {
    std::vector<double> v;
    for (int i = 0; i < 6; ++i) v.push_back(m[i][t]);
    return v;
}

// The manual's data as transactions: prices x 10 in fen and quantities x 10 (both become integers; scaling every
// price or every quantity by a constant leaves all these indices unchanged). One shop per commodity.
Rows ppi_rows() {
    Rows r;
    for (int t = 0; t < 5; ++t) {
        for (std::uint32_t i = 0; i < 6; ++i) {
            r.add(t, i, 0, std::llround(kQuantity[i][t] * 10), std::llround(kPrice[i][t] * 10));
        }
    }
    return r;
}

// ---- Elementary indices ----

TEST(Elementary, HandComputedPriceBounce) {
    // Two items whose prices swap: p0 = (10, 20), p1 = (20, 10); relatives 2 and 0.5.
    // Jevons = sqrt(2 x 0.5) = 1; Dutot = (20+10)/(10+20) = 1; Carli = (2 + 0.5)/2 = 1.25 (upward bias).
    const std::vector<double> p0{10, 20};
    const std::vector<double> p1{20, 10};
    EXPECT_DOUBLE_EQ(*elementary_index(p0, p1, ElementaryFormula::kJevons), 1.0);
    EXPECT_DOUBLE_EQ(*elementary_index(p0, p1, ElementaryFormula::kDutot), 1.0);
    EXPECT_DOUBLE_EQ(*elementary_index(p0, p1, ElementaryFormula::kCarli), 1.25);
    // Chained back to the start the Carli index compounds the bias: 1.25 x 1.25 = 1.5625 with prices unchanged
    // (the time-reversal failure the CPI Manual 2004 ch. 20 describes); Jevons returns exactly to 1.
    const double carli_back = *elementary_index(p1, p0, ElementaryFormula::kCarli);
    EXPECT_DOUBLE_EQ(1.25 * carli_back, 1.5625);
    EXPECT_NEAR(
        *elementary_index(p0, p1, ElementaryFormula::kJevons) * *elementary_index(p1, p0, ElementaryFormula::kJevons),
        1.0, 1e-15);
}

TEST(Elementary, PpiManualTable191PricesFixedBase) {
    // Unweighted indices on the Table 19.1 prices, period 1 against period 0. All base prices are 1, so Carli and
    // Dutot coincide: (1.2+3.0+1.3+0.7+1.4+0.8)/6 = 8.4/6 = 1.4. Jevons = (1.2 x 3.0 x 1.3 x 0.7 x 1.4 x 0.8)^(1/6)
    // = 3.66912^(1/6) = 1.2419200903 (computed with Python's math module: tests/reference/market_index.py).
    const auto p0 = column(kPrice, 0);
    const auto p1 = column(kPrice, 1);
    EXPECT_NEAR(*elementary_index(p0, p1, ElementaryFormula::kCarli), 1.4, 1e-12);
    EXPECT_NEAR(*elementary_index(p0, p1, ElementaryFormula::kDutot), 1.4, 1e-12);
    EXPECT_NEAR(*elementary_index(p0, p1, ElementaryFormula::kJevons), 1.2419200903, 1e-10);
    // Period 4: Jevons = (1 x 1 x 1.6 x 0.1 x 2.0 x 0.2)^(1/6) = 0.064^(1/6) = 0.6324555320 (= sqrt(0.4)).
    EXPECT_NEAR(*elementary_index(p0, column(kPrice, 4), ElementaryFormula::kJevons), std::sqrt(0.4), 1e-12);
}

TEST(Elementary, UnitValueIsQuantityWeighted) {
    // 2 units at 100 fen and 3 units at 200 fen: (200 + 600) / 5 = 160 fen.
    const std::vector<std::int64_t> q{2, 3};
    const std::vector<std::int64_t> p{100, 200};
    EXPECT_DOUBLE_EQ(*unit_value(q, p), 160.0);
}

TEST(Elementary, BadPriceNamesPosition) {
    const std::vector<double> p0{10, 0, 20};
    const std::vector<double> p1{10, 10, 20};
    const auto r = elementary_index(p0, p1, ElementaryFormula::kJevons);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "p0[1]");
    const std::vector<std::int64_t> q{2, -1};
    const std::vector<std::int64_t> p{100, 200};
    ASSERT_FALSE(unit_value(q, p));
    EXPECT_EQ(unit_value(q, p).error().field, "quantity[1]");
}

// ---- Weighted bilateral indices ----

TEST(Bilateral, HandComputedTwoItems) {
    // A: 100 -> 110 fen, 10 -> 10 units; B: 200 -> 180 fen, 5 -> 6 units.
    // Values v0 = (1000, 1000), v1 = (1100, 1080); s0 = (0.5, 0.5), s1 = (1100/2180, 1080/2180).
    // Laspeyres = (110x10 + 180x5)/(100x10 + 200x5) = 2000/2000 = 1.0
    // Paasche   = (110x10 + 180x6)/(100x10 + 200x6) = 2180/2200 = 0.990909...
    // Fisher    = sqrt(1.0 x 0.990909) = 0.9954441677
    // Tornqvist = exp(0.502294 ln 1.1 + 0.497706 ln 0.9) = exp(-0.0045649) = 0.9954454893
    const std::vector<double> p0{100, 200};
    const std::vector<double> p1{110, 180};
    const std::vector<double> q0{10, 5};
    const std::vector<double> q1{10, 6};
    EXPECT_NEAR(*bilateral_index(p0, p1, q0, q1, IndexFormula::kLaspeyres), 1.0, 1e-14);
    EXPECT_NEAR(*bilateral_index(p0, p1, q0, q1, IndexFormula::kPaasche), 2180.0 / 2200.0, 1e-14);
    EXPECT_NEAR(*bilateral_index(p0, p1, q0, q1, IndexFormula::kFisher), 0.9954441677, 1e-10);
    EXPECT_NEAR(*bilateral_index(p0, p1, q0, q1, IndexFormula::kTornqvist), 0.9954454893, 1e-10);
}

TEST(Bilateral, PpiManualTable193FixedBase) {
    // PPI Manual 2004 Table 19.3, fixed-base Laspeyres, Paasche, Fisher and Tornqvist for periods 2..5 (printed to
    // four decimals; the same figures are Table 3.4 of Balk 2008, where Paasche period 2 is printed 1.3823 by a
    // rounding slip: 1.3824 is right, 2.35/1.7 = 1.38235).
    const double laspeyres[] = {1.4200, 1.3450, 1.3550, 1.4400};
    const double paasche[] = {1.3824, 1.2031, 1.0209, 0.7968};
    const double fisher[] = {1.4011, 1.2721, 1.1762, 1.0712};
    const double tornqvist[] = {1.4052, 1.2890, 1.2268, 1.2477};
    const auto p0 = column(kPrice, 0);
    const auto q0 = column(kQuantity, 0);
    for (int t = 1; t < 5; ++t) {
        const auto p1 = column(kPrice, t);
        const auto q1 = column(kQuantity, t);
        EXPECT_NEAR(*bilateral_index(p0, p1, q0, q1, IndexFormula::kLaspeyres), laspeyres[t - 1], 5e-5) << t;
        EXPECT_NEAR(*bilateral_index(p0, p1, q0, q1, IndexFormula::kPaasche), paasche[t - 1], 5e-5) << t;
        EXPECT_NEAR(*bilateral_index(p0, p1, q0, q1, IndexFormula::kFisher), fisher[t - 1], 5e-5) << t;
        EXPECT_NEAR(*bilateral_index(p0, p1, q0, q1, IndexFormula::kTornqvist), tornqvist[t - 1], 5e-5) << t;
    }
}

TEST(Bilateral, EngineReproducesFixedBaseTableFromTransactions) {
    // The same Table 19.3 through the transaction engine (unit values per commodity; lags up to 4 so that every
    // pair (0, t) is available).
    const Rows rows = ppi_rows();
    LinkOptions o;
    o.first_period = 0;
    o.n_periods = 5;
    o.n_items = 6;
    o.max_lag = 4;
    o.elementary = ElementaryFormula::kUnitValue;
    auto m = build_link_matrix(rows.columns(), o);
    ASSERT_TRUE(m) << m.error().message;
    const double fisher[] = {1.4011, 1.2721, 1.1762, 1.0712};
    const double tornqvist[] = {1.4052, 1.2890, 1.2268, 1.2477};
    for (int t = 1; t < 5; ++t) {
        EXPECT_NEAR(*m->sums(LinkMatrix::kAllItems, 0, t).index(IndexFormula::kFisher), fisher[t - 1], 5e-5);
        EXPECT_NEAR(*m->sums(LinkMatrix::kAllItems, 0, t).index(IndexFormula::kTornqvist), tornqvist[t - 1], 5e-5);
        EXPECT_EQ(m->sums(LinkMatrix::kAllItems, 0, t).matched, 6u);
    }
}

// ---- Chain-linking ----

TEST(Chain, PpiManualTable194Chained) {
    // Chained indices on the Table 19.1-19.2 data (PPI Manual 2004 Table 19.4, printed to four decimals).
    // Reference values to 10 decimals from an independent Python 3 standard-library script
    // (tests/reference/market_index.py) that forms each
    // period-to-period link from the share formulas and multiplies them: e.g. Laspeyres link 1->2 =
    // sum s1_i p2_i/p1_i = 0.960992..., chained 1.42 x 0.960992 = 1.3646099291.
    const Rows rows = ppi_rows();
    LinkOptions o;
    o.n_periods = 5;
    o.n_items = 6;
    o.elementary = ElementaryFormula::kUnitValue;
    auto m = build_link_matrix(rows.columns(), o);
    ASSERT_TRUE(m);
    struct Case {
        IndexFormula f;
        double v[5];
    };
    const Case cases[] = {
        {IndexFormula::kLaspeyres, {1.0, 1.4200000000, 1.3646099291, 1.3351386413, 1.3305766642}},
        {IndexFormula::kPaasche, {1.0, 1.3823529412, 1.2739657986, 1.2059751711, 1.1234049102}},
        {IndexFormula::kFisher, {1.0, 1.4010500264, 1.3185091498, 1.2689145170, 1.2226104686}},
        {IndexFormula::kTornqvist, {1.0, 1.4051617486, 1.3112012543, 1.2624397647, 1.2224051107}},
    };
    for (const auto& c : cases) {
        auto s = chain_series(*m, LinkMatrix::kAllItems, c.f, 1.0);
        ASSERT_TRUE(s);
        ASSERT_EQ(s->points.size(), 5u);
        for (int t = 0; t < 5; ++t) EXPECT_NEAR(s->points[t].value, c.v[t], 1e-9) << static_cast<int>(c.f) << t;
    }
    // Chain drift: the chained Tornqvist ends at 1.2224 against 1.2477 direct (Table 19.3 vs 19.4).
    auto base100 = chain_series(*m, LinkMatrix::kAllItems, IndexFormula::kTornqvist);
    EXPECT_NEAR(base100->points[4].value, 122.24051107, 1e-7);
    EXPECT_EQ(base100->points[0].value, 100.0);
}

TEST(Chain, NewAndVanishedItemsByImplicitImputation) {
    // Unit-value items, one shop each:
    //   period 0: A 100 fen x10, B 50 x20
    //   period 1: A 110 x10,     B 55 x20, C 200 x5 (new)
    //   period 2: A 121 x10,               C 180 x5 (B vanished)
    // Link 0->1: A and B both rise 10% -> 1.1 in every formula; C is left out (new), index 110.
    // Link 1->2: matched A (r = 1.1, v = 1100 -> 1210) and C (r = 0.9, v = 1000 -> 900); B left out.
    //   s1 = (1100, 1000)/2100 = (0.5238095, 0.4761905); s2 = (1210, 900)/2110 = (0.5734597, 0.4265403)
    //   Tornqvist ln = 0.5486346 ln 1.1 + 0.4513654 ln 0.9 = 0.0047343750 -> 1.0047455999 -> index 110.5220160
    //   Laspeyres = 0.5238095 x 1.1 + 0.4761905 x 0.9 = 1.0047619 -> index 110.5238095
    // B's price change is thereby imputed by that of the matched items (implicit imputation).
    Rows r;
    r.add(0, 0, 1, 10, 100);
    r.add(0, 1, 1, 20, 50);
    r.add(1, 0, 1, 10, 110);
    r.add(1, 1, 1, 20, 55);
    r.add(1, 2, 1, 5, 200);
    r.add(2, 0, 1, 10, 121);
    r.add(2, 2, 1, 5, 180);
    LinkOptions o;
    o.first_period = 0;
    o.n_periods = 3;
    o.n_items = 3;
    o.elementary = ElementaryFormula::kUnitValue;
    auto m = build_link_matrix(r.columns(), o);
    ASSERT_TRUE(m);
    auto t = chain_series(*m, LinkMatrix::kAllItems, IndexFormula::kTornqvist);
    ASSERT_TRUE(t);
    EXPECT_NEAR(t->points[1].value, 110.0, 1e-10);
    EXPECT_NEAR(t->points[2].value, 110.52201598874404, 1e-9);
    EXPECT_EQ(t->points[1].matched_items, 2u);
    EXPECT_EQ(t->points[1].new_items, 1u);
    EXPECT_EQ(t->points[1].vanished_items, 0u);
    EXPECT_EQ(t->points[2].matched_items, 2u);
    EXPECT_EQ(t->points[2].new_items, 0u);
    EXPECT_EQ(t->points[2].vanished_items, 1u);
    auto l = chain_series(*m, LinkMatrix::kAllItems, IndexFormula::kLaspeyres);
    EXPECT_NEAR(l->points[2].value, 110.0 * (1.1 * 1100 + 0.9 * 1000) / 2100, 1e-9);
}

TEST(Chain, GroupMeanImputationOfAVanishedItem) {
    // Group 0 (say ball bearings): A 100 -> 110 fen (10 units each period), B 100 -> 100 (10 units).
    // Group 1 (roller bearings):   C 100 -> 80 (10 units), D 100 (10 units) in period 0 only: vanished.
    // Implicit (default): D left out; s0 = (1/3, 1/3, 1/3), s1 = (1100, 1000, 800)/2900:
    //   ln P = 0.5(1/3 + 0.37931) ln 1.1 + 0.5(1/3 + 0.34483) ln 1 + 0.5(1/3 + 0.27586) ln 0.8 -> 0.9665638550
    // Group mean: D gets group 1's matched index 0.8 (C alone) with values (1000, 0); s0 = 1/4 each,
    //   weights (0.314655, 0.297414, 0.262931, 0.125): ln P = 0.314655 ln 1.1 + 0.388 ln 0.8 -> 0.9449961102
    //   Laspeyres: (1.1 + 1 + 0.8 + 0.8)/4 = 0.925 (implicit: 2.9/3 = 0.966667).
    //   Group 1's own index stays 0.8 (both relatives are 0.8).
    Rows r;
    r.add(0, 0, 1, 10, 100);
    r.add(0, 1, 1, 10, 100);
    r.add(0, 2, 1, 10, 100);
    r.add(0, 3, 1, 10, 100);
    r.add(1, 0, 1, 10, 110);
    r.add(1, 1, 1, 10, 100);
    r.add(1, 2, 1, 10, 80);
    const std::vector<std::uint32_t> type{0, 0, 1, 1};
    LinkOptions o;
    o.n_periods = 2;
    o.n_items = 4;
    o.elementary = ElementaryFormula::kUnitValue;
    o.groupings = {Grouping{type, 2}};
    auto implicit = build_link_matrix(r.columns(), o);
    ASSERT_TRUE(implicit);
    EXPECT_NEAR(*implicit->sums(0, 0, 1).index(IndexFormula::kTornqvist), 0.9665638550221035, 1e-12);
    EXPECT_EQ(implicit->sums(0, 0, 1).imputed, 0u);
    o.imputation = Imputation::kGroupMean;
    o.imputation_grouping = 0;
    auto explicit_mean = build_link_matrix(r.columns(), o);
    ASSERT_TRUE(explicit_mean);
    const BilateralSums& all = explicit_mean->sums(0, 0, 1);
    EXPECT_NEAR(*all.index(IndexFormula::kTornqvist), 0.9449961102443993, 1e-12);
    EXPECT_NEAR(*all.index(IndexFormula::kLaspeyres), 0.925, 1e-12);
    EXPECT_EQ(all.matched, 3u);
    EXPECT_EQ(all.imputed, 1u);
    EXPECT_EQ(all.base_only, 1u);
    EXPECT_NEAR(*explicit_mean->sums(explicit_mean->slot(0, 1), 0, 1).index(IndexFormula::kTornqvist), 0.8, 1e-12);
    auto s = chain_series(*explicit_mean, 0, IndexFormula::kTornqvist);
    EXPECT_EQ(s->points[1].imputed_items, 1u);
    o.groupings.clear();
    EXPECT_EQ(build_link_matrix(r.columns(), o).error().field, "imputation_grouping");
}

TEST(Chain, LinkWithoutMatchedItemsIsCarriedForward) {
    // Item 0 sells only in period 0, item 1 only in period 1: nothing is matched, the index stays at 100.
    Rows r;
    r.add(0, 0, 1, 1, 100);
    r.add(1, 1, 1, 1, 300);
    LinkOptions o;
    o.n_periods = 2;
    o.n_items = 2;
    auto m = build_link_matrix(r.columns(), o);
    auto s = chain_series(*m, LinkMatrix::kAllItems, IndexFormula::kTornqvist);
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->points[1].carried_forward);
    EXPECT_EQ(s->points[1].value, 100.0);
}

TEST(Chain, JevonsAcrossShopsMatchesOnlyShopsSellingInBothPeriods) {
    // One item, three shops. Shop 1 sells 1 @ 90 and 1 @ 110 in period 0 (unit value 100), 110 in period 1.
    // Shop 2: 200 -> 200. Shop 3 sells only in period 1 (500), so it is not matched.
    // Jevons = sqrt(1.1 x 1.0) = 1.0488088482; Dutot = (110+200)/(100+200) = 1.0333...; Carli = (1.1+1)/2 = 1.05.
    Rows r;
    r.add(10, 0, 1, 1, 90);
    r.add(10, 0, 1, 1, 110);
    r.add(10, 0, 2, 3, 200);
    r.add(11, 0, 1, 2, 110);
    r.add(11, 0, 2, 1, 200);
    r.add(11, 0, 3, 4, 500);
    LinkOptions o;
    o.first_period = 10;
    o.n_periods = 2;
    o.n_items = 1;
    const std::pair<ElementaryFormula, double> cases[] = {{ElementaryFormula::kJevons, std::sqrt(1.1)},
                                                          {ElementaryFormula::kDutot, 310.0 / 300.0},
                                                          {ElementaryFormula::kCarli, 1.05}};
    for (const auto& [formula, expected] : cases) {
        o.elementary = formula;
        auto m = build_link_matrix(r.columns(), o);
        ASSERT_TRUE(m);
        // With one item every upper-level formula returns the item's elementary index.
        EXPECT_NEAR(*m->sums(0, 0, 1).index(IndexFormula::kTornqvist), expected, 1e-12);
        EXPECT_NEAR(*m->sums(0, 0, 1).index(IndexFormula::kLaspeyres), expected, 1e-12);
    }
    // Unit value across all shops: period 0 (90+110+600)/5 = 160; period 1 (220+200+2000)/7 = 345.714...
    o.elementary = ElementaryFormula::kUnitValue;
    auto m = build_link_matrix(r.columns(), o);
    EXPECT_NEAR(*m->sums(0, 0, 1).index(IndexFormula::kTornqvist), (2420.0 / 7.0) / 160.0, 1e-12);
}

TEST(Chain, SubIndicesByGroupEqualIndicesOfTheSubset) {
    // Items 0, 1 form group 0 (say deep-groove ball), items 2, 3 group 1 (tapered roller). Each sub-index must equal
    // the index computed on that group's rows alone; the all-items index uses all four items.
    Rows all;
    Rows g0;
    Rows g1;
    const std::int64_t prices[4][3] = {{100, 104, 103}, {250, 240, 260}, {800, 880, 900}, {60, 66, 70}};
    const std::int64_t qty[4][3] = {{10, 12, 9}, {4, 5, 5}, {2, 1, 3}, {30, 28, 35}};
    for (int t = 0; t < 3; ++t) {
        for (std::uint32_t i = 0; i < 4; ++i) {
            all.add(t, i, 7, qty[i][t], prices[i][t]);
            (i < 2 ? g0 : g1).add(t, i, 7, qty[i][t], prices[i][t]);
        }
    }
    const std::vector<std::uint32_t> type{0, 0, 1, 1};
    LinkOptions o;
    o.n_periods = 3;
    o.n_items = 4;
    o.groupings = {Grouping{type, 2}};
    auto m = build_link_matrix(all.columns(), o);
    ASSERT_TRUE(m);
    auto subs = chain_series_by_group(*m, 0, IndexFormula::kTornqvist);
    ASSERT_TRUE(subs);
    ASSERT_EQ(subs->size(), 2u);
    LinkOptions alone = o;
    alone.groupings.clear();
    for (int g = 0; g < 2; ++g) {
        auto mg = build_link_matrix((g == 0 ? g0 : g1).columns(), alone);
        auto sg = chain_series(*mg, LinkMatrix::kAllItems, IndexFormula::kTornqvist);
        for (int t = 0; t < 3; ++t) EXPECT_NEAR((*subs)[g].points[t].value, sg->points[t].value, 1e-10);
    }
    // Group 1 link 0->1 by hand: relatives 1.1 and 1.1 -> 110 whatever the weights.
    EXPECT_NEAR((*subs)[1].points[1].value, 110.0, 1e-10);
    EXPECT_FALSE(chain_series_by_group(*m, 1, IndexFormula::kTornqvist));
}

TEST(Chain, WeeklySeriesAcrossTheYearBoundary) {
    // Weekly keys from sale dates: 2020-12-22 (2020-W52), 2020-12-31 and 2021-01-03 (both 2020-W53, one ISO week
    // across New Year), 2021-01-05 (2021-W01). Item 0 sells at 100, 104, 104 and 110 fen, item 1 at 50 throughout
    // with equal values per week (2 units x 50 vs 1 unit x 100): Tornqvist links by hand:
    //   W52->W53: item 0 unit value (1x104 + 1x104)/2 = 104, relative 1.04; item 1 relative 1. Shares
    //             v(W52) = (100, 100)/200, v(W53) = (208, 100)/308 -> item 0 weight (0.5 + 0.675325)/2 = 0.587662:
    //             link = 1.04^0.587662 = 1.023316 -> 102.3316
    //   W53->W01: item 0 relative 110/104; v(W01) = (110, 100)/210 -> weight (208/308 + 110/210)/2 = 0.599567.
    Rows r;
    const PeriodKey w52 = *week_key_of_date(2020, 12, 22);
    const PeriodKey w53a = *week_key_of_date(2020, 12, 31);
    const PeriodKey w53b = *week_key_of_date(2021, 1, 3);
    const PeriodKey w01 = *week_key_of_date(2021, 1, 5);
    ASSERT_EQ(w53a, w53b);
    ASSERT_EQ(w01 - w52, 2);
    r.add(w52, 0, 1, 1, 100);
    r.add(w52, 1, 1, 2, 50);
    r.add(w53a, 0, 1, 1, 104);
    r.add(w53b, 0, 2, 1, 104);
    r.add(w53b, 1, 1, 2, 50);
    r.add(w01, 0, 1, 1, 110);
    r.add(w01, 1, 1, 2, 50);
    LinkOptions o;
    o.first_period = w52;
    o.n_periods = 3;
    o.n_items = 2;
    o.elementary = ElementaryFormula::kUnitValue;
    auto m = build_link_matrix(r.columns(), o);
    ASSERT_TRUE(m);
    auto s = chain_series(*m, LinkMatrix::kAllItems, IndexFormula::kTornqvist);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->points[1].period, w53a);
    EXPECT_EQ(iso_week_of_key(s->points[2].period).week, 1);
    const double link1 = std::exp(0.5 * (0.5 + 208.0 / 308.0) * std::log(1.04));
    const double w = 0.5 * (208.0 / 308.0 + 110.0 / 210.0);
    EXPECT_NEAR(s->points[1].value, 100 * link1, 1e-10);
    EXPECT_NEAR(s->points[2].value, 100 * link1 * std::exp(w * std::log(110.0 / 104.0)), 1e-10);
}

TEST(Engine, RowErrorsNameRowAndColumn) {
    Rows r;
    r.add(0, 0, 1, 1, 100);
    r.add(0, 5, 1, 1, 100);
    LinkOptions o;
    o.n_periods = 1;
    o.n_items = 2;
    auto m = build_link_matrix(r.columns(), o);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().field, "item[1]");
    Rows q;
    q.add(0, 0, 1, 1, 100);
    q.add(0, 1, 1, 1, 100);
    q.add(0, 1, 1, 2, -3);
    m = build_link_matrix(q.columns(), o);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().field, "unit_price_fen[2]");
    Rows s;
    s.add(0, 0, 0xFFFFFFFFu, 1, 100);
    m = build_link_matrix(s.columns(), o);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().field, "shop[0]");
    LinkOptions huge = o;
    huge.n_items = 1'000'000;
    huge.n_periods = 100;  // 10^8 dense cells: refused with a hint instead of allocating 1.6 GB
    EXPECT_EQ(build_link_matrix(s.columns(), huge).error().field, "n_periods");
    // Rows outside the period range are counted, not rejected.
    Rows out;
    out.add(0, 0, 1, 1, 100);
    out.add(9, 0, 1, 1, 100);
    m = build_link_matrix(out.columns(), o);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->rows_outside_range, 1u);
}

}  // namespace
}  // namespace yandian::market
