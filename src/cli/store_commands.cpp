// `yandian backup` and `yandian migrate-store`: the store's safety copy, and moving a plant's embedded store into the
// shared platform, for the operator on the machine.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.hpp"
#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/store_copy.hpp"

namespace yandian::cli {

namespace {

struct BackupOptions {
    std::string db = "sqlite:yandian.db";
    std::string to;
};

struct MoveOptions {
    std::string from;
    std::string to;
};

int fail_with(const Error& error) {
    std::cerr << "yandian: " << error.message << (error.field.empty() ? "" : " (" + error.field + ")") << "\n";
    return exit_code(error.code);
}

int backup(const BackupOptions& o) {
    constexpr std::string_view kSqlite = "sqlite:";
    if (o.db.starts_with("postgresql://") || o.db.starts_with("postgres://")) {
        return fail_with(Error{ErrorCode::kInvalidArgument,
                               "a PostgreSQL store is backed up with pg_dump (docs/operations.md, Backups)", "db"});
    }
    if (!o.db.starts_with(kSqlite) || o.db.size() == kSqlite.size()) {
        return fail_with(Error{ErrorCode::kInvalidArgument, "--db must be sqlite:PATH", "db"});
    }
    const std::string path = o.db.substr(kSqlite.size());
    if (!std::filesystem::exists(path)) {
        return fail_with(Error{ErrorCode::kNotFound, path + " does not exist; nothing to back up", "db"});
    }
    auto db = store::sqlite::SqliteDatabase::open(path);
    if (!db) return fail_with(db.error());
    auto version = (*db)->schema_version();
    if (!version) return fail_with(version.error());
    if (auto done = (*db)->backup_to(o.to); !done) return fail_with(done.error());
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(o.to, ec);
    std::cout << nlohmann::json{{"from", path},
                                {"to", o.to},
                                {"bytes", ec ? 0 : bytes},
                                {"schema_version", *version},
                                {"integrity_check", "ok"}}
                     .dump()
              << "\n";
    return 0;
}

int migrate_store(const MoveOptions& o) {
    constexpr std::string_view kSqlite = "sqlite:";
    if (!o.from.starts_with(kSqlite) || o.from.size() == kSqlite.size()) {
        return fail_with(Error{ErrorCode::kInvalidArgument, "--from must be sqlite:PATH", "from"});
    }
    if (!o.to.starts_with("postgresql://") && !o.to.starts_with("postgres://")) {
        return fail_with(Error{ErrorCode::kInvalidArgument, "--to must be postgresql://USER@HOST:PORT/DB", "to"});
    }
    const std::string path = o.from.substr(kSqlite.size());
    if (!std::filesystem::exists(path)) {
        return fail_with(Error{ErrorCode::kNotFound, path + " does not exist", "from"});
    }
    auto from = store::sqlite::SqliteDatabase::open(path);
    if (!from) return fail_with(from.error());
    auto to = store::postgres::PostgresDatabase::open(o.to);
    if (!to) return fail_with(to.error());
    auto report = store::copy_store(**from, **to);
    if (!report) return fail_with(report.error());
    nlohmann::json tables = nlohmann::json::object();
    for (const auto& [table, rows] : report->tables) tables[table] = rows;
    std::cout << nlohmann::json{{"from", path},
                                {"to", store::postgres::redact_uri(o.to)},
                                {"already_copied", report->already_copied},
                                {"tables", tables}}
                     .dump()
              << "\n";
    return 0;
}

}  // namespace

void register_store_commands(CLI::App& app, Action& action) {
    auto m = std::make_shared<MoveOptions>();
    CLI::App* move = app.add_subcommand(
        "migrate-store",
        "Copy an embedded (SQLite) store into an empty PostgreSQL store: every table, ids kept, counts checked, one "
        "transaction (run it again after an interruption)");
    move->add_option("--from", m->from, "sqlite:PATH")->required();
    move->add_option("--to", m->to, "postgresql://USER@HOST:PORT/DB")->required();
    move->callback([&action, m] { action = [m] { return migrate_store(*m); }; });

    auto o = std::make_shared<BackupOptions>();
    CLI::App* cmd = app.add_subcommand(
        "backup", "Copy an embedded (SQLite) store to a new file while it is in use; the copy is checked page by page");
    cmd->add_option("--db", o->db, "store: sqlite:PATH")->envname("YANDIAN_DB")->capture_default_str();
    cmd->add_option("--to", o->to, "the new file (must not exist); serve it with --db sqlite:FILE to restore")
        ->required();
    cmd->callback([&action, o] { action = [o] { return backup(*o); }; });
}

}  // namespace yandian::cli
