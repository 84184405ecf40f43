// Writing market rows on PostgreSQL: duplicate row keys skipped as the SQLite store skips them, one block per shop
// and 30-day bucket, one cell block per shop, waiting counts and the revision, all in one transaction. Each kind of
// table row is written by one multi-row statement, not one statement per row.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "store/market_rows.hpp"
#include "store/postgres/market_stores.hpp"

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::size_t kMaxCachedKeys = 4'000'000;
// Table rows per multi-row INSERT: PostgreSQL takes at most 65,535 parameters a statement.
constexpr std::size_t kRowsPerStatement = 1'000;

// "{1,2,3}": an array parameter in PostgreSQL's text form.
template <class T>
std::string array_of(const std::vector<T>& values) {
    return fmt::format("{{{}}}", fmt::join(values, ","));
}

// One INSERT of many table rows: "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)".
Status insert_many(Connection& c, std::string_view head, std::size_t columns, const std::vector<Param>& params) {
    const std::size_t rows = params.size() / columns;
    for (std::size_t from = 0; from < rows; from += kRowsPerStatement) {
        const std::size_t to = std::min(rows, from + kRowsPerStatement);
        std::string sql(head);
        sql += " VALUES ";
        std::vector<Param> chunk(params.begin() + static_cast<std::ptrdiff_t>(from * columns),
                                 params.begin() + static_cast<std::ptrdiff_t>(to * columns));
        for (std::size_t r = 0; r < to - from; ++r) {
            sql += r == 0 ? "(" : ", (";
            for (std::size_t k = 0; k < columns; ++k)
                sql += fmt::format("{}${}", k == 0 ? "" : ", ", r * columns + k + 1);
            sql += ")";
        }
        auto done = c.query(sql, chunk);
        if (!done) return tl::unexpected(done.error());
    }
    return {};
}

}  // namespace

Status PgMarketStore::load_stored_keys(const std::vector<Partition>& partitions) {
    std::vector<std::int64_t> shops, buckets;
    for (const Partition& p : partitions) {
        if (keys_.contains(p)) continue;
        shops.push_back(p.first);
        buckets.push_back(p.second);
    }
    if (shops.empty()) return {};
    auto blocks = c_.query(
        "SELECT b.shop_org_id, b.bucket, b.payload FROM market_blocks b "
        "JOIN unnest($1::bigint[], $2::bigint[]) AS p (shop, bucket) ON b.shop_org_id = p.shop AND b.bucket = p.bucket",
        {array_of(shops), array_of(buckets)});
    if (!blocks) return tl::unexpected(blocks.error());
    std::map<Partition, std::vector<std::int64_t>> loaded;
    for (std::size_t i = 0; i < shops.size(); ++i) loaded[{shops[i], buckets[i]}];
    std::vector<std::int64_t> block;
    for (int i = 0; i < blocks->size(); ++i) {
        if (auto ok = decode_market_block_keys(blocks->bytes(i, 2), block); !ok) return ok;
        auto& keys = loaded[{blocks->int64(i, 0), blocks->int64(i, 1)}];
        keys.insert(keys.end(), block.begin(), block.end());
    }
    // No eviction here: the partitions of the call must stay until it is written (insert_rows bounds the cache).
    for (auto& [partition, keys] : loaded) {
        cached_keys_ += keys.size();
        keys_.emplace(partition, std::move(keys));
    }
    return {};
}

Result<std::int64_t> PgMarketStore::insert_rows(std::span<const MarketRow> rows) {
    Lock lock(c_.mutex());
    if (rows.empty()) return std::int64_t{0};
    const auto groups = group_by_partition(rows);
    const bool outer = c_.in_transaction();
    std::int64_t inserted = 0;
    std::int64_t last_block_id = -1;
    std::vector<std::pair<Partition, std::vector<std::int64_t>>> written_keys;
    auto done = atomically(c_, [&]() -> Status {
        auto n = insert_locked(rows, groups, written_keys, last_block_id);
        if (!n) return tl::unexpected(n.error());
        inserted = *n;
        return {};
    });
    if (!done || outer) {
        // Failed, or an enclosing transaction may still roll back: forget rather than remember keys that may not
        // stay (or that an uncommitted write of the caller put there).
        keys_.clear();
        cached_keys_ = 0;
        keys_block_id_ = -1;
        if (!done) return tl::unexpected(done.error());
        return inserted;
    }
    if (last_block_id >= 0) keys_block_id_ = last_block_id;
    for (auto& [partition, added] : written_keys) {
        auto it = keys_.find(partition);
        if (it == keys_.end()) continue;
        it->second.insert(it->second.end(), added.begin(), added.end());  // sorted at the next insert
        cached_keys_ += added.size();
    }
    if (cached_keys_ > kMaxCachedKeys) {
        keys_.clear();
        cached_keys_ = 0;
    }
    return inserted;
}

Result<std::int64_t> PgMarketStore::insert_locked(
    std::span<const MarketRow> rows, const std::vector<std::pair<Partition, std::vector<std::size_t>>>& groups,
    std::vector<std::pair<Partition, std::vector<std::int64_t>>>& written_keys, std::int64_t& last_block_id) {
    if (auto locked = lock_writers(); !locked) return tl::unexpected(locked.error());
    // After the lock (its own statement: a statement sees what was committed when it started).
    auto newest = c_.query(
        "SELECT (SELECT coalesce(max(id), 0) FROM market_blocks), "
        "coalesce((SELECT first_row_id + rows FROM market_blocks ORDER BY first_row_id DESC LIMIT 1), 1)");
    if (!newest) return tl::unexpected(newest.error());
    const std::int64_t newest_block = newest->int64(0, 0);
    std::int64_t next_row_id = newest->int64(0, 1);
    if (newest_block != keys_block_id_) {  // another connection wrote rows since: the cached keys may miss some
        keys_.clear();
        cached_keys_ = 0;
        keys_block_id_ = newest_block;
    }
    {
        std::vector<Partition> partitions;
        partitions.reserve(groups.size());
        for (const auto& g : groups) partitions.push_back(g.first);
        if (auto ok = load_stored_keys(partitions); !ok) return tl::unexpected(ok.error());
    }
    // Whether each designation of the call waits for review (read once, for all).
    std::unordered_map<std::uint32_t, bool> waiting;
    {
        std::vector<std::int64_t> ids;
        for (const MarketRow& r : rows) {
            if (waiting.emplace(r.designation, false).second) ids.push_back(r.designation);
        }
        waiting.clear();
        auto found = c_.query("SELECT id, canonical IS NULL FROM market_designations WHERE id = ANY($1::bigint[])",
                              {array_of(ids)});
        if (!found) return tl::unexpected(found.error());
        for (int i = 0; i < found->size(); ++i) {
            waiting.emplace(static_cast<std::uint32_t>(found->int64(i, 0)), found->boolean(i, 1));
        }
    }
    struct WaitingCount {
        std::int64_t rows = 0;
        std::int64_t first_ms = INT64_MAX;
    };
    std::map<std::pair<std::uint32_t, std::int64_t>, WaitingCount> waiting_rows;

    std::vector<Param> block_params, cell_params;
    MarketColumns block;
    // The new rows of the shop being written (partitions come ordered by shop), summed into its cells.
    MarketCellBuilder shop_cells;
    std::int64_t shop_of_rows = 0;
    auto flush_cells = [&] {
        const MarketCells& cells = shop_cells.cells();
        if (cells.size() > 0) {
            const auto [first, last] = std::minmax_element(cells.month.begin(), cells.month.end());
            std::string payload;
            encode_market_cells(cells, payload);
            cell_params.insert(cell_params.end(),
                               {shop_of_rows, static_cast<std::int64_t>(*first), static_cast<std::int64_t>(*last),
                                static_cast<std::int64_t>(cells.size()), Param::bytes(payload)});
        }
        shop_cells.clear();
    };
    std::int64_t inserted = 0;
    for (const auto& [partition, indices] : groups) {
        if (partition.first != shop_of_rows) {
            flush_cells();
            shop_of_rows = partition.first;
        }
        std::vector<std::int64_t>& stored = keys_[partition];
        if (!std::is_sorted(stored.begin(), stored.end())) std::sort(stored.begin(), stored.end());
        // Rows whose key is neither stored nor taken by an earlier row of this call, in their order (a flat set of
        // the keys taken); their keys are what the key cache learns.
        std::vector<char> keep(indices.size(), 0);
        std::vector<std::int64_t> new_keys;
        new_keys.reserve(indices.size());
        {
            std::size_t size = 16;
            while (size < indices.size() * 2) size *= 2;
            std::vector<std::int64_t> taken(size);
            std::vector<char> used(size, 0);
            for (std::size_t k = 0; k < indices.size(); ++k) {
                const std::int64_t key = rows[indices[k]].row_key;
                if (!stored.empty() && std::binary_search(stored.begin(), stored.end(), key)) continue;
                std::size_t h =
                    static_cast<std::size_t>((static_cast<std::uint64_t>(key) * 0x9e3779b97f4a7c15ULL) >> 20) &
                    (size - 1);
                while (used[h] != 0 && taken[h] != key) h = (h + 1) & (size - 1);
                if (used[h] != 0) continue;
                used[h] = 1;
                taken[h] = key;
                keep[k] = 1;
                new_keys.push_back(key);
            }
        }
        block.clear();
        std::int64_t min_ms = INT64_MAX, max_ms = INT64_MIN;
        for (std::size_t k = 0; k < indices.size(); ++k) {
            if (keep[k] == 0) continue;
            const MarketRow& r = rows[indices[k]];
            block.push_back(r);
            min_ms = std::min(min_ms, r.time_ms);
            max_ms = std::max(max_ms, r.time_ms);
            auto w = waiting.find(r.designation);
            if (w == waiting.end()) {
                return fail(ErrorCode::kInternal, fmt::format("designation {} is not in the dictionary", r.designation),
                            "designation");
            }
            if (w->second) {
                WaitingCount& count = waiting_rows[{r.designation, r.shop_org_id}];
                ++count.rows;
                count.first_ms = std::min(count.first_ms, r.time_ms);
            }
        }
        if (block.size() == 0) continue;
        std::string payload;
        encode_market_block(block, payload);
        block_params.insert(block_params.end(),
                            {partition.first, partition.second, next_row_id, static_cast<std::int64_t>(block.size()),
                             min_ms, max_ms, Param::bytes(payload)});
        next_row_id += static_cast<std::int64_t>(block.size());
        inserted += static_cast<std::int64_t>(block.size());
        written_keys.emplace_back(partition, std::move(new_keys));
        shop_cells.add(block);
    }
    flush_cells();
    if (inserted == 0) return inserted;
    if (auto ok = insert_many(
            c_, "INSERT INTO market_blocks (shop_org_id, bucket, first_row_id, rows, min_ms, max_ms, payload)", 7,
            block_params);
        !ok) {
        return tl::unexpected(ok.error());
    }
    if (auto ok =
            insert_many(c_, "INSERT INTO market_cell_blocks (shop_org_id, first_month, last_month, cells, payload)", 5,
                        cell_params);
        !ok) {
        return tl::unexpected(ok.error());
    }
    if (!waiting_rows.empty()) {
        std::vector<std::int64_t> designations, shops, counts, firsts;
        for (const auto& [key, c] : waiting_rows) {
            designations.push_back(key.first);
            shops.push_back(key.second);
            counts.push_back(c.rows);
            firsts.push_back(c.first_ms);
        }
        auto counted = c_.query(
            "INSERT INTO market_waiting (designation_id, shop_org_id, rows, first_ms) "
            "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[]) "
            "ON CONFLICT (designation_id, shop_org_id) DO UPDATE SET rows = market_waiting.rows + excluded.rows, "
            "first_ms = least(market_waiting.first_ms, excluded.first_ms)",
            {array_of(designations), array_of(shops), array_of(counts), array_of(firsts)});
        if (!counted) return tl::unexpected(counted.error());
    }
    auto bumped = c_.query("UPDATE market_revision SET revision = revision + 1 WHERE id = 1");
    if (!bumped) return tl::unexpected(bumped.error());
    auto newest_after = c_.query("SELECT coalesce(max(id), 0) FROM market_blocks");
    if (!newest_after) return tl::unexpected(newest_after.error());
    last_block_id = newest_after->int64(0, 0);
    return inserted;
}

}  // namespace yandian::store::postgres
