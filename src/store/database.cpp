#include "store/database.hpp"

#include <string>

#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace yandian::store {

Result<std::unique_ptr<Database>> Database::open(std::string_view url) {
    constexpr std::string_view kSqlite = "sqlite:";
    if (url.starts_with(kSqlite)) {
        std::string path(url.substr(kSqlite.size()));
        if (path.empty()) {
            return fail(ErrorCode::kInvalidArgument, "store URL 'sqlite:' needs a file path, e.g. sqlite:yandian.db",
                        "db");
        }
        auto db = sqlite::SqliteDatabase::open(path);
        if (!db) return tl::unexpected(db.error());
        return std::unique_ptr<Database>(std::move(*db));
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        auto db = postgres::PostgresDatabase::open(std::string(url));
        if (!db) return tl::unexpected(db.error());
        return std::unique_ptr<Database>(std::move(*db));
    }
    return fail(ErrorCode::kInvalidArgument,
                "store URL '" + std::string(url) + "' is not understood; use sqlite:PATH (e.g. sqlite:yandian.db) or postgresql://USER@HOST:PORT/DB",
                "db");
}

}  // namespace yandian::store
