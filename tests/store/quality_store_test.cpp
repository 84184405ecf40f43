// The quality credit store port, one contract for both engines (SQLite and PostgreSQL): entries append-only (every
// optional field round-trips, a correction points at an earlier entry, UPDATE and DELETE refused by the schema),
// unknown firms and corrected entries refused; grade history kept in order; blacklist events append-only;
// objections filed, decided once (a second decision refused), listed open or all.
#include <gtest/gtest.h>

#include "engines.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store {
namespace {

class QualityStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        FirmRecord f;
        f.credit_code = "91371581MA3C5GXX7C";
        f.name_zh = "临清测试轴承有限公司";
        f.name_en = "Linqing Test Bearing";
        f.industry = "bearing";
        f.size_class = "unknown";
        f.source = "test";
        f.created_at = "2026-12-01T08:00:00.000Z";
        f.updated_at = f.created_at;
        auto made = store_->db().stats().create_firm(f, "test");
        ASSERT_TRUE(made) << made.error().message;
        firm_ = made->id;
        q_ = &store_->db().quality();
    }

    QualityEntryRecord entry(const std::string& kind, const std::string& subkind) const {
        QualityEntryRecord e;
        e.firm_id = firm_;
        e.kind = kind;
        e.subkind = subkind;
        e.entry_date = "2026-03-10";
        e.fields_json = R"({"authority":"临清市市场监督管理局","decision_no":"临市监罚〔2026〕17号"})";
        e.source = "county sampling 2026 Q1";
        e.entered_by = "authority";
        e.entered_at = "2026-03-11T09:00:00.000Z";
        return e;
    }

    std::unique_ptr<testing::EngineStore> store_;
    QualityStore* q_ = nullptr;
    std::int64_t firm_ = 0;
};

TEST_P(QualityStoreTest, EntriesRoundTripAndAreAppendOnly) {
    QualityEntryRecord s = entry("sampling_inspection", "");
    s.outcome = "fail";
    s.retest = "requested";
    s.published_from = "2026-03-10";
    s.published_until = "2029-03-10";
    s.retain_until = "2031-03-10";
    auto first = q_->append_entry(s);
    ASSERT_TRUE(first) << first.error().message;
    QualityEntryRecord c = s;
    c.retest = "fail";
    c.corrects = first->id;
    c.valid_until = "2027-01-01";
    auto second = q_->append_entry(c);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_GT(second->id, first->id);

    auto back = q_->find_entry(second->id);
    ASSERT_TRUE(back && *back);
    const QualityEntryRecord& b = **back;
    EXPECT_EQ(b.firm_id, firm_);
    EXPECT_EQ(b.kind, "sampling_inspection");
    EXPECT_EQ(b.outcome, "fail");
    EXPECT_EQ(b.retest, "fail");
    EXPECT_EQ(b.corrects, first->id);
    EXPECT_EQ(b.valid_until, "2027-01-01");
    EXPECT_EQ(b.fields_json, s.fields_json);
    EXPECT_EQ(b.published_from, "2026-03-10");
    EXPECT_EQ(b.published_until, "2029-03-10");
    EXPECT_EQ(b.retain_until, "2031-03-10");
    EXPECT_EQ(b.entered_at, "2026-03-11T09:00:00.000Z");
    auto none = q_->find_entry(first->id);
    ASSERT_TRUE(none && *none);
    EXPECT_FALSE((*none)->corrects);
    EXPECT_FALSE((*none)->valid_until);

    auto all = q_->list_entries(firm_);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, first->id);
    EXPECT_EQ(q_->list_entries(std::nullopt)->size(), 2u);
    EXPECT_TRUE(q_->list_entries(firm_ + 100)->empty());

    // The schema refuses to overwrite or delete.
    const std::string update = "UPDATE quality_entries SET subkind = 'x'";
    const std::string erase = "DELETE FROM quality_entries";
    if (GetParam() == "sqlite") {
        store_->close();
        auto lite = sqlite::Connection::open(store_->file());
        ASSERT_TRUE(lite);
        EXPECT_FALSE((*lite)->exec(update));
        EXPECT_FALSE((*lite)->exec(erase));
        lite->reset();
        ASSERT_TRUE(store_->reopen());
        q_ = &store_->db().quality();
    } else {
        auto pg = postgres::Connection::open(store_->url(), std::chrono::seconds(30));
        ASSERT_TRUE(pg) << pg.error().message;
        EXPECT_FALSE((*pg)->exec(update));
        EXPECT_FALSE((*pg)->exec(erase));
    }
    EXPECT_EQ(q_->list_entries(firm_)->size(), 2u);
}

TEST_P(QualityStoreTest, UnknownFirmOrCorrectedEntryRefused) {
    QualityEntryRecord e = entry("penalty", "minor");
    e.firm_id = firm_ + 100;
    auto r = q_->append_entry(e);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    e = entry("penalty", "minor");
    e.corrects = 999;
    r = q_->append_entry(e);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST_P(QualityStoreTest, GradeHistoryInOrder) {
    QualityGradeRecord g;
    g.firm_id = firm_;
    g.rated_on = "2026-06-30";
    g.rules_version = "linqing-quality-v1";
    g.score = 90;
    g.score_grade = "AAA";
    g.grade = "C";
    g.detail_json = R"({"vetoes":[{"id":"counterfeit"}]})";
    g.rated_by = "association";
    g.rated_at = "2026-07-01T08:00:00.000Z";
    ASSERT_TRUE(q_->add_grade(g));
    g.rated_on = "2026-12-31";
    g.score = 63;
    g.score_grade = "B";
    g.grade = "B";
    ASSERT_TRUE(q_->add_grade(g));
    auto h = q_->grade_history(firm_);
    ASSERT_TRUE(h);
    ASSERT_EQ(h->size(), 2u);
    EXPECT_EQ((*h)[0].grade, "C");
    EXPECT_EQ((*h)[0].score, 90);
    EXPECT_EQ((*h)[0].detail_json, R"({"vetoes":[{"id":"counterfeit"}]})");
    EXPECT_EQ((*h)[1].grade, "B");
    EXPECT_EQ((*h)[1].rated_on, "2026-12-31");
}

TEST_P(QualityStoreTest, BlacklistEvents) {
    BlacklistEventRecord b{0, firm_, "listed", "2026-03-02", "临市监信〔2026〕3号", "counterfeit bearings",
                           "authority", "2026-03-02T10:00:00.000Z"};
    ASSERT_TRUE(q_->add_blacklist_event(b));
    b.action = "repaired";
    b.event_date = "2027-03-02";
    b.reasons = "penalty performed, harm removed";
    ASSERT_TRUE(q_->add_blacklist_event(b));
    auto h = q_->blacklist_events(firm_);
    ASSERT_TRUE(h);
    ASSERT_EQ(h->size(), 2u);
    EXPECT_EQ((*h)[0].action, "listed");
    EXPECT_EQ((*h)[1].action, "repaired");
    EXPECT_EQ((*h)[1].reasons, "penalty performed, harm removed");
    EXPECT_EQ(q_->blacklist_events(std::nullopt)->size(), 2u);
    b.action = "vanished";
    EXPECT_FALSE(q_->add_blacklist_event(b));  // the schema knows the actions
}

TEST_P(QualityStoreTest, ObjectionsDecidedOnce) {
    auto e = q_->append_entry(entry("penalty", "other"));
    ASSERT_TRUE(e);
    ObjectionRecord o;
    o.firm_id = firm_;
    o.entry_id = e->id;
    o.filed_on = "2026-09-30";
    o.other_units = true;
    o.deadline = "2026-10-15";
    o.grounds = "the decision names another firm";
    o.filed_by = "firm";
    auto filed = q_->file_objection(o);
    ASSERT_TRUE(filed) << filed.error().message;
    EXPECT_EQ(q_->list_objections(firm_, true)->size(), 1u);
    ObjectionRecord d = *filed;
    d.status = "upheld";
    d.decided_on = "2026-10-12";
    d.decision_reasons = "decision number belongs to another firm";
    d.decided_by = "authority";
    auto decided = q_->decide_objection(d);
    ASSERT_TRUE(decided) << decided.error().message;
    EXPECT_EQ(decided->status, "upheld");
    EXPECT_EQ(decided->decided_on, "2026-10-12");
    EXPECT_TRUE(decided->other_units);
    EXPECT_EQ(decided->deadline, "2026-10-15");
    auto again = q_->decide_objection(d);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
    d.id = 999;
    EXPECT_EQ(q_->decide_objection(d).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(q_->list_objections(firm_, true)->empty());
    EXPECT_EQ(q_->list_objections(std::nullopt, false)->size(), 1u);
    o.entry_id = 999;
    EXPECT_EQ(q_->file_objection(o).error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, QualityStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
