// A process killed with SIGKILL in the middle of a stream of writes loses none that it had acknowledged.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "temp_dir.hpp"

namespace yandian::store {
namespace {

TEST(Crash, AcknowledgedWritesSurviveSigkill) {
    testing::TempDir dir;
    const std::string url = "sqlite:" + dir.file("crash.db");
    {
        auto db = Database::open(url);
        ASSERT_TRUE(db.has_value()) << db.error().message;
        ASSERT_TRUE((*db)->organisations().create({0, "Works", "manufacturer", "2026-11-29T10:00:00.000Z"}));
    }
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(fds[0]);
        auto db = Database::open(url);
        if (!db) _exit(3);
        for (int i = 0; i < 1000000; ++i) {
            UserRecord user{
                0, 1, "u" + std::to_string(i), "", "viewer", "$argon2id$", false, "2026-11-29T10:00:00.000Z"};
            if (!(*db)->users().create(user)) _exit(4);
            // Acknowledge only after the store call returned.
            std::string ack = std::to_string(i) + "\n";
            if (write(fds[1], ack.data(), ack.size()) != static_cast<ssize_t>(ack.size())) _exit(5);
        }
        _exit(0);
    }
    close(fds[1]);
    FILE* acks = fdopen(fds[0], "r");
    ASSERT_NE(acks, nullptr);
    std::vector<int> acknowledged;
    int value = 0;
    while (acknowledged.size() < 200 && fscanf(acks, "%d", &value) == 1) acknowledged.push_back(value);
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child ended early with " << status;
    while (fscanf(acks, "%d", &value) == 1) acknowledged.push_back(value);  // acks written before the kill
    fclose(acks);
    ASSERT_GE(acknowledged.size(), 200U);

    auto db = Database::open(url);
    ASSERT_TRUE(db.has_value()) << db.error().message;
    for (int i : acknowledged) {
        auto found = (*db)->users().find_by_login("u" + std::to_string(i));
        ASSERT_TRUE(found.has_value() && found->has_value()) << "acknowledged write u" << i << " lost";
    }
}

}  // namespace
}  // namespace yandian::store
