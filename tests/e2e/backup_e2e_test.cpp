// `yandian backup` through the binary: a copy taken while the server runs and writes is a complete, consistent
// store that a server opens again (the restore); an existing file is never overwritten.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
const std::string kBinary = YANDIAN_BINARY;

TEST(Backup, CopyTakenWhileTheServerWritesRestoresEveryAcknowledgedWriteBeforeIt) {
    TempDir dir;
    const std::string db = "sqlite:" + dir.path() + "/yandian.db";
    ASSERT_EQ(run_command({kBinary, "init", "--db", db, "--org", "Linqing Plant", "--kind", "manufacturer", "--admin",
                           "wang", "--password", "wang-password-1"})
                  .exit_code,
              0);
    ServerProcess server({kBinary, "serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    // Organisations created before the backup (acknowledged), and a stream of logins writing while it runs.
    for (int i = 0; i < 5; ++i) {
        auto org = run_command(
            {kBinary, "org", "add", "--db", db, "--name", "Customer " + std::to_string(i), "--kind", "manufacturer"});
        ASSERT_EQ(org.exit_code, 0) << org.err;
    }
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable progress;  // signalled on every answered login
    int logins = 0, refused = 0;
    std::thread writer([&] {
        while (!stop) {
            auto r = http_request(server.port(), "POST", "/api/v1/session",
                                  json{{"login", "wang"}, {"password", "wang-password-1"}}.dump(),
                                  {{"Content-Type", "application/json"}});
            std::lock_guard lock(mutex);
            ++(r.status == 200 ? logins : refused);
            progress.notify_all();
        }
    });
    bool writing = false;
    {
        // Two logins written, or 30 s.
        std::unique_lock lock(mutex);
        writing = progress.wait_for(lock, std::chrono::seconds(30), [&] { return logins >= 2; });
    }
    const std::string copy = dir.path() + "/backup.db";
    auto backup = writing ? run_command({kBinary, "backup", "--db", db, "--to", copy}) : CommandResult{};
    stop = true;
    writer.join();
    ASSERT_TRUE(writing) << "the server answered no 2 logins within 30 s (" << refused << " refused)";
    ASSERT_EQ(backup.exit_code, 0) << backup.err;
    const json report = json::parse(backup.out);
    EXPECT_EQ(report.at("to"), copy);
    EXPECT_EQ(report.at("integrity_check"), "ok");
    EXPECT_GT(report.at("bytes").get<std::int64_t>(), 0);
    EXPECT_FALSE(std::filesystem::exists(copy + "-wal")) << "the backup is one file";
    EXPECT_EQ(server.terminate_and_wait(std::chrono::seconds(20)), 0);

    // The restore: the copy is a store the platform opens as it is.
    auto users = run_command({kBinary, "user", "list", "--db", "sqlite:" + copy});
    ASSERT_EQ(users.exit_code, 0) << users.err;
    EXPECT_NE(users.out.find("wang"), std::string::npos) << users.out;
    ServerProcess restored({kBinary, "serve", "--db", "sqlite:" + copy, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(restored.started()) << restored.stderr_text();
    auto session = http_request(restored.port(), "POST", "/api/v1/session",
                                json{{"login", "wang"}, {"password", "wang-password-1"}}.dump(),
                                {{"Content-Type", "application/json"}});
    ASSERT_EQ(session.status, 200) << session.body;  // the administrator's account came along
    EXPECT_EQ(restored.terminate_and_wait(std::chrono::seconds(20)), 0);
    auto count = run_command(
        {kBinary, "org", "add", "--db", "sqlite:" + copy, "--name", "After restore", "--kind", "manufacturer"});
    ASSERT_EQ(count.exit_code, 0) << count.err;
    EXPECT_EQ(json::parse(count.out).at("id"), 7) << "ids continue after the 6 organisations the backup holds";

    // Never over an existing file; PostgreSQL has pg_dump.
    auto again = run_command({kBinary, "backup", "--db", db, "--to", copy});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.err.find("exists"), std::string::npos) << again.err;
    auto pg = run_command({kBinary, "backup", "--db", "postgresql://ydn@127.0.0.1/yandian", "--to", copy + "2"});
    EXPECT_EQ(pg.exit_code, 2);
    EXPECT_NE(pg.err.find("pg_dump"), std::string::npos) << pg.err;
    auto missing = run_command({kBinary, "backup", "--db", "sqlite:" + dir.path() + "/none.db", "--to", copy + "3"});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_FALSE(std::filesystem::exists(dir.path() + "/none.db")) << "a backup never creates the store it copies";
}

}  // namespace
}  // namespace yandian::testing
