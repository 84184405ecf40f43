// Black-box test of the bearing market through the real `yandian` binary: shops and an analyst made with the CLI,
// rows imported with `yandian market import` and over HTTP, the index endpoint, and a shop that never sees another
// shop's rows.
#include <gtest/gtest.h>

#include <map>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_store.hpp"
#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
const std::string kBinary = YANDIAN_BINARY;


using Market = CliStoreTest;

TEST_F(Market, ImportIndexAndShopIsolationThroughTheBinary) {
    auto init = run_command({kBinary, "init", "--db", db_, "--org", "Plant", "--kind", "manufacturer", "--admin",
                             "alice", "--password", "alice-password-1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    // Five shops each sell one 6205 (SKF) at 10.00 yuan in January and 11.00 in February, imported with the CLI.
    std::vector<std::int64_t> shops;
    for (int i = 0; i < 5; ++i) shops.push_back(add_org("Shop " + std::to_string(i), "merchant"));
    const std::string file = write("sales.csv",
                                   "time,designation,brand,quantity,unit_price,channel,region\n"
                                   "2026-01-10,6205,SKF,1,10.00,offline,山东\n"
                                   "2026-02-10,6205,SKF,1,11.00,offline,山东\n"
                                   "2026-02-11,6205,SKF,one,11.00,offline,山东\n");
    for (std::int64_t shop : shops) {
        auto r = run_command({kBinary, "market", "import", "--db", db_, "--shop-org-id", std::to_string(shop), file});
        EXPECT_EQ(r.exit_code, 3) << r.err;  // one bad row
        EXPECT_NE(r.err.find("sales.csv:4:"), std::string::npos) << r.err;
        EXPECT_EQ(json::parse(r.out).at("inserted"), 2);
    }
    auto again =
        run_command({kBinary, "market", "import", "--db", db_, "--shop-org-id", std::to_string(shops[0]), file});
    EXPECT_EQ(json::parse(again.out).at("duplicates"), 2);
    auto plant = run_command({kBinary, "market", "import", "--db", db_, "--shop-org-id", "1", file});
    EXPECT_NE(plant.exit_code, 0);  // organisation 1 is a manufacturer, not a shop

    add_user(shops[0], "shopkeeper", "admin");
    add_user(shops[1], "neighbour", "admin");
    const std::int64_t association = add_org("Association", "association");
    add_user(association, "analyst", "analyst");

    ServerProcess server({kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    const auto port = server.port();
    const std::string keeper = login(port, "shopkeeper");
    const std::string neighbour = login(port, "neighbour");
    const std::string analyst = login(port, "analyst");

    // Import over HTTP: CSV with a bad line, then the same again.
    const std::string csv =
        "time,designation,brand,quantity,unit_price\n2026-03-01,6206-2RS,瓦轴,4,15.00\n2026-03-02,6206,ZWZ,4,15.000\n";
    auto imported = http_request(port, "POST", "/api/v1/market/transactions", csv,
                                 {{"Cookie", keeper}, {"Content-Type", "text/csv"}});
    ASSERT_EQ(imported.status, 200) << imported.body;
    json report = json::parse(imported.body);
    EXPECT_EQ(report.at("inserted"), 1);
    ASSERT_EQ(report.at("errors").size(), 1u);
    EXPECT_EQ(report.at("errors")[0].at("line"), 3);
    EXPECT_EQ(report.at("errors")[0].at("field"), "unit_price");
    auto repeat = http_request(port, "POST", "/api/v1/market/transactions", csv,
                               {{"Cookie", keeper}, {"Content-Type", "text/csv"}});
    EXPECT_EQ(json::parse(repeat.body).at("duplicates"), 1);
    auto by_analyst = http_request(port, "POST", "/api/v1/market/transactions", csv,
                                   {{"Cookie", analyst}, {"Content-Type", "text/csv"}});
    EXPECT_EQ(by_analyst.status, 403);

    // A shop sees its own rows only; the analyst sees none.
    auto own = http_request(port, "GET", "/api/v1/market/transactions", {}, {{"Cookie", keeper}});
    ASSERT_EQ(own.status, 200);
    EXPECT_EQ(json::parse(own.body).at("total"), 3);
    auto other = http_request(port, "GET", "/api/v1/market/transactions", {}, {{"Cookie", neighbour}});
    ASSERT_EQ(other.status, 200);
    EXPECT_EQ(json::parse(other.body).at("total"), 2);
    const json other_rows = json::parse(other.body).at("transactions");
    ASSERT_FALSE(other_rows.empty()) << other.body;
    for (const auto& row : other_rows) EXPECT_NE(row.at("designation"), "6206-2RS");
    EXPECT_EQ(http_request(port, "GET", "/api/v1/market/transactions", {}, {{"Cookie", analyst}}).status, 403);
    EXPECT_EQ(http_request(port, "GET", "/api/v1/market/index?from=2026-01&to=2026-02", {}).status, 401);

    // Index: one item, every shop 10.00 -> 11.00, so the chained Jevons-Tornqvist index is 100 -> 110.
    auto index = http_request(port, "GET", "/api/v1/market/index?from=2026-01&to=2026-03&by=type&frequency=month", {},
                              {{"Cookie", analyst}});
    ASSERT_EQ(index.status, 200) << index.body;
    json points = json::parse(index.body).at("all_items").at("points");
    ASSERT_EQ(points.size(), 3u);
    EXPECT_DOUBLE_EQ(points[0].at("value").get<double>(), 100.0);
    EXPECT_NEAR(points[1].at("value").get<double>(), 110.0, 1e-9);
    // March: one shop only -> suppressed.
    EXPECT_TRUE(points[2].at("suppressed").get<bool>());
    EXPECT_TRUE(points[2].at("value").is_null());
    EXPECT_EQ(
        http_request(port, "GET", "/api/v1/market/index?from=2026-13&to=2026-03", {}, {{"Cookie", analyst}}).status,
        400);

    // Turnover by tier over the whole range: international = 5 x (10 + 11) = 105.00 yuan; Chinese top tier from one
    // shop only -> suppressed.
    auto turnover = http_request(port, "GET", "/api/v1/market/turnover?from=2026-01&to=2026-03&by=tier&frequency=total",
                                 {}, {{"Cookie", analyst}});
    ASSERT_EQ(turnover.status, 200) << turnover.body;
    std::map<std::string, json> by_group;
    const json cells = json::parse(turnover.body).at("cells");  // kept: a range-for over a temporary's member dangles
    for (const auto& cell : cells) by_group[cell.at("group").get<std::string>()] = cell;
    ASSERT_TRUE(by_group.count("international") && by_group.count("chinese_top")) << turnover.body;
    EXPECT_EQ(by_group["international"].at("turnover"), "105.00");
    EXPECT_TRUE(by_group["chinese_top"].at("turnover").is_null());
}

}  // namespace
}  // namespace yandian::testing
