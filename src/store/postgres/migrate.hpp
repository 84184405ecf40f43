#pragma once
#include <span>

#include "common/result.hpp"
#include "store/migrations.hpp"
#include "store/postgres/connection.hpp"

namespace yandian::store::postgres {

// Brings the schema up to the last of `migrations` in one transaction, under an advisory lock so that two servers
// opening the same new database migrate it once, recording each applied migration (version, name, SHA-256, time) in
// schema_migrations. Refuses (kFailedPrecondition, nothing changed) a store with a migration this binary does not
// know or whose checksum differs (store/migrations.hpp). Returns the schema version.
Result<int> migrate(Connection& connection, std::span<const Migration> migrations);

}  // namespace yandian::store::postgres
