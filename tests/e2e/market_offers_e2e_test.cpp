// Black-box test of the market offers through the real `yandian` binary: offers posted with
// `yandian market offers import` (a refused line, a duplicate-free repeat, a non-shop refused), over HTTP as CSV,
// listed and withdrawn by their shop only, and summarised for an analyst with a hand-computed median, quartiles and
// premium; `yandian market offers summary` gives the same cells as the route.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_store.hpp"
#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
const std::string kBinary = YANDIAN_BINARY;

using MarketOffers = CliStoreTest;

TEST_F(MarketOffers, PostListWithdrawAndSummariseThroughTheBinary) {
    auto init = run_command({kBinary, "init", "--db", db_, "--org", "Plant", "--kind", "manufacturer", "--admin",
                             "alice", "--password", "alice-password-1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    // Five shops sell 6205 (SKF) in October 2026 at 40.00, 40.00, 40.00, 42.00, 44.00: median 40.00.
    // They ask 42.00, 43.00, 44.00, 45.00, 46.00 (one offer each, so one price per shop):
    // q1 = 43.00, median = 44.00, q3 = 45.00 (type 7: h = 4p on 5 sorted values, integer positions 1, 2, 3);
    // premiums 0.05, 0.075, 0.10, 0.125, 0.15 -> median 0.10.
    const char* sold[] = {"40.00", "40.00", "40.00", "42.00", "44.00"};
    const char* asked[] = {"42.00", "43.00", "44.00", "45.00", "46.00"};
    std::vector<std::int64_t> shops;
    for (int i = 0; i < 5; ++i) {
        shops.push_back(add_org("Shop " + std::to_string(i), "merchant"));
        const std::string sales =
            write("sales" + std::to_string(i) + ".csv",
                  std::string("time,designation,brand,quantity,unit_price\n2026-10-10,6205,SKF,3,") + sold[i] + "\n");
        auto s =
            run_command({kBinary, "market", "import", "--db", db_, "--shop-org-id", std::to_string(shops[i]), sales});
        ASSERT_EQ(s.exit_code, 0) << s.err;
        const std::string offers = write("offers" + std::to_string(i) + ".csv",
                                         std::string("designation,brand,unit_price,quantity,min_order,valid_from,"
                                                     "valid_until\n6205,SKF,") +
                                             asked[i] + ",100,10,2026-10-01,2026-10-31\n6206,NSK,x,5,1,2026-10-01,\n");
        auto r = run_command(
            {kBinary, "market", "offers", "import", "--db", db_, "--shop", std::to_string(shops[i]), offers});
        EXPECT_EQ(r.exit_code, 3) << r.err;  // the second line is refused
        EXPECT_NE(r.err.find(":3: "), std::string::npos) << r.err;
        EXPECT_EQ(json::parse(r.out).at("inserted"), 1);
        auto again = run_command(
            {kBinary, "market", "offers", "import", "--db", db_, "--shop-org-id", std::to_string(shops[i]), offers});
        EXPECT_EQ(json::parse(again.out).at("duplicates"), 1);
    }
    const std::string plant_offers =
        write("plant.csv", "designation,unit_price,quantity,valid_from\n6205,1.00,1,2026-10-01\n");
    EXPECT_NE(run_command({kBinary, "market", "offers", "import", "--db", db_, "--shop", "1", plant_offers}).exit_code,
              0);  // organisation 1 is a manufacturer

    auto cli = run_command(
        {kBinary, "market", "offers", "summary", "--db", db_, "--from", "2026-10", "--to", "2026-10", "--by", "model"});
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    const json cli_summary = json::parse(cli.out);
    ASSERT_EQ(cli_summary.at("cells").size(), 1u) << cli.out;
    const json& cell = cli_summary.at("cells")[0];
    EXPECT_EQ(cell.at("canonical"), "6205");
    EXPECT_EQ(cell.at("brand_tier"), "international");
    EXPECT_EQ(cell.at("shops"), 5);
    EXPECT_EQ(cell.at("q1"), "43.00");
    EXPECT_EQ(cell.at("median"), "44.00");
    EXPECT_EQ(cell.at("q3"), "45.00");
    EXPECT_EQ(cell.at("transaction_median"), "40.00");
    EXPECT_DOUBLE_EQ(cell.at("premium").get<double>(), 0.10);

    add_user(shops[0], "keeper", "admin");
    add_user(shops[1], "neighbour", "admin");
    const std::int64_t association = add_org("Association", "association");
    add_user(association, "analyst", "analyst");
    ServerProcess server({kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    const auto port = server.port();
    const std::string keeper = login(port, "keeper");
    const std::string neighbour = login(port, "neighbour");
    const std::string analyst = login(port, "analyst");

    auto routed = http_request(port, "GET", "/api/v1/market/offers/summary?from=2026-10&to=2026-10&by=model", {},
                               {{"Cookie", analyst}});
    ASSERT_EQ(routed.status, 200) << routed.body;
    EXPECT_EQ(json::parse(routed.body).at("cells"), cli_summary.at("cells"));

    // A CSV over HTTP, then the shop's own list; the neighbour neither sees nor withdraws the keeper's offers.
    auto posted = http_request(port, "POST", "/api/v1/market/offers",
                               "designation,brand,unit_price,quantity,valid_from\n6206-2RS,瓦轴,15.00,40,2026-11-01\n",
                               {{"Cookie", keeper}, {"Content-Type", "text/csv"}});
    ASSERT_EQ(posted.status, 200) << posted.body;
    EXPECT_EQ(json::parse(posted.body).at("inserted"), 1);
    auto own = http_request(port, "GET", "/api/v1/market/offers", {}, {{"Cookie", keeper}});
    ASSERT_EQ(own.status, 200);
    const json list = json::parse(own.body).at("offers");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[1].at("brand_tier"), "chinese_top");
    const std::string id = std::to_string(list[1].at("id").get<std::int64_t>());
    auto theirs = http_request(port, "GET", "/api/v1/market/offers", {}, {{"Cookie", neighbour}});
    EXPECT_EQ(theirs.body.find("6206-2RS"), std::string::npos);
    auto steal = http_request(port, "POST", "/api/v1/market/offers/" + id + "/withdraw", "{}",
                              {{"Cookie", neighbour}, {"Content-Type", "application/json"}});
    EXPECT_EQ(steal.status, 404) << steal.body;
    EXPECT_EQ(http_request(port, "GET", "/api/v1/market/offers", {}, {{"Cookie", analyst}}).status, 403);
    auto withdrawn = http_request(port, "POST", "/api/v1/market/offers/" + id + "/withdraw", "{}",
                                  {{"Cookie", keeper}, {"Content-Type", "application/json"}});
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    EXPECT_EQ(json::parse(withdrawn.body).at("status"), "withdrawn");
    auto twice = http_request(port, "POST", "/api/v1/market/offers/" + id + "/withdraw", "{}",
                              {{"Cookie", keeper}, {"Content-Type", "application/json"}});
    EXPECT_EQ(twice.status, 409);
    EXPECT_EQ(http_request(port, "GET", "/api/v1/market/offers/summary?from=2026-10&to=2026-10&by=shop", {},
                           {{"Cookie", analyst}})
                  .status,
              400);
}

}  // namespace
}  // namespace yandian::testing
