#include "store/sqlite/migrate.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <string>

namespace yandian::store::sqlite {

namespace {

struct Applied {
    std::string name;
    std::string checksum;
};

std::string now_utc() {
    auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    auto day = std::chrono::floor<std::chrono::days>(now);
    std::chrono::year_month_day ymd(day);
    std::chrono::hh_mm_ss time(now - day);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

Status check_sequence(std::span<const Migration> migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + 1) {
            return fail(ErrorCode::kInternal,
                        fmt::format("embedded migrations must be numbered 1, 2, 3... without gaps; found {:04}_{} "
                                    "at position {}",
                                    migrations[i].version, migrations[i].name, i + 1));
        }
    }
    return {};
}

Result<std::map<int, Applied>> read_applied(Connection& connection) {
    auto select = connection.prepare("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    if (!select) return tl::unexpected(select.error());
    std::map<int, Applied> applied;
    while (true) {
        auto row = select->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        applied[static_cast<int>(select->column_int64(0))] = Applied{select->column_text(1), select->column_text(2)};
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
    if (!applied->empty() && applied->rbegin()->first > known) {
        const auto& [version, newest] = *applied->rbegin();
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("the store's schema version {} ({:04}_{}) is newer than this yandian knows "
                                "(version {}); use a newer yandian",
                                version, version, newest.name, known),
                    "db");
    }
    for (const auto& [version, record] : *applied) {
        if (version < 1) {
            return fail(ErrorCode::kFailedPrecondition,
                        fmt::format("the store records an invalid schema version {}", version), "db");
        }
        const Migration& migration = migrations[static_cast<std::size_t>(version) - 1];
        if (record.checksum != migration.checksum) {
            return fail(ErrorCode::kFailedPrecondition,
                        fmt::format("migration {:04}_{} applied to the store has checksum {}, but this yandian's "
                                    "migration {:04}_{} has checksum {}; the store's schema history differs",
                                    version, record.name, record.checksum, migration.version, migration.name,
                                    migration.checksum),
                        "db");
        }
    }
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
            .bind(4, std::string_view(now_utc()));
        if (auto done = insert->run(); !done) return tl::unexpected(done.error());
    }
    return known;
}

}  // namespace

Result<int> migrate(Connection& connection, std::span<const Migration> migrations) {
    if (auto ok = check_sequence(migrations); !ok) return tl::unexpected(ok.error());
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
