// The statistics store port, one contract for both engines (SQLite and PostgreSQL): firms with and without credit
// codes, unique codes and names named in errors, every change kept as history, link to an organisation, tag and
// industry filters; plan targets inserted once by key with every optional figure round-tripping; actuals kept in
// recording order, never overwritten, refused for an unknown target.
#include <gtest/gtest.h>

#include "engines.hpp"

namespace yandian::store {
namespace {

class StatsStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        stats_ = &store_->db().stats();
    }

    static FirmRecord firm(std::string name, std::optional<std::string> code = std::nullopt) {
        FirmRecord f;
        f.credit_code = std::move(code);
        f.name_zh = std::move(name);
        f.name_en = "Test Bearing";
        f.town = "";
        f.industry = "bearing";
        f.size_class = "unknown";
        f.products = "调心滚子轴承";
        f.tags = "high_growth;key";
        f.source = "plan line 1155";
        f.created_at = "2026-12-01T08:00:00.000Z";
        f.updated_at = f.created_at;
        return f;
    }

    static PlanTargetRecord target(std::string key) {
        PlanTargetRecord t;
        t.key = std::move(key);
        t.plan = "bearing";
        t.scope = "industry";
        t.indicator_zh = "规模以上企业";
        t.label_en = "Bearing firms above designated size";
        t.unit = "家";
        t.kind = "count";
        t.measure = "level";
        t.baseline_year = 2020;
        t.baseline_value = 55;
        t.baseline_line = 20;
        t.target_year = 2025;
        t.target_low = 100;
        t.target_high = 100;
        t.value_text = "100家";
        t.qualifier = "力争";
        t.source_line = 1136;
        return t;
    }

    std::unique_ptr<testing::EngineStore> store_;
    StatsStore* stats_ = nullptr;
};

TEST_P(StatsStoreTest, FirmsRoundTripWithAndWithoutCode) {
    auto plain = stats_->create_firm(firm("山东省宇捷轴承制造有限公司"), "plan seed");
    ASSERT_TRUE(plain.has_value()) << plain.error().message;
    auto coded = stats_->create_firm(firm("华为技术有限公司", "914403001922038216"), "alice");
    ASSERT_TRUE(coded.has_value()) << coded.error().message;
    EXPECT_NE(plain->id, coded->id);
    // A second firm without a code is fine: only given codes are unique.
    ASSERT_TRUE(stats_->create_firm(firm("临清市毅轩轴承有限公司"), "plan seed").has_value());

    ASSERT_TRUE(store_->reopen().has_value());
    stats_ = &store_->db().stats();
    auto back = stats_->find_firm(plain->id);
    ASSERT_TRUE(back.has_value() && back->has_value());
    EXPECT_FALSE((*back)->credit_code.has_value());
    EXPECT_EQ((*back)->name_zh, "山东省宇捷轴承制造有限公司");
    EXPECT_EQ((*back)->products, "调心滚子轴承");
    EXPECT_EQ((*back)->tags, "high_growth;key");
    EXPECT_EQ((*back)->created_at, "2026-12-01T08:00:00.000Z");
    auto by_code = stats_->find_firm_by_code("914403001922038216");
    ASSERT_TRUE(by_code.has_value() && by_code->has_value());
    EXPECT_EQ((*by_code)->id, coded->id);
    auto by_name = stats_->find_firm_by_name("华为技术有限公司");
    ASSERT_TRUE(by_name.has_value() && by_name->has_value());
    EXPECT_EQ((*by_name)->credit_code, "914403001922038216");
    auto missing = stats_->find_firm(9999);
    ASSERT_TRUE(missing.has_value());
    EXPECT_FALSE(missing->has_value());
}

TEST_P(StatsStoreTest, DuplicateCodeOrNameIsNamed) {
    ASSERT_TRUE(stats_->create_firm(firm("华为技术有限公司", "914403001922038216"), "alice").has_value());
    auto same_code = stats_->create_firm(firm("另一家公司", "914403001922038216"), "alice");
    ASSERT_FALSE(same_code.has_value());
    EXPECT_EQ(same_code.error().code, ErrorCode::kAlreadyExists);
    EXPECT_NE(same_code.error().message.find("914403001922038216"), std::string::npos) << same_code.error().message;
    auto same_name = stats_->create_firm(firm("华为技术有限公司"), "alice");
    ASSERT_FALSE(same_name.has_value());
    EXPECT_EQ(same_name.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(same_name.error().field, "name_zh");
    auto all = stats_->list_firms({});
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(all->size(), 1U);  // nothing half-written
    auto history = stats_->firm_history(all->front().id);
    ASSERT_TRUE(history.has_value());
    EXPECT_EQ(history->size(), 1U);
}

TEST_P(StatsStoreTest, EveryChangeIsKeptAsHistory) {
    auto f = stats_->create_firm(firm("临清市万达轴承有限公司"), "plan seed");
    ASSERT_TRUE(f.has_value());
    OrganisationRecord wanda;
    wanda.name = "Wanda";
    wanda.kind = "manufacturer";
    wanda.created_at = "2026-12-01T00:00:00.000Z";
    auto org = store_->db().organisations().create(wanda);
    ASSERT_TRUE(org.has_value());
    FirmRecord changed = *f;
    changed.credit_code = "91110108551385082Q";
    changed.org_id = org->id;
    changed.size_class = "above";
    changed.updated_at = "2026-12-02T09:30:00.000Z";
    changed.created_at = "ignored";
    auto updated = stats_->update_firm(changed, "bob", "credit_code: - -> 91110108551385082Q; size_class: unknown -> above");
    ASSERT_TRUE(updated.has_value()) << updated.error().message;
    EXPECT_EQ(updated->created_at, "2026-12-01T08:00:00.000Z");

    auto back = stats_->find_firm(f->id);
    ASSERT_TRUE(back.has_value() && back->has_value());
    EXPECT_EQ((*back)->credit_code, "91110108551385082Q");
    EXPECT_EQ((*back)->org_id, org->id);
    EXPECT_EQ((*back)->size_class, "above");
    EXPECT_EQ((*back)->created_at, "2026-12-01T08:00:00.000Z");
    EXPECT_EQ((*back)->updated_at, "2026-12-02T09:30:00.000Z");

    auto history = stats_->firm_history(f->id);
    ASSERT_TRUE(history.has_value());
    ASSERT_EQ(history->size(), 2U);
    EXPECT_EQ((*history)[0].change, "created");
    EXPECT_EQ((*history)[0].changed_by, "plan seed");
    EXPECT_EQ((*history)[0].changed_at, "2026-12-01T08:00:00.000Z");
    EXPECT_EQ((*history)[1].changed_by, "bob");
    EXPECT_EQ((*history)[1].changed_at, "2026-12-02T09:30:00.000Z");
    EXPECT_NE((*history)[1].change.find("size_class: unknown -> above"), std::string::npos);

    FirmRecord ghost = changed;
    ghost.id = 9999;
    auto none = stats_->update_firm(ghost, "bob", "x");
    ASSERT_FALSE(none.has_value());
    EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
    FirmRecord bad_org = *f;
    bad_org.org_id = 9999;
    auto no_org = stats_->update_firm(bad_org, "bob", "org_id: - -> 9999");
    ASSERT_FALSE(no_org.has_value());
    EXPECT_EQ(no_org.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(stats_->firm_history(f->id)->size(), 2U);  // the refused change left no entry
}

TEST_P(StatsStoreTest, ListFiltersByIndustryAndWholeTag) {
    FirmRecord a = firm("甲轴承");
    a.tags = "key";
    FirmRecord b = firm("乙轴承");
    b.tags = "high_growth";
    FirmRecord c = firm("丙机械");
    c.industry = "farm_machinery";
    c.tags = "cultivation";
    for (const FirmRecord& f : {a, b, c}) ASSERT_TRUE(stats_->create_firm(f, "seed").has_value());
    FirmFilter key;
    key.tag = "key";
    auto keys = stats_->list_firms(key);
    ASSERT_TRUE(keys.has_value());
    ASSERT_EQ(keys->size(), 1U);
    EXPECT_EQ(keys->front().name_zh, "甲轴承");
    FirmFilter growth;
    growth.tag = "growth";  // part of a tag is not a tag
    EXPECT_TRUE(stats_->list_firms(growth)->empty());
    FirmFilter farm;
    farm.industry = "farm_machinery";
    auto farms = stats_->list_firms(farm);
    ASSERT_EQ(farms->size(), 1U);
    EXPECT_EQ(farms->front().name_zh, "丙机械");
    FirmFilter page;
    page.limit = 2;
    auto first = stats_->list_firms(page);
    ASSERT_EQ(first->size(), 2U);
    page.after_id = first->back().id;
    EXPECT_EQ(stats_->list_firms(page)->size(), 1U);
}

TEST_P(StatsStoreTest, TargetsInsertOnceByKeyAndRoundTrip) {
    auto f = stats_->create_firm(firm("山东省宇捷轴承制造有限公司"), "plan seed");
    ASSERT_TRUE(f.has_value());
    PlanTargetRecord industry = target("bearing.above_size_firms");
    PlanTargetRecord enterprise = target("bearing.key.01");
    enterprise.scope = "enterprise";
    enterprise.group = "key";
    enterprise.rank = 1;
    enterprise.firm_id = f->id;
    enterprise.unit = "万元";
    enterprise.baseline_value = 10876;
    enterprise.target_low = enterprise.target_high = 50000;
    PlanTargetRecord bare = target("textile.looms");
    bare.plan = "textile";
    bare.measure = "qualitative";
    bare.baseline_year.reset();
    bare.target_year.reset();
    bare.target_low.reset();
    bare.target_high.reset();
    bare.baseline_value = 1.5;
    bare.issue = "no number";
    const PlanTargetRecord all[] = {industry, enterprise, bare};
    auto n = stats_->insert_targets(all);
    ASSERT_TRUE(n.has_value()) << n.error().message;
    EXPECT_EQ(*n, 3);
    auto again = stats_->insert_targets(all);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, 0);

    auto listed = stats_->list_targets(std::nullopt);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 3U);
    const PlanTargetRecord& e = (*listed)[1];
    EXPECT_EQ(e.key, "bearing.key.01");
    EXPECT_EQ(e.rank, 1);
    EXPECT_EQ(e.firm_id, f->id);
    EXPECT_EQ(e.group, "key");
    EXPECT_EQ(e.baseline_year, 2020);
    EXPECT_DOUBLE_EQ(*e.baseline_value, 10876);
    EXPECT_DOUBLE_EQ(*e.target_low, 50000);
    EXPECT_EQ(e.source_line, 1136);
    EXPECT_EQ(e.qualifier, "力争");
    const PlanTargetRecord& q = (*listed)[2];
    EXPECT_FALSE(q.baseline_year.has_value());
    EXPECT_FALSE(q.target_year.has_value());
    EXPECT_FALSE(q.target_low.has_value());
    EXPECT_FALSE(q.rank.has_value());
    EXPECT_FALSE(q.firm_id.has_value());
    EXPECT_DOUBLE_EQ(*q.baseline_value, 1.5);
    EXPECT_EQ(q.issue, "no number");
    auto textile = stats_->list_targets(std::string("textile"));
    ASSERT_EQ(textile->size(), 1U);
    auto by_key = stats_->find_target_by_key("bearing.key.01");
    ASSERT_TRUE(by_key.has_value() && by_key->has_value());
    EXPECT_EQ((*by_key)->id, e.id);
}

TEST_P(StatsStoreTest, ActualsAreKeptInRecordingOrder) {
    const PlanTargetRecord t[] = {target("bearing.above_size_firms")};
    ASSERT_TRUE(stats_->insert_targets(t).has_value());
    const std::int64_t id = stats_->list_targets(std::nullopt)->front().id;
    auto first = stats_->add_actual({0, id, 2023, 66, "statistical bulletin 2023", "alice", "2024-03-01T00:00:00.000Z"});
    ASSERT_TRUE(first.has_value()) << first.error().message;
    auto revised = stats_->add_actual({0, id, 2023, 69.5, "revised bulletin", "bob", "2024-06-01T00:00:00.000Z"});
    ASSERT_TRUE(revised.has_value());
    auto earlier = stats_->add_actual({0, id, 2021, 58, "bulletin 2021", "alice", "2024-06-02T00:00:00.000Z"});
    ASSERT_TRUE(earlier.has_value());
    auto listed = stats_->list_actuals(id);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 3U);
    EXPECT_EQ((*listed)[0].year, 2023);
    EXPECT_DOUBLE_EQ((*listed)[0].value, 66);
    EXPECT_DOUBLE_EQ((*listed)[1].value, 69.5);
    EXPECT_EQ((*listed)[1].recorded_by, "bob");
    EXPECT_EQ((*listed)[1].source, "revised bulletin");
    EXPECT_EQ((*listed)[2].year, 2021);
    EXPECT_EQ(stats_->list_actuals(std::nullopt)->size(), 3U);

    auto unknown = stats_->add_actual({0, id + 100, 2023, 1, "x", "alice", "2024-01-01T00:00:00.000Z"});
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    auto no_source = stats_->add_actual({0, id, 2023, 1, "", "alice", "2024-01-01T00:00:00.000Z"});
    EXPECT_FALSE(no_source.has_value());  // CHECK (source <> '')
}

INSTANTIATE_TEST_SUITE_P(Engines, StatsStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
