#pragma once
// The SPC store port on each engine for the contract tests: SQLite through Database::open, PostgreSQL as the
// PgSpcStore on a migrated scratch database (tests/store/engines.hpp), with the account ports that make the
// organisations and users the SPC tables refer to.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "engines.hpp"
#include "store/postgres/spc_stores.hpp"
#include "store/spc_store.hpp"

namespace yandian::store::testing {

class SpcEngine {
  public:
    virtual ~SpcEngine() = default;
    virtual Status open() = 0;
    virtual SpcStore& spc() = 0;
    virtual OrganisationStore& organisations() = 0;
    virtual UserStore& users() = 0;
    virtual Status in_transaction(const std::function<Status()>& work) = 0;
};

class SqliteSpc final : public SpcEngine {
  public:
    Status open() override {
        auto opened = Database::open("sqlite:" + dir_.file("store.db"));
        if (!opened) return tl::unexpected(opened.error());
        db_ = std::move(*opened);
        return {};
    }
    SpcStore& spc() override { return db_->spc(); }
    OrganisationStore& organisations() override { return db_->organisations(); }
    UserStore& users() override { return db_->users(); }
    Status in_transaction(const std::function<Status()>& work) override { return db_->in_transaction(work); }

  private:
    yandian::testing::TempDir dir_;
    std::unique_ptr<Database> db_;
};

class PostgresSpc final : public SpcEngine {
  public:
    explicit PostgresSpc(std::string url) : url_(std::move(url)) {}
    Status open() override {
        auto c = postgres::Connection::open(url_, std::chrono::seconds(30));
        if (!c) return tl::unexpected(c.error());
        connection_ = std::move(*c);
        if (auto v = postgres::migrate(*connection_, postgres_migrations()); !v) return tl::unexpected(v.error());
        stores_ = std::make_unique<Stores>(*connection_);
        return {};
    }
    SpcStore& spc() override { return stores_->spc; }
    OrganisationStore& organisations() override { return stores_->organisations; }
    UserStore& users() override { return stores_->users; }
    Status in_transaction(const std::function<Status()>& work) override {
        return postgres::in_transaction(*connection_, work);
    }

  private:
    struct Stores {
        explicit Stores(postgres::Connection& c) : spc(c), organisations(c), users(c) {}
        postgres::PgSpcStore spc;
        postgres::PgOrganisationStore organisations;
        postgres::PgUserStore users;
    };
    std::string url_;
    std::unique_ptr<postgres::Connection> connection_;
    std::unique_ptr<Stores> stores_;
};

}  // namespace yandian::store::testing
