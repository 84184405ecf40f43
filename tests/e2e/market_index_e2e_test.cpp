// The market index (chained and GEKS, monthly and weekly) and turnover by size, region and channel, through the real
// `yandian market index|turnover` and through GET /api/v1/market/index|turnover of a started server, on markets the
// test builds with `yandian market import --market-wide`. Every expected number comes from
// tests/reference/market_e2e.py (Python 3 standard library; its output is committed as market_e2e.out and checked by
// the `reference_scripts` ctest), which computes them from the documented formulas; the monthly GEKS series is also
// IndexNumR's published one (below).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_store.hpp"
#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;

std::string yuan(std::int64_t fen) {
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(fen / 100), static_cast<long long>(fen % 100));
    return text;
}

class MarketIndexAndTurnover : public CliStoreTest {
  protected:
    void SetUp() override {
        CliStoreTest::SetUp();
        if (IsSkipped()) return;
        auto init = run_command({binary_, "init", "--db", db_, "--org", "Plant", "--kind", "manufacturer", "--admin",
                                 "alice", "--password", "alice-password-1"});
        ASSERT_EQ(init.exit_code, 0) << init.err;
        analyst_org_ = add_org("Association", "association");
        add_user(analyst_org_, "analyst", "analyst");
    }
    // Merchant organisations, one per shop index.
    void add_shops(int n) {
        for (int i = 0; i < n; ++i) shops_.push_back(add_org("Shop " + std::to_string(i), "merchant"));
    }
    // One market-wide CSV line: shop (index into shops_), date, designation, brand, quantity, unit price in fen.
    void row(int shop, const std::string& date, const std::string& designation, const std::string& brand,
             std::int64_t quantity, std::int64_t price_fen, const std::string& channel = "offline",
             const std::string& region = "山东") {
        csv_ += std::to_string(shops_.at(static_cast<std::size_t>(shop))) + "," + date + "," + designation + "," +
                brand + "," + std::to_string(quantity) + "," + yuan(price_fen) + "," + channel + "," + region + "\n";
        ++rows_;
    }
    void import_rows() {
        const std::string file =
            write("market.csv", "shop,time,designation,brand,quantity,unit_price,channel,region\n" + csv_);
        auto r = run_command({binary_, "market", "import", "--db", db_, "--market-wide", file});
        ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
        ASSERT_EQ(json::parse(r.out).at("inserted"), rows_) << r.out;
    }
    json cli(std::vector<std::string> args) {
        args.insert(args.begin(), {binary_, "market"});
        args.insert(args.begin() + 3, {"--db", db_});
        auto r = run_command(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return json::parse(r.out, nullptr, false);
    }
    json api(unsigned short port, const std::string& cookie, const std::string& target) {
        auto r = http_request(port, "GET", target, {}, {{"Cookie", cookie}});
        EXPECT_EQ(r.status, 200) << target << ": " << r.body;
        return json::parse(r.body, nullptr, false);
    }

    std::int64_t analyst_org_ = 0;
    std::vector<std::int64_t> shops_;
    std::string csv_;
    int rows_ = 0;
};

// A series of index points: the values (x 100, 4 decimals as published) and the period labels.
void expect_points(const json& points, const std::vector<std::string>& periods, const std::vector<double>& values,
                   const std::string& what) {
    ASSERT_TRUE(points.is_array()) << what;
    ASSERT_EQ(points.size(), values.size()) << what << ": " << points.dump();
    for (std::size_t t = 0; t < values.size(); ++t) {
        EXPECT_EQ(points[t].at("period"), periods[t]) << what;
        ASSERT_FALSE(points[t].at("suppressed").get<bool>()) << what << " " << t;
        // Published to 4 decimals; the reference is printed to 4 decimals: both round the same number.
        EXPECT_NEAR(points[t].at("value").get<double>(), values[t], 1.5e-4) << what << " period " << periods[t];
    }
}

const json& sub_index(const json& index, const std::string& group) {
    static const json missing;
    for (const json& s : index.at("sub_indices")) {
        if (s.at("group") == group) return s;
    }
    ADD_FAILURE() << "no sub-index '" << group << "' in " << index.dump();
    return missing;
}

// The monthly market is the GEKS test panel of the R package gpindex (github.com/marberts/gpindex,
// tests/test_geks.Rout.save, which prints IndexNumR::GEKSIndex to 14 decimals): products k = 0..4 (here the bearings
// 6201..6205, SKF), months t = 0..12 (2025-01..2026-01), r = 13 k + t + 1, price r yuan, quantity 66 - r; each
// (product, month) sold by five shops at that price and quantity, so shares and index values are IndexNumR's. The
// GEKS-Tornqvist over the full 13-month window is then IndexNumR's published series x 100 (1.07334245809641,
// 1.13758500234551, ..., 1.78741712742392; the same values anchor tests/market/geks_test.cpp). The chained Tornqvist
// is from market_e2e.py.
TEST_F(MarketIndexAndTurnover, MonthlyGeksMatchesIndexNumRAndTheChainTheReferenceThroughCliAndApi) {
    add_shops(5);
    const char* months[] = {"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07",
                            "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01"};
    for (int k = 0; k < 5; ++k) {
        for (int t = 0; t < 13; ++t) {
            const int r = 13 * k + t + 1;
            for (int shop = 0; shop < 5; ++shop) {
                row(shop, std::string(months[t]) + "-15", "620" + std::to_string(k + 1), "SKF", 66 - r, 100 * r);
            }
        }
    }
    import_rows();
    const std::vector<std::string> periods(std::begin(months), std::end(months));
    const std::vector<double> geks = {100.0,    107.3342, 113.7585, 119.9433, 126.0784, 132.2428, 138.4785,
                                      144.8132, 151.2692, 157.8671, 164.6284, 171.5773, 178.7417};
    const std::vector<double> chain = {100.0,    105.5538, 111.1345, 116.7750, 122.4834, 128.2644, 134.1216,
                                       140.0587, 146.0797, 152.1891, 158.3920, 164.6941, 171.1019};

    const json by_cli = cli({"index", "--from", "2025-01", "--to", "2026-01", "--by", "type", "--method", "geks"});
    ASSERT_FALSE(by_cli.is_discarded());
    EXPECT_EQ(by_cli.at("method"), "geks");
    EXPECT_EQ(by_cli.at("geks_window"), 13);
    EXPECT_EQ(by_cli.at("frequency"), "month");
    EXPECT_EQ(by_cli.at("transactions"), 325);
    expect_points(by_cli.at("all_items").at("points"), periods, geks, "CLI GEKS all items");
    expect_points(sub_index(by_cli, "deep_groove_ball").at("points"), periods, geks, "CLI GEKS deep_groove_ball");
    const json chain_cli = cli({"index", "--from", "2025-01", "--to", "2026-01", "--method", "chain"});
    ASSERT_FALSE(chain_cli.is_discarded());
    expect_points(chain_cli.at("all_items").at("points"), periods, chain, "CLI chain");

    ServerProcess server({binary_, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    const std::string analyst = login(server.port(), "analyst");
    const json by_api =
        api(server.port(), analyst, "/api/v1/market/index?from=2025-01&to=2026-01&by=type&method=geks");
    ASSERT_FALSE(by_api.is_discarded());
    expect_points(by_api.at("all_items").at("points"), periods, geks, "API GEKS all items");
    expect_points(sub_index(by_api, "deep_groove_ball").at("points"), periods, geks, "API GEKS deep_groove_ball");
    const json chain_api = api(server.port(), analyst, "/api/v1/market/index?from=2025-01&to=2026-01&method=chain");
    ASSERT_FALSE(chain_api.is_discarded());
    expect_points(chain_api.at("all_items").at("points"), periods, chain, "API chain");
    // The CLI and the API give the same document for the same question.
    EXPECT_EQ(by_cli.at("all_items"), by_api.at("all_items"));
    EXPECT_EQ(by_cli.at("sub_indices"), by_api.at("sub_indices"));

    // A window outside 2..60 is refused by both, naming the window (the CLI used to take --window 1 and -3).
    for (const std::string window : {"1", "61", "-3"}) {
        auto r = run_command({binary_, "market", "index", "--db", db_, "--from", "2025-01", "--to", "2026-01",
                              "--method", "geks", "--window", window});
        EXPECT_EQ(r.exit_code, 2) << window << ": " << r.out;
        EXPECT_NE(r.err.find("--window"), std::string::npos) << r.err;
        auto reply = http_request(server.port(), "GET",
                                  "/api/v1/market/index?from=2025-01&to=2026-01&method=geks&window=" + window, {},
                                  {{"Cookie", analyst}});
        EXPECT_EQ(reply.status, 400) << window << ": " << reply.body;
        EXPECT_NE(reply.body.find("window"), std::string::npos) << reply.body;
    }
}

// Weekly: 6205 and 30205 (SKF) in ISO weeks 2026-W23..W27 (from=to=2026-06: 1 June is a Monday, 30 June a Tuesday).
// Five shops sell both every week, a sixth sells 6205 in the first three weeks only, shop 0 sells 6205 twice in week
// 1 (its unit value is then sum q p / sum q). Numbers from market_e2e.py (shop-level Jevons over the shops matched in
// both weeks, Tornqvist with the item's value over all shops; GEKS over the full 5-week window). The sub-index of a
// type with one bearing is that bearing's Jevons; 30205 has the same five shops every week, so chain = GEKS there.
TEST_F(MarketIndexAndTurnover, WeeklyChainAndGeksMatchTheReferenceThroughCliAndApi) {
    add_shops(6);
    const char* dates[] = {"2026-06-03", "2026-06-10", "2026-06-17", "2026-06-24", "2026-06-30"};
    const std::int64_t step[2][5] = {{0, 60, 40, 120, 150}, {0, -50, 30, 80, 20}};
    const std::int64_t base[2] = {2000, 4500};
    const std::string designation[2] = {"6205", "30205"};
    for (int t = 0; t < 5; ++t) {
        for (int i = 0; i < 2; ++i) {
            for (int s = 0; s < 5; ++s) {
                row(s, dates[t], designation[i], "SKF", 2 + (s + 2 * t + i) % 4, base[i] + step[i][t] + 5 * s);
            }
        }
        if (t < 3) row(5, dates[t], "6205", "SKF", 3, 2300 + 100 * t);
    }
    row(0, dates[1], "6205", "SKF", 1, 2150);
    import_rows();
    const std::vector<std::string> weeks = {"2026-W23", "2026-W24", "2026-W25", "2026-W26", "2026-W27"};
    const std::vector<double> chain_all = {100.0, 100.4163, 101.4883, 103.5192, 103.0226};
    const std::vector<double> chain_ball = {100.0, 103.3608, 103.0782, 107.1008, 108.6093};
    const std::vector<double> geks_all = {100.0, 100.3441, 101.3212, 103.2313, 102.7725};
    const std::vector<double> geks_ball = {100.0, 103.2822, 102.6416, 106.2358, 107.7321};
    const std::vector<double> tapered = {100.0, 98.8913, 100.6652, 101.7738, 100.4435};

    ServerProcess server({binary_, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    const std::string analyst = login(server.port(), "analyst");
    for (const std::string method : {"chain", "geks"}) {
        const json by_cli =
            cli({"index", "--from", "2026-06", "--to", "2026-06", "--frequency", "week", "--by", "type", "--method",
                 method});
        const json by_api = api(server.port(), analyst,
                                "/api/v1/market/index?from=2026-06&to=2026-06&frequency=week&by=type&method=" + method);
        for (const auto& [where, index] : {std::pair{"CLI", by_cli}, std::pair{"API", by_api}}) {
            const std::string what = std::string(where) + " " + method;
            ASSERT_FALSE(index.is_discarded()) << what;
            EXPECT_EQ(index.at("frequency"), "week") << what;
            EXPECT_EQ(index.at("base_period"), "2026-W23") << what;
            EXPECT_EQ(index.at("transactions"), rows_) << what;
            const bool geks = method == "geks";
            if (geks) {
                EXPECT_EQ(index.at("geks_window"), 5) << what << ": the window is cut to the 5 weeks";
            }
            expect_points(index.at("all_items").at("points"), weeks, geks ? geks_all : chain_all, what + " all items");
            expect_points(sub_index(index, "deep_groove_ball").at("points"), weeks, geks ? geks_ball : chain_ball,
                          what + " deep_groove_ball");
            expect_points(sub_index(index, "tapered_roller").at("points"), weeks, tapered, what + " tapered_roller");
        }
        EXPECT_EQ(by_cli.at("all_items"), by_api.at("all_items")) << method;
    }
}

// Turnover in June 2026 by size class, region and channel (market_e2e.py prints the same figures; by hand: 6205 at
// 25.00 x (s + 1) for shops s = 0..7 is 900.00, plus shop 0's export sale 26.00; 6310 at 80.00 x 2 for shops 0..4 is
// 800.00; 608 at 3.50 x 10 for shops 5..7 is 105.00). A group with fewer than 5 distinct shops is suppressed: micro
// (608: 3 shops), 河北 (shops 6, 7), export (shop 0 only) — present as cells with nulls, never with figures.
TEST_F(MarketIndexAndTurnover, TurnoverBySizeRegionAndChannelWithTheFiveShopRule) {
    add_shops(8);
    for (int s = 0; s < 8; ++s) {
        const std::string region = s <= 5 ? "山东" : "河北";
        row(s, "2026-06-10", "6205", "SKF", s + 1, 2500, s <= 4 ? "offline" : "online", region);
        if (s <= 4) {
            row(s, "2026-06-10", "6310", "HRB", 2, 8000, s == 3 || s == 4 ? "online" : "offline", region);
        } else {
            row(s, "2026-06-10", "608", "ZWZ", 10, 350, "online", region);
        }
    }
    row(0, "2026-06-11", "6205", "SKF", 1, 2600, "export", "山东");
    import_rows();

    struct Cell {
        bool suppressed;
        std::string turnover;
        std::int64_t quantity = 0, transactions = 0;
    };
    const std::map<std::string, std::map<std::string, Cell>> expected = {
        {"size",
         {{"small", {false, "926.00", 37, 9}},
          {"medium_small", {false, "800.00", 10, 5}},
          {"micro", {true, "", 0, 0}}}},
        {"region", {{"山东", {false, "1386.00", 42, 13}}, {"河北", {true, "", 0, 0}}}},
        {"channel",
         {{"offline", {false, "855.00", 21, 8}}, {"online", {false, "950.00", 55, 8}}, {"export", {true, "", 0, 0}}}},
    };
    ServerProcess server({binary_, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    const std::string analyst = login(server.port(), "analyst");
    for (const auto& [by, groups] : expected) {
        const json by_cli = cli({"turnover", "--from", "2026-06", "--to", "2026-06", "--by", by, "--frequency", "total"});
        const json by_api = api(server.port(), analyst,
                                "/api/v1/market/turnover?from=2026-06&to=2026-06&frequency=total&by=" + by);
        for (const auto& [where, doc] : {std::pair{"CLI", by_cli}, std::pair{"API", by_api}}) {
            const std::string what = std::string(where) + " by " + by;
            ASSERT_FALSE(doc.is_discarded()) << what;
            EXPECT_EQ(doc.at("min_shops"), 5) << what;
            std::map<std::string, json> cells;
            for (const json& c : doc.at("cells")) cells[c.at("group").get<std::string>()] = c;
            EXPECT_EQ(cells.size(), groups.size()) << what << ": " << doc.dump();
            for (const auto& [group, want] : groups) {
                ASSERT_TRUE(cells.count(group)) << what << ": no cell for " << group << " in " << doc.dump();
                const json& c = cells[group];
                EXPECT_EQ(c.at("suppressed").get<bool>(), want.suppressed) << what << " " << group;
                if (want.suppressed) {
                    EXPECT_TRUE(c.at("turnover").is_null()) << what << " " << group << " shows a figure: " << c;
                    EXPECT_TRUE(c.at("quantity").is_null()) << what << " " << group;
                    EXPECT_TRUE(c.at("transactions").is_null()) << what << " " << group;
                    EXPECT_FALSE(c.contains("shops_at_least")) << what << " " << group;
                } else {
                    EXPECT_EQ(c.at("turnover"), want.turnover) << what << " " << group;
                    EXPECT_EQ(c.at("quantity"), want.quantity) << what << " " << group;
                    EXPECT_EQ(c.at("transactions"), want.transactions) << what << " " << group;
                    EXPECT_EQ(c.at("shops_at_least"), 5) << what << " " << group << ": counts are capped at 5";
                }
            }
        }
        EXPECT_EQ(by_cli.at("cells"), by_api.at("cells")) << by;
    }
}

}  // namespace
}  // namespace yandian::testing
