#pragma once
// PostgreSQL implementation of the market offer store port (store/market_offer_store.hpp).
#include "store/market_offer_store.hpp"
#include "store/postgres/connection.hpp"

namespace yandian::store::postgres {

class PgMarketOfferStore final : public MarketOfferStore {
  public:
    explicit PgMarketOfferStore(Connection& connection) : c_(connection) {}

    Result<std::int64_t> insert_offers(std::span<const MarketOfferRecord> offers) override;
    Result<std::vector<MarketOfferRecord>> list_offers(const MarketOfferFilter& filter) override;
    Result<std::int64_t> count_offers(std::optional<std::int64_t> shop_org_id) override;
    Result<std::int64_t> count_offering_shops(std::int64_t from_ms, std::int64_t to_ms) override;
    Status withdraw_offer(std::int64_t shop_org_id, std::int64_t offer_id, std::int64_t at_ms) override;

  private:
    Connection& c_;
};

}  // namespace yandian::store::postgres
