#pragma once
// A PostgreSQL connection through libpq: statements with $1, $2... parameters sent separately from the SQL (never
// spliced into it), results read as text (or bytes for bytea). Not thread-safe by itself: callers hold mutex()
// (recursive, so a transaction can span several store calls of the same thread), as with the SQLite connection.
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

struct pg_conn;
struct pg_result;

namespace yandian::store::postgres {

// One parameter: text (NULL when absent), or raw bytes for a bytea column.
class Param {
  public:
    Param(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): NULL reads naturally at call sites
    Param(std::int64_t v) : text_(std::to_string(v)) {}       // NOLINT(google-explicit-constructor)
    Param(int v) : text_(std::to_string(v)) {}                // NOLINT(google-explicit-constructor)
    Param(double v);                                          // NOLINT(google-explicit-constructor): exact round trip
    Param(std::string_view v) : text_(std::string(v)) {}      // NOLINT(google-explicit-constructor)
    Param(const std::string& v) : text_(v) {}                 // NOLINT(google-explicit-constructor)
    Param(const char* v) : text_(std::string(v)) {}           // NOLINT(google-explicit-constructor)
    Param(const std::optional<std::string>& v) : text_(v) {}  // NOLINT(google-explicit-constructor)
    Param(const std::optional<std::int64_t>& v);              // NOLINT(google-explicit-constructor)
    Param(const std::optional<double>& v);                    // NOLINT(google-explicit-constructor)
    static Param bytes(std::string_view v);                   // bytea

    [[nodiscard]] const std::optional<std::string>& text() const { return text_; }
    [[nodiscard]] bool binary() const { return binary_; }

  private:
    Param() = default;
    std::optional<std::string> text_;
    bool binary_ = false;
};

// The rows of one statement. Columns are numbered from 0; values are read from their text form.
class Rows {
  public:
    explicit Rows(pg_result* result) : result_(result) {}
    ~Rows();
    Rows(Rows&& other) noexcept;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;
    Rows& operator=(Rows&&) = delete;

    [[nodiscard]] int size() const;
    [[nodiscard]] bool empty() const { return size() == 0; }
    [[nodiscard]] std::int64_t affected() const;  // rows changed by INSERT/UPDATE/DELETE
    [[nodiscard]] bool is_null(int row, int column) const;
    [[nodiscard]] std::string_view text(int row, int column) const;
    [[nodiscard]] std::optional<std::string> optional_text(int row, int column) const;
    [[nodiscard]] std::int64_t int64(int row, int column) const;
    [[nodiscard]] std::optional<std::int64_t> optional_int64(int row, int column) const;
    [[nodiscard]] double number(int row, int column) const;
    [[nodiscard]] std::optional<double> optional_number(int row, int column) const;
    [[nodiscard]] bool boolean(int row, int column) const;
    // A bytea column in the text format ("\x..." hex), decoded.
    [[nodiscard]] std::string bytes(int row, int column) const;

  private:
    pg_result* result_;
};

class Connection {
  public:
    // Connects with a libpq URI (postgresql://USER@HOST:PORT/DB?...) and sets the session: UTC, a statement
    // timeout, synchronous_commit on (a commit returns after its WAL is flushed).
    static Result<std::unique_ptr<Connection>> open(const std::string& uri,
                                                    std::chrono::milliseconds statement_timeout);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // One statement with parameters $1, $2... When the connection is lost it is re-made; a SELECT outside a
    // transaction is then sent once more, any other statement fails with kUnavailable (the caller decides: a write
    // answers 503 with Retry-After, never a silent loss or a double write).
    Result<Rows> query(std::string_view sql, std::initializer_list<Param> params = {});
    Result<Rows> query(std::string_view sql, const std::vector<Param>& params);
    // A script of several statements without parameters.
    Status exec(std::string_view script);

    // True while a transaction block is open on this connection.
    [[nodiscard]] bool in_transaction() const;
    std::recursive_mutex& mutex() { return mutex_; }

  private:
    explicit Connection(pg_conn* conn) : conn_(conn) {}
    Result<Rows> run(std::string_view sql, const Param* params, std::size_t count);
    Result<Rows> run_once(std::string_view sql, const Param* params, std::size_t count);
    void reconnect();  // after a lost connection: connect again and restore the session settings

    pg_conn* conn_;
    std::string session_settings_;  // SET ... sent again when a lost connection is re-made
    bool lost_connection_ = false;
    std::recursive_mutex mutex_;
};

// Runs `work` as one transaction on `connection` (holding its mutex): committed if it succeeds (durably:
// synchronous_commit is on), rolled back if it fails. `work` must not open another transaction.
Status in_transaction(Connection& connection, const std::function<Status()>& work);

// Runs `work` atomically on `connection`: its own transaction when none is open, else a savepoint inside the
// caller's (so a store call is all-or-nothing whether or not the service wraps it in Database::in_transaction).
Status atomically(Connection& connection, const std::function<Status()>& work);

// A connection URI with its password (if any) replaced by ***, for messages and logs.
std::string redact_uri(std::string_view uri);

}  // namespace yandian::store::postgres
