// The one-call index against the step-by-step calls it is made of, on the PPI Manual 2004 ch. 19 artificial data
// set (Table 19.4 chained Tornqvist: 1.4052, 1.3112, 1.2624, 1.2224 -> x 100) with two commodity groups.
#include "market/price_index.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "rows.hpp"

namespace yandian::market {
namespace {

using testing::Rows;

Rows ppi_rows() {
    const double price[6][5] = {{1.0, 1.2, 1.0, 0.8, 1.0}, {1.0, 3.0, 1.0, 0.5, 1.0}, {1.0, 1.3, 1.5, 1.6, 1.6},
                                {1.0, 0.7, 0.5, 0.3, 0.1}, {1.0, 1.4, 1.7, 1.9, 2.0}, {1.0, 0.8, 0.6, 0.4, 0.2}};
    const double qty[6][5] = {{1.0, 0.8, 1.0, 1.2, 0.9},  {1.0, 0.9, 1.1, 1.2, 1.2}, {2.0, 1.9, 1.8, 1.9, 2.0},
                              {1.0, 1.3, 3.0, 6.0, 12.0}, {4.5, 4.7, 5.0, 5.6, 6.5}, {0.5, 0.6, 0.8, 1.3, 2.5}};
    Rows r;
    for (int t = 0; t < 5; ++t) {
        for (std::uint32_t i = 0; i < 6; ++i) {
            r.add(2026 * 12 + t, i, 0, std::llround(qty[i][t] * 10), std::llround(price[i][t] * 10));
        }
    }
    return r;
}

TEST(PriceIndex, ChainedAllItemsAndSubIndices) {
    const Rows rows = ppi_rows();
    const std::vector<std::uint32_t> group{0, 0, 0, 1, 1, 1};
    IndexRequest req;
    req.first_period = 2026 * 12;
    req.last_period = 2026 * 12 + 4;
    req.n_items = 6;
    req.elementary = ElementaryFormula::kUnitValue;
    req.groupings = {Grouping{group, 2}};
    auto r = compute_price_index(rows.columns(), req);
    ASSERT_TRUE(r) << r.error().message;
    const double table194[] = {100.0, 140.51617486, 131.12012543, 126.24397647, 122.24051107};
    for (int t = 0; t < 5; ++t) EXPECT_NEAR(r->all_items.points[t].value, table194[t], 1e-7);
    ASSERT_EQ(r->by_grouping.size(), 1u);
    ASSERT_EQ(r->by_grouping[0].size(), 2u);
    // Group 0 link 0->1 by hand: relatives 1.2, 3.0, 1.3; values period 0: 10x10, 10x10, 20x10 (x10 scaling)
    // = (100, 100, 200)/400; period 1: 12x8, 30x9, 13x19 = (96, 270, 247)/613.
    const double s0[] = {0.25, 0.25, 0.5};
    const double s1[] = {96.0 / 613, 270.0 / 613, 247.0 / 613};
    const double rel[] = {1.2, 3.0, 1.3};
    double ln = 0.0;
    for (int i = 0; i < 3; ++i) ln += 0.5 * (s0[i] + s1[i]) * std::log(rel[i]);
    EXPECT_NEAR(r->by_grouping[0][0].points[1].value, 100 * std::exp(ln), 1e-9);
}

TEST(PriceIndex, GeksOverTheWholeSpan) {
    const Rows rows = ppi_rows();
    IndexRequest req;
    req.first_period = 2026 * 12;
    req.last_period = 2026 * 12 + 4;
    req.n_items = 6;
    req.elementary = ElementaryFormula::kUnitValue;
    req.method = IndexMethod::kGeks;
    req.geks_window = 13;  // longer than the data: one window over all five periods
    auto r = compute_price_index(rows.columns(), req);
    ASSERT_TRUE(r);
    // A window covering every period: I_t = 100 exp((1/5) sum_l [ln T(0,l) + ln T(l,t)]) with T the bilateral
    // Tornqvist of the manual's data; reference values from an independent Python 3 standard-library script
    // (tests/reference/market_index.py)
    // (the same one that reproduces Tables 19.3/19.4): 138.4206485298, 129.4771181751, 124.5710236137,
    // 124.1792009722.
    const double expected[] = {100.0, 138.4206485298, 129.4771181751, 124.5710236137, 124.1792009722};
    for (int t = 0; t < 5; ++t) EXPECT_NEAR(r->all_items.points[t].value, expected[t], 1e-8) << t;
    req.last_period = req.first_period - 1;
    EXPECT_EQ(compute_price_index(rows.columns(), req).error().field, "last_period");
}

}  // namespace
}  // namespace yandian::market
