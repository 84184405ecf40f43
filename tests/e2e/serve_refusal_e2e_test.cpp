// `yandian serve` refuses a store nobody could log in to, saying what to run, and creates no file on the way;
// `yandian market demo` refuses to add its public logins to a store that holds other organisations.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "process.hpp"

namespace yandian::testing {
namespace {

const std::string kBinary = YANDIAN_BINARY;

TEST(ServeRefusal, AMissingOrUserlessStoreIsRefusedWithTheCommandToRun) {
    TempDir dir;
    const std::string missing = dir.path() + "/typo.db";
    auto none = run_command({kBinary, "serve", "--db", "sqlite:" + missing, "--listen", "127.0.0.1:0", "--quiet"});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_NE(none.err.find("there is no store at " + missing), std::string::npos) << none.err;
    EXPECT_NE(none.err.find("yandian init --db sqlite:" + missing), std::string::npos) << none.err;
    EXPECT_FALSE(std::filesystem::exists(missing)) << "serve created the store it refused";

    const std::string db = "sqlite:" + dir.path() + "/orgs-only.db";
    ASSERT_EQ(run_command({kBinary, "org", "add", "--db", db, "--name", "Shop", "--kind", "merchant"}).exit_code, 0);
    auto userless = run_command({kBinary, "serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet"});
    EXPECT_EQ(userless.exit_code, 1);
    EXPECT_NE(userless.err.find("no user yet"), std::string::npos) << userless.err;
    EXPECT_NE(userless.err.find("yandian user add --db " + db), std::string::npos) << userless.err;
}

// A store path in a folder that does not exist, and a file that is not a database: the message names the path and
// the cause (not SQLite's bare "unable to open database file").
TEST(ServeRefusal, AMissingFolderOrANonDatabaseFileIsNamed) {
    TempDir dir;
    const std::string nowhere = dir.path() + "/no-such-folder/yandian.db";
    auto folder = run_command({kBinary, "user", "list", "--db", "sqlite:" + nowhere});
    EXPECT_NE(folder.exit_code, 0);
    EXPECT_NE(folder.err.find("cannot open SQLite store " + nowhere + ": the folder " + dir.path() +
                              "/no-such-folder does not exist"),
              std::string::npos)
        << folder.err;
    const std::string text = dir.path() + "/notes.db";
    { std::FILE* f = std::fopen(text.c_str(), "w"); std::fputs("shopping list\n", f); std::fclose(f); }
    auto not_db = run_command({kBinary, "serve", "--db", "sqlite:" + text, "--listen", "127.0.0.1:0", "--quiet"});
    EXPECT_NE(not_db.exit_code, 0);
    EXPECT_NE(not_db.err.find(text), std::string::npos) << not_db.err;
    EXPECT_NE(not_db.err.find("file is not a database"), std::string::npos) << not_db.err;
}

TEST(MarketDemoRefusal, AStoreWithOtherOrganisationsGetsNoDemoShopsUnlessForced) {
    TempDir dir;
    const std::string db = "sqlite:" + dir.path() + "/plant.db";
    ASSERT_EQ(run_command({kBinary, "init", "--db", db, "--org", "Plant", "--kind", "manufacturer", "--admin", "wang",
                           "--password", "a-long-password"})
                  .exit_code,
              0);
    const std::vector<std::string> demo{kBinary, "market", "demo", "--db", db, "--shops", "3", "--models", "20"};
    auto refused = run_command(demo);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("the store holds 1 organisation(s)"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
    auto users = run_command({kBinary, "user", "list", "--db", db, "--format", "json"});
    EXPECT_EQ(users.out.find("analyst"), std::string::npos) << "the refused demo left a login: " << users.out;

    std::vector<std::string> forced = demo;
    forced.push_back("--force");
    auto added = run_command(forced);
    ASSERT_EQ(added.exit_code, 0) << added.err;
    EXPECT_NE(added.out.find("\"created\":true"), std::string::npos) << added.out;
    auto again = run_command(demo);  // the demo is there already: a repeat adds nothing and needs no --force
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("\"created\":false"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace yandian::testing
