#include "store/postgres/connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cstdlib>

namespace yandian::store::postgres {

namespace {

// SQLSTATE -> ErrorCode: unique violations are "already exists", other integrity violations a failed
// precondition; a lost or refused connection, a cancelled statement (statement_timeout), a serialization failure
// or exhausted resources are "unavailable" (try again); anything else is internal.
ErrorCode code_of(std::string_view state) {
    if (state == "23505") return ErrorCode::kAlreadyExists;
    if (state.starts_with("23")) return ErrorCode::kFailedPrecondition;
    if (state.starts_with("08") || state == "57014" || state.starts_with("57P") || state == "40001" ||
        state == "40P01" || state.starts_with("53")) {
        return ErrorCode::kUnavailable;
    }
    return ErrorCode::kInternal;
}

// A statement that only reads and runs outside a transaction may be sent again after the connection was re-made;
// anything else is reported, never repeated behind the caller's back.
bool safe_to_repeat(std::string_view sql, bool in_transaction) {
    if (in_transaction) return false;
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n' || sql.front() == '(')) sql.remove_prefix(1);
    return sql.size() >= 6 && (sql.substr(0, 6) == "SELECT" || sql.substr(0, 6) == "select");
}

std::string first_line(const char* text) {
    std::string s = text != nullptr ? text : "";
    if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
    return s;
}

}  // namespace

Param::Param(double v) : text_(fmt::format("{:.17g}", v)) {}
Param::Param(const std::optional<std::int64_t>& v) {
    if (v) text_ = std::to_string(*v);
}
Param::Param(const std::optional<double>& v) {
    if (v) text_ = fmt::format("{:.17g}", *v);
}
Param Param::bytes(std::string_view v) {
    Param p;
    p.text_ = std::string(v);
    p.binary_ = true;
    return p;
}

Rows::~Rows() {
    if (result_ != nullptr) PQclear(result_);
}
Rows::Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
int Rows::size() const { return PQntuples(result_); }
std::int64_t Rows::affected() const {
    const char* n = PQcmdTuples(result_);
    return n != nullptr && *n != '\0' ? std::strtoll(n, nullptr, 10) : 0;
}
bool Rows::is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
std::string_view Rows::text(int row, int column) const {
    return {PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column))};
}
std::optional<std::string> Rows::optional_text(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return std::string(text(row, column));
}
std::int64_t Rows::int64(int row, int column) const {
    return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}
std::optional<std::int64_t> Rows::optional_int64(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return int64(row, column);
}
double Rows::number(int row, int column) const { return std::strtod(PQgetvalue(result_, row, column), nullptr); }
std::optional<double> Rows::optional_number(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return number(row, column);
}
bool Rows::boolean(int row, int column) const {
    const char* v = PQgetvalue(result_, row, column);
    return v != nullptr && (v[0] == 't' || v[0] == '1');
}
std::string Rows::bytes(int row, int column) const {
    std::size_t length = 0;
    unsigned char* raw =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)), &length);
    if (raw == nullptr) return {};
    std::string out(reinterpret_cast<const char*>(raw), length);
    PQfreemem(raw);
    return out;
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& uri,
                                                     std::chrono::milliseconds statement_timeout) {
    pg_conn* conn = PQconnectdb(uri.c_str());
    if (conn == nullptr) return fail(ErrorCode::kUnavailable, "cannot allocate a PostgreSQL connection", "db");
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message =
            fmt::format("cannot connect to {}: {}", redact_uri(uri), first_line(PQerrorMessage(conn)));
        PQfinish(conn);
        return fail(ErrorCode::kUnavailable, std::move(message), "db");
    }
    std::unique_ptr<Connection> c(new Connection(conn));
    c->session_settings_ = fmt::format(
        "SET TIME ZONE 'UTC'; SET statement_timeout = {}; SET synchronous_commit = on; SET client_min_messages = "
        "warning",
        statement_timeout.count());
    auto set = c->exec(c->session_settings_);
    if (!set) return tl::unexpected(set.error());
    return c;
}

Connection::~Connection() { PQfinish(conn_); }

Result<Rows> Connection::run(std::string_view sql, const Param* params, std::size_t count) {
    const bool was_in_transaction = in_transaction();
    auto first = run_once(sql, params, count);
    if (first || first.error().code != ErrorCode::kUnavailable || PQstatus(conn_) != CONNECTION_OK ||
        !lost_connection_ || !safe_to_repeat(sql, was_in_transaction)) {
        return first;
    }
    return run_once(sql, params, count);  // the connection was lost and is back: a read is sent once more
}

Result<Rows> Connection::run_once(std::string_view sql, const Param* params, std::size_t count) {
    lost_connection_ = false;
    std::vector<const char*> values(count);
    std::vector<int> lengths(count);
    std::vector<int> formats(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto& text = params[i].text();
        values[i] = text ? text->data() : nullptr;
        lengths[i] = text ? static_cast<int>(text->size()) : 0;
        formats[i] = params[i].binary() ? 1 : 0;
    }
    const std::string statement(sql);
    pg_result* result = PQexecParams(conn_, statement.c_str(), static_cast<int>(count), nullptr, values.data(),
                                     lengths.data(), formats.data(), 0);
    Rows rows(result);
    const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const ErrorCode code =
        PQstatus(conn_) == CONNECTION_BAD ? ErrorCode::kUnavailable : code_of(state != nullptr ? state : "");
    std::string message = first_line(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
    if (PQstatus(conn_) == CONNECTION_BAD) {
        message = "the connection to PostgreSQL was lost: " + message;
        lost_connection_ = true;
        reconnect();
    }
    return fail(code, std::move(message), "db");
}

Result<Rows> Connection::query(std::string_view sql, std::initializer_list<Param> params) {
    return run(sql, params.begin(), params.size());
}

Result<Rows> Connection::query(std::string_view sql, const std::vector<Param>& params) {
    return run(sql, params.data(), params.size());
}

Status Connection::exec(std::string_view script) {
    const std::string text(script);
    pg_result* result = PQexec(conn_, text.c_str());
    Rows rows(result);
    const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return {};
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const ErrorCode code =
        PQstatus(conn_) == CONNECTION_BAD ? ErrorCode::kUnavailable : code_of(state != nullptr ? state : "");
    std::string message = first_line(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
    if (PQstatus(conn_) == CONNECTION_BAD) reconnect();
    return fail(code, std::move(message), "db");
}

void Connection::reconnect() {
    PQreset(conn_);  // ready for the next statement if the server is back
    if (PQstatus(conn_) == CONNECTION_OK) PQclear(PQexec(conn_, session_settings_.c_str()));
}

bool Connection::in_transaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

Status in_transaction(Connection& connection, const std::function<Status()>& work) {
    std::lock_guard lock(connection.mutex());
    if (auto begun = connection.exec("BEGIN"); !begun) return begun;
    Status result = work();
    if (!result) {
        (void)connection.exec("ROLLBACK");
        return result;
    }
    if (auto committed = connection.exec("COMMIT"); !committed) {
        (void)connection.exec("ROLLBACK");
        return committed;
    }
    return {};
}

Status atomically(Connection& connection, const std::function<Status()>& work) {
    std::lock_guard lock(connection.mutex());
    if (!connection.in_transaction()) return in_transaction(connection, work);
    if (auto begun = connection.exec("SAVEPOINT yandian_atomic"); !begun) return begun;
    Status result = work();
    if (!result) {
        (void)connection.exec("ROLLBACK TO SAVEPOINT yandian_atomic; RELEASE SAVEPOINT yandian_atomic");
        return result;
    }
    return connection.exec("RELEASE SAVEPOINT yandian_atomic");
}

std::string redact_uri(std::string_view uri) {
    // postgresql://user:secret@host/db -> postgresql://user:***@host/db
    const auto scheme = uri.find("://");
    if (scheme == std::string_view::npos) return std::string(uri);
    const auto at = uri.find('@', scheme + 3);
    if (at == std::string_view::npos) return std::string(uri);
    const auto colon = uri.find(':', scheme + 3);
    if (colon == std::string_view::npos || colon > at) return std::string(uri);
    return std::string(uri.substr(0, colon + 1)) + "***" + std::string(uri.substr(at));
}

}  // namespace yandian::store::postgres
