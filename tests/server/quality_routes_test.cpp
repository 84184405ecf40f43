// Quality credit over HTTP, through the Api (routing, authentication, JSON) on a SQLite store with a clock the test
// moves: the public list across an entry's expiry day, every route's answer to the wrong organisation, the objection
// walk from the firm to the decision with the correction and the recomputed grade, and bad input named by field.
//
// Expected scores are added by hand from data/quality/rules-v1.json (table in docs/quality/README.md): registration
// +10 of 10, certification 0 of 20, sampling 30 - 15 per failed result, penalties 20 - 5 per minor one, complaints
// 10, honours 0, platform 0; bands AAA >= 90, AA >= 80, A >= 70, B >= 60, C >= 40. Publication windows from
// data/quality/publication-windows.csv (a minor penalty is public for 3 months, SAMR Order 45 Art. 13; a warning
// never, Art. 2). Deadlines on the State Council's 2026 holiday notice (November 2026 has no holiday).
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>

#include "app/accounts.hpp"
#include "app/live_hub.hpp"
#include "app/quality/quality_service.hpp"
#include "app/spc_service.hpp"
#include "process.hpp"
#include "server/api.hpp"
#include "store/database.hpp"

namespace yandian::server {
namespace {

using nlohmann::json;

TimePoint at(const std::string& iso) { return parse_clock_start(iso, "at").value(); }

class QualityRoutes : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = store::Database::open("sqlite:" + dir_.path() + "/q.db");
        ASSERT_TRUE(opened) << opened.error().message;
        db_ = std::move(*opened);
        app::AccountOptions cheap;
        cheap.argon2_time_cost = 1;
        cheap.argon2_memory_kib = 8;
        accounts_ = std::make_unique<app::AccountService>(*db_, cheap, clock_);
        spc_ = std::make_unique<app::SpcService>(*db_, hub_, clock_);
        auto config = app::quality_config();
        ASSERT_TRUE(config) << config.error().message;
        quality_ = std::make_unique<app::QualityService>(*db_, clock_, std::move(*config));
        Services services{*accounts_, *spc_, hub_};
        services.db = db_.get();
        services.quality = quality_.get();
        ApiOptions options;
        options.log_requests = false;
        api_ = std::make_unique<Api>(services, options);

        const auto office = org("Linqing AMR", app::OrgKind::kAuthority, "amr");
        const auto star = org("Star Bearings", app::OrgKind::kManufacturer, "star");
        const auto moon = org("Moon Bearings", app::OrgKind::kManufacturer, "moon");
        const auto bank = org("Linqing Bank", app::OrgKind::kLender, "bank");
        office_ = user(office, "office", app::Role::kEngineer);
        reader_ = user(office, "reader", app::Role::kViewer);
        star_ = user(star, "star", app::Role::kAdmin);
        moon_ = user(moon, "moon", app::Role::kAdmin);
        bank_ = user(bank, "banker", app::Role::kAdmin);
        star_firm_ = firm("91371581MA3C5GXX7C", "星辰轴承有限公司", "Star Bearings Co.", star);
        moon_firm_ = firm("91371581MA3D2K8L4K", "月亮轴承有限公司", "Moon Bearings Co.", moon);
    }

    std::int64_t org(const std::string& name, app::OrgKind kind, const std::string& code) {
        auto o = accounts_->create_organisation(name, kind, code);
        EXPECT_TRUE(o) << o.error().message;
        return o ? o->id : 0;
    }
    std::string user(std::int64_t org_id, const std::string& login, app::Role role) {
        auto u = accounts_->create_user(org_id, login, "password-" + login, role, login);
        EXPECT_TRUE(u) << u.error().message;
        auto token = accounts_->create_token_for(login, "test");
        EXPECT_TRUE(token) << token.error().message;
        return token ? token->secret : "";
    }
    std::int64_t firm(const std::string& code, const std::string& zh, const std::string& en, std::int64_t org_id) {
        store::FirmRecord f;
        f.credit_code = code;
        f.name_zh = zh;
        f.name_en = en;
        f.town = "烟店镇";
        f.industry = "bearing";
        f.size_class = "above";
        f.products = "deep groove ball bearings";
        f.org_id = org_id;
        f.source = "test";
        auto added = db_->stats().create_firm(f, "test");
        EXPECT_TRUE(added) << added.error().message;
        return added ? added->id : 0;
    }

    struct Answer {
        int status = 0;
        json body;
        std::string text;
    };
    Answer call(const std::string& method, const std::string& target, const std::string& token = "",
                const json& body = nullptr, const std::string& content_type = "application/json") {
        HttpRequest request;
        request.method = method;
        EXPECT_TRUE(parse_target(target, request)) << target;
        const auto q = target.find('?');
        request.raw_path = target.substr(0, q);
        request.target = target;
        request.remote_address = "127.0.0.1";
        if (!token.empty()) request.headers["authorization"] = "Bearer " + token;
        if (!body.is_null()) {
            request.headers["content-type"] = content_type;
            request.body = body.is_string() ? body.get<std::string>() : body.dump();
        }
        HttpResponse response = api_->handle(request);
        Answer a{response.status, json(), response.body};
        if (response.content_type == "application/json") a.body = json::parse(response.body, nullptr, false);
        return a;
    }
    std::int64_t add_entry(json entry) {
        auto a = call("POST", "/api/v1/quality/entries", office_, entry);
        EXPECT_EQ(a.status, 201) << a.text;
        return a.status == 201 ? a.body.at("id").get<std::int64_t>() : 0;
    }
    static const json* find_entry(const json& entries, std::int64_t id) {
        for (const json& e : entries) {
            if (e.at("id") == id) return &e;
        }
        return nullptr;
    }

    ::yandian::testing::TempDir dir_;
    TimePoint now_ = at("2026-03-02T09:00:00Z");
    Clock clock_ = [this] { return now_; };
    std::unique_ptr<store::Database> db_;
    app::LiveHub hub_;
    std::unique_ptr<app::AccountService> accounts_;
    std::unique_ptr<app::SpcService> spc_;
    std::unique_ptr<app::QualityService> quality_;
    std::unique_ptr<Api> api_;
    std::string office_, reader_, star_, moon_, bank_;
    std::int64_t star_firm_ = 0, moon_firm_ = 0;
};

TEST_F(QualityRoutes, PublicListWithoutLoginAcrossTheExpiryDay) {
    const auto reg = add_entry({{"firm", "91371581MA3C5GXX7C"}, {"kind", "registration"}, {"date", "2020-05-01"},
                                {"source", "business licence"}});
    const auto minor = add_entry({{"firm", star_firm_},
                                  {"kind", "penalty"},
                                  {"subkind", "minor"},
                                  {"date", "2026-03-01"},
                                  {"fields", {{"authority", "临清市市场监督管理局"}, {"decision_no", "临市监罚〔2026〕5号"}}},
                                  {"source", "penalty decision"}});
    const auto warning = add_entry({{"firm", star_firm_},
                                    {"kind", "penalty"},
                                    {"subkind", "warning"},
                                    {"date", "2026-02-01"},
                                    {"fields", {{"authority", "临清市市场监督管理局"}, {"decision_no", "临市监罚〔2026〕1号"}}},
                                    {"source", "penalty decision"}});
    ASSERT_GT(minor, 0);

    // 2026-05-31, late evening: the minor penalty (window 2026-03-01 .. 2026-06-01, half-open) is still public.
    now_ = at("2026-05-31T23:30:00Z");
    auto list = call("GET", "/api/v1/public/quality");
    ASSERT_EQ(list.status, 200) << list.text;
    EXPECT_EQ(list.body.at("on"), "2026-05-31");
    ASSERT_EQ(list.body.at("firms").size(), 1u) << "only the firm with a file";
    const json& star = list.body.at("firms")[0];
    EXPECT_EQ(star.at("credit_code"), "91371581MA3C5GXX7C");
    // 10 + 0 + 30 + (20 - 5 minor - 2 warning) + 10 + 0 + 0 = 63: band B.
    EXPECT_EQ(star.at("score"), 63);
    EXPECT_EQ(star.at("grade"), "B");
    ASSERT_NE(find_entry(star.at("entries"), minor), nullptr);
    EXPECT_EQ((*find_entry(star.at("entries"), minor)).at("published_until"), "2026-06-01");
    EXPECT_NE(find_entry(star.at("entries"), reg), nullptr);
    EXPECT_EQ(find_entry(star.at("entries"), warning), nullptr) << "a warning is never published (Order 45 Art. 2)";
    auto page = call("GET", "/api/v1/public/quality/firms/91371581MA3C5GXX7C");
    ASSERT_EQ(page.status, 200) << page.text;
    EXPECT_EQ(page.body.at("name_zh"), "星辰轴承有限公司");
    EXPECT_NE(find_entry(page.body.at("entries"), minor), nullptr);

    // 2026-06-01, just after midnight: the day it expires, it has left the public list and page.
    now_ = at("2026-06-01T00:10:00Z");
    list = call("GET", "/api/v1/public/quality");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.body.at("on"), "2026-06-01");
    EXPECT_EQ(find_entry(list.body.at("firms")[0].at("entries"), minor), nullptr);
    EXPECT_NE(find_entry(list.body.at("firms")[0].at("entries"), reg), nullptr);
    page = call("GET", "/api/v1/public/quality/firms/" + std::to_string(star_firm_));
    EXPECT_EQ(find_entry(page.body.at("entries"), minor), nullptr);
    auto csv = call("GET", "/api/v1/public/quality?format=csv");
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.text.find(",penalty,"), std::string::npos) << csv.text;
    EXPECT_NE(csv.text.find(",registration,"), std::string::npos) << csv.text;
    // The authority and the firm still hold it, and it still counts (36 months): the score is unchanged.
    auto own = call("GET", "/api/v1/quality/file", star_);
    ASSERT_EQ(own.status, 200) << own.text;
    EXPECT_NE(find_entry(own.body.at("entries"), minor), nullptr);
    EXPECT_NE(find_entry(own.body.at("entries"), warning), nullptr) << "the firm sees its own non-public entries";
    EXPECT_EQ(own.body.at("rating").at("score"), 63);

    // Search: by grade, by name; a grade the rule set does not know is named.
    EXPECT_EQ(call("GET", "/api/v1/public/quality?grade=B").body.at("firms").size(), 1u);
    EXPECT_EQ(call("GET", "/api/v1/public/quality?grade=AAA").body.at("firms").size(), 0u);
    EXPECT_EQ(call("GET", "/api/v1/public/quality?q=star%20bearings").body.at("firms").size(), 1u);
    EXPECT_EQ(call("GET", "/api/v1/public/quality?q=moon").body.at("firms").size(), 0u);
    auto bad_grade = call("GET", "/api/v1/public/quality?grade=Z");
    EXPECT_EQ(bad_grade.status, 400);
    EXPECT_EQ(bad_grade.body.at("error").at("field"), "grade");
    // A firm without a file has no public page; a wrong check character is named.
    EXPECT_EQ(call("GET", "/api/v1/public/quality/firms/91371581MA3D2K8L4K").status, 404);
    auto bad_code = call("GET", "/api/v1/public/quality/firms/91371581MA3D2K8L4X");
    EXPECT_EQ(bad_code.status, 400) << bad_code.text;
}

TEST_F(QualityRoutes, BlacklistIsPublicFromTheListingDay) {
    now_ = at("2026-07-01T08:00:00Z");
    add_entry({{"firm", moon_firm_}, {"kind", "registration"}, {"date", "2020-01-01"}, {"source", "licence"}});
    auto listed = call("POST", "/api/v1/quality/blacklist", office_,
                       {{"firm", "91371581MA3D2K8L4K"}, {"action", "listed"}, {"date", "2026-07-02"},
                        {"decision_no", "临市监信〔2026〕3号"}, {"reasons", "counterfeit bearings"}});
    ASSERT_EQ(listed.status, 201) << listed.text;
    EXPECT_TRUE(call("GET", "/api/v1/public/quality/blacklist").body.at("blacklist").empty()) << "listed tomorrow";
    now_ = at("2026-07-02T08:00:00Z");
    auto black = call("GET", "/api/v1/public/quality/blacklist");
    ASSERT_EQ(black.body.at("blacklist").size(), 1u);
    EXPECT_EQ(black.body.at("blacklist")[0].at("name_zh"), "月亮轴承有限公司");
    // Listing period of the serious-dishonest row, 36 months (docs/quality/README.md).
    EXPECT_EQ(black.body.at("blacklist")[0].at("expires_on"), "2029-07-02");
    EXPECT_EQ(call("GET", "/api/v1/public/quality/firms/" + std::to_string(moon_firm_)).body.at("grade"), "D");
    // The firm sees its own history, not the other firm's.
    EXPECT_EQ(call("GET", "/api/v1/quality/blacklist", moon_).body.at("events").size(), 1u);
    EXPECT_EQ(call("GET", "/api/v1/quality/blacklist", star_).body.at("events").size(), 0u);
    EXPECT_EQ(call("GET", "/api/v1/quality/blacklist?firm=" + std::to_string(moon_firm_), star_).status, 404);
    // Removal by a repair before the minimum period (12 months) is refused, naming the date.
    auto early = call("POST", "/api/v1/quality/blacklist", office_,
                      {{"firm", moon_firm_}, {"action", "repaired"}, {"date", "2027-07-01"},
                       {"decision_no", "临市监信〔2027〕1号"}, {"reasons", "penalty performed"}});
    EXPECT_EQ(early.status, 409) << early.text;  // the history does not allow it yet
    EXPECT_NE(early.text.find("2027-07-02"), std::string::npos) << early.text;
}

TEST_F(QualityRoutes, EveryRouteAnswersTheWrongOrganisation) {
    const auto moon_entry = add_entry({{"firm", moon_firm_}, {"kind", "registration"}, {"date", "2020-01-01"},
                                       {"source", "licence"}});
    const auto star_entry = add_entry({{"firm", star_firm_}, {"kind", "registration"}, {"date", "2020-01-01"},
                                       {"source", "licence"}});
    const std::string moon_file = "/api/v1/quality/files/" + std::to_string(moon_firm_);
    // Another firm's file reads exactly as a firm that does not exist (the id aside).
    auto hidden = call("GET", moon_file, star_);
    auto absent = call("GET", "/api/v1/quality/files/987654", star_);
    ASSERT_EQ(hidden.status, 404);
    ASSERT_EQ(absent.status, 404);
    EXPECT_EQ(std::regex_replace(hidden.text, std::regex(std::to_string(moon_firm_)), "N"),
              std::regex_replace(absent.text, std::regex("987654"), "N"));
    EXPECT_EQ(call("GET", "/api/v1/quality/files/91371581MA3D2K8L4K", star_).status, 404) << "by credit code too";
    EXPECT_EQ(call("GET", "/api/v1/quality/files/" + std::to_string(star_firm_), star_).status, 200);
    EXPECT_EQ(call("GET", moon_file, office_).status, 200);
    EXPECT_EQ(call("GET", moon_file, reader_).status, 200) << "a viewer of the authority reads";
    // Another firm's entry cannot be objected to: as an entry that does not exist.
    auto other = call("POST", "/api/v1/quality/objections", star_, {{"entry", moon_entry}, {"grounds", "not ours"}});
    auto none = call("POST", "/api/v1/quality/objections", star_, {{"entry", 987654}, {"grounds", "not ours"}});
    EXPECT_EQ(other.status, 404);
    EXPECT_EQ(std::regex_replace(other.text, std::regex(std::to_string(moon_entry)), "N"),
              std::regex_replace(none.text, std::regex("987654"), "N"));
    // A firm never writes its file, rates, lists, decides or imports.
    const json entry{{"firm", star_firm_}, {"kind", "honour"}, {"subkind", "prize"}, {"date", "2026-01-01"}};
    EXPECT_EQ(call("POST", "/api/v1/quality/entries", star_, entry).status, 403);
    EXPECT_EQ(call("POST", "/api/v1/quality/files/" + std::to_string(star_firm_) + "/rating", star_, json::object()).status,
              403);
    EXPECT_EQ(call("POST", "/api/v1/quality/blacklist", star_,
                   {{"firm", moon_firm_}, {"action", "listed"}, {"date", "2026-03-01"}, {"decision_no", "x"},
                    {"reasons", "y"}})
                  .status,
              403);
    EXPECT_EQ(call("POST", "/api/v1/quality/import", star_, "credit_code\n", "text/csv").status, 403);
    auto filed = call("POST", "/api/v1/quality/objections", star_, {{"entry", star_entry}, {"grounds", "wrong date"}});
    ASSERT_EQ(filed.status, 201) << filed.text;
    const std::string decide = "/api/v1/quality/objections/" + filed.body.at("id").dump() + "/decision";
    EXPECT_EQ(call("POST", decide, star_, {{"status", "upheld"}, {"reasons", "self"}}).status, 403);
    EXPECT_EQ(call("POST", decide, reader_, {{"status", "upheld"}, {"reasons", "viewer"}}).status, 403);
    EXPECT_EQ(call("POST", "/api/v1/quality/entries", reader_, entry).status, 403);
    // Objections: each firm sees its own; the office all; the bank (no firm, no keeper) none.
    EXPECT_EQ(call("GET", "/api/v1/quality/objections", star_).body.at("objections").size(), 1u);
    EXPECT_EQ(call("GET", "/api/v1/quality/objections", moon_).body.at("objections").size(), 0u);
    EXPECT_EQ(call("GET", "/api/v1/quality/objections", office_).body.at("objections").size(), 1u);
    EXPECT_EQ(call("GET", "/api/v1/quality/objections", bank_).status, 403);
    EXPECT_EQ(call("GET", "/api/v1/quality/file", bank_).status, 404);
    EXPECT_EQ(call("POST", "/api/v1/quality/objections", bank_, {{"entry", star_entry}, {"grounds", "x"}}).status, 403);
    // The office files no objection: it has no firm.
    EXPECT_EQ(call("POST", "/api/v1/quality/objections", office_, {{"entry", star_entry}, {"grounds", "x"}}).status,
              403);
    // Without login: 401 on every route but the public ones.
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/api/v1/quality/file"},
             {"GET", moon_file},
             {"POST", "/api/v1/quality/entries"},
             {"POST", "/api/v1/quality/import"},
             {"POST", "/api/v1/quality/blacklist"},
             {"GET", "/api/v1/quality/blacklist"},
             {"GET", "/api/v1/quality/objections"},
             {"POST", "/api/v1/quality/objections"},
             {"POST", decide},
             {"POST", moon_file + "/rating"}}) {
        EXPECT_EQ(call(method, path, "", json::object()).status, 401) << method << " " << path;
    }
}

TEST_F(QualityRoutes, UpheldObjectionIsCorrectedAndRegraded) {
    now_ = at("2026-10-26T09:00:00Z");
    add_entry({{"firm", star_firm_}, {"kind", "registration"}, {"date", "2020-05-01"}, {"source", "licence"}});
    const auto failed = add_entry({{"firm", star_firm_},
                                   {"kind", "sampling_inspection"},
                                   {"date", "2026-10-20"},
                                   {"outcome", "fail"},
                                   {"fields", {{"product", "6205-2RS"}, {"batch", "B-1020"}}},
                                   {"source", "sampling results"}});
    const auto minor = add_entry({{"firm", star_firm_},
                                  {"kind", "penalty"},
                                  {"subkind", "minor"},
                                  {"date", "2026-10-01"},
                                  {"fields", {{"authority", "临清市市场监督管理局"}, {"decision_no", "临市监罚〔2026〕9号"}}},
                                  {"source", "penalty decision"}});
    // 10 + 0 + (30 - 15) + (20 - 5) + 10 = 50: C.
    auto before = call("GET", "/api/v1/quality/file", star_);
    EXPECT_EQ(before.body.at("rating").at("score"), 50);
    EXPECT_EQ(before.body.at("rating").at("grade"), "C");

    // The firm objects on Monday 2026-11-02: deadline 3 working days later, Thursday 2026-11-05.
    now_ = at("2026-11-02T10:00:00Z");
    auto filed = call("POST", "/api/v1/quality/objections", star_,
                      {{"entry", failed}, {"grounds", "the sample was another maker's bearing"},
                       {"evidence", "delivery note LQ-7781"}});
    ASSERT_EQ(filed.status, 201) << filed.text;
    EXPECT_EQ(filed.body.at("deadline"), "2026-11-05");
    EXPECT_NE(filed.body.at("grounds").get<std::string>().find("LQ-7781"), std::string::npos);
    auto page = call("GET", "/api/v1/public/quality/firms/" + std::to_string(star_firm_));
    EXPECT_EQ((*find_entry(page.body.at("entries"), failed)).at("under_objection"), true) << "marked the same day";
    auto second = call("POST", "/api/v1/quality/objections", star_,
                       {{"entry", minor}, {"grounds", "paid already"}, {"other_units", true}});
    ASSERT_EQ(second.status, 201);
    EXPECT_EQ(second.body.at("deadline"), "2026-11-11") << "7 working days: 11-03..11-06, 11-09..11-11";

    // Friday 11-06: the first is overdue for the office, the second not.
    now_ = at("2026-11-06T08:00:00Z");
    auto queue = call("GET", "/api/v1/quality/objections?open=true", office_);
    ASSERT_EQ(queue.status, 200) << queue.text;
    ASSERT_EQ(queue.body.at("objections").size(), 2u);
    for (const json& o : queue.body.at("objections")) {
        EXPECT_EQ(o.at("overdue"), o.at("entry_id") == failed) << o.dump();
        EXPECT_EQ(o.at("firm_name_zh"), "星辰轴承有限公司");
    }

    // Upheld with the corrected result: a new entry pointing at the objected one; sampling back to 30: 65, B.
    const std::string decide = "/api/v1/quality/objections/" + filed.body.at("id").dump() + "/decision";
    auto bad_status = call("POST", decide, office_, {{"status", "maybe"}, {"reasons", "x"}});
    EXPECT_EQ(bad_status.status, 400);
    EXPECT_EQ(bad_status.body.at("error").at("field"), "status");
    auto bad_correction = call("POST", decide, office_,
                               {{"status", "upheld"}, {"reasons", "x"},
                                {"correction", {{"kind", "penalty"}, {"date", "2026-10-20"}}}});
    EXPECT_EQ(bad_correction.status, 400);
    EXPECT_EQ(bad_correction.body.at("error").at("field"), "correction.kind");
    auto upheld = call("POST", decide, office_,
                       {{"status", "upheld"},
                        {"reasons", "the re-examination found the sample was not the firm's product"},
                        {"correction", {{"date", "2026-10-20"}, {"outcome", "pass"},
                                        {"fields", {{"product", "6205-2RS"}, {"batch", "B-1020"}}}}}});
    ASSERT_EQ(upheld.status, 200) << upheld.text;
    EXPECT_EQ(upheld.body.at("status"), "upheld");
    EXPECT_EQ(upheld.body.at("overdue"), true) << "decided a day late";
    const json& correction = upheld.body.at("correction");
    EXPECT_EQ(correction.at("corrects"), failed);
    EXPECT_EQ(correction.at("kind"), "sampling_inspection");
    EXPECT_EQ(correction.at("outcome"), "pass");
    EXPECT_EQ(upheld.body.at("rating").at("score"), 65);
    EXPECT_EQ(upheld.body.at("rating").at("grade"), "B");
    // Deciding again is refused.
    EXPECT_EQ(call("POST", decide, office_, {{"status", "rejected"}, {"reasons", "again"}}).status, 409);

    // The firm's file: the objected entry kept, pointed at, no longer effective; grade history ends with B.
    auto after = call("GET", "/api/v1/quality/file", star_);
    ASSERT_EQ(after.status, 200);
    const json* original = find_entry(after.body.at("entries"), failed);
    ASSERT_NE(original, nullptr) << "never overwritten";
    EXPECT_EQ(original->at("outcome"), "fail");
    EXPECT_EQ(original->at("effective"), false);
    EXPECT_EQ(original->at("followed_by"), json::array({correction.at("id")}));
    EXPECT_EQ(after.body.at("rating").at("grade"), "B");
    EXPECT_EQ(after.body.at("grades").back().at("grade"), "B");
    EXPECT_EQ(after.body.at("grades").back().at("score"), 65);
    page = call("GET", "/api/v1/public/quality/firms/" + std::to_string(star_firm_));
    EXPECT_EQ(find_entry(page.body.at("entries"), failed), nullptr);
    ASSERT_NE(find_entry(page.body.at("entries"), correction.at("id").get<std::int64_t>()), nullptr);
    EXPECT_EQ(page.body.at("grade"), "B");

    // Rejected: recorded with its reasons, no entry added, the grade unchanged.
    const std::size_t entries = after.body.at("entries").size();
    auto rejected = call("POST", "/api/v1/quality/objections/" + second.body.at("id").dump() + "/decision", office_,
                         {{"status", "rejected"}, {"reasons", "the fine was paid after the decision, not before"}});
    ASSERT_EQ(rejected.status, 200) << rejected.text;
    EXPECT_EQ(rejected.body.at("decision_reasons"), "the fine was paid after the decision, not before");
    EXPECT_TRUE(rejected.body.at("correction").is_null());
    after = call("GET", "/api/v1/quality/file", star_);
    EXPECT_EQ(after.body.at("entries").size(), entries);
    EXPECT_EQ(after.body.at("rating").at("score"), 65);
}

TEST_F(QualityRoutes, UpheldWithoutCorrectionWithdrawsTheEntry) {
    now_ = at("2026-11-02T10:00:00Z");
    const auto minor = add_entry({{"firm", star_firm_},
                                  {"kind", "penalty"},
                                  {"subkind", "minor"},
                                  {"date", "2026-10-01"},
                                  {"fields", {{"authority", "临清市市场监督管理局"}, {"decision_no", "临市监罚〔2026〕9号"}}},
                                  {"source", "penalty decision"}});
    auto filed = call("POST", "/api/v1/quality/objections", star_, {{"entry", minor}, {"grounds", "revoked"}});
    ASSERT_EQ(filed.status, 201);
    // 0 + 0 + 30 + 15 + 10 = 55 (C) before; the withdrawal voids the penalty from today: 60 (B).
    EXPECT_EQ(call("GET", "/api/v1/quality/file", star_).body.at("rating").at("score"), 55);
    auto upheld = call("POST", "/api/v1/quality/objections/" + filed.body.at("id").dump() + "/decision", office_,
                       {{"status", "upheld"}, {"reasons", "the decision was revoked on review"}});
    ASSERT_EQ(upheld.status, 200) << upheld.text;
    EXPECT_EQ(upheld.body.at("correction").at("kind"), "withdrawal");
    EXPECT_EQ(upheld.body.at("correction").at("corrects"), minor);
    EXPECT_EQ(upheld.body.at("correction").at("date"), "2026-11-02");
    EXPECT_EQ(upheld.body.at("rating").at("score"), 60);
    EXPECT_EQ(upheld.body.at("rating").at("grade"), "B");
}

TEST_F(QualityRoutes, BadInputIsNamed) {
    auto field_of = [](const Answer& a) { return a.body.at("error").at("field").get<std::string>(); };
    auto no_date = call("POST", "/api/v1/quality/entries", office_, {{"firm", star_firm_}, {"kind", "registration"}});
    EXPECT_EQ(no_date.status, 400);
    EXPECT_EQ(field_of(no_date), "date");
    auto bad_date = call("POST", "/api/v1/quality/entries", office_,
                         {{"firm", star_firm_}, {"kind", "registration"}, {"date", "2026-02-30"}});
    EXPECT_EQ(bad_date.status, 400);
    EXPECT_EQ(field_of(bad_date), "date");
    auto bad_kind = call("POST", "/api/v1/quality/entries", office_,
                         {{"firm", star_firm_}, {"kind", "fine"}, {"date", "2026-02-01"}});
    EXPECT_EQ(field_of(bad_kind), "kind");
    auto no_firm = call("POST", "/api/v1/quality/entries", office_, {{"kind", "registration"}, {"date", "2026-02-01"}});
    EXPECT_EQ(field_of(no_firm), "firm");
    auto unknown = call("POST", "/api/v1/quality/entries", office_,
                        {{"firm", star_firm_}, {"kind", "registration"}, {"date", "2026-02-01"}, {"colour", "red"}});
    EXPECT_EQ(field_of(unknown), "colour");
    auto bad_fields = call("POST", "/api/v1/quality/entries", office_,
                           {{"firm", star_firm_}, {"kind", "registration"}, {"date", "2026-02-01"},
                            {"fields", {{"capital", 5}}}});
    EXPECT_EQ(field_of(bad_fields), "fields.capital");
    auto no_product = call("POST", "/api/v1/quality/entries", office_,
                           {{"firm", star_firm_}, {"kind", "sampling_inspection"}, {"date", "2026-02-01"},
                            {"outcome", "fail"}});
    EXPECT_EQ(field_of(no_product), "product");
    auto no_grounds = call("POST", "/api/v1/quality/objections", star_, {{"entry", 1}});
    EXPECT_EQ(field_of(no_grounds), "grounds");
    auto not_json = call("POST", "/api/v1/quality/entries", office_, "kind=registration", "text/plain");
    EXPECT_EQ(not_json.status, 400);
    // Sampling CSV: the good line added, the bad one named by line and column.
    auto imported = call("POST", "/api/v1/quality/import", office_,
                         "credit_code,date,product,batch,items,outcome,retest,authority,report_no,source\n"
                         "91371581MA3C5GXX7C,2026-01-15,6205-2RS,B1,vibration,pass,,AMR,R-1,sampling\n"
                         "91371581MA3C5GXX7C,2026-02-30,6206,B2,vibration,fail,,AMR,R-2,sampling\n",
                         "text/csv");
    EXPECT_EQ(imported.status, 422) << imported.text;
    EXPECT_EQ(imported.body.at("added"), 1);
    ASSERT_EQ(imported.body.at("errors").size(), 1u);
    EXPECT_NE(imported.body.at("errors")[0].at("message").get<std::string>().find("line 3"), std::string::npos);
    EXPECT_EQ(call("POST", "/api/v1/quality/import", office_, "x", "application/json").status, 400);
}

}  // namespace
}  // namespace yandian::server
