// GEKS-Tornqvist and rolling-window splices. Reference values: the regression outputs of the R package gpindex
// (tests/test_geks.Rout.save, github.com/marberts/gpindex), which compares gpindex with IndexNumR::GEKSIndex and
// prints IndexNumR's values to 14 decimals, on its test data: price = 1..65, quantity = 65..1, period = rep(1:13, 5),
// product = rep(1:5, each = 13). Mean/window/half splice values, which that file does not cover, come from an
// independent Python 3 standard-library computation of the same formulas (tests/reference/market_index.py;
// bilateral Tornqvist on matched products, ln GEKS(a,b) = mean over l of [ln T(a,l) + ln T(l,b)], then the splice
// rule onto the published series); that script reproduces all three IndexNumR series above to 14 decimals.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "market/panel.hpp"
#include "market/series.hpp"
#include "rows.hpp"

namespace yandian::market {
namespace {

using testing::Rows;

// Row r = 1..65 (R's 1-based row numbers): product (r-1)/13, period (r-1)%13, price r fen, quantity 66-r.
Rows geks_rows(const std::set<int>& dropped = {}) {
    Rows rows;
    for (int r = 1; r <= 65; ++r) {
        if (dropped.count(r) != 0) continue;
        rows.add((r - 1) % 13, static_cast<std::uint32_t>((r - 1) / 13), 1, 66 - r, r);
    }
    return rows;
}

LinkMatrix matrix_for(const Rows& rows, std::int32_t max_lag) {
    LinkOptions o;
    o.n_periods = 13;
    o.n_items = 5;
    o.max_lag = max_lag;
    o.elementary = ElementaryFormula::kUnitValue;
    auto m = build_link_matrix(rows.columns(), o);
    EXPECT_TRUE(m);
    return *m;
}

void expect_series(const IndexSeries& s, const std::vector<double>& expected) {
    ASSERT_EQ(s.points.size(), expected.size() + 1);
    EXPECT_DOUBLE_EQ(s.points[0].value, 1.0);
    for (std::size_t t = 0; t < expected.size(); ++t) EXPECT_NEAR(s.points[t + 1].value, expected[t], 1e-12) << t;
}

TEST(Geks, TornqvistFullWindowMatchesIndexNumR) {
    const LinkMatrix m = matrix_for(geks_rows(), 12);
    auto s = geks_series(m, LinkMatrix::kAllItems, GeksOptions{13, Splice::kMean, IndexFormula::kTornqvist}, 1.0);
    ASSERT_TRUE(s);
    expect_series(*s, {1.07334245809641, 1.13758500234551, 1.19943273670278, 1.26078373138759, 1.32242752173496,
                       1.38478458426165, 1.44813211799635, 1.51269173915522, 1.57867050804161, 1.64628410287697,
                       1.71577307463249, 1.78741712742392});
}

TEST(Geks, FisherWindow11MovementSpliceMatchesIndexNumR) {
    const LinkMatrix m = matrix_for(geks_rows(), 12);
    auto s = geks_series(m, LinkMatrix::kAllItems, GeksOptions{11, Splice::kMovement, IndexFormula::kFisher}, 1.0);
    ASSERT_TRUE(s);
    expect_series(
        *s, {1.05584109330239, 1.11216779883715, 1.16904493358996, 1.22654588965604, 1.28475480484066, 1.34376919838486,
             1.40370325012859, 1.46469196029632, 1.5268965162016, 1.59051132643364, 1.65525192178965, 1.721202953357});
}

// gpindex drops data-frame rows 2:3, 7, 15, 64 after reordering the rows as c(65:60, 3:59, 1:2); those are the
// original rows 64, 63, 3, 11 and 1: product 5 in periods 12 and 11, product 1 in periods 3, 11 and 1.
const std::set<int> kDropped{64, 63, 3, 11, 1};

TEST(Geks, TornqvistWithMissingProductsMatchesIndexNumR) {
    // Unbalanced panel: each bilateral Tornqvist uses the products present in both periods (matched model).
    const LinkMatrix m = matrix_for(geks_rows(kDropped), 12);
    auto s = geks_series(m, LinkMatrix::kAllItems, GeksOptions{13, Splice::kMean, IndexFormula::kTornqvist}, 1.0);
    ASSERT_TRUE(s);
    expect_series(*s, {0.97012367078552, 1.07680890198379, 1.07558882705777, 1.12676970820557, 1.17801945580172,
                       1.22966120693395, 1.28190412021848, 1.33491131065706, 1.38883148578389, 1.40614308033419,
                       1.5157156152315, 1.55767693905705});
}

TEST(Geks, RollingWindowSplicesMatchIndependentComputation) {
    // Window of 5 periods on the unbalanced panel: periods 1..4 from the first window, then one splice per period.
    const LinkMatrix m = matrix_for(geks_rows(kDropped), 4);
    const std::vector<double> first{1.02092455301322, 1.07472815013105, 1.11647560945457, 1.16490796181922};
    struct Case {
        Splice splice;
        std::vector<double> rest;
    };
    const Case cases[] = {
        {Splice::kMean,
         {1.22040333439700, 1.26567429694859, 1.33225252284712, 1.38751538739027, 1.44493010211208, 1.46701089865560,
          1.55705214095673, 1.60623531342911}},
        {Splice::kWindow,
         {1.22949106725274, 1.24755971898655, 1.34063623544004, 1.39051282260366, 1.45981363463853, 1.43453147074202,
          1.57157703448189, 1.61894272879632}},
        {Splice::kHalf,
         {1.22078379286656, 1.26939035425294, 1.33372434922537, 1.38310850622616, 1.44969770580765, 1.46578188183405,
          1.56840948593847, 1.57837081760330}},
    };
    for (const auto& c : cases) {
        auto s = geks_series(m, LinkMatrix::kAllItems, GeksOptions{5, c.splice, IndexFormula::kTornqvist}, 1.0);
        ASSERT_TRUE(s);
        std::vector<double> expected = first;
        expected.insert(expected.end(), c.rest.begin(), c.rest.end());
        expect_series(*s, expected);
    }
}

TEST(Geks, TransitiveInsideTheWindowWhileTheChainDrifts) {
    // Bouncing prices and quantities (a promotion in period 2) on three items with one item missing in period 3.
    Rows r;
    const std::int64_t price[3][5] = {{100, 100, 70, 100, 100}, {200, 210, 205, 0, 215}, {50, 52, 55, 53, 54}};
    const std::int64_t qty[3][5] = {{10, 11, 40, 9, 10}, {5, 5, 4, 0, 6}, {20, 18, 19, 22, 21}};
    for (int t = 0; t < 5; ++t) {
        for (std::uint32_t i = 0; i < 3; ++i) {
            if (price[i][t] > 0) r.add(t, i, 1, qty[i][t], price[i][t]);
        }
    }
    LinkOptions o;
    o.n_periods = 5;
    o.n_items = 3;
    o.max_lag = 4;
    o.elementary = ElementaryFormula::kUnitValue;
    auto m = build_link_matrix(r.columns(), o);
    ASSERT_TRUE(m);
    for (int a = 0; a < 5; ++a) {
        for (int b = 0; b < 5; ++b) {
            for (int c = 0; c < 5; ++c) {
                const double ac = geks_log_index(*m, 0, IndexFormula::kTornqvist, 0, 5, a, c);
                const double ab = geks_log_index(*m, 0, IndexFormula::kTornqvist, 0, 5, a, b);
                const double bc = geks_log_index(*m, 0, IndexFormula::kTornqvist, 0, 5, b, c);
                EXPECT_NEAR(ac, ab + bc, 1e-13) << a << b << c;  // G(a,c) = G(a,b) G(b,c)
            }
        }
    }
    // The chained Tornqvist is not transitive: chained 0->4 differs from the direct 0->4 link (chain drift), while
    // the GEKS series is one set of transitive comparisons.
    auto chain = chain_series(*m, 0, IndexFormula::kTornqvist, 1.0);
    const double direct = *m->sums(0, 0, 4).index(IndexFormula::kTornqvist);
    EXPECT_GT(std::fabs(chain->points[4].value - direct), 1e-3);
    auto g = geks_series(*m, 0, GeksOptions{5, Splice::kMean, IndexFormula::kTornqvist}, 1.0);
    EXPECT_NEAR(g->points[4].value / g->points[1].value,
                std::exp(geks_log_index(*m, 0, IndexFormula::kTornqvist, 0, 5, 1, 4)), 1e-12);
}

TEST(Geks, RejectsWindowLongerThanTheMatrixLags) {
    const LinkMatrix m = matrix_for(geks_rows(), 1);
    auto s = geks_series(m, 0, GeksOptions{13, Splice::kMean, IndexFormula::kTornqvist});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "window");
    EXPECT_FALSE(geks_series(m, 0, GeksOptions{2, Splice::kMean, IndexFormula::kLaspeyres}));
}

}  // namespace
}  // namespace yandian::market
