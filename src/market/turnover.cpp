#include "market/turnover.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace yandian::market {
namespace {

std::uint64_t mix(std::uint64_t k) {
    // splitmix64 finaliser: spreads dense keys over the table.
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ULL;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebULL;
    k ^= k >> 31;
    return k;
}

constexpr std::int64_t kMaxQuantity = 1'000'000'000;
constexpr std::int64_t kMaxPriceFen = 1'000'000'000;

}  // namespace

TurnoverAggregator::TurnoverAggregator(std::uint32_t min_shops) : min_shops_(min_shops), slots_(64) {}

Result<TurnoverAggregator> TurnoverAggregator::create(std::uint32_t min_shops) {
    if (min_shops < 1 || min_shops > kMaxTrackedShops) {
        return fail(ErrorCode::kInvalidArgument, "min_shops must be 1.." + std::to_string(kMaxTrackedShops),
                    "min_shops");
    }
    return TurnoverAggregator(min_shops);
}

void TurnoverAggregator::grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
        if (!s.used) continue;
        std::size_t i = mix(s.key) & mask;
        while (slots_[i].used) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

TurnoverAggregator::Slot& TurnoverAggregator::find_or_insert(std::uint64_t key) {
    std::size_t mask = slots_.size() - 1;
    std::size_t i = mix(key) & mask;
    while (slots_[i].used) {
        if (slots_[i].key == key) return slots_[i];
        i = (i + 1) & mask;
    }
    if (2 * (used_ + 1) > slots_.size()) {
        grow();
        mask = slots_.size() - 1;
        i = mix(key) & mask;
        while (slots_[i].used) i = (i + 1) & mask;
    }
    slots_[i].used = true;
    slots_[i].key = key;
    ++used_;
    return slots_[i];
}

Result<std::vector<std::uint32_t>> distinct_shops_capped(std::span<const std::uint32_t> cell,
                                                         std::span<const std::uint32_t> shop, std::uint32_t n_cells,
                                                         std::uint32_t cap) {
    if (cell.size() != shop.size()) return fail(ErrorCode::kInvalidArgument, "cell and shop differ in length", "shop");
    if (cap == 0 || cap > TurnoverAggregator::kMaxTrackedShops) {
        return fail(ErrorCode::kInvalidArgument, "cap must be 1..16", "cap");
    }
    std::vector<std::uint32_t> count(n_cells, 0);
    std::vector<std::uint32_t> seen(static_cast<std::size_t>(n_cells) * cap);
    for (std::size_t r = 0; r < cell.size(); ++r) {
        const std::uint32_t c = cell[r];
        if (c >= n_cells) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("row {}: cell {} is not below {}", r, c, n_cells),
                        "cell");
        }
        std::uint32_t& n = count[c];
        if (n >= cap) continue;
        std::uint32_t* ids = &seen[static_cast<std::size_t>(c) * cap];
        bool known = false;
        for (std::uint32_t k = 0; k < n && !known; ++k) known = ids[k] == shop[r];
        if (!known) ids[n++] = shop[r];
    }
    return count;
}

Status TurnoverAggregator::add_cells(std::span<const std::uint64_t> key, std::span<const std::uint32_t> shop,
                                     std::span<const std::int64_t> quantity, std::span<const std::int64_t> value_fen,
                                     std::span<const std::int64_t> transactions) {
    const std::size_t n = key.size();
    if (shop.size() != n || quantity.size() != n || value_fen.size() != n || transactions.size() != n) {
        return fail(ErrorCode::kInvalidArgument, "turnover columns differ in length", "columns");
    }
    for (std::size_t r = 0; r < n; ++r) {
        if (quantity[r] <= 0 || value_fen[r] <= 0 || transactions[r] <= 0) {
            return fail(ErrorCode::kInvalidArgument,
                        "cell " + std::to_string(r) + ": quantity, value and transactions must be positive",
                        "cells[" + std::to_string(r) + "]");
        }
    }
    for (std::size_t r = 0; r < n; ++r) {
        Slot& s = find_or_insert(key[r]);
        s.value_fen += value_fen[r];
        s.quantity += quantity[r];
        s.transactions += static_cast<std::uint64_t>(transactions[r]);
        note_shop(s, shop[r]);
    }
    return {};
}

void TurnoverAggregator::note_shop(Slot& s, std::uint32_t shop) const {
    if (s.n_shops >= min_shops_) return;
    for (std::uint32_t k = 0; k < s.n_shops; ++k) {
        if (s.shops[k] == shop) return;
    }
    s.shops[s.n_shops++] = shop;
}

Status TurnoverAggregator::add(std::span<const std::uint64_t> key, std::span<const std::uint32_t> shop,
                               std::span<const std::int64_t> quantity, std::span<const std::int64_t> unit_price_fen) {
    const std::size_t n = key.size();
    if (shop.size() != n || quantity.size() != n || unit_price_fen.size() != n) {
        return fail(ErrorCode::kInvalidArgument, "turnover columns differ in length", "columns");
    }
    for (std::size_t r = 0; r < n; ++r) {
        if (quantity[r] <= 0 || quantity[r] > kMaxQuantity) {
            return fail(ErrorCode::kInvalidArgument, "row " + std::to_string(r) + ": quantity must be 1..10^9",
                        "quantity[" + std::to_string(r) + "]");
        }
        if (unit_price_fen[r] <= 0 || unit_price_fen[r] > kMaxPriceFen) {
            return fail(ErrorCode::kInvalidArgument, "row " + std::to_string(r) + ": unit price must be 1..10^9 fen",
                        "unit_price_fen[" + std::to_string(r) + "]");
        }
    }
    for (std::size_t r = 0; r < n; ++r) {
        Slot& s = find_or_insert(key[r]);
        s.value_fen += quantity[r] * unit_price_fen[r];
        s.quantity += quantity[r];
        ++s.transactions;
        note_shop(s, shop[r]);
    }
    return {};
}

void TurnoverAggregator::merge(const TurnoverAggregator& other) {
    for (const Slot& o : other.slots_) {
        if (!o.used) continue;
        Slot& s = find_or_insert(o.key);
        s.value_fen += o.value_fen;
        s.quantity += o.quantity;
        s.transactions += o.transactions;
        for (std::uint32_t k = 0; k < o.n_shops; ++k) note_shop(s, o.shops[k]);
    }
}

std::vector<TurnoverCell> TurnoverAggregator::cells() const {
    std::vector<TurnoverCell> out;
    out.reserve(used_);
    for (const Slot& s : slots_) {
        if (!s.used) continue;
        TurnoverCell c;
        c.key = s.key;
        c.shops_at_least = s.n_shops;
        c.suppressed = s.n_shops < min_shops_;
        if (!c.suppressed) {
            c.value_fen = s.value_fen;
            c.quantity = s.quantity;
            c.transactions = s.transactions;
        }
        out.push_back(c);
    }
    std::sort(out.begin(), out.end(), [](const TurnoverCell& a, const TurnoverCell& b) { return a.key < b.key; });
    return out;
}

}  // namespace yandian::market
