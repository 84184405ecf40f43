#include "market/panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace yandian::market {
namespace {

// Bounds that keep quantity x price within int64 (10^9 x 10^9 = 10^18 < 9.2 x 10^18).
constexpr std::int64_t kMaxQuantity = 1'000'000'000;
constexpr std::int64_t kMaxPriceFen = 1'000'000'000;

std::string row_field(const char* column, std::size_t row) { return std::string(column) + "[" + std::to_string(row) + "]"; }

// One shop's aggregated sales of the item in one period.
struct ShopCell {
    std::uint64_t key;  // shop * n_periods + period index
    std::int64_t value_fen;
    std::int64_t quantity;
};

// Per-item accumulator of the elementary index for one pair of periods.
struct ElementaryAcc {
    double a = 0.0;  // Jevons: sum ln(p1/p0); Dutot: sum p0; Carli: sum p1/p0
    double b = 0.0;  // Dutot: sum p1
    std::uint32_t n = 0;
};

Status validate(const TransactionColumns& rows, const LinkOptions& o) {
    const std::size_t n = rows.period.size();
    if (rows.item.size() != n || rows.shop.size() != n || rows.quantity.size() != n || rows.unit_price_fen.size() != n) {
        return fail(ErrorCode::kInvalidArgument, "transaction columns differ in length", "columns");
    }
    if (o.n_periods <= 0) return fail(ErrorCode::kInvalidArgument, "need at least one period", "n_periods");
    if (o.max_lag < 1) return fail(ErrorCode::kInvalidArgument, "max_lag must be at least 1", "max_lag");
    if (o.n_items == 0) return fail(ErrorCode::kInvalidArgument, "need at least one item", "n_items");
    for (std::size_t k = 0; k < o.groupings.size(); ++k) {
        const auto& g = o.groupings[k];
        if (g.group_of_item.size() != o.n_items) {
            return fail(ErrorCode::kInvalidArgument, "grouping " + std::to_string(k) + " must map every item",
                        "groupings[" + std::to_string(k) + "]");
        }
        for (std::size_t i = 0; i < g.group_of_item.size(); ++i) {
            if (g.group_of_item[i] >= g.n_groups) {
                return fail(ErrorCode::kInvalidArgument,
                            "grouping " + std::to_string(k) + " maps item " + std::to_string(i) + " to group " +
                                std::to_string(g.group_of_item[i]) + " of " + std::to_string(g.n_groups),
                            "groupings[" + std::to_string(k) + "]");
            }
        }
    }
    return {};
}

}  // namespace

LinkMatrix::LinkMatrix(PeriodKey first_period, std::int32_t n_periods, std::int32_t max_lag,
                       std::vector<std::uint32_t> offsets)
    : first_period_(first_period), n_periods_(n_periods), max_lag_(max_lag), offsets_(std::move(offsets)) {
    cells_.resize(static_cast<std::size_t>(offsets_.back()) * static_cast<std::size_t>(n_periods_) *
                  static_cast<std::size_t>(max_lag_));
}

double LinkMatrix::log_index(std::uint32_t slot, std::int32_t a, std::int32_t b, IndexFormula formula) const {
    if (a == b) return 0.0;
    const std::int32_t lo = std::min(a, b);
    const std::int32_t hi = std::max(a, b);
    if (lo < 0 || hi >= n_periods_ || hi - lo > max_lag_ || slot >= n_slots()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const double l = sums(slot, lo, hi).log_index(formula);
    return a < b ? l : -l;
}

Result<LinkMatrix> build_link_matrix(const TransactionColumns& rows, const LinkOptions& o) {
    if (auto s = validate(rows, o); !s) return tl::unexpected(s.error());
    const std::size_t n = rows.period.size();
    const auto periods = static_cast<std::uint32_t>(o.n_periods);
    const auto max_lag = static_cast<std::uint32_t>(o.max_lag);

    std::vector<std::uint32_t> offsets{1};
    for (const auto& g : o.groupings) offsets.push_back(offsets.back() + g.n_groups);
    LinkMatrix matrix(o.first_period, o.n_periods, o.max_lag, offsets);

    // Pass 1: validate rows and count rows per item (counting sort by item).
    std::vector<std::uint32_t> start(static_cast<std::size_t>(o.n_items) + 1, 0);
    std::uint64_t outside = 0;
    for (std::size_t r = 0; r < n; ++r) {
        if (rows.item[r] >= o.n_items) {
            return fail(ErrorCode::kInvalidArgument,
                        "row " + std::to_string(r) + ": item " + std::to_string(rows.item[r]) + " is not below " +
                            std::to_string(o.n_items),
                        row_field("item", r));
        }
        if (rows.quantity[r] <= 0) {
            return fail(ErrorCode::kInvalidArgument, "row " + std::to_string(r) + ": quantity must be positive",
                        row_field("quantity", r));
        }
        if (rows.quantity[r] > kMaxQuantity) {
            return fail(ErrorCode::kInvalidArgument,
                        "row " + std::to_string(r) + ": quantity above " + std::to_string(kMaxQuantity),
                        row_field("quantity", r));
        }
        if (rows.unit_price_fen[r] > kMaxPriceFen) {
            return fail(ErrorCode::kInvalidArgument,
                        "row " + std::to_string(r) + ": unit price above " + std::to_string(kMaxPriceFen) + " fen",
                        row_field("unit_price_fen", r));
        }
        if (rows.unit_price_fen[r] <= 0) {
            return fail(ErrorCode::kInvalidArgument, "row " + std::to_string(r) + ": unit price must be positive",
                        row_field("unit_price_fen", r));
        }
        const auto p = static_cast<std::int64_t>(rows.period[r]) - o.first_period;
        if (p < 0 || p >= o.n_periods) {
            ++outside;
            continue;
        }
        ++start[rows.item[r] + 1];
    }
    matrix.rows_outside_range = outside;
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    std::vector<std::uint32_t> order(start.back());
    {
        std::vector<std::uint32_t> cursor(start.begin(), start.end() - 1);
        for (std::size_t r = 0; r < n; ++r) {
            const auto p = static_cast<std::int64_t>(rows.period[r]) - o.first_period;
            if (p < 0 || p >= o.n_periods) continue;
            order[cursor[rows.item[r]]++] = static_cast<std::uint32_t>(r);
        }
    }

    // Pass 2: one item at a time.
    const bool by_shop = o.elementary != ElementaryFormula::kUnitValue;
    std::vector<double> value(periods);
    std::vector<double> units(periods);
    std::vector<ElementaryAcc> acc(static_cast<std::size_t>(periods) * max_lag);
    std::vector<ShopCell> cells;
    std::vector<std::uint32_t> item_slots(1 + o.groupings.size());

    for (std::uint32_t item = 0; item < o.n_items; ++item) {
        const std::uint32_t begin = start[item];
        const std::uint32_t end = start[item + 1];
        if (begin == end) continue;
        std::fill(value.begin(), value.end(), 0.0);
        std::fill(units.begin(), units.end(), 0.0);
        item_slots[0] = LinkMatrix::kAllItems;
        for (std::size_t k = 0; k < o.groupings.size(); ++k) {
            item_slots[k + 1] = matrix.slot(k, o.groupings[k].group_of_item[item]);
        }

        if (by_shop) cells.clear();
        for (std::uint32_t j = begin; j < end; ++j) {
            const std::uint32_t r = order[j];
            const auto p = static_cast<std::uint32_t>(rows.period[r] - o.first_period);
            const std::int64_t v = rows.quantity[r] * rows.unit_price_fen[r];
            value[p] += static_cast<double>(v);
            units[p] += static_cast<double>(rows.quantity[r]);
            if (by_shop) {
                cells.push_back(ShopCell{static_cast<std::uint64_t>(rows.shop[r]) * periods + p, v, rows.quantity[r]});
            }
        }

        if (by_shop) {
            std::fill(acc.begin(), acc.end(), ElementaryAcc{});
            std::sort(cells.begin(), cells.end(), [](const ShopCell& x, const ShopCell& y) { return x.key < y.key; });
            // Merge rows of the same shop and period into one unit value.
            std::size_t m = 0;
            for (std::size_t j = 0; j < cells.size(); ++j) {
                if (m > 0 && cells[m - 1].key == cells[j].key) {
                    cells[m - 1].value_fen += cells[j].value_fen;
                    cells[m - 1].quantity += cells[j].quantity;
                } else {
                    cells[m++] = cells[j];
                }
            }
            cells.resize(m);
            // Within each shop run (periods ascending), every pair of periods within max_lag is a matched quote.
            for (std::size_t j = 0; j < m;) {
                const std::uint64_t shop = cells[j].key / periods;
                std::size_t e = j;
                while (e < m && cells[e].key / periods == shop) ++e;
                for (std::size_t x = j; x < e; ++x) {
                    const auto pa = static_cast<std::uint32_t>(cells[x].key % periods);
                    const double ua = static_cast<double>(cells[x].value_fen) / static_cast<double>(cells[x].quantity);
                    for (std::size_t y = x + 1; y < e; ++y) {
                        const auto pb = static_cast<std::uint32_t>(cells[y].key % periods);
                        if (pb - pa > max_lag) break;
                        const double ub =
                            static_cast<double>(cells[y].value_fen) / static_cast<double>(cells[y].quantity);
                        ElementaryAcc& c = acc[static_cast<std::size_t>(pa) * max_lag + (pb - pa - 1)];
                        switch (o.elementary) {
                            case ElementaryFormula::kJevons:
                                c.a += std::log(ub / ua);
                                break;
                            case ElementaryFormula::kDutot:
                                c.a += ua;
                                c.b += ub;
                                break;
                            case ElementaryFormula::kCarli:
                                c.a += ub / ua;
                                break;
                            case ElementaryFormula::kUnitValue:
                                break;
                        }
                        ++c.n;
                    }
                }
                j = e;
            }
        }

        // Item relatives for every pair, added to the sums of all-items and of the item's groups.
        for (std::uint32_t a = 0; a < periods; ++a) {
            const bool in_a = value[a] > 0.0;
            for (std::uint32_t lag = 1; lag <= max_lag && a + lag < periods; ++lag) {
                const std::uint32_t b = a + lag;
                const bool in_b = value[b] > 0.0;
                if (!in_a && !in_b) continue;
                double relative = 0.0;
                bool matched = false;
                if (in_a && in_b) {
                    if (!by_shop) {
                        relative = (value[b] / units[b]) / (value[a] / units[a]);
                        matched = true;
                    } else {
                        const ElementaryAcc& c = acc[static_cast<std::size_t>(a) * max_lag + (lag - 1)];
                        if (c.n > 0) {
                            matched = true;
                            const double nn = static_cast<double>(c.n);
                            switch (o.elementary) {
                                case ElementaryFormula::kJevons:
                                    relative = std::exp(c.a / nn);
                                    break;
                                case ElementaryFormula::kDutot:
                                    relative = c.b / c.a;
                                    break;
                                case ElementaryFormula::kCarli:
                                    relative = c.a / nn;
                                    break;
                                case ElementaryFormula::kUnitValue:
                                    break;
                            }
                        }
                    }
                }
                for (const std::uint32_t s : item_slots) {
                    BilateralSums& sums = matrix.sums(s, static_cast<std::int32_t>(a), static_cast<std::int32_t>(b));
                    if (matched) {
                        sums.add(relative, value[a], value[b]);
                    } else {
                        if (in_a) ++sums.base_only;
                        if (in_b) ++sums.current_only;
                    }
                }
            }
        }
    }
    return matrix;
}

}  // namespace yandian::market
