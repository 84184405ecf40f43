#pragma once
// PostgreSQL implementation of the market store port (store/market_store.hpp): rows in columnar blocks
// (market_blocks, BYTEA payloads in the engine-neutral format of store/market_block.hpp), dictionaries in their own
// tables (migration 0005), monthly cells beside them (0006). Several processes may share the database: writers of
// rows are serialised by an advisory lock, and what this object caches is checked against the database before use.
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "store/market_store.hpp"
#include "store/postgres/connection.hpp"

namespace yandian::store::postgres {

class PgMarketStore final : public MarketStore {
  public:
    explicit PgMarketStore(Connection& connection) : c_(connection) {}

    Result<std::uint32_t> intern_designation(const MarketDesignation& entry) override;
    Result<std::uint32_t> intern_brand(const MarketBrand& entry) override;
    Result<std::uint32_t> intern_region(std::string_view name) override;
    Result<std::optional<MarketDesignation>> find_designation(std::string_view raw_designation) override;
    Result<std::int64_t> insert_rows(std::span<const MarketRow> rows) override;
    Result<std::vector<MarketTransactionRecord>> list_transactions(std::optional<std::int64_t> shop_org_id,
                                                                   std::int64_t from_ms, std::int64_t to_ms,
                                                                   std::int64_t after_id, std::int64_t limit) override;
    Result<std::int64_t> count_transactions(std::optional<std::int64_t> shop_org_id) override;
    Status scan(const MarketScanFilter& filter,
                const std::function<void(const MarketDictionaries&, std::int64_t)>& dictionaries,
                const std::function<void(std::int64_t, const MarketColumns&)>& rows) override;
    Status scan_cells(const MarketCellFilter& filter,
                      const std::function<void(const MarketDictionaries&, std::int64_t)>& dictionaries,
                      const std::function<void(std::int64_t, const MarketCells&)>& cells) override;
    Result<std::string> version() override;
    Result<std::vector<ReviewQueueEntry>> review_queue(std::optional<std::int64_t> shop_org_id) override;
    Result<std::optional<DesignationResolution>> find_resolution(std::string_view raw_key) override;
    Result<std::vector<DesignationResolution>> list_resolutions() override;
    Result<std::int64_t> resolve(const DesignationResolution& resolution) override;

  private:
    // Advisory lock serialising the writers of rows and resolutions across connections (the duplicate check, row
    // ids and waiting counts assume one writer at a time, as SQLite has).
    static constexpr std::int64_t kWriteLock = 0x59616e4d61726b74;  // "YanMarkt"
    Status lock_writers();

    using Partition = std::pair<std::int64_t, std::int64_t>;  // shop, bucket
    // What identifies the dictionaries' content: entries are only added (ids grow) and re-normalised only by a
    // resolution, which bumps the revision.
    struct DictionaryStamp {
        std::int64_t revision = -1, designations = -1, brands = -1, regions = -1;
        bool operator==(const DictionaryStamp&) const = default;
    };

    Result<std::uint32_t> intern(std::string_view table, std::string_view find_sql, std::string_view add_sql,
                                 const std::vector<Param>& add_params, std::string_view key);
    // Runs `work` on one snapshot (a read-only repeatable-read transaction unless the caller has one open); `own`
    // tells it whether what it reads is committed (so may be cached).
    Status read_consistently(const std::function<Status(bool own)>& work);
    Result<std::shared_ptr<const MarketDictionaries>> dictionaries(bool committed);
    Status load_stored_keys(const std::vector<Partition>& partitions);
    Result<std::int64_t> insert_locked(std::span<const MarketRow> rows,
                                       const std::vector<std::pair<Partition, std::vector<std::size_t>>>& groups,
                                       std::vector<std::pair<Partition, std::vector<std::int64_t>>>& written_keys,
                                       std::int64_t& last_block_id);

    Connection& c_;
    std::shared_ptr<const MarketDictionaries> dictionaries_;
    DictionaryStamp stamp_;
    // Sorted row keys of recently written partitions (duplicate checks without re-reading their blocks). Valid while
    // the newest block in the database is keys_block_id_ (no other connection has written since).
    std::map<Partition, std::vector<std::int64_t>> keys_;
    std::size_t cached_keys_ = 0;
    std::int64_t keys_block_id_ = -1;
};

}  // namespace yandian::store::postgres
