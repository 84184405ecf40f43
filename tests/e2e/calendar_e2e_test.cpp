// The real `yandian demo` started at three dates far apart (--clock-start 2027-01-15, 2030-06-30, 2035-12-31):
// the demo plant's history ends at the start, the demo market in the last full month before it, the market's
// default ranges come from that data, and sessions and the customer's grant run from the start date.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
const std::string kBinary = YANDIAN_BINARY;
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

struct StartDate {
    std::string day;             // --clock-start
    std::string previous_month;  // the last full month before it
    std::string next_year_day;   // the same day a year later (the demo grant runs 365 days)
};

std::string cookie_from(const HttpReply& reply) {
    auto it = reply.headers.find("set-cookie");
    if (it == reply.headers.end()) return {};
    return it->second.substr(0, it->second.find(';'));
}

class DemoAtDate : public ::testing::TestWithParam<StartDate> {
  protected:
    void SetUp() override {
        server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
            kBinary, "--clock-start", GetParam().day, "demo", "--no-simulation", "--history-hours", "0.1", "--listen",
            "127.0.0.1:0", "--quiet", "--dir", dir_.path(), "--web-root", dir_.path() + "/web"});
        ASSERT_TRUE(server_->started()) << server_->stderr_text();
    }

    json get(const std::string& cookie, const std::string& target) {
        auto reply = http_request(server_->port(), "GET", target, "", {{"Cookie", cookie}});
        EXPECT_EQ(reply.status, 200) << target << ": " << reply.body;
        return reply.status == 200 ? json::parse(reply.body) : json::object();
    }

    std::pair<std::string, json> login(const std::string& user, const std::string& password) {
        auto reply = http_request(server_->port(), "POST", "/api/v1/session",
                                  json{{"login", user}, {"password", password}}.dump(), kJson);
        EXPECT_EQ(reply.status, 200) << reply.body;
        return {cookie_from(reply), reply.status == 200 ? json::parse(reply.body) : json::object()};
    }

    TempDir dir_;
    std::unique_ptr<ServerProcess> server_;
};

TEST_P(DemoAtDate, PlantHistoryEndsAtTheStartAndTheGrantRunsAYear) {
    const StartDate d = GetParam();
    auto [cookie, session] = login("demo", "demo-yandian");
    // Sessions last 12 h from the clock's start (plus the seconds the demo took to seed).
    EXPECT_EQ(session.at("expires_at").get<std::string>().substr(0, 13), d.day + "T12") << session.dump();
    const json list = get(cookie, "/api/v1/characteristics");
    ASSERT_FALSE(list.at("characteristics").empty());
    const std::int64_t id = list.at("characteristics")[0].at("id").get<std::int64_t>();
    const json chart = get(cookie, "/api/v1/characteristics/" + std::to_string(id) + "/chart");
    const json& times = chart.at("times");
    ASSERT_FALSE(times.empty()) << chart.dump();
    // 0.1 h of history, one part every 10 s, the last 10 s before the start: the previous day's 23:5x.
    const std::string last = times.back().get<std::string>();
    const std::string first = times.front().get<std::string>();
    EXPECT_LT(last, d.day + "T00:00:10") << last;
    EXPECT_GE(last, first);
    const json grants = get(cookie, "/api/v1/grants");
    ASSERT_EQ(grants.at("grants").size(), 1u) << grants.dump();
    EXPECT_EQ(grants.at("grants")[0].at("expires_at").get<std::string>().substr(0, 10), d.next_year_day);
}

TEST_P(DemoAtDate, MarketDefaultsComeFromTheDemoData) {
    const StartDate d = GetParam();
    auto [cookie, session] = login("analyst", "analyst-yandian");
    const json coverage = get(cookie, "/api/v1/market/coverage");
    EXPECT_EQ(coverage.at("published_through"), d.previous_month) << coverage.dump();
    EXPECT_EQ(coverage.at("last_month"), d.previous_month);
    EXPECT_EQ(coverage.at("offers_published_through"), d.day.substr(0, 7));

    const json index = get(cookie, "/api/v1/market/index?by=all");
    EXPECT_EQ(index.at("to"), d.previous_month);
    const json& points = index.at("all_items").at("points");
    ASSERT_EQ(points.size(), 12u);
    EXPECT_FALSE(points.back().at("suppressed").get<bool>()) << points.back().dump();

    const json turnover = get(cookie, "/api/v1/market/turnover?by=all&frequency=total");
    EXPECT_EQ(turnover.at("to"), d.previous_month);
    ASSERT_EQ(turnover.at("cells").size(), 1u);
    EXPECT_FALSE(turnover.at("cells")[0].at("suppressed").get<bool>());

    const json forecast = get(cookie, "/api/v1/market/forecast");
    EXPECT_EQ(forecast.at("to"), d.previous_month);
    std::size_t published = 0;
    for (const json& t : forecast.at("types")) published += t.at("suppressed").get<bool>() ? 0 : 1;
    EXPECT_GE(published, 3u) << forecast.dump().substr(0, 2000);

    const json offers = get(cookie, "/api/v1/market/offers/summary?by=type");
    EXPECT_EQ(offers.at("to"), d.day.substr(0, 7));
    EXPECT_FALSE(offers.at("cells").empty()) << offers.dump().substr(0, 2000);

    // A bad month is still refused, naming the parameter.
    auto bad = http_request(server_->port(), "GET", "/api/v1/market/index?to=2030-13", "", {{"Cookie", cookie}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("\"field\":\"to\""), std::string::npos) << bad.body;
}

INSTANTIATE_TEST_SUITE_P(ThreeDatesFarApart, DemoAtDate,
                         ::testing::Values(StartDate{"2027-01-15", "2026-12", "2028-01-15"},
                                           StartDate{"2030-06-30", "2030-05", "2031-06-30"},
                                           StartDate{"2035-12-31", "2035-11", "2036-12-30"}),
                         [](const auto& info) { return "Y" + info.param.day.substr(0, 4); });

TEST(ClockStart, ABadStartIsRefusedNamingTheOption) {
    auto r = run_command({kBinary, "--clock-start", "2030-02-30", "bearing", "show", "6205"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("2030-02-30"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--clock-start"), std::string::npos) << r.err;
    auto env = run_command({kBinary, "bearing", "show", "6205"}, {{"YANDIAN_CLOCK_START", "soon"}});
    EXPECT_EQ(env.exit_code, 2);
    EXPECT_NE(env.err.find("soon"), std::string::npos) << env.err;
}

}  // namespace
}  // namespace yandian::testing
