#pragma once
// Test helper: columnar transaction rows built one at a time.
#include <cstdint>
#include <vector>

#include "market/panel.hpp"

namespace yandian::market::testing {

struct Rows {
    std::vector<PeriodKey> period;
    std::vector<std::uint32_t> item;
    std::vector<std::uint32_t> shop;
    std::vector<std::int64_t> quantity;
    std::vector<std::int64_t> price;

    void add(PeriodKey p, std::uint32_t i, std::uint32_t s, std::int64_t q, std::int64_t price_fen) {
        period.push_back(p);
        item.push_back(i);
        shop.push_back(s);
        quantity.push_back(q);
        price.push_back(price_fen);
    }
    [[nodiscard]] TransactionColumns columns() const { return TransactionColumns{period, item, shop, quantity, price}; }
};

}  // namespace yandian::market::testing
