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
constexpr std::uint32_t kNone = 0xFFFFFFFFu;     // end of a row list; also the one shop id that is not accepted
constexpr std::uint64_t kMaxCells = 64'000'000;  // dense item x period table: 16 bytes a cell, about 1 GB

std::string row_field(const char* column, std::size_t row) {
    return std::string(column) + "[" + std::to_string(row) + "]";
}

// Per-item accumulator of the elementary index for one pair of periods.
struct ElementaryAcc {
    double a = 0.0;  // Jevons: sum ln(p1/p0); Dutot: sum p0; Carli: sum p1/p0
    double b = 0.0;  // Dutot: sum p1
    std::uint32_t n = 0;
};

Status validate(const TransactionColumns& rows, const LinkOptions& o) {
    const std::size_t n = rows.period.size();
    const bool by_value = !rows.value_fen.empty();
    if (rows.item.size() != n || rows.shop.size() != n || rows.quantity.size() != n ||
        (by_value ? rows.value_fen.size() : rows.unit_price_fen.size()) != n) {
        return fail(ErrorCode::kInvalidArgument, "transaction columns differ in length", "columns");
    }
    if (o.n_periods <= 0) return fail(ErrorCode::kInvalidArgument, "need at least one period", "n_periods");
    if (o.max_lag < 1) return fail(ErrorCode::kInvalidArgument, "max_lag must be at least 1", "max_lag");
    if (o.n_items == 0) return fail(ErrorCode::kInvalidArgument, "need at least one item", "n_items");
    if (n >= kNone) return fail(ErrorCode::kInvalidArgument, "more than 4294967294 rows in one call", "columns");
    if (static_cast<std::uint64_t>(o.n_items) * static_cast<std::uint64_t>(o.n_periods) > kMaxCells) {
        return fail(ErrorCode::kInvalidArgument,
                    "items x periods above " + std::to_string(kMaxCells) + ": split the request by period range",
                    "n_periods");
    }
    if (o.imputation == Imputation::kGroupMean && o.imputation_grouping >= o.groupings.size()) {
        return fail(ErrorCode::kInvalidArgument, "group-mean imputation needs a grouping to take the mean over",
                    "imputation_grouping");
    }
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

namespace {

// An unmatched item kept for explicit imputation once all matched items are in.
struct Pending {
    std::uint32_t item;
    std::uint32_t a;
    std::uint32_t b;
    double value_a;
    double value_b;
};

// Adds the item's relatives for every pair of periods to the sums of all items and of the item's groups.
// value/units: the item's traded value and quantity per period; acc: per-pair elementary accumulators (shop modes).
void add_item_pairs(LinkMatrix& matrix, const LinkOptions& o, std::uint32_t item,
                    std::span<const std::uint32_t> item_slots, const double* value, const double* units,
                    const ElementaryAcc* acc, std::vector<Pending>& pending) {
    const auto periods = static_cast<std::uint32_t>(o.n_periods);
    const auto max_lag = static_cast<std::uint32_t>(o.max_lag);
    for (std::uint32_t a = 0; a < periods; ++a) {
        const bool in_a = value[a] > 0.0;
        for (std::uint32_t lag = 1; lag <= max_lag && a + lag < periods; ++lag) {
            const std::uint32_t b = a + lag;
            const bool in_b = value[b] > 0.0;
            if (!in_a && !in_b) continue;
            double relative = 0.0;
            bool matched = false;
            if (in_a && in_b) {
                if (acc == nullptr) {
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
            if (!matched && o.imputation == Imputation::kGroupMean) {
                pending.push_back(Pending{item, a, b, in_a ? value[a] : 0.0, in_b ? value[b] : 0.0});
            }
        }
    }
}

// One row of an item's sales, packed into 16 bytes for the per-item pass.
struct ItemRow {
    std::uint32_t shop;
    std::uint32_t period;  // index from first_period
    double quantity;
    double value_fen;
};

// A shop's sales of the item in one period, merged (unit value = value / quantity).
struct ShopPeriod {
    std::uint32_t period;
    double value;
    double quantity;
};

// Open-addressing table entry: shop + 1 (0 = empty) and the head of the shop's row list.
struct ShopHead {
    std::uint32_t shop_plus_one;
    std::uint32_t head;
};

// Explicit group-mean imputation: every pending item gets the matched Tornqvist index of its group (computed
// before any imputed item is added, so the order of items does not matter) and is added to all its slots.
void impute(LinkMatrix& matrix, const LinkOptions& o, const std::vector<Pending>& pending) {
    if (pending.empty()) return;
    const Grouping& by = o.groupings[o.imputation_grouping];
    std::vector<double> ln_rel(pending.size());
    for (std::size_t k = 0; k < pending.size(); ++k) {
        const Pending& p = pending[k];
        const std::uint32_t slot = matrix.slot(o.imputation_grouping, by.group_of_item[p.item]);
        ln_rel[k] = matrix.sums(slot, static_cast<std::int32_t>(p.a), static_cast<std::int32_t>(p.b))
                        .log_index(IndexFormula::kTornqvist);
    }
    for (std::size_t k = 0; k < pending.size(); ++k) {
        if (std::isnan(ln_rel[k])) continue;  // no matched item in the group: stays implicitly imputed
        const Pending& p = pending[k];
        const double relative = std::exp(ln_rel[k]);
        auto add_to = [&](std::uint32_t slot) {
            matrix.sums(slot, static_cast<std::int32_t>(p.a), static_cast<std::int32_t>(p.b))
                .add_imputed(relative, p.value_a, p.value_b);
        };
        add_to(LinkMatrix::kAllItems);
        for (std::size_t g = 0; g < o.groupings.size(); ++g)
            add_to(matrix.slot(g, o.groupings[g].group_of_item[p.item]));
    }
}

}  // namespace

Result<LinkMatrix> build_link_matrix(const TransactionColumns& rows, const LinkOptions& o) {
    if (auto s = validate(rows, o); !s) return tl::unexpected(s.error());
    const std::size_t n = rows.period.size();
    const auto periods = static_cast<std::uint32_t>(o.n_periods);
    const auto max_lag = static_cast<std::uint32_t>(o.max_lag);
    const bool by_shop = o.elementary != ElementaryFormula::kUnitValue;
    const bool by_value = !rows.value_fen.empty();

    std::vector<std::uint32_t> offsets{1};
    for (const auto& g : o.groupings) offsets.push_back(offsets.back() + g.n_groups);
    LinkMatrix matrix(o.first_period, o.n_periods, o.max_lag, offsets);

    // Pass 1 (sequential over the columns): validate every row; for unit values accumulate the dense
    // item x period value and quantity directly, for shop-level formulas count rows per item.
    std::vector<double> value(static_cast<std::size_t>(o.n_items) * periods, 0.0);
    std::vector<double> units(static_cast<std::size_t>(o.n_items) * periods, 0.0);
    std::vector<std::uint32_t> start(by_shop ? static_cast<std::size_t>(o.n_items) + 1 : 0, 0);
    std::uint64_t outside = 0;
    for (std::size_t r = 0; r < n; ++r) {
        const std::uint32_t item = rows.item[r];
        const std::int64_t q = rows.quantity[r];
        // A cell (value given) may sum many sales: its quantity and value are bounded by the sums, not the row.
        const std::int64_t q_max = by_value ? kMaxQuantity * 1000 : kMaxQuantity;
        const std::int64_t price = by_value ? 1 : rows.unit_price_fen[r];
        const std::int64_t v = by_value ? rows.value_fen[r] : 1;
        if (item >= o.n_items || q <= 0 || q > q_max || price <= 0 || price > kMaxPriceFen || v <= 0) {
            const std::string at = "row " + std::to_string(r) + ": ";
            if (item >= o.n_items) {
                return fail(ErrorCode::kInvalidArgument,
                            at + "item " + std::to_string(item) + " is not below " + std::to_string(o.n_items),
                            row_field("item", r));
            }
            if (q <= 0 || q > q_max) {
                return fail(ErrorCode::kInvalidArgument, at + "quantity must be 1.." + std::to_string(q_max),
                            row_field("quantity", r));
            }
            if (v <= 0)
                return fail(ErrorCode::kInvalidArgument, at + "value must be positive", row_field("value_fen", r));
            return fail(ErrorCode::kInvalidArgument,
                        at + "unit price must be 1.." + std::to_string(kMaxPriceFen) + " fen",
                        row_field("unit_price_fen", r));
        }
        if (by_shop && rows.shop[r] == kNone) {
            return fail(ErrorCode::kInvalidArgument, "row " + std::to_string(r) + ": shop id 4294967295 is reserved",
                        row_field("shop", r));
        }
        const auto p = static_cast<std::int64_t>(rows.period[r]) - o.first_period;
        if (p < 0 || p >= o.n_periods) {
            ++outside;
            continue;
        }
        const std::size_t cell = static_cast<std::size_t>(item) * periods + static_cast<std::size_t>(p);
        value[cell] += by_value ? static_cast<double>(v) : static_cast<double>(q * price);
        units[cell] += static_cast<double>(q);
        if (by_shop) ++start[item + 1];
    }
    matrix.rows_outside_range = outside;

    std::vector<std::uint32_t> item_slots(1 + o.groupings.size());
    std::vector<Pending> pending;
    auto slots_of = [&](std::uint32_t item) {
        item_slots[0] = LinkMatrix::kAllItems;
        for (std::size_t k = 0; k < o.groupings.size(); ++k) {
            item_slots[k + 1] = matrix.slot(k, o.groupings[k].group_of_item[item]);
        }
    };

    if (!by_shop) {
        for (std::uint32_t item = 0; item < o.n_items; ++item) {
            slots_of(item);
            const std::size_t base = static_cast<std::size_t>(item) * periods;
            add_item_pairs(matrix, o, item, item_slots, value.data() + base, units.data() + base, nullptr, pending);
        }
        impute(matrix, o, pending);
        return matrix;
    }

    // Pass 2 (sequential reads, writes into one run per item): pack each row into its item's run.
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    std::vector<ItemRow> packed(start.back());
    {
        std::vector<std::uint32_t> cursor(start.begin(), start.end() - 1);
        for (std::size_t r = 0; r < n; ++r) {
            const auto p = static_cast<std::int64_t>(rows.period[r]) - o.first_period;
            if (p < 0 || p >= o.n_periods) continue;
            const auto q = static_cast<double>(rows.quantity[r]);
            packed[cursor[rows.item[r]]++] = ItemRow{
                rows.shop[r], static_cast<std::uint32_t>(p), q,
                by_value ? static_cast<double>(rows.value_fen[r]) : q * static_cast<double>(rows.unit_price_fen[r])};
        }
    }

    // Pass 3: one item at a time over its own contiguous run. Rows are grouped by shop with a small hash table
    // (linked lists through `next`); a shop that sold the item in one period only contributes no pair.
    std::vector<ElementaryAcc> acc(static_cast<std::size_t>(periods) * max_lag);
    std::vector<ShopHead> table;
    std::vector<std::uint32_t> next;
    std::vector<std::uint32_t> used;
    std::vector<ShopPeriod> sp;
    for (std::uint32_t item = 0; item < o.n_items; ++item) {
        const std::uint32_t begin = start[item];
        const std::uint32_t len = start[item + 1] - begin;
        if (len == 0) continue;
        slots_of(item);
        std::fill(acc.begin(), acc.end(), ElementaryAcc{});
        const ItemRow* run = packed.data() + begin;
        std::uint32_t bits = 4;
        while ((1u << bits) < 2 * len) ++bits;
        const std::uint32_t mask = (1u << bits) - 1;
        table.assign(static_cast<std::size_t>(mask) + 1, ShopHead{0, kNone});
        next.resize(len);
        used.clear();
        for (std::uint32_t j = 0; j < len; ++j) {
            const std::uint32_t shop = run[j].shop;
            std::uint32_t h = (shop * 0x9E3779B1u) >> (32 - bits);
            while (table[h].shop_plus_one != 0 && table[h].shop_plus_one != shop + 1) h = (h + 1) & mask;
            if (table[h].shop_plus_one == 0) {
                table[h].shop_plus_one = shop + 1;
                used.push_back(h);
            }
            next[j] = table[h].head;
            table[h].head = j;
        }
        for (const std::uint32_t h : used) {
            std::uint32_t j = table[h].head;
            if (next[j] == kNone) continue;  // one row: no pair of periods
            sp.clear();
            for (; j != kNone; j = next[j]) {
                const ItemRow& row = run[j];
                const double v = row.value_fen;
                bool merged = false;
                for (ShopPeriod& x : sp) {
                    if (x.period == row.period) {
                        x.value += v;
                        x.quantity += row.quantity;
                        merged = true;
                        break;
                    }
                }
                if (!merged) sp.push_back(ShopPeriod{row.period, v, row.quantity});
            }
            if (sp.size() < 2) continue;
            std::sort(sp.begin(), sp.end(),
                      [](const ShopPeriod& x, const ShopPeriod& y) { return x.period < y.period; });
            for (std::size_t x = 0; x + 1 < sp.size(); ++x) {
                const std::uint32_t pa = sp[x].period;
                const double ua = sp[x].value / sp[x].quantity;
                for (std::size_t y = x + 1; y < sp.size(); ++y) {
                    const std::uint32_t pb = sp[y].period;
                    if (pb - pa > max_lag) break;
                    const double ub = sp[y].value / sp[y].quantity;
                    ElementaryAcc& ea = acc[static_cast<std::size_t>(pa) * max_lag + (pb - pa - 1)];
                    switch (o.elementary) {
                        case ElementaryFormula::kJevons:
                            ea.a += std::log(ub / ua);
                            break;
                        case ElementaryFormula::kDutot:
                            ea.a += ua;
                            ea.b += ub;
                            break;
                        case ElementaryFormula::kCarli:
                            ea.a += ub / ua;
                            break;
                        case ElementaryFormula::kUnitValue:
                            break;
                    }
                    ++ea.n;
                }
            }
        }
        const std::size_t base = static_cast<std::size_t>(item) * periods;
        add_item_pairs(matrix, o, item, item_slots, value.data() + base, units.data() + base, acc.data(), pending);
    }
    impute(matrix, o, pending);
    return matrix;
}

}  // namespace yandian::market
