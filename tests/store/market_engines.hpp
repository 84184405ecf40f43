#pragma once
// The engines the market store contract tests run on: SQLite through Database (a file in a temporary folder) and
// PostgreSQL through its adapter classes on a scratch database (tests/store/engines.hpp). Each gives the market port
// and the account ports its foreign keys need (shops are organisations, a resolution names a user).
#include <memory>
#include <string>

#include "engines.hpp"
#include "store/market_store.hpp"
#include "store/postgres/market_stores.hpp"

namespace yandian::store::testing {

class MarketEngine {
  public:
    virtual ~MarketEngine() = default;
    virtual OrganisationStore& organisations() = 0;
    virtual UserStore& users() = 0;
    virtual MarketStore& market() = 0;
    // Closes the store (what a restart sees between close and reopen).
    virtual void close() = 0;
    // Closes and opens the store again.
    virtual Status reopen() = 0;
};

class SqliteMarket final : public MarketEngine {
  public:
    // The store's file, for tests of SQLite details (write it only while closed).
    [[nodiscard]] std::string file() const { return dir_.file("m.db"); }
    void close() override { db_.reset(); }
    Status reopen() override {
        db_.reset();
        auto opened = Database::open("sqlite:" + file());
        if (!opened) return tl::unexpected(opened.error());
        db_ = std::move(*opened);
        return {};
    }
    OrganisationStore& organisations() override { return db_->organisations(); }
    UserStore& users() override { return db_->users(); }
    MarketStore& market() override { return db_->market(); }

  private:
    yandian::testing::TempDir dir_;
    std::unique_ptr<Database> db_;
};

class PostgresMarket final : public MarketEngine {
  public:
    explicit PostgresMarket(std::string url) : url_(std::move(url)) {}
    void close() override {
        stores_.reset();
        connection_.reset();
    }
    Status reopen() override {
        close();
        auto c = postgres::Connection::open(url_, std::chrono::seconds(30));
        if (!c) return tl::unexpected(c.error());
        connection_ = std::move(*c);
        if (auto v = postgres::migrate(*connection_, postgres_migrations()); !v) return tl::unexpected(v.error());
        stores_ = std::make_unique<Stores>(*connection_);
        return {};
    }
    OrganisationStore& organisations() override { return stores_->organisations; }
    UserStore& users() override { return stores_->users; }
    MarketStore& market() override { return stores_->market; }

  private:
    struct Stores {
        explicit Stores(postgres::Connection& c) : organisations(c), users(c), market(c) {}
        postgres::PgOrganisationStore organisations;
        postgres::PgUserStore users;
        postgres::PgMarketStore market;
    };
    std::string url_;
    std::unique_ptr<postgres::Connection> connection_;
    std::unique_ptr<Stores> stores_;
};

}  // namespace yandian::store::testing
