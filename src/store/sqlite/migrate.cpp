#include "store/sqlite/migrate.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <string>

namespace yandian::store::sqlite {

namespace {

Result<std::map<int, AppliedMigration>> read_applied(Connection& connection) {
    auto select = connection.prepare("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    if (!select) return tl::unexpected(select.error());
    std::map<int, AppliedMigration> applied;
    while (true) {
        auto row = select->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        applied[static_cast<int>(select->column_int64(0))] = AppliedMigration{select->column_text(1), select->column_text(2)};
    }
    return applied;
}

Result<int> migrate_locked(Connection& connection, std::span<const Migration> migrations) {
    auto created = connection.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
    if (!created) return tl::unexpected(created.error());
    auto applied = read_applied(connection);
    if (!applied) return tl::unexpected(applied.error());

    const int known = static_cast<int>(migrations.size());
    if (auto ok = check_applied_migrations(*applied, migrations); !ok) return tl::unexpected(ok.error());
    for (const Migration& migration : migrations) {
        if (applied->contains(migration.version)) continue;
        if (auto done = connection.exec(std::string(migration.sql)); !done) {
            Error error = done.error();
            error.message =
                fmt::format("migration {:04}_{} failed: {}", migration.version, migration.name, error.message);
            return tl::unexpected(std::move(error));
        }
        auto insert = connection.prepare(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)");
        if (!insert) return tl::unexpected(insert.error());
        insert->bind(1, static_cast<std::int64_t>(migration.version))
            .bind(2, migration.name)
            .bind(3, migration.checksum)
            .bind(4, std::string_view(migration_time_now()));
        if (auto done = insert->run(); !done) return tl::unexpected(done.error());
    }
    return known;
}

}  // namespace

Result<int> migrate(Connection& connection, std::span<const Migration> migrations) {
    if (auto ok = check_migration_sequence(migrations); !ok) return tl::unexpected(ok.error());
    std::lock_guard lock(connection.mutex());
    // BEGIN IMMEDIATE takes the write lock first, so two processes opening the same new store migrate it once.
    if (auto begun = connection.exec("BEGIN IMMEDIATE"); !begun) return tl::unexpected(begun.error());
    auto version = migrate_locked(connection, migrations);
    if (!version) {
        (void)connection.exec("ROLLBACK");
        return version;
    }
    if (auto committed = connection.exec("COMMIT"); !committed) {
        (void)connection.exec("ROLLBACK");
        return tl::unexpected(committed.error());
    }
    return version;
}

}  // namespace yandian::store::sqlite
