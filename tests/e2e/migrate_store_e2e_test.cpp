// `yandian migrate-store` through the binary: a plant's embedded demo store (SPC history, grants, market blocks and
// cells, offers) moved into PostgreSQL answers every read exactly as it did on SQLite; running it again writes
// nothing; a non-empty target is refused. Needs the PostgreSQL cluster of `make unit-tests` (skipped without it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
const std::string kBinary = YANDIAN_BINARY;

struct Answers {
    json characteristics, chart, capability, index, forecast, offers;
};

std::string login(unsigned short port, const std::string& user, const std::string& password) {
    auto reply = http_request(port, "POST", "/api/v1/session", json{{"login", user}, {"password", password}}.dump(),
                              {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    auto it = reply.headers.find("set-cookie");
    return it == reply.headers.end() ? std::string() : it->second.substr(0, it->second.find(';'));
}

json get(unsigned short port, const std::string& cookie, const std::string& target) {
    auto reply = http_request(port, "GET", target, "", {{"Cookie", cookie}});
    EXPECT_EQ(reply.status, 200) << target << ": " << reply.body;
    return reply.status == 200 ? json::parse(reply.body) : json();
}

Answers read_everything(unsigned short port) {
    Answers a;
    const std::string plant = login(port, "demo", "demo-yandian");
    a.characteristics = get(port, plant, "/api/v1/characteristics");
    a.chart = get(port, plant, "/api/v1/characteristics/1/chart");
    a.capability = get(port, plant, "/api/v1/characteristics/1/capability");
    const std::string analyst = login(port, "analyst", "analyst-yandian");
    a.index = get(port, analyst, "/api/v1/market/index?by=type");
    a.forecast = get(port, analyst, "/api/v1/market/forecast");
    a.offers = get(port, analyst, "/api/v1/market/offers/summary?by=type");
    return a;
}

TEST(MigrateStore, AnEmbeddedDemoStoreAnswersTheSameOnPostgresql) {
    const char* cluster = std::getenv("YANDIAN_TEST_POSTGRES");
    if (cluster == nullptr) GTEST_SKIP() << "YANDIAN_TEST_POSTGRES is not set (make unit-tests starts a cluster)";
    TempDir dir;
    Answers before;
    {
        ServerProcess demo({kBinary, "demo", "--no-simulation", "--history-hours", "0.3", "--listen", "127.0.0.1:0",
                            "--quiet", "--dir", dir.path()});
        ASSERT_TRUE(demo.started()) << demo.stderr_text();
        before = read_everything(demo.port());
        ASSERT_EQ(demo.terminate_and_wait(std::chrono::seconds(20)), 0);
    }
    ASSERT_FALSE(before.chart.at("points").empty());

    const std::string name = "yandian_move_" + std::to_string(::getpid());
    ASSERT_EQ(run_command({"/usr/bin/psql", cluster, "-qXc", "CREATE DATABASE " + name}).exit_code, 0);
    const std::string base(cluster);
    const std::string target = base.substr(0, base.rfind('/') + 1) + name;
    const std::string source = "sqlite:" + dir.path() + "/yandian.db";

    auto moved = run_command({kBinary, "migrate-store", "--from", source, "--to", target});
    ASSERT_EQ(moved.exit_code, 0) << moved.err;
    const json report = json::parse(moved.out);
    EXPECT_FALSE(report.at("already_copied").get<bool>());
    EXPECT_GT(report.at("tables").at("measurements").get<std::int64_t>(), 0);
    EXPECT_GT(report.at("tables").at("market_blocks").get<std::int64_t>(), 0);
    EXPECT_GT(report.at("tables").at("market_cell_blocks").get<std::int64_t>(), 0);
    EXPECT_GT(report.at("tables").at("market_offers").get<std::int64_t>(), 0);

    // Run again (as after an interruption that came after the commit): nothing is written twice.
    auto again = run_command({kBinary, "migrate-store", "--from", source, "--to", target});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_TRUE(json::parse(again.out).at("already_copied").get<bool>());
    EXPECT_EQ(json::parse(again.out).at("tables"), report.at("tables"));

    {
        ServerProcess shared({kBinary, "serve", "--db", target, "--listen", "127.0.0.1:0", "--quiet"});
        ASSERT_TRUE(shared.started()) << shared.stderr_text();
        const Answers after = read_everything(shared.port());
        EXPECT_EQ(after.characteristics, before.characteristics);
        EXPECT_EQ(after.chart, before.chart);
        EXPECT_EQ(after.capability, before.capability);
        EXPECT_EQ(after.index, before.index);
        EXPECT_EQ(after.forecast, before.forecast);
        EXPECT_EQ(after.offers, before.offers);
        ASSERT_EQ(shared.terminate_and_wait(std::chrono::seconds(20)), 0);
    }
    // Ids continue after the copied ones.
    const std::int64_t organisations = report.at("tables").at("organisations").get<std::int64_t>();
    auto added = run_command({kBinary, "org", "add", "--db", target, "--name", "New shop", "--kind", "merchant"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    EXPECT_EQ(json::parse(added.out).at("id").get<std::int64_t>(), organisations + 1);
    // Now the target holds other data: refused, naming the table.
    auto refused = run_command({kBinary, "migrate-store", "--from", source, "--to", target});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("organisations"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace yandian::testing
