#include "store/migrations.hpp"

#include <fmt/format.h>

#include <chrono>

namespace yandian::store {

Status check_migration_sequence(std::span<const Migration> migrations) {
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

Status check_applied_migrations(const std::map<int, AppliedMigration>& applied, std::span<const Migration> migrations) {
    const int known = static_cast<int>(migrations.size());
    if (!applied.empty() && applied.rbegin()->first > known) {
        const auto& [version, newest] = *applied.rbegin();
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("the store's schema version {} ({:04}_{}) is newer than this yandian knows "
                                "(version {}); use a newer yandian",
                                version, version, newest.name, known),
                    "db");
    }
    for (const auto& [version, record] : applied) {
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
    return {};
}

std::string migration_time_now() {
    auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    auto day = std::chrono::floor<std::chrono::days>(now);
    std::chrono::year_month_day ymd(day);
    std::chrono::hh_mm_ss time(now - day);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

}  // namespace yandian::store
