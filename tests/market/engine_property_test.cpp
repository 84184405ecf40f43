// The link-matrix engine (counting sort, packed runs, shop hashing) against a direct map-based computation of the
// same definitions on pseudo-random data with repeated rows, shops that skip periods, items that come and go, and
// rows outside the period range. The reference below recomputes each pair (a, b) from scratch:
// shop unit values per (item, shop, period), Jevons/Dutot/Carli over matched shops, item values over all shops,
// then the six bilateral sums per group.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "market/panel.hpp"
#include "rows.hpp"

namespace yandian::market {
namespace {

using testing::Rows;

struct Reference {
    // (item, shop, period) -> (value, quantity)
    std::map<std::tuple<std::uint32_t, std::uint32_t, int>, std::pair<double, double>> cell;
    std::map<std::pair<std::uint32_t, int>, double> item_value;
};

TEST(EngineProperty, AgreesWithDirectComputation) {
    constexpr std::uint32_t kItems = 23;
    constexpr int kPeriods = 6;
    const std::uint32_t type[kItems] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1};
    const std::vector<std::uint32_t> type_of_item(type, type + kItems);
    std::uint64_t s = 12345;
    auto rnd = [&](std::uint64_t n) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return (s >> 33) % n;
    };
    Rows rows;
    Reference ref;
    for (int r = 0; r < 4000; ++r) {
        const auto item = static_cast<std::uint32_t>(rnd(kItems));
        const int period = static_cast<int>(rnd(kPeriods + 1)) - 1 + 100;  // includes 99: outside the range
        // Items 20..22 live only in periods 102..104 (they appear and vanish).
        if (item >= 20 && (period < 102 || period > 104)) continue;
        const auto shop = static_cast<std::uint32_t>(rnd(7) * 1000003);  // sparse shop ids
        const auto q = static_cast<std::int64_t>(1 + rnd(9));
        const auto p = static_cast<std::int64_t>(100 + item * 10 + rnd(40) + (period - 100) * 3);
        rows.add(period, item, shop, q, p);
        if (period < 100 || period >= 100 + kPeriods) continue;
        auto& c = ref.cell[{item, shop, period - 100}];
        c.first += static_cast<double>(q * p);
        c.second += static_cast<double>(q);
        ref.item_value[{item, period - 100}] += static_cast<double>(q * p);
    }
    for (const auto formula : {ElementaryFormula::kJevons, ElementaryFormula::kDutot, ElementaryFormula::kCarli}) {
        LinkOptions o;
        o.first_period = 100;
        o.n_periods = kPeriods;
        o.n_items = kItems;
        o.max_lag = kPeriods - 1;
        o.elementary = formula;
        o.groupings = {Grouping{type_of_item, 3}};
        auto m = build_link_matrix(rows.columns(), o);
        ASSERT_TRUE(m);
        EXPECT_GT(m->rows_outside_range, 0u);
        for (int a = 0; a < kPeriods; ++a) {
            for (int b = a + 1; b < kPeriods; ++b) {
                std::vector<BilateralSums> expect(4);  // slot 0 all, 1..3 types
                for (std::uint32_t i = 0; i < kItems; ++i) {
                    const bool in_a = ref.item_value.count({i, a}) != 0;
                    const bool in_b = ref.item_value.count({i, b}) != 0;
                    double acc_a = 0.0, acc_b = 0.0;
                    int n = 0;
                    for (const auto& [key, va] : ref.cell) {
                        if (std::get<0>(key) != i || std::get<2>(key) != a) continue;
                        auto it = ref.cell.find({i, std::get<1>(key), b});
                        if (it == ref.cell.end()) continue;
                        const double ua = va.first / va.second;
                        const double ub = it->second.first / it->second.second;
                        if (formula == ElementaryFormula::kJevons) acc_a += std::log(ub / ua);
                        if (formula == ElementaryFormula::kDutot) acc_a += ua, acc_b += ub;
                        if (formula == ElementaryFormula::kCarli) acc_a += ub / ua;
                        ++n;
                    }
                    for (const std::uint32_t slot : {0u, 1u + type[i]}) {
                        if (n > 0) {
                            const double rel = formula == ElementaryFormula::kJevons  ? std::exp(acc_a / n)
                                               : formula == ElementaryFormula::kDutot ? acc_b / acc_a
                                                                                      : acc_a / n;
                            expect[slot].add(rel, ref.item_value[{i, a}], ref.item_value[{i, b}]);
                        } else {
                            if (in_a) ++expect[slot].base_only;
                            if (in_b) ++expect[slot].current_only;
                        }
                    }
                }
                for (std::uint32_t slot = 0; slot < 4; ++slot) {
                    const BilateralSums& got = m->sums(slot, a, b);
                    EXPECT_EQ(got.matched, expect[slot].matched) << slot << a << b;
                    EXPECT_EQ(got.base_only, expect[slot].base_only);
                    EXPECT_EQ(got.current_only, expect[slot].current_only);
                    for (const auto f : {IndexFormula::kLaspeyres, IndexFormula::kPaasche, IndexFormula::kTornqvist}) {
                        EXPECT_NEAR(got.log_index(f), expect[slot].log_index(f), 1e-12) << slot << a << b;
                    }
                }
            }
        }
    }
}

TEST(EngineProperty, RowsSummedIntoShopCellsGiveTheSameIndex) {
    // The same pseudo-random sales, once as rows and once summed per (shop, item, period) into cells with their
    // total quantity and value (unit prices left empty): every bilateral sum must agree, for every formula.
    constexpr std::uint32_t kItems = 11;
    constexpr int kPeriods = 5;
    const std::vector<std::uint32_t> type_of_item{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
    std::uint64_t s = 777;
    auto rnd = [&](std::uint64_t n) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return (s >> 33) % n;
    };
    Rows rows;
    std::map<std::tuple<int, std::uint32_t, std::uint32_t>, std::pair<std::int64_t, std::int64_t>> cells;
    for (int r = 0; r < 3000; ++r) {
        const auto item = static_cast<std::uint32_t>(rnd(kItems));
        const int period = 200 + static_cast<int>(rnd(kPeriods));
        const auto shop = static_cast<std::uint32_t>(rnd(9));
        const auto q = static_cast<std::int64_t>(1 + rnd(20));
        const auto p = static_cast<std::int64_t>(500 + item * 37 + rnd(90) + (period - 200) * 11);
        rows.add(period, item, shop, q, p);
        auto& c = cells[{period, item, shop}];
        c.first += q;
        c.second += q * p;
    }
    std::vector<PeriodKey> period;
    std::vector<std::uint32_t> item, shop;
    std::vector<std::int64_t> quantity, value;
    for (const auto& [key, c] : cells) {
        period.push_back(std::get<0>(key));
        item.push_back(std::get<1>(key));
        shop.push_back(std::get<2>(key));
        quantity.push_back(c.first);
        value.push_back(c.second);
    }
    ASSERT_LT(period.size(), rows.period.size() / 4);  // the cells are fewer than the rows
    const TransactionColumns summed{period, item, shop, quantity, {}, value};
    for (const auto formula : {ElementaryFormula::kJevons, ElementaryFormula::kDutot, ElementaryFormula::kCarli,
                               ElementaryFormula::kUnitValue}) {
        LinkOptions o;
        o.first_period = 200;
        o.n_periods = kPeriods;
        o.n_items = kItems;
        o.max_lag = kPeriods - 1;
        o.elementary = formula;
        o.groupings = {Grouping{type_of_item, 2}};
        auto by_rows = build_link_matrix(rows.columns(), o);
        auto by_cells = build_link_matrix(summed, o);
        ASSERT_TRUE(by_rows && by_cells);
        for (std::uint32_t slot = 0; slot < 3; ++slot) {
            for (int a = 0; a < kPeriods; ++a) {
                for (int b = a + 1; b < kPeriods; ++b) {
                    const BilateralSums& x = by_rows->sums(slot, a, b);
                    const BilateralSums& y = by_cells->sums(slot, a, b);
                    EXPECT_EQ(x.matched, y.matched);
                    for (const auto f : {IndexFormula::kLaspeyres, IndexFormula::kPaasche, IndexFormula::kTornqvist}) {
                        EXPECT_NEAR(x.log_index(f), y.log_index(f), 1e-12) << slot << a << b;
                    }
                }
            }
        }
    }
    // A cell with no value is refused, naming the column.
    value[0] = 0;
    LinkOptions o;
    o.first_period = 200;
    o.n_periods = kPeriods;
    o.n_items = kItems;
    o.max_lag = 1;
    auto refused = build_link_matrix(TransactionColumns{period, item, shop, quantity, {}, value}, o);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().field.find("value_fen"), std::string::npos);
}

}  // namespace
}  // namespace yandian::market
