#include "store/postgres/migrate.hpp"

#include <fmt/format.h>

#include <map>
#include <string>

namespace yandian::store::postgres {

namespace {

// pg_advisory_xact_lock key: "YANDIAN" read as bytes, so no other application's lock collides by accident.
constexpr std::int64_t kMigrationLock = 0x59414E4449414E;

Result<int> migrate_locked(Connection& connection, std::span<const Migration> migrations) {
    if (auto locked = connection.query("SELECT pg_advisory_xact_lock($1)", {kMigrationLock}); !locked) {
        return tl::unexpected(locked.error());
    }
    if (auto created = connection.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
        !created) {
        return tl::unexpected(created.error());
    }
    auto rows = connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    if (!rows) return tl::unexpected(rows.error());
    std::map<int, AppliedMigration> applied;
    for (int r = 0; r < rows->size(); ++r) {
        applied[static_cast<int>(rows->int64(r, 0))] =
            AppliedMigration{std::string(rows->text(r, 1)), std::string(rows->text(r, 2))};
    }
    if (auto ok = check_applied_migrations(applied, migrations); !ok) return tl::unexpected(ok.error());
    for (const Migration& migration : migrations) {
        if (applied.contains(migration.version)) continue;
        if (auto done = connection.exec(migration.sql); !done) {
            Error error = done.error();
            error.message =
                fmt::format("migration {:04}_{} failed: {}", migration.version, migration.name, error.message);
            return tl::unexpected(std::move(error));
        }
        auto recorded = connection.query(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
            {migration.version, migration.name, migration.checksum, migration_time_now()});
        if (!recorded) return tl::unexpected(recorded.error());
    }
    return static_cast<int>(migrations.size());
}

}  // namespace

Result<int> migrate(Connection& connection, std::span<const Migration> migrations) {
    if (auto ok = check_migration_sequence(migrations); !ok) return tl::unexpected(ok.error());
    std::lock_guard lock(connection.mutex());
    if (auto begun = connection.exec("BEGIN"); !begun) return tl::unexpected(begun.error());
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

}  // namespace yandian::store::postgres
