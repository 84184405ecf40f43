#pragma once
// Row handling shared by the market store adapters (SQLite and PostgreSQL): how rows are grouped into blocks, and how
// a decoded row reads back as a transaction record. Pure; no SQL.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "store/market_block.hpp"
#include "store/market_store.hpp"

namespace yandian::store {

using MarketPartition = std::pair<std::int64_t, std::int64_t>;  // shop, 30-day bucket (market_bucket_of)

// The indices of `rows` grouped by partition, partitions ordered by shop then bucket, rows kept in their order.
std::vector<std::pair<MarketPartition, std::vector<std::size_t>>> group_by_partition(std::span<const MarketRow> rows);

// Row `i` of a decoded block of `shop` whose first row has id `first_id`, its strings from the dictionaries (an id the
// dictionaries lack reads as empty).
MarketTransactionRecord transaction_record(const MarketDictionaries& dictionaries, std::int64_t shop,
                                           std::int64_t first_id, const MarketColumns& columns, std::size_t i);

}  // namespace yandian::store
