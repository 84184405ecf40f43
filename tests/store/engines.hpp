#pragma once
// The engines the store contract tests run on: SQLite (a file in a temporary folder) and PostgreSQL (a fresh database
// in the private cluster that `make unit-tests` starts through scripts/postgres.sh run, named by
// YANDIAN_TEST_POSTGRES). Without that variable the PostgreSQL cases are skipped, saying why.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "store/database.hpp"
#include "store/migrations.hpp"
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

// The store of one engine under test, opened through Database::open as the platform opens it: a SQLite file in a
// temporary folder, or a fresh database in the test cluster.
class EngineStore {
  public:
    explicit EngineStore(const std::string& engine) {
        if (engine == "postgres") {
            pg_ = std::make_unique<ScratchPostgres>();
            url_ = pg_->url();
        } else {
            url_ = "sqlite:" + file();
        }
    }
    // Why the store cannot be had ("" when it can): the cluster is not named, or the database was not created.
    [[nodiscard]] std::string unavailable() const {
        if (pg_ == nullptr) return {};
        if (postgres_cluster() == nullptr) {
            return "YANDIAN_TEST_POSTGRES is not set (make unit-tests starts a private cluster)";
        }
        return pg_->url().empty() ? "cannot create the test database: " + pg_->error() : std::string();
    }
    // Closes and opens the store again (what a restart sees).
    Status reopen() {
        db_.reset();
        auto opened = Database::open(url_);
        if (!opened) return tl::unexpected(opened.error());
        db_ = std::move(*opened);
        return {};
    }
    void close() { db_.reset(); }
    Database& db() { return *db_; }
    // The store's URL as Database::open takes it.
    [[nodiscard]] const std::string& url() const { return url_; }
    // The SQLite file (SQLite only; write it only while closed).
    [[nodiscard]] std::string file() const { return dir_.file("store.db"); }

  private:
    yandian::testing::TempDir dir_;
    std::unique_ptr<ScratchPostgres> pg_;
    std::string url_;
    std::unique_ptr<Database> db_;
};

}  // namespace yandian::store::testing
