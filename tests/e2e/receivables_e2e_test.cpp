// Receivables financing through the real binary and server (docs/credit/receivables.md):
//  - parallel requests: N threads offer the same confirmed receivable to N different lenders at once, and N threads
//    register the same invoice at once: exactly one wins, the others get 409 with a message naming the invoice;
//  - every receivable route answers 404 to an organisation that is not a party (another firm, a lender no request
//    went to), exactly as for a receivable that does not exist; the supplier's report reaches the lender only under a
//    live consent;
//  - a whole cycle through the CLI at the dates of the story (--clock-start): register, confirm, request, the lender
//    reads the report under consent and approves, repayment on the due date; a second receivable goes overdue and
//    shows its days past due and bucket, counted on the calendar by hand.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "cli_store.hpp"
#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
const std::string kOperator = "Linqing Example Credit Services Co., Ltd. (filed enterprise credit agency)";
constexpr int kLenders = 4;

class Receivables : public CliStoreTest {
  protected:
    void SetUp() override {
        CliStoreTest::SetUp();
        if (IsSkipped()) return;
        star_ = add_org_at("Star Bearings", "merchant", "star");
        axle_ = add_org_at("Harbin Axle Works", "manufacturer", "axle");
        moon_ = add_org_at("Moon Bearings", "merchant", "moon");
        add_user(star_, "star", "admin");
        add_user(axle_, "axle", "admin");
        add_user(moon_, "moon", "admin");
        for (int i = 0; i < kLenders; ++i) {
            banks_.push_back(add_org_at("Bank " + std::to_string(i), "lender", "bank" + std::to_string(i)));
            add_user(banks_.back(), "officer" + std::to_string(i), "viewer");
        }
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

    // `yandian --clock-start DATE credit receivable ARGS...`
    CommandResult cli(const std::string& date, std::vector<std::string> args) {
        std::vector<std::string> argv{binary_, "--clock-start", date, "credit", "receivable"};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), {"--db", db_});
        return run_command(argv);
    }

    static std::map<std::string, std::string> as(const std::string& cookie) {
        return {{"Cookie", cookie}, {"Content-Type", "application/json"}};
    }

    std::int64_t star_ = 0, axle_ = 0, moon_ = 0;
    std::vector<std::int64_t> banks_;
};

json invoice(std::int64_t buyer, const std::string& number) {
    return json{{"buyer", buyer},         {"invoice_number", number},     {"amount", "123456.00"},
                {"issue_date", "2026-04-01"}, {"due_date", "2026-06-30"}, {"registration_number", "ZZ2026040100017"}};
}

TEST_F(Receivables, ParallelOffersAndRegistrationsOneWins) {
    auto server = start();
    const unsigned short port = server->port();
    const std::string star = login(port, "star");
    const std::string axle = login(port, "axle");

    auto made = http_request(port, "POST", "/api/v1/credit/receivables", invoice(axle_, "INV-P-1").dump(), as(star));
    ASSERT_EQ(made.status, 201) << made.body;
    const json receivable = json::parse(made.body);
    EXPECT_EQ(receivable.at("status"), "registered");
    EXPECT_EQ(receivable.at("amount_fen"), 12'345'600);
    const std::string base = "/api/v1/credit/receivables/" + std::to_string(receivable.at("id").get<std::int64_t>());
    auto confirmed = http_request(port, "POST", base + "/confirm", "", as(axle));
    ASSERT_EQ(confirmed.status, 200) << confirmed.body;
    EXPECT_EQ(json::parse(confirmed.body).at("status"), "confirmed");

    // N offers of the same receivable to N lenders at once.
    std::vector<HttpReply> offers(kLenders);
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kLenders; ++i) {
        threads.emplace_back([&, i] {
            while (!go.load()) std::this_thread::yield();
            offers[i] = http_request(port, "POST", base + "/financing", json{{"lender", banks_[i]}}.dump(), as(star));
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    int won = 0;
    std::int64_t winner = 0;
    for (int i = 0; i < kLenders; ++i) {
        if (offers[i].status == 200) {
            ++won;
            winner = banks_[i];
            EXPECT_EQ(json::parse(offers[i].body).at("status"), "financing_requested");
        } else {
            EXPECT_EQ(offers[i].status, 409) << offers[i].body;
            EXPECT_NE(offers[i].body.find("invoice INV-P-1"), std::string::npos) << offers[i].body;
        }
    }
    EXPECT_EQ(won, 1);
    // The log holds one request, to the winner.
    auto shown = json::parse(http_request(port, "GET", base, "", as(star)).body);
    ASSERT_EQ(shown.at("events").size(), 2u) << shown.dump();
    EXPECT_EQ(shown.at("events")[1].at("lender"), winner);
    EXPECT_EQ(shown.at("lender"), winner);

    // N registrations of the same invoice at once.
    std::vector<HttpReply> registrations(kLenders);
    go = false;
    threads.clear();
    for (int i = 0; i < kLenders; ++i) {
        threads.emplace_back([&, i] {
            while (!go.load()) std::this_thread::yield();
            registrations[i] = http_request(port, "POST", "/api/v1/credit/receivables",
                                            invoice(axle_, "INV-P-2").dump(), as(star));
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    int created = 0;
    for (const auto& r : registrations) {
        if (r.status == 201) {
            ++created;
        } else {
            EXPECT_EQ(r.status, 409) << r.body;
            EXPECT_NE(r.body.find("invoice INV-P-2"), std::string::npos) << r.body;
        }
    }
    EXPECT_EQ(created, 1);
    auto listed = json::parse(http_request(port, "GET", "/api/v1/credit/receivables", "", as(star)).body);
    EXPECT_EQ(listed.at("as_supplier").size(), 2u);
    auto owed = json::parse(http_request(port, "GET", "/api/v1/credit/receivables", "", as(axle)).body);
    EXPECT_EQ(owed.at("as_buyer").size(), 2u);
    EXPECT_TRUE(owed.at("as_supplier").empty());
}

TEST_F(Receivables, NonPartiesGetNotFoundAndTheReportNeedsConsent) {
    auto server = start();
    const unsigned short port = server->port();
    const std::string star = login(port, "star");
    const std::string axle = login(port, "axle");
    const std::string moon = login(port, "moon");
    const std::string officer = login(port, "officer0");
    const std::string stranger_bank = login(port, "officer1");

    auto made = http_request(port, "POST", "/api/v1/credit/receivables", invoice(axle_, "INV-X-1").dump(), as(star));
    ASSERT_EQ(made.status, 201) << made.body;
    const std::string id = std::to_string(json::parse(made.body).at("id").get<std::int64_t>());
    const std::string base = "/api/v1/credit/receivables/" + id;
    // Before the buyer answers, no financing: 409 naming the state.
    auto early = http_request(port, "POST", base + "/financing", json{{"lender", banks_[0]}}.dump(), as(star));
    EXPECT_EQ(early.status, 409) << early.body;
    EXPECT_NE(early.body.find("it is registered"), std::string::npos) << early.body;
    ASSERT_EQ(http_request(port, "POST", base + "/confirm", "", as(axle)).status, 200);
    // Only the buyer confirms; the supplier trying is refused with 403 naming who may.
    auto self = http_request(port, "POST", base + "/dispute", json{{"reason", "x"}}.dump(), as(star));
    EXPECT_EQ(self.status, 403) << self.body;
    ASSERT_EQ(http_request(port, "POST", base + "/financing", json{{"lender", banks_[0]}}.dump(), as(star)).status,
              200);

    // Another firm and a lender no request went to: exactly the answer for a receivable that does not exist.
    const std::string missing = "/api/v1/credit/receivables/987654";
    const std::vector<std::pair<std::string, std::string>> routes{
        {"GET", ""},           {"GET", "/report"},   {"POST", "/confirm"}, {"POST", "/dispute"},
        {"POST", "/financing"}, {"POST", "/approve"}, {"POST", "/decline"}, {"POST", "/repayments"},
        {"POST", "/overdue"}};
    const json body{{"reason", "r"}, {"lender", banks_[1]}, {"amount", "1.00"}, {"rate_bp", 385}, {"tenor_days", 30}};
    for (const std::string& cookie : {moon, stranger_bank}) {
        for (const auto& [method, suffix] : routes) {
            auto hidden = http_request(port, method, base + suffix, method == "POST" ? body.dump() : "", as(cookie));
            auto absent = http_request(port, method, missing + suffix, method == "POST" ? body.dump() : "", as(cookie));
            EXPECT_EQ(hidden.status, 404) << method << " " << suffix << " " << hidden.body;
            EXPECT_EQ(absent.status, 404) << method << " " << suffix << " " << absent.body;
            EXPECT_EQ(std::regex_replace(hidden.body, std::regex("\\b" + id + "\\b"), "N"),
                      std::regex_replace(absent.body, std::regex("987654"), "N"));
        }
    }
    auto lists = json::parse(http_request(port, "GET", "/api/v1/credit/receivables", "", as(moon)).body);
    EXPECT_TRUE(lists.at("as_supplier").empty() && lists.at("as_buyer").empty() && lists.at("as_lender").empty());

    // The lender the request went to sees the receivable, but the supplier's report only under a live consent.
    auto seen = http_request(port, "GET", base, "", as(officer));
    ASSERT_EQ(seen.status, 200) << seen.body;
    EXPECT_EQ(json::parse(seen.body).at("invoice_number"), "INV-X-1");
    auto no_consent = http_request(port, "GET", base + "/report", "", as(officer));
    EXPECT_EQ(no_consent.status, 404) << no_consent.body;
    EXPECT_EQ(no_consent.body.find("Star"), std::string::npos);
    auto granted = http_request(port, "POST", "/api/v1/credit/consents",
                                json{{"lender", banks_[0]}, {"purpose", "receivables_financing"}, {"until", "2026-10-01"}}
                                    .dump(),
                                as(star));
    ASSERT_EQ(granted.status, 201) << granted.body;
    auto report = http_request(port, "GET", base + "/report", "", as(officer));
    ASSERT_EQ(report.status, 200) << report.body;
    const json r = json::parse(report.body);
    EXPECT_EQ(r.at("receivable").get<std::int64_t>(), std::stoll(id)) << report.body;
    EXPECT_NE(report.body.find(kOperator), std::string::npos);
    // The read is in the supplier's access log, under the consent.
    auto log = json::parse(http_request(port, "GET", "/api/v1/credit/access-log", "", as(star)).body);
    EXPECT_NE(log.dump().find(std::to_string(json::parse(granted.body).at("id").get<std::int64_t>())),
              std::string::npos)
        << log.dump();
    // Revoked: 404 again at once.
    const std::string consent_id = std::to_string(json::parse(granted.body).at("id").get<std::int64_t>());
    ASSERT_EQ(http_request(port, "POST", "/api/v1/credit/consents/" + consent_id + "/revoke", "", as(star)).status, 200);
    EXPECT_EQ(http_request(port, "GET", base + "/report", "", as(officer)).status, 404);

    // Bad input is named.
    auto bad = invoice(axle_, "INV-X-2");
    bad["amount"] = "12.345";
    auto refused = http_request(port, "POST", "/api/v1/credit/receivables", bad.dump(), as(star));
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(json::parse(refused.body).at("error").at("field"), "amount") << refused.body;
    bad = invoice(axle_, "INV-X-2");
    bad["due_date"] = "2026-03-01";
    refused = http_request(port, "POST", "/api/v1/credit/receivables", bad.dump(), as(star));
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(json::parse(refused.body).at("error").at("field"), "due") << refused.body;
    auto high = http_request(port, "POST", base + "/approve",
                             json{{"amount", "123456.01"}, {"rate_bp", 385}, {"tenor_days", 30}}.dump(), as(officer));
    EXPECT_EQ(high.status, 400) << high.body;
    EXPECT_EQ(json::parse(high.body).at("error").at("field"), "amount") << high.body;
}

TEST_F(Receivables, WholeCycleThroughTheBinary) {
    // 2026-04-15: the supplier registers two invoices on the buyer, who confirms both.
    auto a = cli("2026-04-15", {"register", "--as", "star", "--buyer", "axle", "--invoice", "INV-A", "--amount",
                                "123456.00", "--issued", "2026-04-01", "--due", "2026-06-30", "--registration",
                                "ZZ2026040100017"});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    const std::string ida = std::to_string(json::parse(a.out).at("id").get<std::int64_t>());
    EXPECT_EQ(json::parse(a.out).at("registration_number"), "ZZ2026040100017");
    auto b = cli("2026-04-15", {"register", "--as", "star", "--buyer", "axle", "--invoice", "INV-B", "--amount",
                                "50000.00", "--issued", "2026-04-10", "--due", "2026-05-10"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const std::string idb = std::to_string(json::parse(b.out).at("id").get<std::int64_t>());
    auto twice = cli("2026-04-15", {"register", "--as", "star", "--buyer", "axle", "--invoice", "INV-A", "--amount",
                                    "123456.00", "--issued", "2026-04-01", "--due", "2026-06-30"});
    EXPECT_EQ(twice.exit_code, 1);
    EXPECT_NE(twice.err.find("invoice INV-A"), std::string::npos) << twice.err;
    for (const auto& id : {ida, idb}) {
        auto c = cli("2026-04-16", {"confirm", "--as", "axle", "--id", id});
        ASSERT_EQ(c.exit_code, 0) << c.err;
        EXPECT_EQ(json::parse(c.out).at("status"), "confirmed");
    }
    // The supplier asks bank0; bank0 reads the supplier's report only after the supplier's consent.
    for (const auto& id : {ida, idb}) {
        auto q = cli("2026-04-17", {"request", "--as", "star", "--id", id, "--lender", "bank0"});
        ASSERT_EQ(q.exit_code, 0) << q.err;
    }
    auto again = cli("2026-04-17", {"request", "--as", "star", "--id", ida, "--lender", "bank1"});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.err.find("financed once"), std::string::npos) << again.err;
    auto hidden = cli("2026-04-17", {"report", "--as", "bank0", "--id", ida, "--credit-operator", kOperator});
    EXPECT_EQ(hidden.exit_code, 1);
    EXPECT_NE(hidden.err.find("no credit report"), std::string::npos) << hidden.err;
    auto consent = run_command({binary_, "--clock-start", "2026-04-17", "credit", "consent", "grant", "--db", db_,
                                "--org", "star", "--lender", "bank0", "--purpose", "receivables_financing", "--until",
                                "2026-12-31", "--credit-operator", kOperator});
    ASSERT_EQ(consent.exit_code, 0) << consent.err;
    auto report = cli("2026-04-17T10:00:00Z", {"report", "--as", "bank0", "--id", ida, "--credit-operator", kOperator});
    ASSERT_EQ(report.exit_code, 0) << report.err;
    EXPECT_NE(report.out.find("Star Bearings"), std::string::npos);
    for (const auto& id : {ida, idb}) {
        auto ok = cli("2026-04-18", {"approve", "--as", "bank0", "--id", id, "--amount", "40000.00", "--rate-bp", "385",
                                     "--tenor-days", "60"});
        ASSERT_EQ(ok.exit_code, 0) << ok.err;
        const json j = json::parse(ok.out);
        EXPECT_EQ(j.at("status"), "financed");
        EXPECT_EQ(j.at("financed").at("amount"), "40000.00");
        EXPECT_EQ(j.at("financed").at("rate_bp"), 385);
    }
    // The buyer pays on the due date of INV-A (2026-06-30); the lender records the repayment in two parts.
    auto part = cli("2026-06-30", {"repay", "--as", "bank0", "--id", ida, "--amount", "15000.00"});
    ASSERT_EQ(part.exit_code, 0) << part.err;
    EXPECT_EQ(json::parse(part.out).at("financed").at("outstanding"), "25000.00");
    auto rest = cli("2026-06-30", {"repay", "--as", "bank0", "--id", ida, "--amount", "25000.00"});
    ASSERT_EQ(rest.exit_code, 0) << rest.err;
    const json paid = json::parse(rest.out);
    EXPECT_EQ(paid.at("status"), "repaid");
    EXPECT_EQ(paid.at("financed").at("repaid_on"), "2026-06-30");
    EXPECT_EQ(paid.at("days_past_due"), 0);
    // INV-B fell due on 2026-05-10 and is not paid. On 2026-06-20 it is 41 days past due (21 days to the end of May,
    // 20 in June): bucket 31-60. The lender records it overdue that day.
    auto late = cli("2026-06-20", {"overdue", "--as", "bank0", "--id", idb});
    ASSERT_EQ(late.exit_code, 0) << late.err;
    const json overdue = json::parse(late.out);
    EXPECT_EQ(overdue.at("status"), "overdue");
    EXPECT_EQ(overdue.at("days_past_due"), 41);
    EXPECT_EQ(overdue.at("bucket"), "31-60");
    EXPECT_EQ(overdue.at("events").back().at("days_past_due"), 41);
    // On 2026-08-15 (97 days: 21 + 30 + 31 + 15) it is in the >90 bucket, for every party's list.
    auto list = cli("2026-08-15", {"list", "--as", "bank0"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    const json lender_view = json::parse(list.out);
    ASSERT_EQ(lender_view.at("as_lender").size(), 2u);
    EXPECT_EQ(lender_view.at("as_lender")[0].at("status"), "repaid");
    EXPECT_EQ(lender_view.at("as_lender")[1].at("days_past_due"), 97);
    EXPECT_EQ(lender_view.at("as_lender")[1].at("bucket"), ">90");
    // Repayment by anyone but the lender is refused; a non-party learns nothing.
    auto foreign = cli("2026-08-15", {"repay", "--as", "axle", "--id", idb, "--amount", "1.00"});
    EXPECT_EQ(foreign.exit_code, 1);
    EXPECT_NE(foreign.err.find("only the lender that financed it"), std::string::npos) << foreign.err;
    auto outsider = cli("2026-08-15", {"show", "--as", "moon", "--id", idb});
    EXPECT_EQ(outsider.exit_code, 1);
    EXPECT_NE(outsider.err.find("receivable " + idb + " not found"), std::string::npos) << outsider.err;
    auto bad = cli("2026-04-15", {"register", "--as", "star", "--buyer", "axle", "--invoice", "INV-C", "--amount",
                                  "10.00", "--issued", "2026-04-31", "--due", "2026-06-30"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("issue_date"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace yandian::testing
