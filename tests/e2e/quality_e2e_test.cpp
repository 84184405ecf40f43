// `yandian quality ...` through the real binary, on the engine of the run (SQLite, or PostgreSQL under
// YANDIAN_TEST_ENGINE=postgres): a firm's credit file built entry by entry, rated (scores as hand-added in
// tests/quality/rules_test.cpp from data/quality/rules-v1.json), sampling results imported with per-line errors,
// the public view of a day with an entry under objection, the objection deadline across National Day 2026 (State
// Council notice of 2025-11-04), the blacklist's repair path, and bad input refused with exit 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_store.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;

constexpr const char* kCode = "91371581MA3C5GXX7C";  // check character by GB 32100 clause 4.2

class QualityCli : public CliStoreTest {
  protected:
    CommandResult yd(std::vector<std::string> args) {
        args.insert(args.begin(), {binary_, "--clock-start", "2026-12-01"});
        return run_command(args);
    }
    json ok(std::vector<std::string> args) {
        auto r = yd(std::move(args));
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.exit_code == 0 ? json::parse(r.out) : json();
    }
    std::int64_t entry(std::vector<std::string> args) {
        std::vector<std::string> all{"quality", "entry", "add", "--db", db_, "--firm", kCode, "--by", "authority",
                                     "--source", "临清市市场监督管理局"};
        all.insert(all.end(), args.begin(), args.end());
        const json e = ok(all);
        return e.is_null() ? 0 : e.at("id").get<std::int64_t>();
    }
    void SetUp() override {
        CliStoreTest::SetUp();
        if (IsSkipped()) return;
        org_ = add_org("临清测试轴承", "manufacturer");
        ok({"firm", "add", "--db", db_, "--credit-code", kCode, "--name-zh", "临清测试轴承有限公司", "--industry",
            "bearing", "--org-id", std::to_string(org_)});
    }
    std::int64_t org_ = 0;
};

TEST_F(QualityCli, FileRatingPublicationObjectionAndBlacklist) {
    entry({"--kind", "registration", "--date", "2020-05-01"});
    entry({"--kind", "certification", "--subkind", "ISO 9001", "--date", "2025-01-10", "--valid-until", "2028-01-10"});
    entry({"--kind", "certification", "--subkind", "IATF 16949", "--date", "2025-02-10", "--valid-until",
           "2028-02-10"});
    entry({"--kind", "honour", "--subkind", "provincial", "--date", "2025-12-15"});
    entry({"--kind", "platform_evidence", "--subkind", "spc_capable", "--date", "2026-05-01"});
    // 10 + 20 + 30 + 20 + 10 + 5 + 5 = 100 -> AAA.
    json r = ok({"quality", "rate", "--db", db_, "--org-id", std::to_string(org_), "--on", "2026-12-01"});
    EXPECT_EQ(r.at("score"), 100);
    EXPECT_EQ(r.at("grade"), "AAA");
    EXPECT_EQ(r.at("credit_code"), kCode);

    // A counterfeit finding: 100 - 10 = 90 (band AAA), capped at C by the veto.
    const auto penalty = entry({"--kind", "penalty", "--subkind", "other", "--date", "2026-06-01", "--field",
                                "authority=临清市市场监督管理局", "--field", "decision_no=临市监罚〔2026〕17号",
                                "--field", "finding=counterfeit"});
    r = ok({"quality", "rate", "--db", db_, "--firm", kCode, "--on", "2026-12-01", "--record"});
    EXPECT_EQ(r.at("score"), 90);
    EXPECT_EQ(r.at("score_grade"), "AAA");
    EXPECT_EQ(r.at("grade"), "C");
    ASSERT_EQ(r.at("vetoes").size(), 1U);
    EXPECT_EQ(r.at("vetoes")[0].at("id"), "counterfeit");
    EXPECT_EQ(r.at("vetoes")[0].at("entries"), json::array({penalty}));
    auto text = yd({"quality", "rate", "--db", db_, "--firm", kCode, "--on", "2026-12-01", "--format", "text"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("grade C (score 90 of 100, band AAA"), std::string::npos) << text.out;

    // Sampling results: one good line, one line with a bad date, one with a firm not in the library.
    const std::string csv = write(
        "sampling.csv",
        "credit_code,date,product,batch,items,outcome,retest,authority,report_no,source\n"
        "91371581MA3C5GXX7C,2026-03-10,6205-2RS,B2026-031,radial clearance,fail,,临清市市场监督管理局,LQ-17,2026 Q1\n"
        "91371581MA3C5GXX7C,2026-02-30,6206,B2,noise,pass,,,,2026 Q1\n"
        "91371581MA3D2K8L4K,2026-03-11,6206,B3,noise,pass,,,,2026 Q1\n");
    auto imported = yd({"quality", "import", "--db", db_, csv});
    EXPECT_EQ(imported.exit_code, 2) << imported.err;
    const json report = json::parse(imported.out);
    EXPECT_EQ(report.at("added"), 1);
    ASSERT_EQ(report.at("errors").size(), 2U);
    EXPECT_EQ(report.at("errors")[0].get<std::string>().rfind("line 3, column date", 0), 0U) << report;
    EXPECT_EQ(report.at("errors")[1].get<std::string>().rfind("line 4, column credit_code", 0), 0U) << report;
    // 90 - 15 (failed sample) = 75 -> band A, still capped at C.
    r = ok({"quality", "rate", "--db", db_, "--firm", kCode, "--on", "2026-12-01"});
    EXPECT_EQ(r.at("score"), 75);

    // The firm objects to the penalty on Wed 2026-09-30: 10-01..10-07 holiday, 10-08 = 1, 10-09 = 2,
    // 10-10 (Saturday, adjusted working day) = 3.
    json o = ok({"quality", "objection", "file", "--db", db_, "--entry", std::to_string(penalty), "--date",
                 "2026-09-30", "--grounds", "the decision names another firm", "--by", "firm"});
    EXPECT_EQ(o.at("deadline"), "2026-10-10");
    json pub = ok({"quality", "publish", "--db", db_, "--on", "2026-10-01"});
    ASSERT_EQ(pub.at("firms").size(), 1U);
    const json& firm = pub.at("firms")[0];
    EXPECT_EQ(firm.at("grade"), "C");
    bool seen_penalty = false;
    for (const json& e : firm.at("entries")) {
        EXPECT_NE(e.at("kind"), "platform_evidence");  // never public
        if (e.at("id") == penalty) {
            seen_penalty = true;
            EXPECT_EQ(e.at("under_objection"), true);
            EXPECT_EQ(e.at("published_until"), "2029-06-01");  // SAMR Order 45 Art. 13: 3 years
        }
    }
    EXPECT_TRUE(seen_penalty);
    // The day before filing the entry is not marked.
    pub = ok({"quality", "publish", "--db", db_, "--on", "2026-09-29"});
    for (const json& e : pub.at("firms")[0].at("entries")) EXPECT_EQ(e.at("under_objection"), false);
    // Undecided on 10-12: overdue; decided on 10-09: not.
    json list = ok({"quality", "objection", "list", "--db", db_, "--open", "--on", "2026-10-12"});
    ASSERT_EQ(list.size(), 1U);
    EXPECT_EQ(list[0].at("overdue"), true);
    list = ok({"quality", "objection", "list", "--db", db_, "--on", "2026-10-10"});
    EXPECT_EQ(list[0].at("overdue"), false);
    o = ok({"quality", "objection", "decide", "--db", db_, std::to_string(o.at("id").get<std::int64_t>()),
            "--status", "rejected", "--date", "2026-10-09", "--reasons", "decision checked with the issuing office",
            "--by", "authority"});
    EXPECT_EQ(o.at("status"), "rejected");
    EXPECT_EQ(o.at("overdue"), false);
    EXPECT_TRUE(ok({"quality", "objection", "list", "--db", db_, "--open"}).empty());

    // Blacklist: listed 2026-07-01; a repair is possible from 2027-07-01 (12 months, SAMR Order 44).
    ok({"quality", "blacklist", "add", "--db", db_, "--firm", kCode, "--date", "2026-07-01", "--decision",
        "临市监信〔2026〕3号", "--grounds", "counterfeit bearings sold under an international brand"});
    json black = ok({"quality", "blacklist", "list", "--db", db_, "--on", "2026-12-01"});
    ASSERT_EQ(black.size(), 1U);
    EXPECT_EQ(black[0].at("expires_on"), "2029-07-01");
    EXPECT_EQ(ok({"quality", "rate", "--db", db_, "--firm", kCode, "--on", "2026-12-01"}).at("grade"), "D");
    auto early = yd({"quality", "blacklist", "remove", "--db", db_, "--firm", kCode, "--how", "repaired", "--date",
                     "2027-06-30", "--decision", "临市监信〔2027〕1号", "--reasons", "penalty performed"});
    EXPECT_EQ(early.exit_code, 1);
    EXPECT_NE(early.err.find("from 2027-07-01"), std::string::npos) << early.err;
    ok({"quality", "blacklist", "remove", "--db", db_, "--firm", kCode, "--how", "repaired", "--date", "2027-07-01",
        "--decision", "临市监信〔2027〕1号", "--reasons", "penalty performed, harm removed"});
    EXPECT_TRUE(ok({"quality", "blacklist", "list", "--db", db_, "--on", "2027-07-01"}).empty());
    EXPECT_EQ(ok({"quality", "blacklist", "list", "--db", db_, "--history"}).size(), 2U);

    // Every entry recorded a grade; the history is kept in the file.
    const json file = ok({"quality", "entry", "list", "--db", db_, "--firm", kCode});
    EXPECT_EQ(file.size(), 7U);

    auto csv_out = yd({"quality", "publish", "--db", db_, "--on", "2026-10-01", "--format", "csv"});
    ASSERT_EQ(csv_out.exit_code, 0) << csv_out.err;
    EXPECT_EQ(csv_out.out.rfind("on,credit_code,name_zh,grade,blacklisted,entry_id,kind", 0), 0U) << csv_out.out;
    EXPECT_NE(csv_out.out.find("," + std::to_string(penalty) + ",penalty,other,2026-06-01,2029-06-01,yes\n"),
              std::string::npos)
        << csv_out.out;
}

TEST_F(QualityCli, BadInputIsRefusedNamingIt) {
    auto r = yd({"quality", "entry", "add", "--db", db_, "--firm", kCode, "--kind", "penalty", "--subkind", "minor",
                 "--date", "2026-02-30", "--source", "x"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("2026-02-30 is not a date"), std::string::npos) << r.err;
    r = yd({"quality", "entry", "add", "--db", db_, "--firm", kCode, "--kind", "fine", "--date", "2026-02-03",
            "--source", "x"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unknown entry kind 'fine'"), std::string::npos) << r.err;
    r = yd({"quality", "entry", "add", "--db", db_, "--firm", "91371581MA3C5GXX7D", "--kind", "honour", "--date",
            "2026-02-03", "--source", "x"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("check character"), std::string::npos) << r.err;
    r = yd({"quality", "entry", "add", "--db", db_, "--firm", kCode, "--kind", "penalty", "--subkind", "other",
            "--date", "2026-02-03", "--source", "x"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("authority"), std::string::npos) << r.err;
    r = yd({"quality", "rate", "--db", db_});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--firm"), std::string::npos) << r.err;
    r = yd({"quality", "deadline", "--filed", "2026-12-30"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("does not cover 2027"), std::string::npos) << r.err;
    const json d = ok({"quality", "deadline", "--filed", "2026-02-13"});
    EXPECT_EQ(d.at("deadline"), "2026-02-25");  // 02-14 (Sat, worked) = 1; 02-24 = 2; 02-25 = 3
}

}  // namespace
}  // namespace yandian::testing
