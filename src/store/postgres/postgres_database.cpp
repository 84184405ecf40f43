#include "store/postgres/postgres_database.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/postgres/account_stores.hpp"
#include "store/postgres/market_offer_stores.hpp"
#include "store/postgres/market_stores.hpp"
#include "store/postgres/migrate.hpp"
#include "store/postgres/spc_stores.hpp"
#include "store/postgres/monitor_stores.hpp"
#include "store/postgres/quality_stores.hpp"
#include "store/postgres/stats_stores.hpp"
#include "store/postgres/credit_stores.hpp"
#include "store/postgres/returns_stores.hpp"
#include "store/postgres/furnace_stores.hpp"
#include "store/postgres/receivable_stores.hpp"

namespace yandian::store::postgres {

struct PostgresDatabase::Stores {
    explicit Stores(Connection& c)
        : organisations(c), users(c), tokens(c), sessions(c), login_failures(c), spc(c), market(c), market_offers(c), stats(c), monitor(c),
          quality(c), credit(c), returns(c), furnace(c), receivables(c) {}
    PgOrganisationStore organisations;
    PgUserStore users;
    PgTokenStore tokens;
    PgSessionStore sessions;
    PgLoginFailureStore login_failures;
    PgSpcStore spc;
    PgMarketStore market;
    PgMarketOfferStore market_offers;
    PgStatsStore stats;
    PgMonitorStore monitor;
    PgQualityStore quality;
    PgCreditStore credit;
    PgReturnStore returns;
    PgFurnaceStore furnace;
    PgReceivableStore receivables;
};

PostgresDatabase::PostgresDatabase(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)), stores_(std::make_unique<Stores>(*connection_)) {}

PostgresDatabase::~PostgresDatabase() = default;

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::open(const std::string& uri, PostgresOptions options,
                                                                 std::span<const Migration> migrations) {
    auto connection = Connection::open(uri, options.statement_timeout);
    if (!connection) return tl::unexpected(connection.error());
    // The promise "acknowledged = durable" rests on the server's settings too: refuse a server that could lose a
    // committed transaction on power loss.
    for (const char* setting : {"fsync", "full_page_writes"}) {
        auto shown = (*connection)->query(std::string("SHOW ") + setting);
        if (!shown) return tl::unexpected(shown.error());
        if (shown->text(0, 0) != "on") {
            return fail(ErrorCode::kFailedPrecondition,
                        fmt::format("{}: the PostgreSQL server runs with {} = {}; an acknowledged write could be lost "
                                    "on power loss: set {} = on in postgresql.conf",
                                    redact_uri(uri), setting, shown->text(0, 0), setting),
                        "db");
        }
    }
    // Each commit must wait for its WAL flush. The connection sets synchronous_commit = on for its session, over
    // whatever the server, database or role sets; check that it holds (a pooler that hands each transaction another
    // server session would lose it). "local", "remote_write" and "remote_apply" flush locally too; "off" does not.
    auto commit = (*connection)->query("SHOW synchronous_commit");
    if (!commit) return tl::unexpected(commit.error());
    if (commit->text(0, 0) == "off") {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("{}: commits run with synchronous_commit = off although the store set it on for its "
                                "session (a connection pooler in transaction mode?); an acknowledged write could be "
                                "lost on a crash: connect to the server directly or in session mode",
                                redact_uri(uri)),
                    "db");
    }
    if (auto version = migrate(**connection, migrations); !version) {
        Error error = version.error();
        error.message = redact_uri(uri) + ": " + error.message;
        return tl::unexpected(std::move(error));
    }
    return std::unique_ptr<PostgresDatabase>(new PostgresDatabase(std::move(*connection)));
}

OrganisationStore& PostgresDatabase::organisations() { return stores_->organisations; }
UserStore& PostgresDatabase::users() { return stores_->users; }
TokenStore& PostgresDatabase::tokens() { return stores_->tokens; }
SessionStore& PostgresDatabase::sessions() { return stores_->sessions; }
LoginFailureStore& PostgresDatabase::login_failures() { return stores_->login_failures; }
SpcStore& PostgresDatabase::spc() { return stores_->spc; }
MarketStore& PostgresDatabase::market() { return stores_->market; }
MarketOfferStore& PostgresDatabase::market_offers() { return stores_->market_offers; }
StatsStore& PostgresDatabase::stats() { return stores_->stats; }
MonitorStore& PostgresDatabase::monitor() { return stores_->monitor; }
QualityStore& PostgresDatabase::quality() { return stores_->quality; }
CreditStore& PostgresDatabase::credit() { return stores_->credit; }
ReturnStore& PostgresDatabase::returns() { return stores_->returns; }
FurnaceStore& PostgresDatabase::furnace() { return stores_->furnace; }
ReceivableStore& PostgresDatabase::receivables() { return stores_->receivables; }

Result<int> PostgresDatabase::schema_version() {
    std::lock_guard lock(connection_->mutex());
    auto rows = connection_->query("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!rows) return tl::unexpected(rows.error());
    return static_cast<int>(rows->int64(0, 0));
}

Status PostgresDatabase::in_transaction(const std::function<Status()>& work) {
    return postgres::in_transaction(*connection_, work);
}

}  // namespace yandian::store::postgres
