#pragma once
// Numbered, forward-only schema migrations, embedded into the binary at build time from
// src/store/migrations/<dialect>/NNNN_name.sql (see embed_migrations.cmake).
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace yandian::store {

struct Migration {
    int version = 0;            // NNNN of the file name; versions run 1, 2, 3... without gaps
    std::string_view name;      // the rest of the file name, without ".sql"
    std::string_view sql;       // the file's text
    std::string_view checksum;  // SHA-256 (hex) of the file's text
};

// The migrations of each dialect, ascending by version; a version means the same change in both.
std::span<const Migration> sqlite_migrations();
std::span<const Migration> postgres_migrations();

// What a store records of a migration it applied.
struct AppliedMigration {
    std::string name;
    std::string checksum;
};

// The embedded migrations must be numbered 1, 2, 3... without gaps (kInternal otherwise: a build error).
Status check_migration_sequence(std::span<const Migration> migrations);

// A store's applied migrations against this binary's: a version it does not know (a newer yandian wrote the store)
// or an applied migration whose checksum differs is refused with kFailedPrecondition naming both.
Status check_applied_migrations(const std::map<int, AppliedMigration>& applied, std::span<const Migration> migrations);

// The time a migration is recorded as applied (ISO 8601 UTC with milliseconds). The store's own bookkeeping, so the
// machine's time, not the platform's clock.
std::string migration_time_now();

}  // namespace yandian::store
