#pragma once
// Moving a plant's embedded store into the shared platform: every table of a SQLite store copied into a PostgreSQL
// store of the same schema version, in one PostgreSQL transaction (an interrupted copy leaves nothing, so running it
// again is safe), ids kept (so references, API links and exported files stay valid), counts checked table by table
// before the commit.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

namespace sqlite {
class SqliteDatabase;
}
namespace postgres {
class PostgresDatabase;
}

struct StoreCopyReport {
    bool already_copied = false;  // the target already held exactly the source's rows: nothing was written
    std::vector<std::pair<std::string, std::int64_t>> tables;  // rows per table, in copy order
};

// The target must be empty (only its schema), or hold a complete earlier copy of this source (then nothing is
// written and already_copied is set). Anything else is refused with kFailedPrecondition naming the table.
Result<StoreCopyReport> copy_store(sqlite::SqliteDatabase& from, postgres::PostgresDatabase& to);

}  // namespace yandian::store
