// Black-box test of values left out of the statistics, against the real binary over HTTP: an AQDEF file with values
// marked by the gauge, a value sent with its mark, an engineer's exclusion and its reversal, the AQDEF export, and an
// attribute characteristic of a file on its p chart.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
const std::string kBinary = YANDIAN_BINARY;
const std::string kSource = YANDIAN_SOURCE_DIR;

std::map<std::string, std::string> with_cookie(const std::string& cookie, const std::string& type = {}) {
    std::map<std::string, std::string> h = {{"Cookie", cookie}};
    if (!type.empty()) h["Content-Type"] = type;
    return h;
}

std::string login(unsigned short port, const std::string& user, const std::string& password) {
    auto reply = http_request(port, "POST", "/api/v1/session", json{{"login", user}, {"password", password}}.dump(),
                              {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    auto it = reply.headers.find("set-cookie");
    return it == reply.headers.end() ? std::string() : it->second.substr(0, it->second.find(';'));
}

// Org A (alice, admin) with a plant and line grind-3, made over HTTP.
class MarkedValues : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = test_store_url(dir_.path());
        if (db_.empty()) GTEST_SKIP() << "YANDIAN_TEST_ENGINE=postgres needs YANDIAN_TEST_POSTGRES (make unit-tests sets both)";
        auto init = run_command({kBinary, "init", "--db", db_, "--org", "Org A", "--kind", "manufacturer", "--admin",
                                 "alice", "--password", "alice-password-1"});
        ASSERT_EQ(init.exit_code, 0) << init.err;
    }

    std::unique_ptr<ServerProcess> start() {
        auto server = std::make_unique<ServerProcess>(std::vector<std::string>{
            kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet", "--web-root", dir_.path() + "/web"});
        EXPECT_TRUE(server->started()) << server->stderr_text();
        return server;
    }

    void create_line(unsigned short port, const std::string& cookie, const std::string& line_code) {
        auto plant = http_request(port, "POST", "/api/v1/plants", json{{"name", "Plant 1"}}.dump(),
                                  with_cookie(cookie, "application/json"));
        ASSERT_EQ(plant.status, 201) << plant.body;
        const std::int64_t plant_id = json::parse(plant.body).at("id");
        auto line =
            http_request(port, "POST", "/api/v1/lines", json{{"plant_id", plant_id}, {"code", line_code}}.dump(),
                         with_cookie(cookie, "application/json"));
        ASSERT_EQ(line.status, 201) << line.body;
        lines_[line_code] = json::parse(line.body).at("id");
    }

    TempDir dir_;
    std::string db_;
    std::map<std::string, std::int64_t> lines_;
};

std::string source_file(const std::string& relative) {
    std::ifstream in(kSource + "/" + relative, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A file with values marked by the gauge (K0002 129, 290, 255) and an attribute characteristic, uploaded over HTTP:
// the chart and the capability are those of the valid values alone, the marks are listed and exported, and an
// engineer's exclusion is an event that can be taken back. Expected numbers: tests/app/marked_values_test.cpp,
// computed by hand from the 25 valid phase-I values (center 25 + 3/25 µm) and the 34 valid values (Cpk 2.259263).
TEST_F(MarkedValues, StayOutOfChartAndCapabilityAndTheExportKeepsTheirMarks) {
    auto server = start();
    const unsigned short port = server->port();
    const std::string alice = login(port, "alice", "alice-password-1");
    create_line(port, alice, "grind-3");
    auto upload =
        http_request(port, "POST", "/api/v1/lines/" + std::to_string(lines_["grind-3"]) + "/aqdef",
                     source_file("tests/ingest/data/bore_marked_values.dfq"), with_cookie(alice, "text/plain"));
    ASSERT_EQ(upload.status, 201) << upload.body;
    const std::int64_t bore = json::parse(upload.body)["characteristics"][0].at("id");
    EXPECT_EQ(json::parse(upload.body)["characteristics"][0].at("accepted"), 38) << "marked values are stored too";
    const std::string base = "/api/v1/characteristics/" + std::to_string(bore);

    auto chart = json::parse(http_request(port, "GET", base + "/chart?last=100", "", with_cookie(alice)).body);
    ASSERT_EQ(chart.at("points").size(), 38u);
    EXPECT_NEAR(chart.at("center").get<double>(), 25.00012, 1e-12);
    EXPECT_TRUE(chart["points"][5].value("left_out", false));
    EXPECT_DOUBLE_EQ(chart["points"][5].at("value").get<double>(), 25.030);
    EXPECT_TRUE(chart["points"][5].at("violations").empty());
    EXPECT_FALSE(chart["points"][6].value("left_out", false));
    ASSERT_EQ(chart.at("left_out").size(), 4u);
    EXPECT_EQ(chart["left_out"][0].at("attributes"), 129);
    EXPECT_EQ(chart["left_out"][0].at("reason"), "K0002 129 (invalid)");
    EXPECT_EQ(chart["left_out"][1].at("reason"), "K0002 290 (implausible)");
    EXPECT_EQ(chart["points"][37].at("violations"), json::array({2}));

    auto cap = json::parse(http_request(port, "GET", base + "/capability", "", with_cookie(alice)).body);
    EXPECT_EQ(cap.at("left_out"), 4);
    EXPECT_EQ(cap.at("n"), 34);
    EXPECT_NEAR(cap.at("cpk").get<double>(), 2.259263, 1e-6);

    auto alarms = json::parse(http_request(port, "GET", "/api/v1/alarms", "", with_cookie(alice)).body);
    ASSERT_EQ(alarms.at("alarms").size(), 1u) << "no spec or rule alarm for the marked 25.030, 24.950, 24.985";
    EXPECT_EQ(alarms["alarms"][0].at("point"), 37);

    // A value sent over HTTP with the mark of its gauge: stored, listed, no alarm although far out of spec.
    auto posted = http_request(port, "POST", base + "/measurements",
                               R"({"values":[{"value":25.5,"attributes":129},{"value":25.001}]})",
                               with_cookie(alice, "application/json"));
    ASSERT_EQ(posted.status, 201) << posted.body;
    EXPECT_TRUE(json::parse(posted.body).at("alarms").empty()) << posted.body;
    auto listed = json::parse(http_request(port, "GET", base + "/measurements?last=2", "", with_cookie(alice)).body);
    ASSERT_EQ(listed.at("measurements").size(), 2u);
    EXPECT_EQ(listed["measurements"][0].at("attributes"), 129);
    EXPECT_FALSE(listed["measurements"][0].at("counts").get<bool>());
    EXPECT_TRUE(listed["measurements"][1].at("counts").get<bool>());

    // An engineer leaves seq 1 out, with a reason; the event log and the capability say so.
    auto no_reason =
        http_request(port, "POST", base + "/measurements/1/exclusion", "{}", with_cookie(alice, "application/json"));
    EXPECT_EQ(no_reason.status, 400) << no_reason.body;
    auto excluded =
        http_request(port, "POST", base + "/measurements/1/exclusion", R"({"reason":"part dropped before the gauge"})",
                     with_cookie(alice, "application/json"));
    ASSERT_EQ(excluded.status, 201) << excluded.body;
    EXPECT_EQ(json::parse(excluded.body).at("kind"), "exclusion");
    EXPECT_EQ(http_request(port, "POST", base + "/measurements/99999/exclusion", R"({"reason":"x"})",
                           with_cookie(alice, "application/json"))
                  .status,
              404);
    cap = json::parse(http_request(port, "GET", base + "/capability", "", with_cookie(alice)).body);
    EXPECT_EQ(cap.at("left_out"), 6) << "4 from the file, 1 sent marked, 1 excluded";

    // The export keeps every mark; the engineer's exclusion travels as 129.
    auto exported = http_request(port, "GET", base + "/aqdef", "", with_cookie(alice));
    ASSERT_EQ(exported.status, 200);
    std::vector<std::string> codes;
    std::istringstream lines(exported.body);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("K0002/1 ", 0) == 0) codes.push_back(line.substr(8, line.find('\r') - 8));
    }
    ASSERT_EQ(codes.size(), 40u);
    EXPECT_EQ(codes[0], "0");
    EXPECT_EQ(codes[1], "129");
    EXPECT_EQ(codes[5], "129");
    EXPECT_EQ(codes[12], "290");
    EXPECT_EQ(codes[20], "255");
    EXPECT_EQ(codes[38], "129");

    // Taken back: counts again.
    auto back = http_request(port, "DELETE", base + "/measurements/1/exclusion?note=checked", "", with_cookie(alice));
    ASSERT_EQ(back.status, 200) << back.body;
    EXPECT_EQ(json::parse(back.body).at("kind"), "inclusion");
    cap = json::parse(http_request(port, "GET", base + "/capability", "", with_cookie(alice)).body);
    EXPECT_EQ(cap.at("left_out"), 5);

    // An attribute characteristic of a file: a p chart of its valid samples.
    auto visual = http_request(port, "POST", "/api/v1/lines/" + std::to_string(lines_["grind-3"]) + "/aqdef",
                               source_file("tests/ingest/data/visual_attribute.dfq"), with_cookie(alice, "text/plain"));
    ASSERT_EQ(visual.status, 201) << visual.body;
    const std::int64_t v = json::parse(visual.body)["characteristics"][0].at("id");
    auto p = json::parse(
        http_request(port, "GET", "/api/v1/characteristics/" + std::to_string(v) + "/chart", "", with_cookie(alice))
            .body);
    EXPECT_EQ(p.at("type"), "p");
    EXPECT_NEAR(p.at("center").get<double>(), 0.0192, 1e-12);
    EXPECT_NEAR(p.at("ucl").get<double>(), 0.0774206561, 1e-9);
    EXPECT_TRUE(p["points"][10].value("left_out", false));
    EXPECT_EQ(p["points"][26].at("violations"), json::array({1}));
}

}  // namespace
}  // namespace yandian::testing
