#include "store/sqlite/connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

namespace yandian::store::sqlite {

namespace {
constexpr int kBusyTimeoutMs = 5000;
}

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
    const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::string message = fmt::format("{}: {}", context, detail);
    switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return Error{ErrorCode::kAlreadyExists, std::move(message), {}};
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Error{ErrorCode::kUnavailable, std::move(message), {}};
        default:
            break;
    }
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        return Error{ErrorCode::kFailedPrecondition, std::move(message), {}};
    }
    return Error{ErrorCode::kInternal, std::move(message), {}};
}

Statement::~Statement() {
    if (stmt_ != nullptr) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_), bind_error_(other.bind_error_) {
    other.stmt_ = nullptr;
}

Statement& Statement::bind(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // An empty view may have no data pointer, which SQLite would bind as NULL: text is never NULL here.
    const char* data = value.data() != nullptr ? value.data() : "";
    int rc = sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    if (value) return bind(index, std::string_view(*value));
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind(int index, double value) {
    int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
    if (value) return bind(index, *value);
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
    if (value) return bind(index, *value);
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Result<bool> Statement::step() {
    if (bind_error_ != 0) {
        return tl::unexpected(sqlite_error(db_, bind_error_, fmt::format("binding \"{}\"", sqlite3_sql(stmt_))));
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return tl::unexpected(sqlite_error(db_, rc, "SQLite statement failed"));
}

Status Statement::run() {
    while (true) {
        auto row = step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return {};
    }
}

std::int64_t Statement::column_int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::column_text(int column) const {
    const auto* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::column_optional_text(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return column_text(column);
}

double Statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::optional<double> Statement::column_optional_double(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return column_double(column);
}

std::optional<std::int64_t> Statement::column_optional_int64(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return column_int64(column);
}

std::string_view Statement::column_blob(int column) const {
    const void* bytes = sqlite3_column_blob(stmt_, column);
    if (bytes == nullptr) return {};
    return std::string_view(static_cast<const char*>(bytes),
                            static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path) {
    // SQLite says only "unable to open database file" when the folder is missing: name it.
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder)) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("cannot open SQLite store {}: the folder {} does not exist", path, folder.string()),
                    "db");
    }
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error error = sqlite_error(db, rc, fmt::format("cannot open SQLite store {}", path));
        error.field = "db";
        sqlite3_close(db);
        return tl::unexpected(std::move(error));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    std::unique_ptr<Connection> connection(new Connection(db));

    // WAL + synchronous=FULL: every committed transaction is fsynced to the WAL before COMMIT returns,
    // so a write that was acknowledged survives a crash or power loss.
    // The first statement reads the file: a file that is not a SQLite database fails here. Name the file.
    auto named = [&path](Error e) {
        e.message = fmt::format("cannot open SQLite store {}: {}", path, e.message);
        e.field = "db";
        return tl::unexpected(std::move(e));
    };
    auto mode = connection->prepare("PRAGMA journal_mode = WAL");
    if (!mode) return named(mode.error());
    auto row = mode->step();
    if (!row) return named(row.error());
    std::string journal_mode = *row ? mode->column_text(0) : std::string();
    if (journal_mode != "wal") {
        return fail(
            ErrorCode::kUnavailable,
            fmt::format("SQLite store {} cannot use write-ahead logging (journal_mode is '{}')", path, journal_mode),
            "db");
    }
    // Checkpoints every 8,000 WAL pages (32 MB) rather than SQLite's 1,000: bulk market imports commit megabytes of
    // blocks at a time, and pages rewritten by consecutive commits are then copied to the database once.
    if (auto done = connection->exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
                                     "PRAGMA wal_autocheckpoint = 8000;");
        !done) {
        return tl::unexpected(done.error());
    }
    return connection;
}

Status Connection::backup_to(const std::string& path) {
    // The file must not exist: a backup never overwrites (an old backup, or worse the store itself).
    if (FILE* existing = std::fopen(path.c_str(), "rb")) {
        std::fclose(existing);
        return fail(ErrorCode::kAlreadyExists, fmt::format("{} exists; a backup is written to a new file", path), "to");
    }
    sqlite3* target = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
        Error error = sqlite_error(target, rc, fmt::format("cannot create backup file {}", path));
        error.field = "to";
        sqlite3_close(target);
        return tl::unexpected(std::move(error));
    }
    Status result;
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", db_, "main");
    if (backup == nullptr) {
        result = tl::unexpected(sqlite_error(target, sqlite3_errcode(target), "cannot start the backup"));
    } else {
        // All pages in one step: one read snapshot of the source from first page to last.
        rc = sqlite3_backup_step(backup, -1);
        const int finished = sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE) {
            result = tl::unexpected(sqlite_error(target, rc, fmt::format("backup to {} failed", path)));
        } else if (finished != SQLITE_OK) {
            result = tl::unexpected(sqlite_error(target, finished, fmt::format("backup to {} failed", path)));
        }
    }
    // The copy carries the source's WAL mode; checkpoint it into the main file so the backup is one file.
    if (result) {
        char* message = nullptr;
        rc = sqlite3_exec(target, "PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE",
                          nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            result = fail(ErrorCode::kInternal,
                          fmt::format("backup {} written but not checkpointed: {}", path,
                                      message != nullptr ? message : sqlite3_errstr(rc)),
                          "to");
        }
        sqlite3_free(message);
    }
    // Read back: every page of the copy must check out before it is called a backup.
    if (result) {
        sqlite3_stmt* check = nullptr;
        std::string verdict;
        if (sqlite3_prepare_v2(target, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK &&
            sqlite3_step(check) == SQLITE_ROW) {
            verdict = reinterpret_cast<const char*>(sqlite3_column_text(check, 0));
        }
        sqlite3_finalize(check);
        if (verdict != "ok") {
            result = fail(ErrorCode::kInternal, fmt::format("backup {} fails its integrity check: {}", path, verdict),
                          "to");
        }
    }
    sqlite3_close(target);
    if (!result) std::remove(path.c_str());
    return result;
}

Connection::~Connection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
}

Result<Statement> Connection::prepare(std::string_view sql) {
    auto found = statements_.find(std::string(sql));
    if (found != statements_.end()) return Statement(db_, found->second);
    sqlite3_stmt* stmt = nullptr;
    int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        return tl::unexpected(sqlite_error(db_, rc, fmt::format("cannot prepare \"{}\"", sql)));
    }
    statements_.emplace(std::string(sql), stmt);
    return Statement(db_, stmt);
}

Status Connection::exec(const std::string& script) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        Error error = sqlite_error(db_, rc, "SQLite script failed");
        error.message = fmt::format("SQLite script failed: {}", detail);
        return tl::unexpected(std::move(error));
    }
    return {};
}

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace yandian::store::sqlite
