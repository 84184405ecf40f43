// The PostgreSQL connection and migrations against a real server (the private cluster of `make unit-tests`):
// parameters round-trip exactly, errors map to the platform's codes, migrations apply once and a newer or altered
// schema is refused.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <thread>

#include "engines.hpp"
#include "store/postgres/postgres_database.hpp"

namespace yandian::store {
namespace {

using postgres::Connection;
using postgres::Param;

class PostgresTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (testing::postgres_cluster() == nullptr) {
            GTEST_SKIP() << "YANDIAN_TEST_POSTGRES is not set (make unit-tests starts a private cluster)";
        }
        ASSERT_FALSE(pg_.url().empty()) << pg_.error();
        auto c = Connection::open(pg_.url(), std::chrono::seconds(30));
        ASSERT_TRUE(c.has_value()) << c.error().message;
        c_ = std::move(*c);
    }

    testing::ScratchPostgres pg_;
    std::unique_ptr<Connection> c_;
};

TEST_F(PostgresTest, ParametersRoundTripExactly) {
    const double third = 1.0 / 3.0;
    const double tiny = 4.9406564584124654e-324;  // the smallest subnormal double
    auto rows = c_->query(
        "SELECT $1::float8, $2::float8, $3::bigint, $4::bigint, $5::text, $6::text, $7::bytea",
        {third, tiny, std::numeric_limits<std::int64_t>::min(), std::optional<std::int64_t>{},
         "引号 'quote' \"double\" \\ ;--", std::string_view("31.4999"), Param::bytes(std::string("a\0b\xff", 4))});
    ASSERT_TRUE(rows.has_value()) << rows.error().message;
    EXPECT_EQ(rows->number(0, 0), third);
    EXPECT_EQ(rows->number(0, 1), tiny);
    EXPECT_EQ(rows->int64(0, 2), std::numeric_limits<std::int64_t>::min());
    EXPECT_TRUE(rows->is_null(0, 3));
    EXPECT_FALSE(rows->optional_int64(0, 3).has_value());
    EXPECT_EQ(rows->text(0, 4), "引号 'quote' \"double\" \\ ;--");
    EXPECT_EQ(rows->text(0, 5), "31.4999");
    EXPECT_EQ(rows->bytes(0, 6), std::string("a\0b\xff", 4));
}

TEST_F(PostgresTest, ErrorsMapToThePlatformsCodes) {
    ASSERT_TRUE(
        c_->exec("CREATE TABLE parent (id BIGINT PRIMARY KEY); "
                 "CREATE TABLE child (id BIGINT PRIMARY KEY, parent BIGINT REFERENCES parent (id))"));
    ASSERT_TRUE(c_->query("INSERT INTO parent VALUES ($1)", {1}));
    auto twice = c_->query("INSERT INTO parent VALUES ($1)", {1});
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
    auto orphan = c_->query("INSERT INTO child VALUES ($1, $2)", {1, 99});
    ASSERT_FALSE(orphan.has_value());
    EXPECT_EQ(orphan.error().code, ErrorCode::kFailedPrecondition);
    auto bad = c_->query("SELEC 1");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
    EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos) << bad.error().message;
    // A statement over its timeout is cancelled by the server: "unavailable", to be tried again later.
    auto quick = Connection::open(pg_.url(), std::chrono::milliseconds(100));
    ASSERT_TRUE(quick.has_value());
    auto slow = (*quick)->query("SELECT pg_sleep(2)");
    ASSERT_FALSE(slow.has_value());
    EXPECT_EQ(slow.error().code, ErrorCode::kUnavailable);
    EXPECT_TRUE((*quick)->query("SELECT 1").has_value()) << "the connection stays usable";
}

TEST_F(PostgresTest, TransactionCommitsOrRollsBackWhole) {
    ASSERT_TRUE(c_->exec("CREATE TABLE t (v BIGINT)"));
    auto failed = postgres::in_transaction(*c_, [&]() -> Status {
        if (auto r = c_->query("INSERT INTO t VALUES (1)"); !r) return tl::unexpected(r.error());
        return fail(ErrorCode::kInvalidArgument, "second step failed");
    });
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().message, "second step failed");
    EXPECT_FALSE(c_->in_transaction());
    ASSERT_TRUE(postgres::in_transaction(*c_, [&]() -> Status {
        if (auto r = c_->query("INSERT INTO t VALUES (2)"); !r) return tl::unexpected(r.error());
        return {};
    }));
    auto rows = c_->query("SELECT coalesce(sum(v), 0) FROM t");
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->int64(0, 0), 2);
}

TEST_F(PostgresTest, MigrationsApplyOnceEvenFromTwoConnectionsAtOnce) {
    auto other = Connection::open(pg_.url(), std::chrono::seconds(30));
    ASSERT_TRUE(other.has_value());
    Result<int> a = 0;
    Result<int> b = 0;
    std::thread first([&] { a = postgres::migrate(*c_, postgres_migrations()); });
    std::thread second([&] { b = postgres::migrate(**other, postgres_migrations()); });
    first.join();
    second.join();
    ASSERT_TRUE(a.has_value()) << a.error().message;
    ASSERT_TRUE(b.has_value()) << b.error().message;
    const int known = static_cast<int>(postgres_migrations().size());
    EXPECT_EQ(*a, known);
    EXPECT_EQ(*b, known);
    auto rows = c_->query("SELECT count(*), max(version) FROM schema_migrations");
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->int64(0, 0), known);
    EXPECT_EQ(rows->int64(0, 1), known);
}

TEST_F(PostgresTest, NewerOrAlteredSchemaIsRefused) {
    ASSERT_TRUE(postgres::migrate(*c_, postgres_migrations()).has_value());
    ASSERT_TRUE(c_->query("UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1"));
    auto altered = postgres::migrate(*c_, postgres_migrations());
    ASSERT_FALSE(altered.has_value());
    EXPECT_EQ(altered.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(altered.error().message.find("checksum abc"), std::string::npos) << altered.error().message;
    ASSERT_TRUE(
        c_->query("UPDATE schema_migrations SET checksum = $1 WHERE version = 1", {postgres_migrations()[0].checksum}));
    ASSERT_TRUE(c_->query("INSERT INTO schema_migrations VALUES (99, 'from_the_future', 'x', 'y')"));
    auto newer = postgres::migrate(*c_, postgres_migrations());
    ASSERT_FALSE(newer.has_value());
    EXPECT_EQ(newer.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(newer.error().message.find("0099_from_the_future"), std::string::npos) << newer.error().message;
}

TEST(PostgresUri, PasswordsAreRedactedInMessages) {
    EXPECT_EQ(postgres::redact_uri("postgresql://ydn:s3cret@db.example:5432/yandian"),
              "postgresql://ydn:***@db.example:5432/yandian");
    EXPECT_EQ(postgres::redact_uri("postgresql://ydn@127.0.0.1:5432/yandian"),
              "postgresql://ydn@127.0.0.1:5432/yandian");
    auto refused =
        Connection::open("postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2", std::chrono::seconds(1));
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(refused.error().message.find("pw@"), std::string::npos) << refused.error().message;
    EXPECT_NE(refused.error().message.find("***"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace yandian::store

namespace yandian::store {
namespace {

// The server ends the connection (as on a restart or a failover): the next read is answered on a new connection; a
// write in flight is reported as unavailable, not repeated, and the one after it works again.
TEST(PostgresLostConnection, ReadsAreRetriedWritesReportedNeverRepeated) {
    if (testing::postgres_cluster() == nullptr) GTEST_SKIP() << "YANDIAN_TEST_POSTGRES is not set";
    testing::ScratchPostgres pg;
    ASSERT_FALSE(pg.url().empty()) << pg.error();
    auto c = postgres::Connection::open(pg.url(), std::chrono::seconds(30));
    auto killer = postgres::Connection::open(pg.url(), std::chrono::seconds(30));
    ASSERT_TRUE(c && killer);
    Connection& conn = **c;
    ASSERT_TRUE(conn.exec("CREATE TABLE t (v BIGINT)"));
    auto terminate = [&] {
        auto pid = conn.query("SELECT pg_backend_pid()");
        ASSERT_TRUE(pid.has_value());
        auto done = (*killer)->query("SELECT pg_terminate_backend($1)", {pid->int64(0, 0)});
        ASSERT_TRUE(done.has_value()) << done.error().message;
        ASSERT_TRUE(done->boolean(0, 0));
    };

    terminate();
    auto read = conn.query("SELECT count(*) FROM t");
    ASSERT_TRUE(read.has_value()) << read.error().message;
    EXPECT_EQ(read->int64(0, 0), 0);
    auto zone = conn.query("SELECT current_setting('TimeZone')");
    ASSERT_TRUE(zone.has_value());
    EXPECT_EQ(zone->text(0, 0), "UTC") << "session settings restored on the new connection";

    terminate();
    auto write = conn.query("INSERT INTO t VALUES (1)");
    ASSERT_FALSE(write.has_value());
    EXPECT_EQ(write.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(write.error().message.find("lost"), std::string::npos) << write.error().message;
    auto count = conn.query("SELECT count(*) FROM t");
    ASSERT_TRUE(count.has_value());
    EXPECT_EQ(count->int64(0, 0), 0) << "the failed write was not repeated";
    ASSERT_TRUE(conn.query("INSERT INTO t VALUES (2)").has_value());
    EXPECT_EQ(conn.query("SELECT sum(v) FROM t")->int64(0, 0), 2);
}

}  // namespace
}  // namespace yandian::store

namespace yandian::store {
namespace {

// A server that may lose committed transactions on power loss (fsync = off) is refused at open, naming the setting.
// On a cluster of its own: the shared test cluster keeps fsync on for every other test.
TEST(PostgresDurability, AServerWithFsyncOffIsRefused) {
    if (testing::postgres_cluster() == nullptr) GTEST_SKIP() << "YANDIAN_TEST_POSTGRES is not set";
    const std::string script = std::string(YANDIAN_SOURCE_DIR) + "/scripts/postgres.sh";
    const std::string out = ::testing::TempDir() + "/fsync-off-url";
    ASSERT_EQ(std::system((script + " start > " + out + " 2>&1 < /dev/null").c_str()), 0);
    std::ifstream in(out);
    std::string url;
    std::getline(in, url);
    ASSERT_EQ(url.rfind("postgresql://", 0), 0u) << url;
    const std::string port = url.substr(url.rfind(':') + 1, url.rfind('/') - url.rfind(':') - 1);
    struct Stop {
        std::string command;
        ~Stop() { (void)std::system(command.c_str()); }
    } stop{script + " stop " + port + " > /dev/null 2>&1"};

    ASSERT_TRUE(Database::open(url).has_value()) << "fsync = on: accepted";
    auto admin = postgres::Connection::open(url, std::chrono::seconds(30));
    ASSERT_TRUE(admin.has_value());
    ASSERT_TRUE((*admin)->exec("ALTER SYSTEM SET fsync = off"));
    ASSERT_TRUE((*admin)->query("SELECT pg_reload_conf()"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the reload reaches new sessions
    auto refused = Database::open(url);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(refused.error().message.find("fsync = off"), std::string::npos) << refused.error().message;

    // full_page_writes = off: a page torn by a power cut in the middle of its write could not be repaired from the WAL.
    ASSERT_TRUE((*admin)->exec("ALTER SYSTEM SET fsync = on"));
    ASSERT_TRUE((*admin)->exec("ALTER SYSTEM SET full_page_writes = off"));
    ASSERT_TRUE((*admin)->query("SELECT pg_reload_conf()"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the reload reaches new sessions
    auto torn = Database::open(url);
    ASSERT_FALSE(torn.has_value());
    EXPECT_EQ(torn.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(torn.error().message.find("full_page_writes = off"), std::string::npos) << torn.error().message;
}

// synchronous_commit = off set for the database (or the role, or the server) does not reach the store: its session
// sets it on, so each commit still waits for its WAL flush; RESET shows the database's own value underneath.
TEST(PostgresDurability, SynchronousCommitOffForTheDatabaseIsOverriddenByTheStore) {
    if (testing::postgres_cluster() == nullptr) GTEST_SKIP() << "YANDIAN_TEST_POSTGRES is not set";
    testing::ScratchPostgres pg;
    ASSERT_FALSE(pg.url().empty()) << pg.error();
    const std::string name = pg.url().substr(pg.url().rfind('/') + 1);
    {
        auto admin = postgres::Connection::open(pg.url(), std::chrono::seconds(30));
        ASSERT_TRUE(admin.has_value()) << admin.error().message;
        ASSERT_TRUE((*admin)->exec("ALTER DATABASE " + name + " SET synchronous_commit = off"));
    }
    auto opened = postgres::PostgresDatabase::open(pg.url());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    postgres::Connection& c = (*opened)->connection();
    std::lock_guard lock(c.mutex());
    auto shown = c.query("SHOW synchronous_commit");
    ASSERT_TRUE(shown.has_value()) << shown.error().message;
    EXPECT_EQ(shown->text(0, 0), "on");
    ASSERT_TRUE(c.exec("RESET synchronous_commit"));
    auto underneath = c.query("SHOW synchronous_commit");
    ASSERT_TRUE(underneath.has_value());
    EXPECT_EQ(underneath->text(0, 0), "off") << "the database setting did not take: the test proves nothing";
}

}  // namespace
}  // namespace yandian::store
