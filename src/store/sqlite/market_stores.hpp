#pragma once
// SQLite implementation of the market store port (store/market_store.hpp): rows in columnar blocks
// (market_blocks), dictionaries in their own tables (migration 0005).
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "store/market_store.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

class SqliteMarketStore final : public MarketStore {
  public:
    explicit SqliteMarketStore(Connection& connection) : c_(connection) {}

    // Moves rows written by the 0003 schema (one table row per transaction) into blocks, in one transaction.
    Status convert_legacy_rows();
    // Builds the monthly cells of row blocks written before migration 0006, in one transaction.
    Status build_missing_cells();

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
    using Partition = std::pair<std::int64_t, std::int64_t>;  // shop, bucket
    Result<const std::vector<std::int64_t>*> stored_keys(Partition partition);
    Result<std::shared_ptr<const MarketDictionaries>> cached_dictionaries();
    Status bump_revision();
    Status insert_cells(std::int64_t shop, const MarketCells& cells);

    Connection& c_;
    // Sorted row keys of recently written partitions (duplicate checks without re-reading their blocks); only
    // what is committed enters, and the cache is dropped when it grows past its bound.
    std::map<Partition, std::vector<std::int64_t>> keys_;
    std::size_t cached_keys_ = 0;
    std::shared_ptr<const MarketDictionaries> dictionaries_;
};

}  // namespace yandian::store::sqlite
