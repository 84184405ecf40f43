#pragma once
// The store: one port per aggregate, reached from an open Database. Implementations live in
// store/sqlite/ (embedded default) and store/postgres/ (the shared platform); SQL dialect details stay there.
// A Database may be used from several threads at once.
#include <functional>
#include <memory>
#include <string_view>

#include "common/result.hpp"
#include "store/account_store.hpp"
#include "store/credit_store.hpp"
#include "store/furnace_store.hpp"
#include "store/market_offer_store.hpp"
#include "store/market_store.hpp"
#include "store/monitor_store.hpp"
#include "store/spc_store.hpp"
#include "store/quality_store.hpp"
#include "store/returns_store.hpp"
#include "store/receivable_store.hpp"
#include "store/stats_store.hpp"

namespace yandian::store {

class Database {
  public:
    virtual ~Database() = default;

    // Opens (creating if needed) and migrates the store named by `url`:
    //   sqlite:PATH             embedded SQLite file (WAL, synchronous=FULL)
    //   postgresql://USER@HOST:PORT/DB   a PostgreSQL database (libpq URI; the schema is created by the migrations)
    // Refuses a store whose schema is newer than this binary or whose applied migrations differ.
    static Result<std::unique_ptr<Database>> open(std::string_view url);

    virtual OrganisationStore& organisations() = 0;
    virtual UserStore& users() = 0;
    virtual TokenStore& tokens() = 0;
    virtual SessionStore& sessions() = 0;
    virtual LoginFailureStore& login_failures() = 0;
    virtual SpcStore& spc() = 0;
    virtual MarketStore& market() = 0;
    virtual MarketOfferStore& market_offers() = 0;
    virtual StatsStore& stats() = 0;
    virtual MonitorStore& monitor() = 0;
    virtual QualityStore& quality() = 0;
    virtual CreditStore& credit() = 0;
    virtual ReturnStore& returns() = 0;
    virtual FurnaceStore& furnace() = 0;
    virtual ReceivableStore& receivables() = 0;

    // Highest applied migration version.
    virtual Result<int> schema_version() = 0;

    // Runs `work` as one transaction: committed (durably) if it succeeds, rolled back if it fails.
    // Other threads' store calls wait until it ends; `work` must not call in_transaction again.
    virtual Status in_transaction(const std::function<Status()>& work) = 0;
};

}  // namespace yandian::store
