#pragma once
// SQLite implementation of the market store port (store/market_store.hpp).
#include "store/market_store.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

class SqliteMarketStore final : public MarketStore {
  public:
    explicit SqliteMarketStore(Connection& connection) : c_(connection) {}

    Result<std::int64_t> insert_transactions(std::span<const MarketTransactionRecord> rows) override;
    Result<std::vector<MarketTransactionRecord>> list_transactions(std::optional<std::int64_t> shop_org_id,
                                                                   std::int64_t from_ms, std::int64_t to_ms,
                                                                   std::int64_t after_id, std::int64_t limit) override;
    Result<std::int64_t> count_transactions(std::optional<std::int64_t> shop_org_id) override;
    Status scan(const MarketScanFilter& filter, const std::function<void(const MarketScanRow&)>& row) override;
    Result<std::string> version() override;
    Result<std::vector<ReviewQueueEntry>> review_queue(std::optional<std::int64_t> shop_org_id) override;
    Result<std::optional<DesignationResolution>> find_resolution(std::string_view raw_key) override;
    Result<std::vector<DesignationResolution>> list_resolutions() override;
    Result<std::int64_t> resolve(const DesignationResolution& resolution) override;

  private:
    Connection& c_;
};

}  // namespace yandian::store::sqlite
