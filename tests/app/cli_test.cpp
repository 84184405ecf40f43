// The real `yandian` binary: init, user add, user list, token create/revoke on a fresh store.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "../store/temp_dir.hpp"

namespace yandian::app {
namespace {

struct CommandRun {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

std::string quote(const std::string& arg) {
    std::string out = "'";
    for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

CommandRun yandian(const std::string& args) {
    CommandRun run;
    std::string command = quote(YANDIAN_BINARY) + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
    int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

TEST(Cli, InitUserAddUserListAndTokens) {
    testing::TempDir dir;
    const std::string db = "--db " + quote("sqlite:" + dir.file("cli.db"));

    CommandRun init = yandian("init " + db + " --org 'Linqing Works' --kind manufacturer --admin root.admin");
    ASSERT_EQ(init.exit_code, 0) << init.output;
    EXPECT_NE(init.output.find("organisation 1: Linqing Works (manufacturer)"), std::string::npos) << init.output;
    std::smatch generated;
    ASSERT_TRUE(std::regex_search(init.output, generated, std::regex("password: ([0-9a-f]{24})"))) << init.output;

    CommandRun again =
        yandian("init " + db + " --org Other --kind merchant --admin other.admin --password long-enough-1");
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.output.find("already has 1 organisation"), std::string::npos) << again.output;

    CommandRun bad_login = yandian("user add " + db + " --org-id 1 --login X --role viewer --password long-enough-1");
    EXPECT_EQ(bad_login.exit_code, 2);
    EXPECT_NE(bad_login.output.find("(--login)"), std::string::npos) << bad_login.output;
    CommandRun bad_role =
        yandian("user add " + db + " --org-id 1 --login wang.li --role boss --password long-enough-1");
    EXPECT_EQ(bad_role.exit_code, 2);
    EXPECT_NE(bad_role.output.find("(--role)"), std::string::npos) << bad_role.output;

    CommandRun add = yandian("user add " + db +
                             " --org-id 1 --login wang.li --role engineer --name 'Wang Li' --password long-enough-1");
    ASSERT_EQ(add.exit_code, 0) << add.output;

    CommandRun list = yandian("user list " + db + " --format json");
    ASSERT_EQ(list.exit_code, 0) << list.output;
    auto users = nlohmann::json::parse(list.output).at("users");
    ASSERT_EQ(users.size(), 2U);
    EXPECT_EQ(users[0].at("login"), "root.admin");
    EXPECT_EQ(users[0].at("role"), "admin");
    EXPECT_EQ(users[1].at("login"), "wang.li");
    EXPECT_EQ(users[1].at("role"), "engineer");
    EXPECT_EQ(users[1].at("display_name"), "Wang Li");
    EXPECT_EQ(users[1].at("org_id"), 1);

    CommandRun text = yandian("user list " + db);
    ASSERT_EQ(text.exit_code, 0);
    EXPECT_TRUE(std::regex_search(text.output, std::regex(R"(\n\s+2\s+1\s+wang\.li\s+engineer\s+active\s+Wang Li)")))
        << text.output;

    CommandRun token = yandian("token create " + db + " --login wang.li --name gauge");
    ASSERT_EQ(token.exit_code, 0) << token.output;
    EXPECT_TRUE(std::regex_search(token.output, std::regex("secret: ydn_[0-9a-f]{64}\n"))) << token.output;
    EXPECT_EQ(yandian("token revoke " + db + " --id 1").exit_code, 0);
    EXPECT_EQ(yandian("token revoke " + db + " --id 2").exit_code, 1);

    CommandRun passwd = yandian("user passwd " + db + " --login wang.li --password short");
    EXPECT_EQ(passwd.exit_code, 2);
    EXPECT_NE(passwd.output.find("(--password)"), std::string::npos) << passwd.output;
}

// Argument errors end with the documented status 2 (not CLI11's own 105, 106, 109...); help and version with 0.
TEST(Cli, ArgumentErrorsExitWithTwo) {
    for (const char* args : {"no-such-command", "market index --no-such-option", "bearing", "user add --org-id x"}) {
        CommandRun run = yandian(args);
        EXPECT_EQ(run.exit_code, 2) << args << ": " << run.output;
    }
    EXPECT_EQ(yandian("--help").exit_code, 0);
    EXPECT_EQ(yandian("--version").exit_code, 0);
    EXPECT_NE(yandian("--version").output.find("yandian"), std::string::npos);
}

}  // namespace
}  // namespace yandian::app
