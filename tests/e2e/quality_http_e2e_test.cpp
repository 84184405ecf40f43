// Quality credit over HTTP through the real binary and server, on the engine of the run (SQLite, or PostgreSQL under
// YANDIAN_TEST_ENGINE=postgres): the office keeps a firm's file, the public list (no login) shows a minor penalty on
// the last day of its window and no longer on the day it expires (server clock started on each side of midnight),
// another firm gets 404 for the file and the entries and 403 for the office's routes, and an objection walks from the
// firm to the office's decision, after which the file holds a withdrawal pointing at the entry and the grade is
// recomputed.
//
// Scores added by hand from data/quality/rules-v1.json (docs/quality/README.md): registration 10 of 10,
// certification 0, sampling 30, penalties 20 - 5 per minor one, complaints 10, honours 0, platform 0; A >= 70, B >= 60.
// The minor penalty of 2026-03-01 is public for 3 months (SAMR Order 45 Art. 13): until 2026-06-01, exclusive.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "cli_store.hpp"
#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;

constexpr const char* kStar = "91371581MA3C5GXX7C";  // GB 32100 check characters verified
constexpr const char* kMoon = "91371581MA3D2K8L4K";

class QualityHttp : public CliStoreTest {
  protected:
    void SetUp() override {
        CliStoreTest::SetUp();
        if (IsSkipped()) return;
        const auto office = add_org("Linqing AMR", "authority");
        star_org_ = add_org("Star Bearings", "manufacturer");
        const auto moon = add_org("Moon Bearings", "manufacturer");
        add_user(office, "office", "engineer");
        add_user(star_org_, "star", "admin");
        add_user(moon, "moon", "admin");
        for (auto [code, name, org] : {std::tuple{kStar, "星辰轴承有限公司", star_org_}, std::tuple{kMoon, "月亮轴承有限公司", moon}}) {
            auto f = run_command({binary_, "firm", "add", "--db", db_, "--credit-code", code, "--name-zh", name,
                                  "--industry", "bearing", "--org-id", std::to_string(org)});
            ASSERT_EQ(f.exit_code, 0) << f.err;
        }
    }

    std::unique_ptr<ServerProcess> start(const std::string& clock) {
        auto server = std::make_unique<ServerProcess>(std::vector<std::string>{
            binary_, "--clock-start", clock, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet"});
        EXPECT_TRUE(server->started()) << server->stderr_text();
        return server;
    }
    static std::map<std::string, std::string> as(const std::string& cookie) {
        return {{"Cookie", cookie}, {"Content-Type", "application/json"}};
    }
    static bool has_entry(const json& entries, std::int64_t id) {
        for (const json& e : entries) {
            if (e.at("id") == id) return true;
        }
        return false;
    }
    std::int64_t star_org_ = 0;
};

TEST_F(QualityHttp, PublicListAcrossExpiryCrossOrganisationAndObjection) {
    std::int64_t penalty = 0;
    const std::string star_file = "/api/v1/quality/files/" + std::string(kStar);
    {
        auto server = start("2026-05-31T12:00:00Z");
        ASSERT_TRUE(server->started());
        const unsigned short port = server->port();
        const std::string office = login(port, "office");
        auto reg = http_request(port, "POST", "/api/v1/quality/entries",
                                json{{"firm", kStar}, {"kind", "registration"}, {"date", "2020-05-01"},
                                     {"source", "business licence"}}
                                    .dump(),
                                as(office));
        ASSERT_EQ(reg.status, 201) << reg.body;
        auto pen = http_request(port, "POST", "/api/v1/quality/entries",
                                json{{"firm", kStar},
                                     {"kind", "penalty"},
                                     {"subkind", "minor"},
                                     {"date", "2026-03-01"},
                                     {"fields", {{"authority", "临清市市场监督管理局"}, {"decision_no", "临市监罚〔2026〕5号"}}},
                                     {"source", "penalty decision"}}
                                    .dump(),
                                as(office));
        ASSERT_EQ(pen.status, 201) << pen.body;
        penalty = json::parse(pen.body).at("id").get<std::int64_t>();
        EXPECT_EQ(json::parse(pen.body).at("published_until"), "2026-06-01");
        // The last day of the window: public, without login.
        auto list = http_request(port, "GET", "/api/v1/public/quality");
        ASSERT_EQ(list.status, 200) << list.body;
        const json l = json::parse(list.body);
        EXPECT_EQ(l.at("on"), "2026-05-31");
        ASSERT_EQ(l.at("firms").size(), 1u);
        EXPECT_TRUE(has_entry(l.at("firms")[0].at("entries"), penalty));
        EXPECT_EQ(l.at("firms")[0].at("score"), 65);  // 10 + 30 + 15 + 10
        EXPECT_EQ(l.at("firms")[0].at("grade"), "B");
        EXPECT_EQ(server->terminate_and_wait(std::chrono::seconds(20)), 0);
    }

    auto server = start("2026-06-01T00:00:05Z");
    ASSERT_TRUE(server->started());
    const unsigned short port = server->port();
    const std::string office = login(port, "office");
    const std::string star = login(port, "star");
    const std::string moon = login(port, "moon");

    // The day it expires: gone from the list, the page and the CSV; still in the firm's own file.
    const json l = json::parse(http_request(port, "GET", "/api/v1/public/quality").body);
    EXPECT_EQ(l.at("on"), "2026-06-01");
    EXPECT_FALSE(has_entry(l.at("firms")[0].at("entries"), penalty));
    const json page = json::parse(http_request(port, "GET", std::string("/api/v1/public/quality/firms/") + kStar).body);
    EXPECT_FALSE(has_entry(page.at("entries"), penalty));
    EXPECT_EQ(page.at("name_zh"), "星辰轴承有限公司");
    auto csv = http_request(port, "GET", "/api/v1/public/quality?format=csv");
    EXPECT_EQ(csv.body.find(",penalty,"), std::string::npos) << csv.body;
    auto own = http_request(port, "GET", "/api/v1/quality/file", "", as(star));
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_TRUE(has_entry(json::parse(own.body).at("entries"), penalty));

    // Cross-organisation: the other firm gets what a firm that does not exist gets.
    auto hidden = http_request(port, "GET", star_file, "", as(moon));
    auto absent = http_request(port, "GET", "/api/v1/quality/files/91371581MA3E0P1N2P", "", as(moon));
    EXPECT_EQ(hidden.status, 404);
    EXPECT_EQ(absent.status, 404);
    EXPECT_EQ(std::regex_replace(hidden.body, std::regex(kStar), "N"),
              std::regex_replace(absent.body, std::regex("91371581MA3E0P1N2P"), "N"));
    EXPECT_EQ(http_request(port, "POST", "/api/v1/quality/objections",
                           json{{"entry", penalty}, {"grounds", "not ours"}}.dump(), as(moon))
                  .status,
              404);
    EXPECT_EQ(http_request(port, "POST", "/api/v1/quality/entries",
                           json{{"firm", kMoon}, {"kind", "honour"}, {"subkind", "x"}, {"date", "2026-05-01"}}.dump(),
                           as(moon))
                  .status,
              403);
    EXPECT_EQ(http_request(port, "GET", "/api/v1/quality/file", "", {}).status, 401);
    EXPECT_EQ(http_request(port, "GET", star_file, "", as(office)).status, 200);

    // The objection walk: filed Monday 2026-06-01, deadline 3 working days later (06-04).
    auto filed = http_request(port, "POST", "/api/v1/quality/objections",
                              json{{"entry", penalty}, {"grounds", "the decision was revoked"},
                                   {"evidence", "revocation 临市监撤〔2026〕1号"}}
                                  .dump(),
                              as(star));
    ASSERT_EQ(filed.status, 201) << filed.body;
    const json o = json::parse(filed.body);
    EXPECT_EQ(o.at("deadline"), "2026-06-04");
    const json queue = json::parse(http_request(port, "GET", "/api/v1/quality/objections?open=true", "", as(office)).body);
    ASSERT_EQ(queue.at("objections").size(), 1u);
    EXPECT_EQ(queue.at("objections")[0].at("overdue"), false);
    EXPECT_EQ(http_request(port, "POST", "/api/v1/quality/objections/" + o.at("id").dump() + "/decision",
                           json{{"status", "upheld"}, {"reasons", "self"}}.dump(), as(star))
                  .status,
              403);
    auto decided = http_request(port, "POST", "/api/v1/quality/objections/" + o.at("id").dump() + "/decision",
                                json{{"status", "upheld"}, {"reasons", "the decision was revoked on 2026-05-20"}}.dump(),
                                as(office));
    ASSERT_EQ(decided.status, 200) << decided.body;
    const json d = json::parse(decided.body);
    EXPECT_EQ(d.at("correction").at("kind"), "withdrawal");
    EXPECT_EQ(d.at("correction").at("corrects"), penalty);
    EXPECT_EQ(d.at("rating").at("score"), 70);  // 10 + 30 + 20 + 10
    EXPECT_EQ(d.at("rating").at("grade"), "A");
    const json after = json::parse(http_request(port, "GET", "/api/v1/quality/file", "", as(star)).body);
    EXPECT_EQ(after.at("rating").at("grade"), "A");
    EXPECT_EQ(after.at("objections")[0].at("status"), "upheld");
    EXPECT_EQ(json::parse(http_request(port, "GET", std::string("/api/v1/public/quality/firms/") + kStar).body).at("grade"),
              "A");
}

}  // namespace
}  // namespace yandian::testing
