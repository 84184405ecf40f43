#pragma once
// Numbered, forward-only schema migrations, embedded into the binary at build time from
// src/store/migrations/<dialect>/NNNN_name.sql (see embed_migrations.cmake).
#include <span>
#include <string_view>

namespace yandian::store {

struct Migration {
    int version = 0;            // NNNN of the file name; versions run 1, 2, 3... without gaps
    std::string_view name;      // the rest of the file name, without ".sql"
    std::string_view sql;       // the file's text
    std::string_view checksum;  // SHA-256 (hex) of the file's text
};

// The SQLite migrations, ascending by version.
std::span<const Migration> sqlite_migrations();

}  // namespace yandian::store
