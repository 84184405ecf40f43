#pragma once
// The PostgreSQL store: one connection, guarded by a recursive mutex, shared by all store ports (as the SQLite
// store); every commit returns once its WAL is flushed (synchronous_commit = on). A pool of connections and a read
// replica can come behind the same ports.
#include <chrono>
#include <memory>
#include <span>
#include <string>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/postgres/connection.hpp"

namespace yandian::store::postgres {

struct PostgresOptions {
    std::chrono::milliseconds statement_timeout{30'000};
};

class PostgresDatabase final : public Database {
  public:
    // Connects with a libpq URI (postgresql://USER@HOST:PORT/DB) and applies `migrations`.
    static Result<std::unique_ptr<PostgresDatabase>> open(
        const std::string& uri, PostgresOptions options = {},
        std::span<const Migration> migrations = postgres_migrations());
    ~PostgresDatabase() override;

    OrganisationStore& organisations() override;
    UserStore& users() override;
    TokenStore& tokens() override;
    SessionStore& sessions() override;
    LoginFailureStore& login_failures() override;
    SpcStore& spc() override;
    MarketStore& market() override;
    MarketOfferStore& market_offers() override;
    StatsStore& stats() override;
    MonitorStore& monitor() override;
    QualityStore& quality() override;
    CreditStore& credit() override;
    ReturnStore& returns() override;
    FurnaceStore& furnace() override;
    ReceivableStore& receivables() override;
    Result<int> schema_version() override;
    Status in_transaction(const std::function<Status()>& work) override;

    // The underlying connection, for whole-store work (copy_store); hold its mutex while using it.
    Connection& connection() { return *connection_; }

  private:
    explicit PostgresDatabase(std::unique_ptr<Connection> connection);

    struct Stores;
    std::unique_ptr<Connection> connection_;
    std::unique_ptr<Stores> stores_;
};

}  // namespace yandian::store::postgres
