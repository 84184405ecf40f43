#pragma once
// A test fixture around a store driven through the real binary, as an operator would: organisations and users
// added with `yandian org add` / `user add`, logins over HTTP giving the session cookie, input files written to
// the test's temporary folder. Passwords are "<login>-password-1".
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "process.hpp"

namespace yandian::testing {

class CliStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (db_.empty())
            GTEST_SKIP() << "YANDIAN_TEST_ENGINE=postgres needs YANDIAN_TEST_POSTGRES (make unit-tests sets both)";
    }
    std::int64_t add_org(const std::string& name, const std::string& kind) {
        auto org = run_command({binary_, "org", "add", "--db", db_, "--name", name, "--kind", kind});
        EXPECT_EQ(org.exit_code, 0) << org.err;
        return nlohmann::json::parse(org.out).at("id").get<std::int64_t>();
    }
    void add_user(std::int64_t org, const std::string& login, const std::string& role) {
        auto user = run_command({binary_, "user", "add", "--db", db_, "--org-id", std::to_string(org), "--login", login,
                                 "--role", role, "--password", login + "-password-1"});
        ASSERT_EQ(user.exit_code, 0) << user.err;
    }
    // The session cookie ("name=value") of a login, "" when it failed.
    std::string login(unsigned short port, const std::string& user) {
        auto reply = http_request(port, "POST", "/api/v1/session",
                                  nlohmann::json{{"login", user}, {"password", user + "-password-1"}}.dump(),
                                  {{"Content-Type", "application/json"}});
        EXPECT_EQ(reply.status, 200) << reply.body;
        auto it = reply.headers.find("set-cookie");
        return it == reply.headers.end() ? std::string() : it->second.substr(0, it->second.find(';'));
    }
    std::string write(const std::string& name, const std::string& text) {
        const std::string path = dir_.path() + "/" + name;
        std::ofstream(path) << text;
        return path;
    }

    const std::string binary_ = YANDIAN_BINARY;
    TempDir dir_;
    std::string db_ = test_store_url(dir_.path());  // SQLite, or PostgreSQL under YANDIAN_TEST_ENGINE=postgres
};

}  // namespace yandian::testing
