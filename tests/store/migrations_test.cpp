// Schema migrations of the SQLite store: applied once, recorded with checksums, newer or altered schemas refused.
#include "store/migrations.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <fstream>
#include <sstream>
#include <string>

#include "store/database.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "temp_dir.hpp"

namespace yandian::store {
namespace {

using sqlite::SqliteDatabase;

// Runs one statement on a separate raw SQLite connection (an outside party editing the file).
void raw_exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string detail = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << detail;
}

std::int64_t raw_count(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::int64_t n = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return n;
}

std::string pragma(SqliteDatabase& db, const std::string& name) {
    std::lock_guard lock(db.connection().mutex());
    auto s = db.connection().prepare("PRAGMA " + name);
    EXPECT_TRUE(s.has_value());
    auto row = s->step();
    EXPECT_TRUE(row.has_value() && *row);
    return s->column_text(0);
}

TEST(Migrations, EmbeddedFilesMatchTheSourceTreeAndAreNumberedFromOne) {
    auto migrations = sqlite_migrations();
    ASSERT_FALSE(migrations.empty());
    EXPECT_EQ(migrations[0].version, 1);
    EXPECT_EQ(migrations[0].name, "accounts");
    std::ifstream file(std::string(YANDIAN_SOURCE_DIR) + "/src/store/migrations/sqlite/0001_accounts.sql",
                       std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    EXPECT_EQ(migrations[0].sql, text.str());
    EXPECT_EQ(migrations[0].checksum.size(), 64U);
    for (std::size_t i = 0; i < migrations.size(); ++i) EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
}

TEST(Migrations, AppliedOnceAndRecordedWithChecksums) {
    testing::TempDir dir;
    const std::string path = dir.file("store.db");
    const auto embedded = sqlite_migrations();
    for (int round = 0; round < 2; ++round) {
        auto db = Database::open("sqlite:" + path);
        ASSERT_TRUE(db.has_value()) << db.error().message;
        auto version = (*db)->schema_version();
        ASSERT_TRUE(version.has_value());
        EXPECT_EQ(*version, static_cast<int>(embedded.size()));
    }
    EXPECT_EQ(raw_count(path, "SELECT count(*) FROM schema_migrations"), static_cast<std::int64_t>(embedded.size()));
    for (const auto& m : embedded) {
        EXPECT_EQ(raw_count(path, "SELECT count(*) FROM schema_migrations WHERE version = " +
                                      std::to_string(m.version) + " AND checksum = '" + std::string(m.checksum) +
                                      "' AND name = '" + std::string(m.name) + "'"),
                  1);
    }
    EXPECT_EQ(raw_count(path, "SELECT count(*) FROM sqlite_master WHERE name = 'users'"), 1);
}

TEST(Migrations, NewMigrationIsAppliedOnTopOfAnOlderStore) {
    testing::TempDir dir;
    const std::string path = dir.file("store.db");
    const std::array<Migration, 2> migrations{
        Migration{1, "first", "CREATE TABLE a (x INTEGER);", "c1"},
        Migration{2, "second", "CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (7);", "c2"},
    };
    {
        auto db = SqliteDatabase::open(path, std::span(migrations).first(1));
        ASSERT_TRUE(db.has_value()) << db.error().message;
        EXPECT_EQ(*(*db)->schema_version(), 1);
    }
    {
        auto db = SqliteDatabase::open(path, migrations);
        ASSERT_TRUE(db.has_value()) << db.error().message;
        EXPECT_EQ(*(*db)->schema_version(), 2);
    }
    EXPECT_EQ(raw_count(path, "SELECT y FROM b"), 7);
}

TEST(Migrations, FailingMigrationLeavesTheStoreUnchanged) {
    testing::TempDir dir;
    const std::string path = dir.file("store.db");
    const std::array<Migration, 2> migrations{
        Migration{1, "first", "CREATE TABLE a (x INTEGER);", "c1"},
        Migration{2, "broken", "CREATE TABLE b (y INTEGER); THIS IS NOT SQL;", "c2"},
    };
    auto db = SqliteDatabase::open(path, migrations);
    ASSERT_FALSE(db.has_value());
    EXPECT_NE(db.error().message.find("0002_broken"), std::string::npos) << db.error().message;
    EXPECT_EQ(raw_count(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b', 'schema_migrations')"), 0);
}

TEST(Migrations, NewerSchemaVersionIsRefusedNamingBothVersions) {
    testing::TempDir dir;
    const std::string path = dir.file("store.db");
    ASSERT_TRUE(Database::open("sqlite:" + path).has_value());
    const int known = static_cast<int>(sqlite_migrations().size());
    const int newer = known + 1;
    raw_exec(path, "INSERT INTO schema_migrations VALUES (" + std::to_string(newer) +
                       ", 'future', 'abc', '2030-01-01T00:00:00.000Z')");
    auto db = Database::open("sqlite:" + path);
    ASSERT_FALSE(db.has_value());
    EXPECT_EQ(db.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(db.error().field, "db");
    EXPECT_NE(db.error().message.find("schema version " + std::to_string(newer)), std::string::npos)
        << db.error().message;
    EXPECT_NE(db.error().message.find("(version " + std::to_string(known) + ")"), std::string::npos)
        << db.error().message;
}

TEST(Migrations, AlteredChecksumIsRefused) {
    testing::TempDir dir;
    const std::string path = dir.file("store.db");
    ASSERT_TRUE(Database::open("sqlite:" + path).has_value());
    raw_exec(path, "UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 1");
    auto db = Database::open("sqlite:" + path);
    ASSERT_FALSE(db.has_value());
    EXPECT_EQ(db.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(db.error().message.find("0001_accounts"), std::string::npos) << db.error().message;
    EXPECT_NE(db.error().message.find("deadbeef"), std::string::npos) << db.error().message;
    EXPECT_NE(db.error().message.find(std::string(sqlite_migrations()[0].checksum)), std::string::npos);
}

TEST(Migrations, GapInEmbeddedNumbersIsRejected) {
    testing::TempDir dir;
    const std::array<Migration, 2> migrations{
        Migration{1, "first", "CREATE TABLE a (x INTEGER);", "c1"},
        Migration{3, "third", "CREATE TABLE c (x INTEGER);", "c3"},
    };
    auto db = SqliteDatabase::open(dir.file("store.db"), migrations);
    ASSERT_FALSE(db.has_value());
    EXPECT_NE(db.error().message.find("0003_third"), std::string::npos) << db.error().message;
}

TEST(Durability, WalWithSynchronousFullAndForeignKeys) {
    testing::TempDir dir;
    auto db = SqliteDatabase::open(dir.file("store.db"));
    ASSERT_TRUE(db.has_value()) << db.error().message;
    EXPECT_EQ(pragma(**db, "journal_mode"), "wal");
    EXPECT_EQ(pragma(**db, "synchronous"), "2");  // 2 = FULL (https://sqlite.org/pragma.html#pragma_synchronous)
    EXPECT_EQ(pragma(**db, "foreign_keys"), "1");
    EXPECT_EQ(std::stoi(pragma(**db, "busy_timeout")), 5000);
}

TEST(DatabaseUrl, UnreachablePostgresqlIsUnavailableAndOtherUrlsAreRejected) {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    auto pg = Database::open("postgresql://ydn:secret@127.0.0.1:1/yandian?connect_timeout=2");
    ASSERT_FALSE(pg.has_value());
    EXPECT_EQ(pg.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(pg.error().field, "db");
    EXPECT_EQ(pg.error().message.find("secret"), std::string::npos) << pg.error().message;
    auto empty = Database::open("sqlite:");
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().field, "db");
    auto other = Database::open("mysql://x");
    ASSERT_FALSE(other.has_value());
    EXPECT_EQ(other.error().code, ErrorCode::kInvalidArgument);
}

// A newcomer's two first mistakes get messages that name the path and the cause.
TEST(DatabaseUrl, MissingFolderAndNonDatabaseFileNameThePath) {
    testing::TempDir dir;
    const std::string missing = dir.file("no-such-folder") + "/yandian.db";
    auto no_folder = Database::open("sqlite:" + missing);
    ASSERT_FALSE(no_folder.has_value());
    EXPECT_EQ(no_folder.error().code, ErrorCode::kNotFound);
    EXPECT_NE(no_folder.error().message.find("the folder " + dir.file("no-such-folder") + " does not exist"),
              std::string::npos)
        << no_folder.error().message;
    const std::string text = dir.file("notes.txt");
    std::ofstream(text) << "line 3 of the grinding notes\n";
    auto not_db = Database::open("sqlite:" + text);
    ASSERT_FALSE(not_db.has_value());
    EXPECT_NE(not_db.error().message.find(text), std::string::npos) << not_db.error().message;
    EXPECT_NE(not_db.error().message.find("not a database"), std::string::npos) << not_db.error().message;
    EXPECT_EQ(not_db.error().field, "db");
}

}  // namespace
}  // namespace yandian::store
