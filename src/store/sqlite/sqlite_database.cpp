#include "store/sqlite/sqlite_database.hpp"

#include <mutex>

#include "store/sqlite/account_stores.hpp"
#include "store/sqlite/credit_stores.hpp"
#include "store/sqlite/returns_stores.hpp"
#include "store/sqlite/furnace_stores.hpp"
#include "store/sqlite/receivable_stores.hpp"
#include "store/sqlite/market_offer_stores.hpp"
#include "store/sqlite/market_stores.hpp"
#include "store/sqlite/migrate.hpp"
#include "store/sqlite/spc_stores.hpp"
#include "store/sqlite/monitor_stores.hpp"
#include "store/sqlite/quality_stores.hpp"
#include "store/sqlite/stats_stores.hpp"

namespace yandian::store::sqlite {

struct SqliteDatabase::Stores {
    explicit Stores(Connection& c)
        : organisations(c), users(c), tokens(c), sessions(c), login_failures(c), spc(c), market(c), market_offers(c), stats(c), monitor(c),
          quality(c), credit(c), returns(c), furnace(c), receivables(c) {}
    SqliteOrganisationStore organisations;
    SqliteUserStore users;
    SqliteTokenStore tokens;
    SqliteSessionStore sessions;
    SqliteLoginFailureStore login_failures;
    SqliteSpcStore spc;
    SqliteMarketStore market;
    SqliteMarketOfferStore market_offers;
    SqliteStatsStore stats;
    SqliteMonitorStore monitor;
    SqliteQualityStore quality;
    SqliteCreditStore credit;
    SqliteReturnStore returns;
    SqliteFurnaceStore furnace;
    SqliteReceivableStore receivables;
};

SqliteDatabase::SqliteDatabase(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)), stores_(std::make_unique<Stores>(*connection_)) {}

SqliteDatabase::~SqliteDatabase() = default;

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path,
                                                             std::span<const Migration> migrations) {
    auto connection = Connection::open(path);
    if (!connection) return tl::unexpected(connection.error());
    if (auto version = migrate(**connection, migrations); !version) {
        Error error = version.error();
        error.message = path + ": " + error.message;
        return tl::unexpected(std::move(error));
    }
    std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(std::move(*connection)));
    if (auto converted = db->stores_->market.convert_legacy_rows(); !converted) {
        Error error = converted.error();
        error.message = path + ": moving market rows into blocks: " + error.message;
        return tl::unexpected(std::move(error));
    }
    if (auto built = db->stores_->market.build_missing_cells(); !built) {
        Error error = built.error();
        error.message = path + ": building the monthly cells of market rows: " + error.message;
        return tl::unexpected(std::move(error));
    }
    return db;
}

OrganisationStore& SqliteDatabase::organisations() { return stores_->organisations; }
UserStore& SqliteDatabase::users() { return stores_->users; }
TokenStore& SqliteDatabase::tokens() { return stores_->tokens; }
SessionStore& SqliteDatabase::sessions() { return stores_->sessions; }
LoginFailureStore& SqliteDatabase::login_failures() { return stores_->login_failures; }
SpcStore& SqliteDatabase::spc() { return stores_->spc; }
MarketStore& SqliteDatabase::market() { return stores_->market; }
MarketOfferStore& SqliteDatabase::market_offers() { return stores_->market_offers; }
StatsStore& SqliteDatabase::stats() { return stores_->stats; }
MonitorStore& SqliteDatabase::monitor() { return stores_->monitor; }
QualityStore& SqliteDatabase::quality() { return stores_->quality; }
CreditStore& SqliteDatabase::credit() { return stores_->credit; }
ReturnStore& SqliteDatabase::returns() { return stores_->returns; }
FurnaceStore& SqliteDatabase::furnace() { return stores_->furnace; }
ReceivableStore& SqliteDatabase::receivables() { return stores_->receivables; }

Result<int> SqliteDatabase::schema_version() {
    std::lock_guard lock(connection_->mutex());
    auto s = connection_->prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!s) return tl::unexpected(s.error());
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return static_cast<int>(s->column_int64(0));
}

Status SqliteDatabase::backup_to(const std::string& path) {
    std::lock_guard lock(connection_->mutex());
    return connection_->backup_to(path);
}

Status SqliteDatabase::in_transaction(const std::function<Status()>& work) {
    std::lock_guard lock(connection_->mutex());
    if (auto begun = connection_->exec("BEGIN IMMEDIATE"); !begun) return begun;
    Status result = work();
    if (!result) {
        (void)connection_->exec("ROLLBACK");
        return result;
    }
    if (auto committed = connection_->exec("COMMIT"); !committed) {
        (void)connection_->exec("ROLLBACK");
        return committed;
    }
    return {};
}

}  // namespace yandian::store::sqlite
