#pragma once
// A SQLite connection with a cache of prepared statements. Not thread-safe by itself: callers hold
// mutex() (recursive, so a transaction can span several store calls of the same thread).
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace yandian::store::sqlite {

// A borrowed prepared statement; it is reset and its bindings cleared when this handle goes away.
class Statement {
  public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;

    // Parameters are numbered from 1.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::optional<double>& value);
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    // Binds bytes as a BLOB (copied).
    Statement& bind_blob(int index, std::string_view bytes);

    // Steps once: true when a row is available, false when done.
    Result<bool> step();
    // Steps to completion, ignoring rows.
    Status run();

    // Columns are numbered from 0.
    std::int64_t column_int64(int column) const;
    std::string column_text(int column) const;
    std::optional<std::string> column_optional_text(int column) const;
    double column_double(int column) const;
    std::optional<double> column_optional_double(int column) const;
    std::optional<std::int64_t> column_optional_int64(int column) const;
    // The bytes of a BLOB column, valid until the next step or reset of this statement.
    std::string_view column_blob(int column) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
    int bind_error_ = 0;
};

class Connection {
  public:
    // Opens or creates the file at `path` and sets the durability settings:
    // journal_mode=WAL, synchronous=FULL, foreign_keys=ON, busy_timeout.
    static Result<std::unique_ptr<Connection>> open(const std::string& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // A cached prepared statement for `sql` (one statement).
    Result<Statement> prepare(std::string_view sql);
    // Runs a script of several statements without parameters.
    Status exec(const std::string& script);

    // Copies the whole database into a new file at `path` (SQLite's online backup API, one consistent snapshot:
    // in WAL mode writers of other connections go on meanwhile), fsynced; kAlreadyExists when `path` exists.
    Status backup_to(const std::string& path);

    std::int64_t last_insert_rowid() const;
    std::int64_t changes() const;
    // True while a transaction (BEGIN or an outermost SAVEPOINT) is open on this connection.
    bool in_transaction() const;
    std::recursive_mutex& mutex() { return mutex_; }

  private:
    explicit Connection(sqlite3* db) : db_(db) {}

    sqlite3* db_;
    std::unordered_map<std::string, sqlite3_stmt*> statements_;
    std::recursive_mutex mutex_;
};

// Turns a SQLite result code into an Error: constraint violations become kAlreadyExists (unique) or
// kFailedPrecondition, a busy database kUnavailable, anything else kInternal.
Error sqlite_error(sqlite3* db, int rc, std::string_view context);

}  // namespace yandian::store::sqlite
