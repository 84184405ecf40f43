// Black-box tests of `yandian serve`: the real binary on an ephemeral loopback port, driven over HTTP.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
const std::string kBinary = YANDIAN_BINARY;
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

std::string cookie_from(const HttpReply& reply) {
    auto it = reply.headers.find("set-cookie");
    if (it == reply.headers.end()) return {};
    return it->second.substr(0, it->second.find(';'));
}

std::map<std::string, std::string> with_cookie(const std::string& cookie, bool json_body = false) {
    std::map<std::string, std::string> h = {{"Cookie", cookie}};
    if (json_body) h["Content-Type"] = "application/json";
    return h;
}

// A store with two organisations: A (alice, admin) and B (bob, admin), made with the CLI.
class TwoOrganisations : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = test_store_url(dir_.path());
        if (db_.empty()) GTEST_SKIP() << "YANDIAN_TEST_ENGINE=postgres needs YANDIAN_TEST_POSTGRES (make unit-tests sets both)";
        auto init = run_command({kBinary, "init", "--db", db_, "--org", "Org A", "--kind", "manufacturer", "--admin",
                                 "alice", "--password", "alice-password-1"});
        ASSERT_EQ(init.exit_code, 0) << init.err;
        auto org = run_command({kBinary, "org", "add", "--db", db_, "--name", "Org B", "--kind", "merchant"});
        ASSERT_EQ(org.exit_code, 0) << org.err;
        org_b_ = json::parse(org.out).at("id").get<std::int64_t>();
        auto bob = run_command({kBinary, "user", "add", "--db", db_, "--org-id", std::to_string(org_b_), "--login",
                                "bob", "--role", "admin", "--password", "bob-password-1"});
        ASSERT_EQ(bob.exit_code, 0) << bob.err;
    }

    std::unique_ptr<ServerProcess> start(std::vector<std::string> extra = {}) {
        std::vector<std::string> argv = {kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet",
                                         "--web-root", dir_.path() + "/web"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        auto server = std::make_unique<ServerProcess>(argv);
        EXPECT_TRUE(server->started()) << server->stderr_text();
        return server;
    }

    std::string login(unsigned short port, const std::string& user, const std::string& password) {
        auto reply = http_request(port, "POST", "/api/v1/session",
                                  json{{"login", user}, {"password", password}}.dump(), kJson);
        EXPECT_EQ(reply.status, 200) << reply.body;
        return cookie_from(reply);
    }

    TempDir dir_;
    std::string db_;
    std::int64_t org_b_ = 0;
};

TEST_F(TwoOrganisations, LoginGivesAStrictHttpOnlyCookieAndWrongPasswordIs401) {
    auto server = start();
    auto health = http_request(server->port(), "GET", "/api/v1/health");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(json::parse(health.body).at("status"), "ok");

    auto bad = http_request(server->port(), "POST", "/api/v1/session",
                            json{{"login", "alice"}, {"password", "wrong-password"}}.dump(), kJson);
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(json::parse(bad.body).at("error").at("code"), "unauthenticated");

    auto good = http_request(server->port(), "POST", "/api/v1/session",
                             json{{"login", "alice"}, {"password", "alice-password-1"}}.dump(), kJson);
    ASSERT_EQ(good.status, 200) << good.body;
    const std::string set_cookie = good.headers["set-cookie"];
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(set_cookie.find("Max-Age="), std::string::npos);
    EXPECT_EQ(json::parse(good.body).at("organisation").at("name"), "Org A");

    std::string cookie = cookie_from(good);
    auto me = http_request(server->port(), "GET", "/api/v1/session", "", with_cookie(cookie));
    EXPECT_EQ(json::parse(me.body).at("user").at("login"), "alice");
    EXPECT_EQ(http_request(server->port(), "GET", "/api/v1/users").status, 401);

    auto logout = http_request(server->port(), "DELETE", "/api/v1/session", "", with_cookie(cookie));
    EXPECT_EQ(logout.status, 204);
    EXPECT_EQ(http_request(server->port(), "GET", "/api/v1/session", "", with_cookie(cookie)).status, 401);
}

TEST_F(TwoOrganisations, RepeatedWrongPasswordsAreRateLimited) {
    auto server = start();
    int last = 0;
    for (int i = 0; i < 8; ++i) {
        last = http_request(server->port(), "POST", "/api/v1/session",
                            json{{"login", "alice"}, {"password", "wrong-password"}}.dump(), kJson)
                   .status;
    }
    EXPECT_EQ(last, 429);
    // Even the right password is refused while the account is locked out.
    auto right = http_request(server->port(), "POST", "/api/v1/session",
                              json{{"login", "alice"}, {"password", "alice-password-1"}}.dump(), kJson);
    EXPECT_EQ(right.status, 429);
}

TEST_F(TwoOrganisations, ApiTokenIsShownOnceWorksAndStopsWorkingWhenRevoked) {
    auto server = start();
    std::string cookie = login(server->port(), "alice", "alice-password-1");
    auto created = http_request(server->port(), "POST", "/api/v1/tokens", json{{"name", "gauge-line-3"}}.dump(),
                                with_cookie(cookie, true));
    ASSERT_EQ(created.status, 201) << created.body;
    json token = json::parse(created.body);
    std::string secret = token.at("secret");
    EXPECT_EQ(secret.rfind("ydn_", 0), 0u);
    auto list = http_request(server->port(), "GET", "/api/v1/tokens", "", with_cookie(cookie));
    EXPECT_EQ(list.body.find(secret), std::string::npos) << "the secret must never be listed";

    auto as_token = http_request(server->port(), "GET", "/api/v1/session", "", {{"Authorization", "Bearer " + secret}});
    EXPECT_EQ(as_token.status, 200);
    EXPECT_EQ(json::parse(as_token.body).at("organisation").at("name"), "Org A");

    std::string id = std::to_string(token.at("token").at("id").get<std::int64_t>());
    EXPECT_EQ(http_request(server->port(), "DELETE", "/api/v1/tokens/" + id, "", with_cookie(cookie)).status, 204);
    EXPECT_EQ(
        http_request(server->port(), "GET", "/api/v1/session", "", {{"Authorization", "Bearer " + secret}}).status,
        401);
}

// Every route whose path names an object ({...}) is tried by a user of organisation A on an object of
// organisation B: the answer is 403 or 404 and never B's data. The list of routes comes from
// docs/openapi.yaml, so a new route without a case here fails this test.
TEST_F(TwoOrganisations, UserOfOneOrganisationNeverSeesAnotherOrganisationsObjects) {
    auto server = start({"--credit-operator", "Test Credit Agency"});
    const unsigned short port = server->port();
    std::string alice = login(port, "alice", "alice-password-1");
    std::string bob = login(port, "bob", "bob-password-1");
    auto bob_me = json::parse(http_request(port, "GET", "/api/v1/session", "", with_cookie(bob)).body);
    const std::string bob_id = std::to_string(bob_me.at("user").at("id").get<std::int64_t>());
    auto bob_token = http_request(port, "POST", "/api/v1/tokens", json{{"name", "bob-script"}}.dump(),
                                  with_cookie(bob, true));
    ASSERT_EQ(bob_token.status, 201);
    json bob_token_json = json::parse(bob_token.body);
    const std::string bob_token_id = std::to_string(bob_token_json.at("token").at("id").get<std::int64_t>());
    const std::string bob_secret = bob_token_json.at("secret");

    // Bob's organisation also runs a grinding line with an alarm, and grants a third organisation access.
    auto plant = http_request(port, "POST", "/api/v1/plants", json{{"name", "B plant"}}.dump(), with_cookie(bob, true));
    ASSERT_EQ(plant.status, 201) << plant.body;
    auto b_line = http_request(port, "POST", "/api/v1/lines",
                             json{{"plant_id", json::parse(plant.body).at("id")}, {"code", "b-line"}}.dump(),
                             with_cookie(bob, true));
    ASSERT_EQ(b_line.status, 201) << b_line.body;
    auto characteristic = http_request(port, "POST", "/api/v1/characteristics",
                                       json{{"line_id", json::parse(b_line.body).at("id")},
                                            {"code", "bore"},
                                            {"part_number", "B-6205-IR"},
                                            {"feature", "bore"},
                                            {"lsl", 24.99},
                                            {"usl", 25.01},
                                            {"phase1_subgroups", 5}}
                                           .dump(),
                                       with_cookie(bob, true));
    ASSERT_EQ(characteristic.status, 201) << characteristic.body;
    const std::string c_id = std::to_string(json::parse(characteristic.body).at("id").get<std::int64_t>());
    auto ingest = http_request(port, "POST", "/api/v1/characteristics/" + c_id + "/measurements",
                               json{{"values", {25.0, 25.001, 24.999, 25.0, 25.002, 25.5}}}.dump(),
                               with_cookie(bob, true));
    ASSERT_EQ(ingest.status, 201) << ingest.body;
    const json ingested = json::parse(ingest.body);
    // 25.5 is outside the specification, and beyond the phase-I limits of the five values before it.
    ASSERT_EQ(ingested.at("alarms").size(), 2u) << ingest.body;
    const std::string alarm_id = std::to_string(ingested.at("alarms")[0].at("id").get<std::int64_t>());
    auto org_c = run_command({kBinary, "org", "add", "--db", db_, "--name", "Org C", "--kind", "manufacturer"});
    ASSERT_EQ(org_c.exit_code, 0);
    auto grant = http_request(port, "POST", "/api/v1/grants",
                              json{{"grantee_org_id", json::parse(org_c.out).at("id")},
                                   {"characteristic_id", std::stoll(c_id)},
                                   {"expires_at", "2099-01-01T00:00:00.000Z"}}
                                  .dump(),
                              with_cookie(bob, true));
    ASSERT_EQ(grant.status, 201) << grant.body;
    const std::string grant_id = std::to_string(json::parse(grant.body).at("id").get<std::int64_t>());

    // Bob's organisation is a shop of the market and posts an offer.
    auto offer = http_request(port, "POST", "/api/v1/market/offers",
                              json{{"offers",
                                    {{{"designation", "6205-2RS"},
                                      {"brand", "bob-brand"},
                                      {"unit_price", "42.00"},
                                      {"quantity", 10},
                                      {"valid_from", "2026-10-01"}}}}}
                                  .dump(),
                              with_cookie(bob, true));
    ASSERT_EQ(offer.status, 200) << offer.body;
    auto bob_offers = json::parse(http_request(port, "GET", "/api/v1/market/offers", "", with_cookie(bob)).body);
    ASSERT_EQ(bob_offers.at("offers").size(), 1u) << bob_offers.dump();
    const std::string offer_id = std::to_string(bob_offers.at("offers")[0].at("id").get<std::int64_t>());

    // Bob's organisation monitors a bearing position.
    auto asset = http_request(port, "POST", "/api/v1/monitor/assets",
                              json{{"name", "B spindle"}, {"machine", "B grinder"}, {"position", "DE"},
                                   {"bearing", "6205"}}
                                  .dump(),
                              with_cookie(bob, true));
    ASSERT_EQ(asset.status, 201) << asset.body;
    const std::string asset_path =
        "/api/v1/monitor/assets/" + std::to_string(json::parse(asset.body).at("id").get<std::int64_t>());
    std::ifstream record_file(std::string(YANDIAN_SOURCE_DIR) + "/examples/outer-race-6205.csv");
    const std::string record((std::istreambuf_iterator<char>(record_file)), {});
    ASSERT_FALSE(record.empty());
    auto stored_record = http_request(port, "POST", asset_path + "/records", record, with_cookie(bob));
    ASSERT_EQ(stored_record.status, 201);
    const std::string record_path =
        asset_path + "/records/" +
        std::to_string(json::parse(stored_record.body).at("record").at("id").get<std::int64_t>());
    // Bob's shop lets a lender read its credit report and objects to a figure of it.
    auto lender = run_command({kBinary, "org", "add", "--db", db_, "--name", "Org L", "--kind", "lender"});
    ASSERT_EQ(lender.exit_code, 0) << lender.err;
    // A consent covers at most 366 days from now: the server runs on the wall clock here.
    const std::chrono::year_month_day until{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
                                            std::chrono::days(180)};
    const std::string until_text = std::to_string(static_cast<int>(until.year())) + "-" +
                                   (static_cast<unsigned>(until.month()) < 10 ? "0" : "") +
                                   std::to_string(static_cast<unsigned>(until.month())) + "-" +
                                   (static_cast<unsigned>(until.day()) < 10 ? "0" : "") +
                                   std::to_string(static_cast<unsigned>(until.day()));
    auto consent = http_request(port, "POST", "/api/v1/credit/consents",
                                json{{"lender", json::parse(lender.out).at("id")},
                                     {"purpose", "credit_assessment"},
                                     {"until", until_text}}
                                    .dump(),
                                with_cookie(bob, true));
    ASSERT_EQ(consent.status, 201) << consent.body;
    const std::string consent_id = std::to_string(json::parse(consent.body).at("id").get<std::int64_t>());
    auto objection = http_request(port, "POST", "/api/v1/credit/objections",
                                  json{{"figure", "platform.days"}, {"text", "bob objects"}}.dump(),
                                  with_cookie(bob, true));
    ASSERT_EQ(objection.status, 201) << objection.body;
    const std::string objection_id = std::to_string(json::parse(objection.body).at("id").get<std::int64_t>());

    // Bob's organisation is a firm of the enterprise library.
    auto firm = run_command({kBinary, "firm", "add", "--db", db_, "--name-zh", "B 轴承有限公司", "--industry", "bearing",
                             "--org-id", std::to_string(org_b_)});
    ASSERT_EQ(firm.exit_code, 0) << firm.err;
    const std::string firm_path = "/api/v1/firms/" + std::to_string(json::parse(firm.out).at("id").get<std::int64_t>());
    ASSERT_EQ(http_request(port, "GET", firm_path, "", with_cookie(bob)).status, 200);

    struct Case {
        std::string method, path, body;
    };
    const std::string c_path = "/api/v1/characteristics/" + c_id;
    // Keyed by the OpenAPI path template; bodies are valid, so only access can refuse them.
    std::map<std::string, std::vector<Case>> cases = {
        {"/api/v1/organisations/{id}", {{"GET", "/api/v1/organisations/" + std::to_string(org_b_), ""}}},
        {"/api/v1/users/{id}", {{"GET", "/api/v1/users/" + bob_id, ""}}},
        {"/api/v1/tokens/{id}", {{"DELETE", "/api/v1/tokens/" + bob_token_id, ""}}},
        {"/api/v1/characteristics/{id}", {{"GET", c_path, ""}}},
        {"/api/v1/characteristics/{id}/limits",
         {{"POST", c_path + "/limits", json{{"center", 25.0}, {"sigma", 0.001}, {"reason", "x"}}.dump()}}},
        {"/api/v1/characteristics/{id}/measurements",
         {{"POST", c_path + "/measurements", json{{"values", {25.0}}}.dump()}}},
        {"/api/v1/characteristics/{id}/chart", {{"GET", c_path + "/chart", ""}}},
        {"/api/v1/characteristics/{id}/measurements/{seq}/exclusion",
         {{"POST", c_path + "/measurements/0/exclusion", json{{"reason", "not yours"}}.dump()},
          {"DELETE", c_path + "/measurements/0/exclusion", ""}}},
        {"/api/v1/characteristics/{id}/capability", {{"GET", c_path + "/capability", ""}}},
        {"/api/v1/characteristics/{id}/events",
         {{"GET", c_path + "/events", ""},
          {"POST", c_path + "/events", json{{"kind", "note"}, {"message", "not yours"}}.dump()}}},
        {"/api/v1/characteristics/{id}/aqdef", {{"GET", c_path + "/aqdef", ""}}},
        {"/api/v1/lines/{id}/aqdef",
         {{"POST", "/api/v1/lines/" + std::to_string(json::parse(b_line.body).at("id").get<std::int64_t>()) + "/aqdef",
           "K2001/1 bore\r\nK2002/1 bore\r\nK0001/1 25.0\r\n"}}},
        {"/api/v1/alarms/{id}/acknowledgement",
         {{"POST", "/api/v1/alarms/" + alarm_id + "/acknowledgement", json{{"cause", "x"}, {"action", "y"}}.dump()}}},
        {"/api/v1/grants/{id}", {{"DELETE", "/api/v1/grants/" + grant_id, ""}}},
        {"/api/v1/grants/{id}/access", {{"GET", "/api/v1/grants/" + grant_id + "/access", ""}}},
        {"/api/v1/monitor/assets/{id}", {{"GET", asset_path, ""}}},
        {"/api/v1/firms/{id}", {{"GET", firm_path, ""}}},
        {"/api/v1/monitor/assets/{id}/records", {{"POST", asset_path + "/records", record}}},
        {"/api/v1/monitor/assets/{id}/records/{record}", {{"GET", record_path, ""}}},
        {"/api/v1/market/offers/{id}/withdraw",
         {{"POST", "/api/v1/market/offers/" + offer_id + "/withdraw", json::object().dump()}}},
        {"/api/v1/credit/consents/{id}/revoke", {{"POST", "/api/v1/credit/consents/" + consent_id + "/revoke", ""}}},
        {"/api/v1/credit/reports/{org}", {{"GET", "/api/v1/credit/reports/" + std::to_string(org_b_), ""}}},
        {"/api/v1/credit/objections/{id}/answer",
         {{"POST", "/api/v1/credit/objections/" + objection_id + "/answer", json{{"answer", "not yours"}}.dump()}}},
    };
    // Routes naming a public object (a bearing designation) rather than an organisation's.
    const std::set<std::string> public_objects = {"/api/v1/bearings/{designation}",
                                                  "/api/v1/bearings/{designation}/life",
                                                  "/api/v1/public/quality/firms/{firm}"};
    // Routes whose cross-organisation answers their own suite checks, with the objects they need:
    // receivables_e2e_test (every receivable route, a non-party firm and a lender without a request: 404, word for
    // word as for a missing receivable), quality_http_e2e_test (another firm's file, rating and objection: 404; the
    // office's routes: 403), returns_e2e_test (the office-only late list: 403 to a firm), furnace_e2e_test (another
    // organisation's furnace, its records and loads: 404; every furnace write looks the furnace up in the caller's
    // organisation first, FurnaceService::furnace).
    const std::set<std::string> checked_by_their_suite = {
        "/api/v1/credit/receivables/{id}",           "/api/v1/credit/receivables/{id}/approve",
        "/api/v1/credit/receivables/{id}/confirm",   "/api/v1/credit/receivables/{id}/decline",
        "/api/v1/credit/receivables/{id}/dispute",   "/api/v1/credit/receivables/{id}/financing",
        "/api/v1/credit/receivables/{id}/overdue",   "/api/v1/credit/receivables/{id}/repayments",
        "/api/v1/credit/receivables/{id}/report",    "/api/v1/quality/files/{firm}",
        "/api/v1/quality/files/{firm}/rating",       "/api/v1/quality/objections/{id}/decision",
        "/api/v1/stats/periods/{period}/late",       "/api/v1/furnaces/{id}",
        "/api/v1/furnaces/{id}/zones",               "/api/v1/furnaces/{id}/recipes",
        "/api/v1/furnaces/{id}/loads",               "/api/v1/furnaces/{id}/tus",
        "/api/v1/furnaces/{id}/sat",                 "/api/v1/furnace-loads/{id}",
        "/api/v1/furnace-loads/{id}/end"};

    std::ifstream spec(std::string(YANDIAN_SOURCE_DIR) + "/docs/openapi.yaml");
    ASSERT_TRUE(spec) << "docs/openapi.yaml missing";
    std::regex path_line(R"(^  (/api/v1/[^:]*\{[^:]*):\s*$)");
    std::string line;
    int checked = 0;
    while (std::getline(spec, line)) {
        std::smatch m;
        if (!std::regex_match(line, m, path_line)) continue;
        const std::string templ = m[1];
        if (public_objects.count(templ) || checked_by_their_suite.count(templ)) continue;
        auto it = cases.find(templ);
        ASSERT_NE(it, cases.end()) << "route " << templ << " names an object but has no cross-organisation case";
        for (const Case& c : it->second) {
            auto reply = http_request(port, c.method, c.path, c.body, with_cookie(alice, !c.body.empty()));
            EXPECT_TRUE(reply.status == 404 || reply.status == 403) << c.method << " " << c.path << " -> "
                                                                    << reply.status << " " << reply.body;
            EXPECT_EQ(reply.body.find("Org B"), std::string::npos);
            EXPECT_EQ(reply.body.find("bob"), std::string::npos);
            EXPECT_EQ(reply.body.find("B-6205-IR"), std::string::npos);
            ++checked;
        }
    }
    std::size_t expected = 0;
    for (const auto& [templ, list] : cases) expected += list.size();
    EXPECT_EQ(checked, static_cast<int>(expected));

    auto users = http_request(port, "GET", "/api/v1/users", "", with_cookie(alice));
    EXPECT_EQ(users.status, 200);
    EXPECT_EQ(users.body.find("bob"), std::string::npos);
    auto tokens = http_request(port, "GET", "/api/v1/tokens", "", with_cookie(alice));
    EXPECT_EQ(tokens.body.find("bob-script"), std::string::npos);
    // Alice's attempt to revoke Bob's token changed nothing.
    EXPECT_EQ(http_request(port, "GET", "/api/v1/session", "", {{"Authorization", "Bearer " + bob_secret}}).status,
              200);
    // Nothing of Bob's changed: no value added, limits not frozen, alarm open, grant live.
    auto chart = json::parse(http_request(port, "GET", c_path, "", with_cookie(bob)).body);
    EXPECT_EQ(chart.at("limits").at("source"), "computed") << "phase I limits, not frozen by Alice";
    auto open = json::parse(http_request(port, "GET", "/api/v1/alarms?state=open", "", with_cookie(bob)).body);
    EXPECT_EQ(open.at("alarms").size(), 2u);
    auto bob_offers_after = json::parse(http_request(port, "GET", "/api/v1/market/offers", "", with_cookie(bob)).body);
    EXPECT_EQ(bob_offers_after.at("offers").size(), 1u) << "Alice did not withdraw Bob's offer";
    auto bob_grants = json::parse(http_request(port, "GET", "/api/v1/grants", "", with_cookie(bob)).body);
    EXPECT_TRUE(bob_grants.at("grants")[0].at("revoked_at").is_null());
    auto bob_consents = json::parse(http_request(port, "GET", "/api/v1/credit/consents", "", with_cookie(bob)).body);
    EXPECT_TRUE(bob_consents.at("consents")[0].at("live").get<bool>()) << "Alice did not revoke Bob's consent";
    auto bob_objections = json::parse(http_request(port, "GET", "/api/v1/credit/objections", "", with_cookie(bob)).body);
    EXPECT_TRUE(bob_objections.at("objections")[0].at("answer").is_null()) << "Alice did not answer Bob's objection";
    auto bob_events = json::parse(http_request(port, "GET", c_path + "/events", "", with_cookie(bob)).body);
    for (const json& e : bob_events.at("events")) EXPECT_NE(e.at("kind"), "acknowledgement");
    EXPECT_EQ(json::parse(http_request(port, "GET", c_path + "/chart", "", with_cookie(bob)).body).at("points").size(),
              6u)
        << "Alice's value was not added";
    // Lists of Alice's own organisation show nothing of Bob's.
    for (const char* list : {"/api/v1/characteristics", "/api/v1/alarms", "/api/v1/grants", "/api/v1/lines",
                             "/api/v1/plants"}) {
        auto reply = http_request(port, "GET", list, "", with_cookie(alice));
        EXPECT_EQ(reply.status, 200);
        EXPECT_EQ(reply.body.find("B-6205-IR"), std::string::npos) << list;
        EXPECT_EQ(reply.body.find("b-line"), std::string::npos) << list;
        EXPECT_EQ(reply.body.find("B plant"), std::string::npos) << list;
    }
    // A viewer-level check: Bob's token sees Org B, not Org A.
    auto bob_sees = http_request(port, "GET", "/api/v1/users", "", {{"Authorization", "Bearer " + bob_secret}});
    EXPECT_EQ(bob_sees.body.find("alice"), std::string::npos);
}

TEST_F(TwoOrganisations, MalformedAndOversizeRequestsGetClean4xx) {
    auto server = start({"--body-limit", "4096"});
    const unsigned short port = server->port();
    std::string cookie = login(port, "alice", "alice-password-1");

    auto bad_json = http_request(port, "POST", "/api/v1/tokens", "{\"name\": ", with_cookie(cookie, true));
    EXPECT_EQ(bad_json.status, 400);
    EXPECT_EQ(json::parse(bad_json.body).at("error").at("field"), "body");

    auto not_object = http_request(port, "POST", "/api/v1/tokens", "[1,2]", with_cookie(cookie, true));
    EXPECT_EQ(not_object.status, 400);

    auto wrong_type = http_request(port, "POST", "/api/v1/tokens", json{{"name", 5}}.dump(), with_cookie(cookie, true));
    EXPECT_EQ(wrong_type.status, 400);
    EXPECT_EQ(json::parse(wrong_type.body).at("error").at("field"), "name");

    auto form = http_request(port, "POST", "/api/v1/tokens", "name=x",
                             {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(form.status, 400);
    EXPECT_EQ(json::parse(form.body).at("error").at("field"), "content-type");

    auto huge = http_request(port, "POST", "/api/v1/tokens", std::string(10000, 'x'), with_cookie(cookie, true));
    EXPECT_EQ(huge.status, 413);
    EXPECT_EQ(json::parse(huge.body).at("error").at("code"), "payload_too_large");

    auto unknown = http_request(port, "GET", "/api/v1/no-such-thing");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(json::parse(unknown.body).at("error").at("code"), "not_found");
    EXPECT_EQ(http_request(port, "PUT", "/api/v1/health").status, 405);
    EXPECT_EQ(http_request(port, "GET", "/api/v1/users/%zz").status, 400);
    EXPECT_EQ(http_request(port, "GET", "/api/v1/users/abc", "", with_cookie(cookie)).status, 404);

    std::string garbage = raw_exchange(port, "\x01\x02 NOT HTTP AT ALL\r\n\r\n");
    EXPECT_EQ(garbage.rfind("HTTP/1.1 400", 0), 0u) << garbage;
    std::string long_header = raw_exchange(port, "GET / HTTP/1.1\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n");
    EXPECT_EQ(long_header.rfind("HTTP/1.1 400", 0), 0u);
    // Still serving.
    EXPECT_EQ(http_request(port, "GET", "/api/v1/health").status, 200);
}

TEST_F(TwoOrganisations, StaticFilesWithClientRouteFallbackAndNoEscape) {
    std::filesystem::create_directories(dir_.path() + "/web/assets");
    std::ofstream(dir_.path() + "/web/index.html") << "<!doctype html><title>Yandian</title>";
    std::ofstream(dir_.path() + "/web/assets/app-1234.js") << "console.log(1)";
    std::ofstream(dir_.path() + "/secret.txt") << "do not serve";
    auto server = start();
    const unsigned short port = server->port();
    auto index = http_request(port, "GET", "/");
    EXPECT_EQ(index.status, 200);
    EXPECT_NE(index.headers["content-type"].find("text/html"), std::string::npos);
    EXPECT_FALSE(index.headers["content-security-policy"].empty());
    auto asset = http_request(port, "GET", "/assets/app-1234.js");
    EXPECT_EQ(asset.status, 200);
    EXPECT_NE(asset.headers["cache-control"].find("immutable"), std::string::npos);
    EXPECT_EQ(http_request(port, "GET", "/bearings/6205").body, index.body);
    EXPECT_EQ(http_request(port, "GET", "/assets/missing.js").status, 404);
    auto escape = http_request(port, "GET", "/../secret.txt");
    EXPECT_EQ(escape.body.find("do not serve"), std::string::npos);
    auto escape2 = http_request(port, "GET", "/assets/%2e%2e/%2e%2e/secret.txt");
    EXPECT_EQ(escape2.body.find("do not serve"), std::string::npos);
}

TEST_F(TwoOrganisations, MetricsCountRequestsByRouteAndStatus) {
    auto server = start();
    for (int i = 0; i < 3; ++i) http_request(server->port(), "GET", "/api/v1/health");
    http_request(server->port(), "GET", "/api/v1/users");
    auto metrics = http_request(server->port(), "GET", "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find(R"(yandian_http_requests_total{method="GET",route="/api/v1/health",status="200"} 3)"),
              std::string::npos)
        << metrics.body;
    EXPECT_NE(metrics.body.find(R"(yandian_http_requests_total{method="GET",route="/api/v1/users",status="401"} 1)"),
              std::string::npos);
    EXPECT_NE(metrics.body.find(R"(yandian_http_request_duration_seconds_count{route="/api/v1/health"} 3)"),
              std::string::npos);
}

// SIGKILL in the middle of a stream of acknowledged writes: after a restart every write that got its
// 201 is there.
TEST_F(TwoOrganisations, EveryAcknowledgedWriteSurvivesSigkill) {
    auto server = start();
    const unsigned short port = server->port();
    std::string cookie = login(port, "alice", "alice-password-1");
    std::vector<std::int64_t> acknowledged;
    std::mutex mutex;
    std::condition_variable progress;  // signalled on every acknowledgement and when the writer ends
    bool writer_ended = false;
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        for (int i = 0; !stop; ++i) {
            auto reply = http_request(port, "POST", "/api/v1/tokens", json{{"name", "t" + std::to_string(i)}}.dump(),
                                      with_cookie(cookie, true));
            if (reply.status != 201) break;  // the server is gone
            std::lock_guard lock(mutex);
            acknowledged.push_back(json::parse(reply.body).at("token").at("id").get<std::int64_t>());
            progress.notify_all();
        }
        std::lock_guard lock(mutex);
        writer_ended = true;
        progress.notify_all();
    });
    {
        // 200 acknowledged writes, or the writer gave up (a refused write), or 60 s: whichever comes first.
        std::unique_lock lock(mutex);
        progress.wait_for(lock, std::chrono::seconds(60), [&] { return acknowledged.size() >= 200 || writer_ended; });
    }
    server->kill_now();
    stop = true;
    writer.join();
    ASSERT_GE(acknowledged.size(), 200u) << "the writer stopped early or was too slow";

    auto restarted = start();
    auto list = http_request(restarted->port(), "GET", "/api/v1/tokens", "", with_cookie(cookie));
    ASSERT_EQ(list.status, 200) << list.body;
    const json listed = json::parse(list.body);
    std::set<std::int64_t> stored;
    for (const json& t : listed.at("tokens")) stored.insert(t.at("id").get<std::int64_t>());
    for (std::int64_t id : acknowledged) EXPECT_TRUE(stored.count(id)) << "acknowledged token " << id << " lost";
}

// SIGTERM while a request is being handled: the request is answered in full, then the server exits 0.
// "In flight" is made certain, not hoped for with a pause: the request is a 16 MiB static file read through a
// client socket with a small receive buffer, so the server cannot finish writing the response until the client
// reads. The client reads the first bytes (the response is under way), sends SIGTERM, waits for the server's
// "shutting down" log line (the signal was handled while the response was still unfinished), then reads the rest.
TEST_F(TwoOrganisations, SigtermLetsInFlightRequestsFinish) {
    const std::string web = dir_.path() + "/web-big";
    std::filesystem::create_directories(web);
    constexpr std::size_t kSize = 16u << 20;
    {
        std::ofstream big(web + "/big.bin", std::ios::binary);
        std::string block(1u << 20, 'y');
        for (std::size_t i = 0; i < kSize / block.size(); ++i) big << block;
    }
    // Not --quiet: the test waits for the info line that the stop began.
    ServerProcess server({kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--web-root", web});
    ASSERT_TRUE(server.started()) << server.stderr_text();

    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);  // before connect: a small TCP window
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);  // every read has a deadline
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server.port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const std::string request = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    std::string received;
    char buffer[65536];
    ssize_t n = ::recv(fd, buffer, 1024, 0);
    ASSERT_GT(n, 0) << "no response started within 10 s";
    received.append(buffer, static_cast<std::size_t>(n));

    server.send_sigterm();
    bool stopping = false;
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
         !stopping && std::chrono::steady_clock::now() < until;) {
        stopping = server.stderr_text().find("shutting down: finishing in-flight requests") != std::string::npos;
        if (!stopping) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling period of the log
    }
    EXPECT_TRUE(stopping) << server.stderr_text();
    // The response is still unfinished here: 16 MiB is more than the socket buffers between us hold (the client's
    // receive buffer is a few KiB, the server's send buffer at most a few MiB), and we have read 1 KiB of it.

    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) received.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    EXPECT_EQ(n, 0) << "the response ended by a timeout or an error, not by the server closing after it";
    ASSERT_EQ(received.rfind("HTTP/1.1 200", 0), 0u) << received.substr(0, 200);
    const std::size_t head = received.find("\r\n\r\n");
    ASSERT_NE(head, std::string::npos);
    EXPECT_EQ(received.size() - head - 4, kSize) << "the whole body arrived";
    EXPECT_EQ(server.wait_for_exit(std::chrono::seconds(30)), 0);
    EXPECT_EQ(http_request(server.port(), "GET", "/api/v1/health").status, 0) << "the port must be closed after exit";
}

}  // namespace
}  // namespace yandian::testing
