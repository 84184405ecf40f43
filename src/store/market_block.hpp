#pragma once
// The storage format of market transactions: rows of one shop and one 30-day time bucket, stored as a block of
// columns (a row key column of fixed 8-byte values, then the other columns as LEB128 varints, times delta-encoded).
// Strings are dictionary ids (designation, brand and region tables of the store), so a row takes ~20 bytes and a
// scan decodes columns without touching a string. Pure: bytes in, columns out; a damaged block is an error that
// names the column and the byte, never a crash.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

// One transaction as stored: every string is an id in the store's dictionaries.
struct MarketRow {
    std::int64_t shop_org_id = 0;
    std::int64_t row_key = 0;       // identity of the row within its shop: a stored key is not inserted again
    std::int64_t time_ms = 0;       // UTC milliseconds
    std::uint32_t designation = 0;  // id in the designation dictionary (raw spelling and its normalisation)
    std::uint32_t raw_brand = 0;    // id in the brand dictionary: the brand as written
    std::uint32_t brand = 0;        // id in the brand dictionary: the brand counted (written, else implied)
    std::uint32_t region = 0;       // id in the region dictionary
    std::uint8_t channel = 0;       // 0 offline, 1 online, 2 export
    std::int64_t quantity = 0;
    std::int64_t unit_price_fen = 0;
};

// Columns of one block (or of the rows of one shop in a scan), index i = row i.
struct MarketColumns {
    std::vector<std::int64_t> row_key, time_ms, quantity, unit_price_fen;
    std::vector<std::uint32_t> designation, raw_brand, brand, region;
    std::vector<std::uint8_t> channel;

    [[nodiscard]] std::size_t size() const { return row_key.size(); }
    void clear();
    void reserve(std::size_t n);
    void push_back(const MarketRow& row);
    // Keeps the rows for which keep(i) is true, in order.
    template <class Keep>
    void retain(Keep keep);
};

// Monthly cells of one shop: the shop's rows summed by (month, designation, brand counted, region, channel), kept
// next to the row blocks so monthly statistics read a few cells instead of every row. Index i = cell i.
struct MarketCells {
    std::vector<std::int32_t> month;  // year * 12 + month - 1 (UTC)
    std::vector<std::uint32_t> designation, brand, region;
    std::vector<std::uint8_t> channel;
    std::vector<std::int64_t> quantity, value_fen, transactions;

    [[nodiscard]] std::size_t size() const { return month.size(); }
    void clear();
    // Keeps the cells for which keep(i) is true, in order.
    template <class Keep>
    void retain(Keep keep);
};

// Sums rows into cells (one cell per distinct month, designation, brand, region and channel), in first-seen order.
class MarketCellBuilder {
  public:
    void add(const MarketColumns& rows);
    [[nodiscard]] const MarketCells& cells() const { return cells_; }
    void clear();

  private:
    struct Slot {
        std::uint64_t a = 0, b = 0;
        std::uint32_t cell = UINT32_MAX;  // UINT32_MAX = empty
    };
    void grow();
    std::size_t find(std::uint64_t a, std::uint64_t b) const;
    MarketCells cells_;
    std::vector<Slot> slots_;
};

// UTC calendar month key (year * 12 + month - 1) of a time.
std::int32_t market_month_of(std::int64_t time_ms);

// The 30-day bucket a time falls in (row keys are unique per shop and bucket: the key hashes the time).
std::int64_t market_bucket_of(std::int64_t time_ms);

// Appends the encoded block of `columns` to `out`.
void encode_market_block(const MarketColumns& columns, std::string& out);
// Decodes a block into `columns` (replacing its content). Fails naming the column and byte offset when damaged.
Status decode_market_block(std::string_view bytes, MarketColumns& columns);
void encode_market_cells(const MarketCells& cells, std::string& out);
Status decode_market_cells(std::string_view bytes, MarketCells& cells);
// Decodes only the row keys (the first column), for duplicate checks.
Status decode_market_block_keys(std::string_view bytes, std::vector<std::int64_t>& keys);

template <class Keep>
void MarketColumns::retain(Keep keep) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < size(); ++r) {
        if (!keep(r)) continue;
        if (w != r) {
            row_key[w] = row_key[r];
            time_ms[w] = time_ms[r];
            quantity[w] = quantity[r];
            unit_price_fen[w] = unit_price_fen[r];
            designation[w] = designation[r];
            raw_brand[w] = raw_brand[r];
            brand[w] = brand[r];
            region[w] = region[r];
            channel[w] = channel[r];
        }
        ++w;
    }
    row_key.resize(w);
    time_ms.resize(w);
    quantity.resize(w);
    unit_price_fen.resize(w);
    designation.resize(w);
    raw_brand.resize(w);
    brand.resize(w);
    region.resize(w);
    channel.resize(w);
}

template <class Keep>
void MarketCells::retain(Keep keep) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < size(); ++r) {
        if (!keep(r)) continue;
        if (w != r) {
            month[w] = month[r];
            designation[w] = designation[r];
            brand[w] = brand[r];
            region[w] = region[r];
            channel[w] = channel[r];
            quantity[w] = quantity[r];
            value_fen[w] = value_fen[r];
            transactions[w] = transactions[r];
        }
        ++w;
    }
    month.resize(w);
    for (auto* v : {&designation, &brand, &region}) v->resize(w);
    channel.resize(w);
    for (auto* v : {&quantity, &value_fen, &transactions}) v->resize(w);
}

}  // namespace yandian::store
