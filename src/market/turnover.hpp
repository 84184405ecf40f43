#pragma once
// Turnover and volume by arbitrary integer keys (bearing type x month, brand tier x region x week, ...), fed in
// batches so a storage layer can stream rows through it, with disclosure control: a cell built from fewer than
// min_shops distinct shops is suppressed (value, quantity and count withheld), so no published figure reveals one
// shop's sales (the platform's rule: aggregates over at least 5 shops).
// Distinct shops are tracked per cell only up to min_shops (a small inline set): the count that decides
// suppression is exact, and larger counts are reported as "at least min_shops". Two aggregators built from
// disjoint parts of the data merge into the aggregator of the whole.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"

namespace yandian::market {

// Packs two 32-bit key parts into one key (e.g. type id and period key).
constexpr std::uint64_t make_key(std::uint32_t high, std::uint32_t low) {
    return (static_cast<std::uint64_t>(high) << 32) | low;
}
constexpr std::uint32_t key_high(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32); }
constexpr std::uint32_t key_low(std::uint64_t key) { return static_cast<std::uint32_t>(key); }

struct TurnoverCell {
    std::uint64_t key = 0;
    std::int64_t value_fen = 0;        // sum quantity x unit price; 0 when suppressed
    std::int64_t quantity = 0;         // 0 when suppressed
    std::uint64_t transactions = 0;    // 0 when suppressed
    std::uint32_t shops_at_least = 0;  // distinct shops, capped at min_shops
    bool suppressed = false;
};

// Distinct shops per cell for dense cell numbers 0..n_cells-1, counted up to `cap` (the disclosure threshold):
// the same capped count TurnoverAggregator reports as shops_at_least, without sums and without hashing, for
// callers that only need the disclosure decision. cell and shop have equal lengths; a cell >= n_cells is an error.
Result<std::vector<std::uint32_t>> distinct_shops_capped(std::span<const std::uint32_t> cell,
                                                         std::span<const std::uint32_t> shop, std::uint32_t n_cells,
                                                         std::uint32_t cap);

class TurnoverAggregator {
  public:
    static constexpr std::uint32_t kMaxTrackedShops = 16;

    // min_shops in 1..kMaxTrackedShops; 5 by the platform's rule.
    static Result<TurnoverAggregator> create(std::uint32_t min_shops = 5);

    // Adds a batch of rows; all spans of equal length. The error names the first bad row of the batch (counted from
    // the start of the batch); rows of a rejected batch are not added.
    Status add(std::span<const std::uint64_t> key, std::span<const std::uint32_t> shop,
               std::span<const std::int64_t> quantity, std::span<const std::int64_t> unit_price_fen);

    // Adds pre-summed cells (each one shop's sales under one key: summed quantity, value and transaction count);
    // the cells cost what rows would, with the same result as adding the sales they sum.
    Status add_cells(std::span<const std::uint64_t> key, std::span<const std::uint32_t> shop,
                     std::span<const std::int64_t> quantity, std::span<const std::int64_t> value_fen,
                     std::span<const std::int64_t> transactions);

    void merge(const TurnoverAggregator& other);

    // Cells sorted by key, suppression applied.
    [[nodiscard]] std::vector<TurnoverCell> cells() const;
    [[nodiscard]] std::size_t size() const { return used_; }

  private:
    explicit TurnoverAggregator(std::uint32_t min_shops);
    struct Slot {
        std::uint64_t key = 0;
        std::int64_t value_fen = 0;
        std::int64_t quantity = 0;
        std::uint64_t transactions = 0;
        std::uint32_t n_shops = 0;
        bool used = false;
        std::array<std::uint32_t, kMaxTrackedShops> shops{};
    };
    Slot& find_or_insert(std::uint64_t key);
    void note_shop(Slot& s, std::uint32_t shop) const;
    void grow();

    std::uint32_t min_shops_;
    std::vector<Slot> slots_;  // open addressing, linear probing, power-of-two capacity
    std::size_t used_ = 0;
};

}  // namespace yandian::market
