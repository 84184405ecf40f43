#pragma once
// The engines the store contract tests run on: SQLite (a file in a temporary folder) and PostgreSQL (a fresh database
// in the private cluster that `make unit-tests` starts through scripts/postgres.sh run, named by
// YANDIAN_TEST_POSTGRES). Without that variable the PostgreSQL cases are skipped, saying why.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "store/account_store.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/postgres/account_stores.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/migrate.hpp"
#include "temp_dir.hpp"

namespace yandian::store::testing {

inline const char* postgres_cluster() { return std::getenv("YANDIAN_TEST_POSTGRES"); }

// A database of its own in the test cluster, dropped at the end.
class ScratchPostgres {
  public:
    ScratchPostgres() {
        const char* cluster = postgres_cluster();
        if (cluster == nullptr) return;
        std::random_device rd;
        name_ = "yandian_test_" + std::to_string(rd()) + std::to_string(rd());
        auto admin = postgres::Connection::open(cluster, std::chrono::seconds(30));
        if (!admin) {
            error_ = admin.error().message;
            return;
        }
        if (auto made = (*admin)->exec("CREATE DATABASE " + name_); !made) {
            error_ = made.error().message;
            return;
        }
        // postgresql://USER@HOST:PORT/DB -> the same cluster, this database
        std::string base(cluster);
        url_ = base.substr(0, base.rfind('/') + 1) + name_;
    }
    ~ScratchPostgres() {
        if (name_.empty() || url_.empty()) return;
        auto admin = postgres::Connection::open(postgres_cluster(), std::chrono::seconds(30));
        if (admin) (void)(*admin)->exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
    ScratchPostgres(const ScratchPostgres&) = delete;
    ScratchPostgres& operator=(const ScratchPostgres&) = delete;

    [[nodiscard]] const std::string& url() const { return url_; }  // empty when not available
    [[nodiscard]] const std::string& error() const { return error_; }

  private:
    std::string name_;
    std::string url_;
    std::string error_;
};

// The account ports of one engine, and its transactions.
class AccountEngine {
  public:
    virtual ~AccountEngine() = default;
    virtual OrganisationStore& organisations() = 0;
    virtual UserStore& users() = 0;
    virtual TokenStore& tokens() = 0;
    virtual SessionStore& sessions() = 0;
    virtual LoginFailureStore& login_failures() = 0;
    virtual Status in_transaction(const std::function<Status()>& work) = 0;
    // Closes and opens the store again (what a restart sees).
    virtual Status reopen() = 0;
};

class SqliteAccounts final : public AccountEngine {
  public:
    Status reopen() override {
        db_.reset();
        auto opened = Database::open("sqlite:" + dir_.file("store.db"));
        if (!opened) return tl::unexpected(opened.error());
        db_ = std::move(*opened);
        return {};
    }
    OrganisationStore& organisations() override { return db_->organisations(); }
    UserStore& users() override { return db_->users(); }
    TokenStore& tokens() override { return db_->tokens(); }
    SessionStore& sessions() override { return db_->sessions(); }
    LoginFailureStore& login_failures() override { return db_->login_failures(); }
    Status in_transaction(const std::function<Status()>& work) override { return db_->in_transaction(work); }

  private:
    yandian::testing::TempDir dir_;
    std::unique_ptr<Database> db_;
};

class PostgresAccounts final : public AccountEngine {
  public:
    explicit PostgresAccounts(std::string url) : url_(std::move(url)) {}
    Status reopen() override {
        stores_.reset();
        connection_.reset();
        auto c = postgres::Connection::open(url_, std::chrono::seconds(30));
        if (!c) return tl::unexpected(c.error());
        connection_ = std::move(*c);
        if (auto v = postgres::migrate(*connection_, postgres_migrations()); !v) return tl::unexpected(v.error());
        stores_ = std::make_unique<Stores>(*connection_);
        return {};
    }
    OrganisationStore& organisations() override { return stores_->organisations; }
    UserStore& users() override { return stores_->users; }
    TokenStore& tokens() override { return stores_->tokens; }
    SessionStore& sessions() override { return stores_->sessions; }
    LoginFailureStore& login_failures() override { return stores_->login_failures; }
    Status in_transaction(const std::function<Status()>& work) override {
        return postgres::in_transaction(*connection_, work);
    }

  private:
    struct Stores {
        explicit Stores(postgres::Connection& c)
            : organisations(c), users(c), tokens(c), sessions(c), login_failures(c) {}
        postgres::PgOrganisationStore organisations;
        postgres::PgUserStore users;
        postgres::PgTokenStore tokens;
        postgres::PgSessionStore sessions;
        postgres::PgLoginFailureStore login_failures;
    };
    std::string url_;
    std::unique_ptr<postgres::Connection> connection_;
    std::unique_ptr<Stores> stores_;
};

}  // namespace yandian::store::testing
