#pragma once
// The embedded SQLite store: one connection, guarded by a recursive mutex, shared by all store ports.
// Calls from several threads are serialised on that mutex; SQLite's own locking (busy_timeout) covers
// other processes opening the same file.
#include <memory>
#include <span>
#include <string>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

class SqliteDatabase final : public Database {
  public:
    // Opens the file at `path` and applies `migrations` (the embedded ones by default).
    static Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path,
                                                        std::span<const Migration> migrations = sqlite_migrations());
    ~SqliteDatabase() override;

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

    // A consistent copy of the store in a new file at `path`, checked page by page (Connection::backup_to). Writes of
    // this process wait while it runs; other processes (a running server) go on writing meanwhile.
    Status backup_to(const std::string& path);

    // The underlying connection, for diagnostics (hold its mutex while using it).
    Connection& connection() { return *connection_; }

  private:
    explicit SqliteDatabase(std::unique_ptr<Connection> connection);

    struct Stores;
    std::unique_ptr<Connection> connection_;
    std::unique_ptr<Stores> stores_;
};

}  // namespace yandian::store::sqlite
