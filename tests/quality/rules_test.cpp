// Rating with the bundled rule set data/quality/rules-v1.json (items: registration 10, certification 20, sampling
// 30, penalties 20, complaints 10, honours 5, platform 5; bands AAA >= 90, AA >= 80, A >= 70, B >= 60, C >= 40,
// D >= 0). Every score below is added up by hand in the comments from those weights.
#include <gtest/gtest.h>

#include "quality/bundled.hpp"
#include "quality/rules.hpp"

namespace yandian::quality {
namespace {

DayNumber d(const char* text) { return *parse_iso_date(text); }

class RatingTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto r = bundled_rules();
        ASSERT_TRUE(r) << r.error().message;
        rules = *r;
        auto w = bundled_windows();
        ASSERT_TRUE(w);
        windows = *w;
        terms = *blacklist_terms(windows);
        file.firm_id = 3;
    }

    Entry& add(EntryKind kind, const std::string& subkind, const char* date) {
        Entry e;
        e.id = static_cast<std::int64_t>(file.entries.size()) + 1;
        e.firm_id = 3;
        e.kind = kind;
        e.subkind = subkind;
        e.date = d(date);
        e.source = "test";
        e.entered_by = "test";
        file.entries.push_back(e);
        return file.entries.back();
    }
    void fix_windows() {
        for (Entry& e : file.entries) {
            auto w = window_for(e, windows);
            ASSERT_TRUE(w) << w.error().message;
            e.published_from = w->published_from;
            e.published_until = w->published_until;
            e.retain_until = w->retain_until;
        }
    }
    const ItemResult& item(const Rating& r, const std::string& id) {
        for (const auto& i : r.items) {
            if (i.id == id) return i;
        }
        throw std::runtime_error("no item " + id);
    }

    RuleSet rules;
    WindowTable windows;
    BlacklistTerms terms;
    CreditFile file;
};

TEST_F(RatingTest, ScoreAndGradeWithoutVeto) {
    add(EntryKind::kRegistration, "", "2020-05-01");                                  // 1: registration +10
    add(EntryKind::kCertification, "ISO 9001", "2025-01-10").valid_until = d("2028-01-10");  // 2: valid +10
    add(EntryKind::kCertification, "IATF 16949", "2023-01-01").valid_until = d("2026-01-01");  // 3: expired
    Entry& s = add(EntryKind::kSamplingInspection, "", "2025-06-01");                // 4: failed sample -15
    s.outcome = "fail";
    s.fields["product"] = "6205-2RS";
    add(EntryKind::kPenalty, "minor", "2026-03-01");   // 5: -5
    add(EntryKind::kPenalty, "other", "2022-11-01");   // 6: before 2023-12-01, outside the 36-month look-back
    add(EntryKind::kComplaint, "upheld", "2026-08-01");    // 7: -2
    add(EntryKind::kComplaint, "rejected", "2026-09-01");  // 8: not counted
    add(EntryKind::kHonour, "provincial", "2024-12-15");   // 9: +5 (after 2023-12-01)
    fix_windows();
    const Rating r = rate(file, rules, d("2026-12-01"), terms);
    // registration 10 + certification 10 + sampling 30-15 = 15 + penalties 20-5 = 15 + complaints 10-2 = 8
    // + honours 5 + platform 0 = 63 -> band B (60..69).
    EXPECT_EQ(item(r, "registration").points, 10);
    EXPECT_EQ(item(r, "certification").points, 10);
    EXPECT_EQ(item(r, "certification").entries, (std::vector<std::int64_t>{2}));
    EXPECT_EQ(item(r, "sampling").points, 15);
    EXPECT_EQ(item(r, "sampling").entries, (std::vector<std::int64_t>{4}));
    EXPECT_EQ(item(r, "penalties").points, 15);
    EXPECT_EQ(item(r, "penalties").entries, (std::vector<std::int64_t>{5}));
    EXPECT_EQ(item(r, "complaints").points, 8);
    EXPECT_EQ(item(r, "honours").points, 5);
    EXPECT_EQ(item(r, "platform").points, 0);
    EXPECT_EQ(r.score, 63);
    EXPECT_EQ(r.score_grade, "B");
    EXPECT_EQ(r.grade, "B");
    EXPECT_TRUE(r.vetoes.empty());
    EXPECT_EQ(item(r, "penalties").computation, "start 20; entry 5 (minor) -5 = 15");
}

class VetoTest : public RatingTest {
  protected:
    void SetUp() override {
        RatingTest::SetUp();
        add(EntryKind::kRegistration, "", "2020-05-01");                                   // 1: +10
        add(EntryKind::kCertification, "ISO 9001", "2025-01-10").valid_until = d("2028-01-10");    // 2: +10
        add(EntryKind::kCertification, "IATF 16949", "2025-02-10").valid_until = d("2028-02-10");  // 3: +10
        add(EntryKind::kHonour, "provincial", "2025-12-15");                                // 4: +5
        add(EntryKind::kPlatformEvidence, "spc_capable", "2026-05-01");                     // 5: +5
    }
};

TEST_F(VetoTest, FullMarksWithoutVeto) {
    fix_windows();
    // 10 + 20 + 30 + 20 + 10 + 5 + 5 = 100 -> AAA.
    const Rating r = rate(file, rules, d("2026-12-01"), terms);
    EXPECT_EQ(r.score, 100);
    EXPECT_EQ(r.grade, "AAA");
}

TEST_F(VetoTest, CounterfeitFindingCapsTheGrade) {
    Entry& p = add(EntryKind::kPenalty, "other", "2026-06-01");  // 6: -10 and the counterfeit veto
    p.fields["finding"] = "counterfeit";
    fix_windows();
    const Rating r = rate(file, rules, d("2026-12-01"), terms);
    // 100 - 10 = 90 -> band AAA, capped at C by the counterfeit veto.
    EXPECT_EQ(r.score, 90);
    EXPECT_EQ(r.score_grade, "AAA");
    EXPECT_EQ(r.grade, "C");
    ASSERT_EQ(r.vetoes.size(), 1u);
    EXPECT_EQ(r.vetoes[0].id, "counterfeit");
    EXPECT_EQ(r.vetoes[0].entries, (std::vector<std::int64_t>{6}));
}

TEST_F(VetoTest, FailedRetestCapsTheGrade) {
    Entry& s = add(EntryKind::kSamplingInspection, "", "2026-04-01");  // 6
    s.outcome = "fail";
    s.retest = "fail";
    s.fields["product"] = "6205";
    fix_windows();
    const Rating r = rate(file, rules, d("2026-12-01"), terms);
    // 100 - 15 = 85 -> AA, capped at C.
    EXPECT_EQ(r.score, 85);
    EXPECT_EQ(r.score_grade, "AA");
    EXPECT_EQ(r.grade, "C");
    ASSERT_EQ(r.vetoes.size(), 1u);
    EXPECT_EQ(r.vetoes[0].id, "failed_retest");
}

TEST_F(VetoTest, PassedRetestIsNoFailure) {
    Entry& s = add(EntryKind::kSamplingInspection, "", "2026-04-01");
    s.outcome = "fail";
    s.retest = "pass";
    s.fields["product"] = "6205";
    fix_windows();
    const Rating r = rate(file, rules, d("2026-12-01"), terms);
    EXPECT_EQ(r.score, 100);
    EXPECT_EQ(r.grade, "AAA");
}

TEST_F(VetoTest, BlacklistCapsAtDUntilRemoved) {
    fix_windows();
    file.blacklist.push_back(BlacklistEvent{11, 3, BlacklistAction::kListed, d("2026-07-01"), "临市监信〔2026〕3号",
                                            "grounds", "authority"});
    Rating r = rate(file, rules, d("2026-12-01"), terms);
    EXPECT_EQ(r.score, 100);
    EXPECT_EQ(r.grade, "D");
    ASSERT_EQ(r.vetoes.size(), 1u);
    EXPECT_EQ(r.vetoes[0].id, "serious_list");
    EXPECT_EQ(r.vetoes[0].blacklist_event, 11);
    // The day before the listing: no veto.
    EXPECT_EQ(rate(file, rules, d("2026-06-30"), terms).grade, "AAA");
    // Repaired on 2027-07-01 (12 months on): from then no veto.
    file.blacklist.push_back(BlacklistEvent{12, 3, BlacklistAction::kRemovedRepair, d("2027-07-01"), "临市监信〔2027〕1号",
                                            "reasons", "authority"});
    EXPECT_EQ(rate(file, rules, d("2027-06-30"), terms).grade, "D");
    EXPECT_EQ(rate(file, rules, d("2027-07-01"), terms).grade, "AAA");
}

TEST_F(VetoTest, CorrectionAndWithdrawalChangeTheScore) {
    add(EntryKind::kPenalty, "other", "2026-06-01");               // 6: -10
    add(EntryKind::kPenalty, "minor", "2026-06-01").corrects = 6;  // 7: corrected to minor: -5
    add(EntryKind::kPenalty, "other", "2026-07-01");               // 8: -10
    add(EntryKind::kWithdrawal, "", "2026-08-01").corrects = 8;    // 9: decision revoked
    fix_windows();
    // On 2026-07-15: 100 - 5 (entry 7) - 10 (entry 8) = 85. On 2026-08-01: entry 8 withdrawn: 95.
    EXPECT_EQ(rate(file, rules, d("2026-07-15"), terms).score, 85);
    const Rating r = rate(file, rules, d("2026-08-01"), terms);
    EXPECT_EQ(r.score, 95);
    EXPECT_EQ(item(r, "penalties").entries, (std::vector<std::int64_t>{7}));
}

TEST(RulesParse, ErrorsNameThePath) {
    auto base = nlohmann::json::parse(*bundled_text(kBundledRules));
    auto check = [](const nlohmann::json& j, const std::string& needle) {
        auto r = parse_rules(j.dump());
        ASSERT_FALSE(r) << needle;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
    };
    auto j = base;
    j["items"][2]["match"]["kind"] = "fine";
    check(j, "items[2].match.kind");
    j = base;
    j["items"][0]["max"] = 11;  // the maxima add up to 101
    check(j, "add up to 101");
    j = base;
    j["vetoes"][1]["cap"] = "E";
    check(j, "vetoes[1].cap");
    j = base;
    j["grades"][2]["min"] = 85;
    check(j, "grades[2].min");
    j = base;
    j["items"][3]["weight"] = 1;
    check(j, "items[3].weight: unknown key");
    j = base;
    j["items"][1]["match"]["blacklisted"] = true;
    check(j, "items[1].match.blacklisted");
    j = base;
    j["grades"].back()["min"] = 5;
    check(j, "must start at 0");
    auto bad = parse_rules("{\"items\": [");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("not valid JSON"), std::string::npos);
    auto huge = parse_rules("{\"version\": 1e999999}");
    ASSERT_FALSE(huge);
}

}  // namespace
}  // namespace yandian::quality
