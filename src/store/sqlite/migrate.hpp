#pragma once
#include <span>

#include "common/result.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

// Brings the schema up to the last of `migrations`, in one transaction, recording each applied
// migration (version, name, SHA-256 checksum, time) in the table schema_migrations.
// Refuses (kFailedPrecondition, nothing changed) a store that has a migration this binary does not know
// or whose recorded checksum differs from the embedded one. Returns the schema version.
Result<int> migrate(Connection& connection, std::span<const Migration> migrations);

}  // namespace yandian::store::sqlite
