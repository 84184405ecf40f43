// Publication windows of each entry kind across its expiry day (the day before, the day itself, the day after),
// with the bundled table data/quality/publication-windows.csv. Expected dates are counted by hand from the table's
// months (SAMR Order 45 Art. 13: minor penalty 3 months, other penalties 3 years; 山东省社会信用条例 Art. 38:
// negative information kept at most 5 years); a window is half-open: the entry leaves on its expiry day.
#include <gtest/gtest.h>

#include "quality/bundled.hpp"
#include "quality/windows.hpp"

namespace yandian::quality {
namespace {

DayNumber d(const char* text) { return *parse_iso_date(text); }

class WindowsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto t = bundled_windows();
        ASSERT_TRUE(t) << t.error().message;
        table = *t;
    }

    // An entry with its window fixed by the table, as the service stores it.
    Entry make(EntryKind kind, const std::string& subkind, const char* date, std::int64_t id = 1) {
        Entry e;
        e.id = id;
        e.firm_id = 7;
        e.kind = kind;
        e.subkind = subkind;
        e.date = d(date);
        e.source = "test";
        e.entered_by = "test";
        return e;
    }
    Entry fix(Entry e) {
        auto w = window_for(e, table);
        EXPECT_TRUE(w) << w.error().message;
        e.published_from = w->published_from;
        e.published_until = w->published_until;
        e.retain_until = w->retain_until;
        return e;
    }
    static bool seen(const Entry& e, const char* day) { return visible_on(EffectiveEntry{e, e.id, {e.id}, {}}, d(day)); }

    WindowTable table;
};

TEST_F(WindowsTest, MinorPenaltyThreeMonths) {
    // 2026-01-15 + 3 months = 2026-04-15: shown through 04-14, gone on 04-15; held until 2031-01-15 (5 years).
    const Entry e = fix(make(EntryKind::kPenalty, "minor", "2026-01-15"));
    EXPECT_EQ(format_iso_date(*e.published_until), "2026-04-15");
    EXPECT_FALSE(seen(e, "2026-01-14"));
    EXPECT_TRUE(seen(e, "2026-01-15"));
    EXPECT_TRUE(seen(e, "2026-04-14"));
    EXPECT_FALSE(seen(e, "2026-04-15"));
    EXPECT_FALSE(seen(e, "2026-04-16"));
    EXPECT_EQ(format_iso_date(*e.retain_until), "2031-01-15");
    EXPECT_TRUE(held_on(e, d("2031-01-14")));
    EXPECT_FALSE(held_on(e, d("2031-01-15")));
}

TEST_F(WindowsTest, MinorPenaltyAtMonthEnd) {
    // 2025-11-30 + 3 months: February 2026 has 28 days, so 2026-02-28.
    const Entry e = fix(make(EntryKind::kPenalty, "minor", "2025-11-30"));
    EXPECT_EQ(format_iso_date(*e.published_until), "2026-02-28");
    EXPECT_TRUE(seen(e, "2026-02-27"));
    EXPECT_FALSE(seen(e, "2026-02-28"));
}

TEST_F(WindowsTest, OtherPenaltyThreeYearsAndRepair) {
    const Entry e = fix(make(EntryKind::kPenalty, "other", "2026-01-15"));
    EXPECT_EQ(format_iso_date(*e.published_until), "2029-01-15");
    EXPECT_TRUE(seen(e, "2029-01-14"));
    EXPECT_FALSE(seen(e, "2029-01-15"));
    EXPECT_FALSE(seen(e, "2029-01-16"));
    // A repair dated 2027-02-01 ends the showing on that day.
    Entry repair = make(EntryKind::kRepair, "", "2027-02-01", 2);
    repair.corrects = 1;
    const Entry file[] = {e, repair};
    EXPECT_EQ(public_entries(file, d("2027-01-31")).size(), 1u);
    EXPECT_TRUE(public_entries(file, d("2027-02-01")).empty());
    EXPECT_TRUE(public_entries(file, d("2027-02-02")).empty());
    // The authority still holds it.
    EXPECT_TRUE(held_on(e, d("2027-02-02")));
}

TEST_F(WindowsTest, WarningOnlyPenaltyIsNeverPublished) {
    const Entry e = fix(make(EntryKind::kPenalty, "warning", "2026-01-15"));
    EXPECT_FALSE(e.published_from);
    EXPECT_FALSE(seen(e, "2026-01-15"));
    EXPECT_EQ(format_iso_date(*e.retain_until), "2031-01-15");
}

TEST_F(WindowsTest, SamplingInspection) {
    Entry fail_result = make(EntryKind::kSamplingInspection, "", "2026-03-10");
    fail_result.outcome = "fail";
    const Entry e = fix(fail_result);
    // 2026-03-10 + 36 months = 2029-03-10.
    EXPECT_EQ(format_iso_date(*e.published_until), "2029-03-10");
    EXPECT_TRUE(seen(e, "2029-03-09"));
    EXPECT_FALSE(seen(e, "2029-03-10"));
    EXPECT_FALSE(seen(e, "2029-03-11"));
    // A failed sample whose re-test passed is a pass; a pass is shown as long (table: 36 months).
    fail_result.retest = "pass";
    EXPECT_EQ(window_class(fail_result), "pass");
    EXPECT_EQ(window_class(e), "fail");
}

TEST_F(WindowsTest, CertificationWhileValid) {
    Entry c = make(EntryKind::kCertification, "ISO 9001", "2025-03-01");
    c.valid_until = d("2026-03-01");
    const Entry e = fix(c);
    EXPECT_EQ(format_iso_date(*e.published_until), "2026-03-01");
    EXPECT_TRUE(seen(e, "2026-02-28"));
    EXPECT_FALSE(seen(e, "2026-03-01"));
    EXPECT_FALSE(seen(e, "2026-03-02"));
    // Kept 60 months after the end of validity: 2031-03-01.
    EXPECT_EQ(format_iso_date(*e.retain_until), "2031-03-01");
}

TEST_F(WindowsTest, ListEntries) {
    for (const char* sub : {"serious_dishonest", "abnormal_operations"}) {
        const Entry e = fix(make(EntryKind::kListEntry, sub, "2026-02-01"));
        EXPECT_EQ(format_iso_date(*e.published_until), "2029-02-01") << sub;
        EXPECT_TRUE(seen(e, "2029-01-31")) << sub;
        EXPECT_FALSE(seen(e, "2029-02-01")) << sub;
        EXPECT_FALSE(seen(e, "2029-02-02")) << sub;
        EXPECT_EQ(format_iso_date(*e.retain_until), "2031-02-01") << sub;
    }
}

TEST_F(WindowsTest, HonourThreeYearsAndKept) {
    const Entry e = fix(make(EntryKind::kHonour, "provincial", "2026-05-20"));
    EXPECT_EQ(format_iso_date(*e.published_until), "2029-05-20");
    EXPECT_TRUE(seen(e, "2029-05-19"));
    EXPECT_FALSE(seen(e, "2029-05-20"));
    EXPECT_FALSE(seen(e, "2029-05-21"));
    EXPECT_FALSE(e.retain_until);
}

TEST_F(WindowsTest, RegistrationFromItsDateWithoutEnd) {
    const Entry e = fix(make(EntryKind::kRegistration, "", "2020-05-01"));
    EXPECT_FALSE(seen(e, "2020-04-30"));
    EXPECT_TRUE(seen(e, "2020-05-01"));
    EXPECT_TRUE(seen(e, "2099-12-31"));
}

TEST_F(WindowsTest, ComplaintsAndPlatformEvidenceAreNotPublic) {
    const Entry c = fix(make(EntryKind::kComplaint, "upheld", "2026-05-20"));
    const Entry p = fix(make(EntryKind::kPlatformEvidence, "spc_capable", "2026-05-20"));
    EXPECT_FALSE(seen(c, "2026-05-20"));
    EXPECT_FALSE(seen(p, "2026-05-21"));
    EXPECT_EQ(format_iso_date(*c.retain_until), "2031-05-20");
}

TEST_F(WindowsTest, CorrectionsAndWithdrawalsInThePublicView) {
    Entry first = fix(make(EntryKind::kPenalty, "other", "2026-01-15", 1));
    first.fields["decision_no"] = "临市监罚〔2026〕1号";
    Entry corrected = fix(make(EntryKind::kPenalty, "minor", "2026-01-15", 2));  // was a minor penalty after all
    corrected.corrects = 1;
    Entry other = fix(make(EntryKind::kPenalty, "other", "2026-02-01", 3));
    Entry withdrawal = make(EntryKind::kWithdrawal, "", "2026-03-01", 4);
    withdrawal.corrects = 3;
    const Entry file[] = {first, corrected, other, withdrawal};
    // 2026-02-15: the correction (id 2) stands for the chain 1-2; entry 3 is shown until its withdrawal.
    auto on = public_entries(file, d("2026-02-15"));
    ASSERT_EQ(on.size(), 2u);
    EXPECT_EQ(on[0].entry.id, 2);
    EXPECT_EQ(on[0].original_id, 1);
    EXPECT_EQ(on[0].versions, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(on[1].entry.id, 3);
    // 2026-03-01: entry 3 withdrawn; 2026-04-15: the corrected (minor, 3 months) window has ended.
    EXPECT_EQ(public_entries(file, d("2026-03-01")).size(), 1u);
    EXPECT_EQ(public_entries(file, d("2026-04-14")).size(), 1u);
    EXPECT_TRUE(public_entries(file, d("2026-04-15")).empty());
}

TEST(WindowTableParse, ErrorsNameLineAndColumn) {
    const std::string header =
        "kind,subkind,negative,public,public_months,ends_at_validity,retain_months,repair_min_months,source\n";
    auto t = parse_window_table(header + "penalty,other,yes,yes,72,no,72,,src\n");
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().message.find("line 2, column public_months"), std::string::npos) << t.error().message;
    t = parse_window_table(header + "penalty,other,yes,yes,36,no,60,,src\npenalty,other,yes,yes,3,no,60,,src\n");
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().message.find("line 3, column subkind"), std::string::npos) << t.error().message;
    t = parse_window_table(header + "penalty,other,maybe,yes,36,no,60,,src\n");
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().message.find("column negative"), std::string::npos) << t.error().message;
    t = parse_window_table(header + "penalty,other,yes,yes,36,no,60,,\n");
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().message.find("column source"), std::string::npos) << t.error().message;
    t = parse_window_table(header + "fine,other,yes,yes,36,no,60,,src\n");
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().message.find("column kind"), std::string::npos) << t.error().message;
}

TEST(WindowTableParse, BundledBlacklistTerms) {
    auto t = bundled_windows();
    ASSERT_TRUE(t);
    auto terms = blacklist_terms(*t);
    ASSERT_TRUE(terms);
    EXPECT_EQ(terms->period_months, 36);      // table row list_entry / serious_dishonest
    EXPECT_EQ(terms->repair_min_months, 12);  // SAMR Order 44: early removal after 1 year
}

}  // namespace
}  // namespace yandian::quality
