// `yandian serve` refuses a store nobody could log in to, saying what to run, and creates no file on the way.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace yandian::testing
