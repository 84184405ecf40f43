// Consented credit reports through the real binary and server: a firm with three months of market sales grants a
// lender its report, the lender reads it (figures checked against hand computations), the firm revokes and the next
// read is 404 at once; a lender without consent and another firm get exactly the answer an organisation that does
// not exist gets, on every credit route; the firm's access log shows the reads; an objection is filed, answered by the
// operator's staff and kept; the CLI reads under the same rules.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <map>
#include <regex>
#include <set>

#include "cli_store.hpp"
#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
const std::string kOperator = "Linqing Example Credit Services Co., Ltd. (filed enterprise credit agency)";

class CreditReports : public CliStoreTest {
  protected:
    void SetUp() override {
        CliStoreTest::SetUp();
        if (IsSkipped()) return;
        // The organisations join the platform on 2026-01-05; the server runs as from 2026-04-15, so the report
        // period is 2026-01..2026-03 (the 12 complete months before April, clipped at joining).
        firm_ = add_org_at("Star Bearings", "merchant", "star");
        other_firm_ = add_org_at("Moon Bearings", "merchant", "moon");
        bank_ = add_org_at("Linqing Rural Bank", "lender", "bank");
        other_bank_ = add_org_at("Another Bank", "lender", "bank2");
        association_ = add_org_at("Bearing Association", "association", "assoc");
        add_user(firm_, "star", "admin");
        add_user(other_firm_, "moon", "admin");
        add_user(bank_, "officer", "viewer");
        add_user(other_bank_, "other-officer", "viewer");
        add_user(association_, "staff", "engineer");
        // Turnover 100, 200 (150 offline + 50 online) and 400 yuan (export) in January to March 2026.
        const std::string sales = write("sales.csv",
                                        "time,designation,brand,quantity,unit_price,channel,region\n"
                                        "2026-01-12,6205-2RS,ZWZ,10,10.00,offline,Linqing\n"
                                        "2026-02-03,6205-2RS,ZWZ,10,15.00,offline,Linqing\n"
                                        "2026-02-20,6206,ZWZ,5,10.00,online,Linqing\n"
                                        "2026-03-09,6205-2RS,ZWZ,20,20.00,export,Linqing\n");
        auto imported = run_command({binary_, "market", "import", "--db", db_, "--shop", "star", sales});
        ASSERT_EQ(imported.exit_code, 0) << imported.err << imported.out;
        ASSERT_EQ(json::parse(imported.out).at("inserted"), 4) << imported.out;
    }

    std::int64_t add_org_at(const std::string& name, const std::string& kind, const std::string& code) {
        auto org = run_command({binary_, "--clock-start", "2026-01-05", "org", "add", "--db", db_, "--name", name,
                                "--kind", kind, "--code", code});
        EXPECT_EQ(org.exit_code, 0) << org.err;
        return json::parse(org.out).at("id").get<std::int64_t>();
    }

    std::unique_ptr<ServerProcess> start() {
        auto server = std::make_unique<ServerProcess>(std::vector<std::string>{
            binary_, "--clock-start", "2026-04-15T12:00:00Z", "serve", "--db", db_, "--listen", "127.0.0.1:0",
            "--quiet", "--web-root", dir_.path() + "/web", "--credit-operator", kOperator});
        EXPECT_TRUE(server->started()) << server->stderr_text();
        return server;
    }

    static std::map<std::string, std::string> as(const std::string& cookie, bool body = false) {
        std::map<std::string, std::string> h{{"Cookie", cookie}};
        if (body) h["Content-Type"] = "application/json";
        return h;
    }

    static const json& figure(const json& report, const std::string& key) {
        for (const auto& f : report.at("figures")) {
            if (f.at("key") == key) return f;
        }
        ADD_FAILURE() << "no figure " << key;
        static const json none;
        return none;
    }

    std::int64_t firm_ = 0, other_firm_ = 0, bank_ = 0, other_bank_ = 0, association_ = 0;
};

TEST_F(CreditReports, GrantReadRevokeLogAndObjection) {
    auto server = start();
    const unsigned short port = server->port();
    const std::string star = login(port, "star");
    const std::string moon = login(port, "moon");
    const std::string officer = login(port, "officer");
    const std::string other_officer = login(port, "other-officer");
    const std::string staff = login(port, "staff");
    const std::string report_path = "/api/v1/credit/reports/" + std::to_string(firm_);

    // Without consent: the same answer as for an organisation that does not exist (the id aside).
    auto hidden = http_request(port, "GET", report_path, "", as(officer));
    auto absent = http_request(port, "GET", "/api/v1/credit/reports/987654", "", as(officer));
    ASSERT_EQ(hidden.status, 404);
    ASSERT_EQ(absent.status, 404);
    EXPECT_EQ(std::regex_replace(hidden.body, std::regex(std::to_string(firm_)), "N"),
              std::regex_replace(absent.body, std::regex("987654"), "N"));
    EXPECT_EQ(hidden.body.find("Star"), std::string::npos);

    // The firm grants the bank its report.
    auto granted = http_request(port, "POST", "/api/v1/credit/consents",
                                json{{"lender", bank_}, {"purpose", "credit_assessment"}, {"until", "2026-10-01"}}.dump(),
                                as(star, true));
    ASSERT_EQ(granted.status, 201) << granted.body;
    const json consent = json::parse(granted.body);
    EXPECT_TRUE(consent.at("live").get<bool>());
    EXPECT_EQ(consent.at("valid_until"), "2026-10-01T00:00:00.000Z");
    const std::string consent_id = std::to_string(consent.at("id").get<std::int64_t>());
    // Bad grants are named: not a lender, unknown purpose, a viewer of the bank trying to grant.
    auto to_firm = http_request(port, "POST", "/api/v1/credit/consents",
                                json{{"lender", other_firm_}, {"purpose", "credit_assessment"}, {"until", "2026-10-01"}}
                                    .dump(),
                                as(star, true));
    EXPECT_EQ(to_firm.status, 400);
    EXPECT_EQ(json::parse(to_firm.body).at("error").at("field"), "lender");
    auto purpose = http_request(port, "POST", "/api/v1/credit/consents",
                                json{{"lender", bank_}, {"purpose", "marketing"}, {"until", "2026-10-01"}}.dump(),
                                as(star, true));
    EXPECT_EQ(purpose.status, 400);
    EXPECT_EQ(json::parse(purpose.body).at("error").at("field"), "purpose");

    // The bank sees the consent among its live ones; the other bank sees none.
    auto bank_list = json::parse(http_request(port, "GET", "/api/v1/credit/consents", "", as(officer)).body);
    ASSERT_EQ(bank_list.at("consents").size(), 1u);
    EXPECT_EQ(bank_list.at("consents")[0].at("firm_name"), "Star Bearings");
    auto other_list = json::parse(http_request(port, "GET", "/api/v1/credit/consents", "", as(other_officer)).body);
    EXPECT_TRUE(other_list.at("consents").empty());

    // The bank reads the report: the operator is named; figures as computed by hand (see tests/credit/report_test).
    auto read = http_request(port, "GET", report_path, "", as(officer));
    ASSERT_EQ(read.status, 200) << read.body;
    const json report = json::parse(read.body);
    EXPECT_EQ(report.at("operator"), kOperator);
    EXPECT_EQ(report.at("period").at("from"), "2026-01");
    EXPECT_EQ(report.at("period").at("to"), "2026-03");
    EXPECT_EQ(report.at("consent").at("id").get<std::int64_t>(), std::stoll(consent_id));
    EXPECT_DOUBLE_EQ(figure(report, "sales.turnover_total").at("value").get<double>(), 70000.0);  // fen
    EXPECT_NEAR(figure(report, "sales.trend_pct_per_month").at("value").get<double>(), 100.0, 1e-9);
    EXPECT_NEAR(figure(report, "sales.stability_cv").at("value").get<double>(), std::sqrt(3.0 / 7.0), 1e-12);
    EXPECT_NEAR(figure(report, "sales.channel_share.export").at("value").get<double>(), 400.0 / 7.0, 1e-9);
    EXPECT_DOUBLE_EQ(figure(report, "platform.days").at("value").get<double>(), 100.0);  // 2026-01-05 .. 04-15
    EXPECT_TRUE(figure(report, "quality.capable_share").at("value").is_null());  // a shop keeps no SPC
    EXPECT_FALSE(figure(report, "quality.capable_share").at("reason").get<std::string>().empty());
    EXPECT_EQ(http_request(port, "GET", report_path, "", as(other_officer)).status, 404);
    EXPECT_EQ(http_request(port, "GET", report_path, "", as(moon)).status, 404);

    // The bank cannot revoke; the other firm cannot revoke (404); the firm revokes and the next read is 404.
    EXPECT_EQ(http_request(port, "POST", "/api/v1/credit/consents/" + consent_id + "/revoke", "", as(moon)).status,
              404);
    EXPECT_EQ(http_request(port, "POST", "/api/v1/credit/consents/" + consent_id + "/revoke", "", as(officer)).status,
              404);
    auto revoked = http_request(port, "POST", "/api/v1/credit/consents/" + consent_id + "/revoke", "", as(star));
    ASSERT_EQ(revoked.status, 200) << revoked.body;
    EXPECT_FALSE(json::parse(revoked.body).at("live").get<bool>());
    auto after = http_request(port, "GET", report_path, "", as(officer));
    EXPECT_EQ(after.status, 404);
    EXPECT_EQ(std::regex_replace(after.body, std::regex(std::to_string(firm_)), "N"),
              std::regex_replace(absent.body, std::regex("987654"), "N"));
    EXPECT_EQ(http_request(port, "POST", "/api/v1/credit/consents/" + consent_id + "/revoke", "", as(star)).status,
              409);
    EXPECT_TRUE(json::parse(http_request(port, "GET", "/api/v1/credit/consents", "", as(officer)).body)
                    .at("consents")
                    .empty());

    // The firm reads its own report, then its log: the bank's read under the consent and its own; refused reads are
    // not reads.
    auto own = http_request(port, "GET", "/api/v1/credit/report", "", as(star));
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(json::parse(own.body).at("operator"), kOperator);
    auto log = json::parse(http_request(port, "GET", "/api/v1/credit/access-log", "", as(star)).body);
    ASSERT_EQ(log.at("reads").size(), 2u) << log.dump();
    EXPECT_EQ(log.at("reads")[0].at("reader"), bank_);
    EXPECT_EQ(log.at("reads")[0].at("reader_name"), "Linqing Rural Bank");
    EXPECT_EQ(log.at("reads")[0].at("consent").get<std::int64_t>(), std::stoll(consent_id));
    EXPECT_EQ(log.at("reads")[1].at("reader"), firm_);
    EXPECT_TRUE(log.at("reads")[1].at("consent").is_null());
    EXPECT_EQ(http_request(port, "GET", "/api/v1/credit/access-log", "", as(officer)).status, 403);
    auto moon_log = json::parse(http_request(port, "GET", "/api/v1/credit/access-log", "", as(moon)).body);
    EXPECT_TRUE(moon_log.at("reads").empty());

    // Objection: filed by the firm, answered by the association's staff, both kept.
    auto filed = http_request(port, "POST", "/api/v1/credit/objections",
                              json{{"figure", "sales.stability_cv"}, {"text", "February had the Spring Festival"}}.dump(),
                              as(star, true));
    ASSERT_EQ(filed.status, 201) << filed.body;
    const json objection = json::parse(filed.body);
    EXPECT_EQ(objection.at("answer_due_by").get<std::string>().substr(0, 10), "2026-05-05");  // 20 days later
    const std::string objection_path =
        "/api/v1/credit/objections/" + std::to_string(objection.at("id").get<std::int64_t>()) + "/answer";
    const std::string answer_body = json{{"answer", "Checked: the figure follows the stated method."}}.dump();
    EXPECT_EQ(http_request(port, "POST", objection_path, answer_body, as(star, true)).status, 403);
    EXPECT_EQ(http_request(port, "POST", objection_path, answer_body, as(moon, true)).status, 404);
    EXPECT_EQ(http_request(port, "GET", "/api/v1/credit/objections", "", as(officer)).status, 403);
    auto all = json::parse(http_request(port, "GET", "/api/v1/credit/objections", "", as(staff)).body);
    ASSERT_EQ(all.at("objections").size(), 1u);
    auto answered = http_request(port, "POST", objection_path, answer_body, as(staff, true));
    ASSERT_EQ(answered.status, 200) << answered.body;
    EXPECT_EQ(http_request(port, "POST", objection_path, answer_body, as(staff, true)).status, 409);
    auto mine = json::parse(http_request(port, "GET", "/api/v1/credit/objections", "", as(star)).body);
    ASSERT_EQ(mine.at("objections").size(), 1u);
    EXPECT_EQ(mine.at("objections")[0].at("text"), "February had the Spring Festival");
    EXPECT_EQ(mine.at("objections")[0].at("answer"), "Checked: the figure follows the stated method.");
    auto moon_objections = json::parse(http_request(port, "GET", "/api/v1/credit/objections", "", as(moon)).body);
    EXPECT_TRUE(moon_objections.at("objections").empty());

    // The CLI under the same rules: the revoked consent gives the bank nothing; a new one lets it read, logged.
    auto refused = run_command({binary_, "--clock-start", "2026-04-15T13:00:00Z", "credit", "report", "--db", db_,
                                "--org", "star", "--as-lender", "bank", "--credit-operator", kOperator});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("no credit report"), std::string::npos) << refused.err;
    auto cli_grant = run_command({binary_, "--clock-start", "2026-04-15T13:00:00Z", "credit", "consent", "grant",
                                  "--db", db_, "--org", "star", "--lender", "bank2", "--purpose", "loan_monitoring",
                                  "--until", "2026-06-01", "--credit-operator", kOperator});
    ASSERT_EQ(cli_grant.exit_code, 0) << cli_grant.err;
    // (Each command's clock starts at its --clock-start: the read comes five minutes after the grant.)
    auto cli_read = run_command({binary_, "--clock-start", "2026-04-15T13:05:00Z", "credit", "report", "--db", db_,
                                 "--org", "star", "--as-lender", "bank2", "--credit-operator", kOperator, "--format",
                                 "text"});
    ASSERT_EQ(cli_read.exit_code, 0) << cli_read.err;
    EXPECT_NE(cli_read.out.find(kOperator), std::string::npos);
    EXPECT_NE(cli_read.out.find("sales.trend_pct_per_month"), std::string::npos);
    auto listed = run_command({binary_, "credit", "consent", "list", "--db", db_, "--org", "star"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    auto consents = json::parse(listed.out).at("consents");
    ASSERT_EQ(consents.size(), 2u);
    EXPECT_FALSE(consents[0].at("revoked_at").is_null());
    EXPECT_EQ(consents[1].at("lender_name"), "Another Bank");
    auto log2 = json::parse(http_request(port, "GET", "/api/v1/credit/access-log", "", as(star)).body);
    ASSERT_EQ(log2.at("reads").size(), 3u);
    EXPECT_EQ(log2.at("reads")[2].at("channel"), "cli");
    EXPECT_EQ(log2.at("reads")[2].at("reader"), other_bank_);
    // A bad argument exits 2 and names it.
    auto bad = run_command({binary_, "credit", "consent", "grant", "--db", db_, "--org", "star", "--lender", "bank",
                            "--purpose", "advertising", "--until", "2026-06-01", "--credit-operator", kOperator});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("purpose"), std::string::npos) << bad.err;
}

// Every credit route, tried by a lender without consent and by another firm, never shows the firm's data; the
// routes naming an object answer 404 (or 403 where the caller's own kind may not use the route at all).
TEST_F(CreditReports, NoConsentNoData) {
    auto server = start();
    const unsigned short port = server->port();
    const std::string star = login(port, "star");
    auto granted = http_request(port, "POST", "/api/v1/credit/consents",
                                json{{"lender", bank_}, {"purpose", "credit_assessment"}, {"until", "2026-10-01"}}.dump(),
                                as(star, true));
    ASSERT_EQ(granted.status, 201) << granted.body;
    const std::string consent_id = std::to_string(json::parse(granted.body).at("id").get<std::int64_t>());
    auto filed = http_request(port, "POST", "/api/v1/credit/objections",
                              json{{"figure", "platform.days"}, {"text", "we joined earlier"}}.dump(), as(star, true));
    ASSERT_EQ(filed.status, 201);
    const std::string objection_id = std::to_string(json::parse(filed.body).at("id").get<std::int64_t>());
    ASSERT_EQ(http_request(port, "GET", "/api/v1/credit/report", "", as(star)).status, 200);

    struct Case {
        std::string method, path, body;
        std::set<int> allowed;  // statuses that keep the firm's data hidden for this caller
    };
    const std::vector<Case> cases = {
        {"GET", "/api/v1/credit/reports/" + std::to_string(firm_), "", {404}},
        {"POST", "/api/v1/credit/consents/" + consent_id + "/revoke", "", {404}},
        {"POST", "/api/v1/credit/objections/" + objection_id + "/answer", json{{"answer", "x"}}.dump(), {404}},
        {"GET", "/api/v1/credit/consents", "", {200, 403}},
        {"POST", "/api/v1/credit/consents",
         json{{"lender", bank_}, {"purpose", "credit_assessment"}, {"until", "2026-10-01"}}.dump(), {201, 403}},
        {"GET", "/api/v1/credit/access-log", "", {200, 403}},
        {"GET", "/api/v1/credit/report", "", {200, 403}},
        {"GET", "/api/v1/credit/objections", "", {200, 403}},
        {"POST", "/api/v1/credit/objections", json{{"figure", "x"}, {"text", "y"}}.dump(), {201, 403}},
    };
    for (const std::string user : {"other-officer", "moon"}) {
        const std::string cookie = login(port, user);
        for (const Case& c : cases) {
            auto reply = http_request(port, c.method, c.path, c.body, as(cookie, !c.body.empty()));
            EXPECT_TRUE(c.allowed.count(reply.status)) << user << " " << c.method << " " << c.path << " -> "
                                                       << reply.status << " " << reply.body;
            EXPECT_EQ(reply.body.find("Star Bearings"), std::string::npos) << user << " " << c.path;
            EXPECT_EQ(reply.body.find("we joined earlier"), std::string::npos) << user << " " << c.path;
            EXPECT_EQ(reply.body.find("\"turnover_fen\":40000"), std::string::npos) << user << " " << c.path;
        }
    }
    // Nothing of the firm changed: its consent is live, its objection open, and only its own read is logged.
    auto consents = json::parse(http_request(port, "GET", "/api/v1/credit/consents", "", as(star)).body);
    ASSERT_EQ(consents.at("consents").size(), 1u);
    EXPECT_TRUE(consents.at("consents")[0].at("live").get<bool>());
    auto objections = json::parse(http_request(port, "GET", "/api/v1/credit/objections", "", as(star)).body);
    EXPECT_TRUE(objections.at("objections")[0].at("answer").is_null());
    auto log = json::parse(http_request(port, "GET", "/api/v1/credit/access-log", "", as(star)).body);
    EXPECT_EQ(log.at("reads").size(), 1u);
}

}  // namespace
}  // namespace yandian::testing
