#include "store/market_block.hpp"

#include <fmt/format.h>

#include <cstring>

#include "common/civil_date.hpp"

namespace yandian::store {

namespace {

constexpr std::uint8_t kFormat = 1;        // row blocks
constexpr std::uint8_t kCellFormat = 101;  // monthly cell blocks
constexpr std::uint64_t kMaxRows = 1u << 24;
constexpr std::int64_t kBucketMs = 30LL * 86'400'000LL;

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

class Reader {
  public:
    explicit Reader(std::string_view bytes)
        : p_(reinterpret_cast<const unsigned char*>(bytes.data())), begin_(p_), end_(p_ + bytes.size()) {}

    bool varint(std::uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ == end_) return false;
            const unsigned char b = *p_++;
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }
    bool fixed(std::size_t n, const unsigned char*& at) {
        if (static_cast<std::size_t>(end_ - p_) < n) return false;
        at = p_;
        p_ += n;
        return true;
    }
    std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }
    std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
    bool done() const { return p_ == end_; }

  private:
    const unsigned char* p_;
    const unsigned char* begin_;
    const unsigned char* end_;
};

Error damaged(std::string_view column, std::size_t offset) {
    return Error{ErrorCode::kInternal, fmt::format("market block damaged: column '{}' at byte {}", column, offset),
                 "payload"};
}

// The format byte and the count of a block; `min_bytes` per entry refuses a count the bytes cannot hold before
// anything is allocated for it.
Status read_header(Reader& in, std::uint8_t format_expected, std::string_view what, std::string_view count_name,
                   std::uint64_t min_bytes, std::uint64_t& n) {
    const unsigned char* format = nullptr;
    if (!in.fixed(1, format)) return tl::unexpected(damaged("format", 0));
    if (*format != format_expected) {
        return fail(
            ErrorCode::kInternal,
            fmt::format("{} format {} is not known (expected {})", what, static_cast<int>(*format), format_expected),
            "payload");
    }
    if (!in.varint(n) || n > kMaxRows || n * min_bytes > in.remaining()) {
        return tl::unexpected(damaged(count_name, in.offset()));
    }
    return {};
}

// A row takes at least 16 bytes (8 of key, 1 of time, 4 ids, 1 channel, 2 numbers).
Status read_header(Reader& in, std::uint64_t& n) { return read_header(in, kFormat, "market block", "rows", 16, n); }

// The channel column: one byte per entry, 0..2.
Status read_channels(Reader& in, std::uint64_t n, std::vector<std::uint8_t>& out) {
    const unsigned char* channels = nullptr;
    if (!in.fixed(n, channels)) return tl::unexpected(damaged("channel", in.offset()));
    out.assign(channels, channels + n);
    for (std::uint64_t i = 0; i < n; ++i) {
        if (out[i] > 2) return tl::unexpected(damaged("channel", in.offset() - n + i));
    }
    return {};
}

Status read_keys(Reader& in, std::uint64_t n, std::vector<std::int64_t>& keys) {
    const unsigned char* at = nullptr;
    if (!in.fixed(n * 8, at)) return tl::unexpected(damaged("row_key", in.offset()));
    keys.resize(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t v = 0;
        for (int b = 7; b >= 0; --b) v = (v << 8) | at[i * 8 + static_cast<std::uint64_t>(b)];
        keys[i] = static_cast<std::int64_t>(v);
    }
    return {};
}

template <class T>
Status read_column(Reader& in, std::uint64_t n, std::string_view name, std::vector<T>& out, std::uint64_t max) {
    out.resize(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t v = 0;
        if (!in.varint(v) || v > max) return tl::unexpected(damaged(name, in.offset()));
        out[i] = static_cast<T>(v);
    }
    return {};
}

}  // namespace

void MarketCells::clear() {
    month.clear();
    for (auto* v : {&designation, &brand, &region}) v->clear();
    channel.clear();
    for (auto* v : {&quantity, &value_fen, &transactions}) v->clear();
}

std::int32_t market_month_of(std::int64_t time_ms) {
    constexpr std::int64_t kDayMs = 86'400'000;
    const CivilDate c = civil_from_days(time_ms / kDayMs - ((time_ms % kDayMs != 0) && (time_ms < 0)));
    return c.year * 12 + c.month - 1;
}

void MarketCellBuilder::clear() {
    cells_.clear();
    slots_.clear();
}

std::size_t MarketCellBuilder::find(std::uint64_t a, std::uint64_t b) const {
    std::uint64_t h = (a ^ (b * 0x9e3779b97f4a7c15ULL)) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
    std::size_t i = static_cast<std::size_t>(h) & (slots_.size() - 1);
    while (slots_[i].cell != UINT32_MAX && (slots_[i].a != a || slots_[i].b != b)) i = (i + 1) & (slots_.size() - 1);
    return i;
}

void MarketCellBuilder::grow() {
    std::vector<Slot> old(std::max<std::size_t>(256, slots_.size() * 2));
    old.swap(slots_);
    for (const Slot& x : old) {
        if (x.cell != UINT32_MAX) slots_[find(x.a, x.b)] = x;
    }
}

void MarketCellBuilder::add(const MarketColumns& rows) {
    std::int32_t month = 0;
    std::int64_t month_day = INT64_MIN;  // rows of one day share a month: convert once per day
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::int64_t t = rows.time_ms[r];
        const std::int64_t day = t / 86'400'000 - ((t % 86'400'000 != 0) && t < 0);
        if (day != month_day) {
            month = market_month_of(t);
            month_day = day;
        }
        // Dictionary ids stay below 2^30 (the store refuses more), so region and channel share one word.
        const std::uint64_t a = (std::uint64_t{rows.designation[r]} << 32) | rows.brand[r];
        const std::uint64_t b = (std::uint64_t{static_cast<std::uint32_t>(month)} << 32) |
                                (std::uint64_t{rows.region[r]} << 2) | rows.channel[r];
        if ((cells_.size() + 1) * 2 > slots_.size()) grow();
        Slot& slot = slots_[find(a, b)];
        if (slot.cell == UINT32_MAX) {
            slot = Slot{a, b, static_cast<std::uint32_t>(cells_.size())};
            cells_.month.push_back(month);
            cells_.designation.push_back(rows.designation[r]);
            cells_.brand.push_back(rows.brand[r]);
            cells_.region.push_back(rows.region[r]);
            cells_.channel.push_back(rows.channel[r]);
            cells_.quantity.push_back(0);
            cells_.value_fen.push_back(0);
            cells_.transactions.push_back(0);
        }
        cells_.quantity[slot.cell] += rows.quantity[r];
        cells_.value_fen[slot.cell] += rows.quantity[r] * rows.unit_price_fen[r];
        cells_.transactions[slot.cell] += 1;
    }
}

void encode_market_cells(const MarketCells& c, std::string& out) {
    const std::size_t n = c.size();
    out.push_back(static_cast<char>(kCellFormat));
    put_varint(out, n);
    std::int64_t previous = 0;
    for (std::int32_t m : c.month) {
        put_varint(out, zigzag(static_cast<std::int64_t>(m) - previous));
        previous = m;
    }
    for (const auto* column : {&c.designation, &c.brand, &c.region}) {
        for (std::uint32_t v : *column) put_varint(out, v);
    }
    out.append(reinterpret_cast<const char*>(c.channel.data()), n);
    for (const auto* column : {&c.quantity, &c.value_fen, &c.transactions}) {
        for (std::int64_t v : *column) put_varint(out, static_cast<std::uint64_t>(v));
    }
}

Status decode_market_cells(std::string_view bytes, MarketCells& c) {
    Reader in(bytes);
    std::uint64_t n = 0;
    // A cell takes at least 8 bytes (month, 3 ids, channel, 3 numbers, one byte each).
    if (auto ok = read_header(in, kCellFormat, "market cell block", "cells", 8, n); !ok) return ok;
    c.month.resize(n);
    std::int64_t previous = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t v = 0;
        if (!in.varint(v)) return tl::unexpected(damaged("month", in.offset()));
        previous += unzigzag(v);
        if (previous < INT32_MIN || previous > INT32_MAX) return tl::unexpected(damaged("month", in.offset()));
        c.month[i] = static_cast<std::int32_t>(previous);
    }
    constexpr std::uint64_t kId = UINT32_MAX;
    if (auto ok = read_column(in, n, "designation", c.designation, kId); !ok) return ok;
    if (auto ok = read_column(in, n, "brand", c.brand, kId); !ok) return ok;
    if (auto ok = read_column(in, n, "region", c.region, kId); !ok) return ok;
    if (auto ok = read_channels(in, n, c.channel); !ok) return ok;
    constexpr auto kMax = static_cast<std::uint64_t>(INT64_MAX);
    if (auto ok = read_column(in, n, "quantity", c.quantity, kMax); !ok) return ok;
    if (auto ok = read_column(in, n, "value_fen", c.value_fen, kMax); !ok) return ok;
    if (auto ok = read_column(in, n, "transactions", c.transactions, kMax); !ok) return ok;
    if (!in.done()) return tl::unexpected(damaged("end", in.offset()));
    return {};
}

void MarketColumns::clear() {
    for (auto* v : {&row_key, &time_ms, &quantity, &unit_price_fen}) v->clear();
    for (auto* v : {&designation, &raw_brand, &brand, &region}) v->clear();
    channel.clear();
}

void MarketColumns::reserve(std::size_t n) {
    for (auto* v : {&row_key, &time_ms, &quantity, &unit_price_fen}) v->reserve(n);
    for (auto* v : {&designation, &raw_brand, &brand, &region}) v->reserve(n);
    channel.reserve(n);
}

void MarketColumns::push_back(const MarketRow& r) {
    row_key.push_back(r.row_key);
    time_ms.push_back(r.time_ms);
    quantity.push_back(r.quantity);
    unit_price_fen.push_back(r.unit_price_fen);
    designation.push_back(r.designation);
    raw_brand.push_back(r.raw_brand);
    brand.push_back(r.brand);
    region.push_back(r.region);
    channel.push_back(r.channel);
}

std::int64_t market_bucket_of(std::int64_t time_ms) {
    return time_ms / kBucketMs - ((time_ms % kBucketMs != 0) && (time_ms < 0));
}

void encode_market_block(const MarketColumns& c, std::string& out) {
    const std::size_t n = c.size();
    out.reserve(out.size() + 16 + n * 24);
    out.push_back(static_cast<char>(kFormat));
    put_varint(out, n);
    for (std::size_t i = 0; i < n; ++i) {
        auto v = static_cast<std::uint64_t>(c.row_key[i]);
        for (int b = 0; b < 8; ++b) out.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
    }
    std::int64_t previous = 0;
    for (std::size_t i = 0; i < n; ++i) {
        // Wrapping difference: any two int64 times round-trip through the zigzag of their modular difference.
        const auto delta =
            static_cast<std::int64_t>(static_cast<std::uint64_t>(c.time_ms[i]) - static_cast<std::uint64_t>(previous));
        put_varint(out, zigzag(delta));
        previous = c.time_ms[i];
    }
    for (const auto* column : {&c.designation, &c.raw_brand, &c.brand, &c.region}) {
        for (std::uint32_t v : *column) put_varint(out, v);
    }
    out.append(reinterpret_cast<const char*>(c.channel.data()), n);
    for (std::int64_t v : c.quantity) put_varint(out, static_cast<std::uint64_t>(v));
    for (std::int64_t v : c.unit_price_fen) put_varint(out, static_cast<std::uint64_t>(v));
}

Status decode_market_block(std::string_view bytes, MarketColumns& c) {
    Reader in(bytes);
    std::uint64_t n = 0;
    if (auto ok = read_header(in, n); !ok) return ok;
    if (auto ok = read_keys(in, n, c.row_key); !ok) return ok;
    c.time_ms.resize(n);
    std::uint64_t previous = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t v = 0;
        if (!in.varint(v)) return tl::unexpected(damaged("time_ms", in.offset()));
        previous += static_cast<std::uint64_t>(unzigzag(v));
        c.time_ms[i] = static_cast<std::int64_t>(previous);
    }
    constexpr std::uint64_t kId = UINT32_MAX;
    if (auto ok = read_column(in, n, "designation", c.designation, kId); !ok) return ok;
    if (auto ok = read_column(in, n, "raw_brand", c.raw_brand, kId); !ok) return ok;
    if (auto ok = read_column(in, n, "brand", c.brand, kId); !ok) return ok;
    if (auto ok = read_column(in, n, "region", c.region, kId); !ok) return ok;
    if (auto ok = read_channels(in, n, c.channel); !ok) return ok;
    constexpr auto kMax = static_cast<std::uint64_t>(INT64_MAX);
    if (auto ok = read_column(in, n, "quantity", c.quantity, kMax); !ok) return ok;
    if (auto ok = read_column(in, n, "unit_price_fen", c.unit_price_fen, kMax); !ok) return ok;
    if (!in.done()) return tl::unexpected(damaged("end", in.offset()));
    return {};
}

Status decode_market_block_keys(std::string_view bytes, std::vector<std::int64_t>& keys) {
    Reader in(bytes);
    std::uint64_t n = 0;
    if (auto ok = read_header(in, n); !ok) return ok;
    return read_keys(in, n, keys);
}

}  // namespace yandian::store
