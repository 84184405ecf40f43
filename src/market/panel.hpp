#pragma once
// The index engine: from columnar transactions (period, item, shop, quantity, unit price in fen) to the bilateral
// sums of every pair of periods (a, b) with 0 < b - a <= max_lag, for all items and for every group of every
// grouping (bearing type, size class, brand tier...). Chain links use lag 1; a GEKS window of W periods needs
// max_lag = W - 1. Each item (canonical bearing x brand tier) is an elementary aggregate:
//   kUnitValue: relative = unit value in b / unit value in a, unit value = sum(q p) / sum(q) over all shops;
//   kJevons/kDutot/kCarli: shop-level unit values matched across a and b (the same shop sold the item in both).
// Upper-level weights are the item's traded value (sum q p over all shops) in each of the two periods.
// New and vanished items: an item enters the pair (a, b) only when matched in both (matched-model); unmatched
// items are left out, which imputes their price change by the index of the matched items (implicit imputation,
// ILO/IMF CPI Manual 2004 ch. 7-8 on quality change and new products). Counted as current_only / base_only.
#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "market/bilateral.hpp"
#include "market/elementary.hpp"
#include "market/period.hpp"

namespace yandian::market {

// Columnar input; every span has one entry per transaction (or per pre-aggregated row).
struct TransactionColumns {
    std::span<const PeriodKey> period;
    std::span<const std::uint32_t> item;  // dense item id < n_items
    std::span<const std::uint32_t> shop;
    std::span<const std::int64_t> quantity;        // > 0
    std::span<const std::int64_t> unit_price_fen;  // > 0
    // Optional: rows that stand for several sales (monthly cells of one shop) give their summed value here, and
    // unit_price_fen may then be empty. The index is the same as over the sales themselves: every formula works on
    // the shop's value and quantity per item and period.
    std::span<const std::int64_t> value_fen = {};
};

// Treatment of items sold in only one of the two compared periods (new or vanished items).
enum class Imputation {
    // Left out of the comparison: their price change is implicitly imputed by the index of the matched items of
    // each aggregate (default; ILO/IMF CPI Manual, implicit or overall-mean imputation).
    kImplicit,
    // Explicit targeted imputation: the item is kept with the matched Tornqvist index of its own group in
    // LinkOptions::groupings[imputation_grouping] (e.g. its bearing type) as its relative, weighted by its value in
    // the period it was sold in (0 in the other). Falls back to kImplicit when that group has no matched item.
    kGroupMean,
};

// A grouping of items: group_of_item[item] < n_groups.
struct Grouping {
    std::span<const std::uint32_t> group_of_item;
    std::uint32_t n_groups = 0;
};

struct LinkOptions {
    PeriodKey first_period = 0;  // rows outside [first_period, first_period + n_periods) are skipped
    std::int32_t n_periods = 0;
    std::uint32_t n_items = 0;
    std::int32_t max_lag = 1;
    ElementaryFormula elementary = ElementaryFormula::kJevons;
    std::vector<Grouping> groupings;
    Imputation imputation = Imputation::kImplicit;
    std::size_t imputation_grouping = 0;  // index into groupings, for Imputation::kGroupMean
};

class LinkMatrix {
  public:
    static constexpr std::uint32_t kAllItems = 0;

    LinkMatrix(PeriodKey first_period, std::int32_t n_periods, std::int32_t max_lag,
               std::vector<std::uint32_t> offsets);

    [[nodiscard]] PeriodKey first_period() const { return first_period_; }
    [[nodiscard]] std::int32_t n_periods() const { return n_periods_; }
    [[nodiscard]] std::int32_t max_lag() const { return max_lag_; }
    [[nodiscard]] std::uint32_t n_slots() const { return offsets_.back(); }
    // Slot of group g of grouping k (k in the order given in LinkOptions::groupings); slot 0 is all items.
    [[nodiscard]] std::uint32_t slot(std::size_t grouping, std::uint32_t group) const {
        return offsets_[grouping] + group;
    }
    [[nodiscard]] std::size_t n_groupings() const { return offsets_.size() - 1; }
    [[nodiscard]] std::uint32_t n_groups(std::size_t grouping) const {
        return offsets_[grouping + 1] - offsets_[grouping];
    }
    // Sums for the pair (a, b) of period indices (0-based from first_period), requires 0 < b - a <= max_lag.
    [[nodiscard]] const BilateralSums& sums(std::uint32_t slot, std::int32_t a, std::int32_t b) const {
        return cells_[index(slot, a, b)];
    }
    BilateralSums& sums(std::uint32_t slot, std::int32_t a, std::int32_t b) { return cells_[index(slot, a, b)]; }
    // ln P(a, b) for any a, b within max_lag of each other: 0 when a == b, -ln P(b, a) when a > b (Fisher and
    // Tornqvist satisfy time reversal); NaN when undefined (no matched item or lag too large).
    [[nodiscard]] double log_index(std::uint32_t slot, std::int32_t a, std::int32_t b, IndexFormula formula) const;
    // Number of rows skipped because their period lay outside the range.
    std::uint64_t rows_outside_range = 0;

  private:
    [[nodiscard]] std::size_t index(std::uint32_t slot, std::int32_t a, std::int32_t b) const {
        return (static_cast<std::size_t>(slot) * static_cast<std::size_t>(n_periods_) + static_cast<std::size_t>(a)) *
                   static_cast<std::size_t>(max_lag_) +
               static_cast<std::size_t>(b - a - 1);
    }

    PeriodKey first_period_;
    std::int32_t n_periods_;
    std::int32_t max_lag_;
    std::vector<std::uint32_t> offsets_;  // offsets_[0] = 1 (slot 0 is all items); offsets_.back() = slot count
    std::vector<BilateralSums> cells_;
};

// Validates every row (the error names the row and the column) and builds the matrix. kUnitValue: one sequential
// pass accumulating a dense item x period table of value and quantity. Shop-level formulas: a second pass packs
// each row (16 bytes) into its item's run (counting sort by item), then each run is grouped by shop with a small
// hash table; a shop selling the item in a single period contributes no pair and costs one probe.
Result<LinkMatrix> build_link_matrix(const TransactionColumns& rows, const LinkOptions& options);

}  // namespace yandian::market
