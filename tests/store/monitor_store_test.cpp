// The condition-monitoring store port, one contract for both engines: assets unique by name within an organisation
// (another organisation may reuse the name), records stored once per (asset, file digest) with every figure
// round-tripping, alarms written with their record in one transaction, records listed by measurement time.
#include <gtest/gtest.h>

#include "engines.hpp"

namespace yandian::store {
namespace {

class MonitorStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        monitor_ = &store_->db().monitor();
        org_a_ = org("Grinding Works");
        org_b_ = org("Other Works");
    }

    std::int64_t org(const std::string& name) {
        OrganisationRecord o;
        o.name = name;
        o.kind = "manufacturer";
        o.created_at = "2026-12-01T00:00:00.000Z";
        auto created = store_->db().organisations().create(o);
        EXPECT_TRUE(created.has_value());
        return created ? created->id : 0;
    }

    static AssetRecord asset(std::int64_t org, std::string name) {
        AssetRecord a;
        a.org_id = org;
        a.name = std::move(name);
        a.machine = "grinder 3";
        a.position = "DE";
        a.bearing = "6205";
        a.nominal_rpm = 1797.5;
        a.created_at = "2026-12-01T08:00:00.000Z";
        a.created_by = "wang";
        return a;
    }

    static MonitorRecordRow record(std::int64_t asset, std::string at, std::string sha, double velocity) {
        MonitorRecordRow r;
        r.asset_id = asset;
        r.measured_at = std::move(at);
        r.received_at = "2026-12-03T10:00:00.000Z";
        r.received_by = "wang";
        r.sha256 = std::move(sha);
        r.label = "run.mat";
        r.format = "mat";
        r.channel = "DE";
        r.fs = 12000;
        r.rpm = 1797.25;
        r.rpm_source = "file";
        r.unit = "g";
        r.samples = 121265;
        r.rms = 0.0731;
        r.peak = 0.4171;
        r.crest_factor = 5.706;
        r.kurtosis = 6.19;
        r.velocity_rms_mm_s = velocity;
        r.zone = "A";
        r.fault = "outer_race";
        r.confidence = 0.67;
        r.diagnosis_json = R"({"fault":"outer_race","名称":"外圈"})";
        return r;
    }

    std::unique_ptr<testing::EngineStore> store_;
    MonitorStore* monitor_ = nullptr;
    std::int64_t org_a_ = 0, org_b_ = 0;
};

TEST_P(MonitorStoreTest, AssetsAreUniqueByNameWithinAnOrganisation) {
    auto a = monitor_->create_asset(asset(org_a_, "spindle DE"));
    ASSERT_TRUE(a.has_value()) << a.error().message;
    auto again = monitor_->create_asset(asset(org_a_, "spindle DE"));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    EXPECT_NE(again.error().message.find("'spindle DE'"), std::string::npos) << again.error().message;
    EXPECT_TRUE(monitor_->create_asset(asset(org_b_, "spindle DE")).has_value()) << "another organisation's name";
    auto nobody = monitor_->create_asset(asset(999999, "x"));
    ASSERT_FALSE(nobody.has_value());
    EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
    auto found = monitor_->find_asset(a->id);
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->bearing, "6205");
    EXPECT_EQ((*found)->nominal_rpm, std::optional<double>(1797.5));
    EXPECT_EQ((*found)->machine_group, "2");
    auto mine = monitor_->list_assets(org_a_);
    ASSERT_TRUE(mine.has_value());
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].id, a->id);
}

TEST_P(MonitorStoreTest, RecordsAreStoredOnceWithTheirAlarms) {
    auto a = monitor_->create_asset(asset(org_a_, "spindle DE"));
    ASSERT_TRUE(a.has_value());
    const std::vector<MonitorAlarmRow> alarms{{0, 0, 0, "", "fault", "bearing fault found: outer_race", 0, 0},
                                              {0, 0, 0, "", "zone", "velocity 3.00 mm/s entered zone C", 3.0, 2.8}};
    auto first = monitor_->add_record(record(a->id, "2026-12-02T08:00:00.000Z", "aa", 3.0), alarms);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_TRUE(first->inserted);
    ASSERT_EQ(first->alarms.size(), 2u);
    EXPECT_EQ(first->alarms[1].record_id, first->record.id);
    EXPECT_EQ(first->alarms[1].raised_at, "2026-12-02T08:00:00.000Z");
    // The same file again: the stored record, no new alarms.
    auto again = monitor_->add_record(record(a->id, "2026-12-02T08:00:00.000Z", "aa", 3.0), alarms);
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(again->inserted);
    EXPECT_EQ(again->record.id, first->record.id);
    EXPECT_TRUE(again->alarms.empty());
    // An earlier measurement sent later lists first.
    ASSERT_TRUE(monitor_->add_record(record(a->id, "2026-11-30T08:00:00.000Z", "bb", 0.9), {}).has_value());
    auto records = monitor_->list_records(a->id);
    ASSERT_TRUE(records.has_value());
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ((*records)[0].sha256, "bb");
    const auto& r = (*records)[1];
    EXPECT_EQ(r.rpm, 1797.25);
    EXPECT_EQ(r.samples, 121265);
    EXPECT_EQ(r.crest_factor, 5.706);
    EXPECT_EQ(r.velocity_rms_mm_s, 3.0);
    EXPECT_EQ(r.diagnosis_json, R"({"fault":"outer_race","名称":"外圈"})");
    auto stored_alarms = monitor_->list_alarms(a->id);
    ASSERT_TRUE(stored_alarms.has_value());
    ASSERT_EQ(stored_alarms->size(), 2u);
    EXPECT_EQ((*stored_alarms)[1].kind, "zone");
    EXPECT_EQ((*stored_alarms)[1].limit, 2.8);
    // A record on an unknown asset, or with an alarm of an unknown kind, stores nothing.
    auto orphan = monitor_->add_record(record(999999, "2026-12-02T08:00:00.000Z", "cc", 1), {});
    ASSERT_FALSE(orphan.has_value());
    EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
    const std::vector<MonitorAlarmRow> bad{{0, 0, 0, "", "rumour", "?", 0, 0}};
    EXPECT_FALSE(monitor_->add_record(record(a->id, "2026-12-03T08:00:00.000Z", "dd", 1), bad).has_value());
    auto after = monitor_->list_records(a->id);
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->size(), 2u) << "the record of a refused alarm is rolled back with it";
}

TEST_P(MonitorStoreTest, PlotsAreKeptBesideTheRecordAndReadAlone) {
    auto a = monitor_->create_asset(asset(org_a_, "spindle NDE"));
    ASSERT_TRUE(a.has_value());
    auto with = record(a->id, "2026-12-02T08:00:00.000Z", "p1", 1.0);
    with.plots_json = R"({"waveform":{"dt":0.004,"min":[-0.41],"max":[0.42]},"标记":"BPFO"})";
    auto first = monitor_->add_record(with, {});
    ASSERT_TRUE(first.has_value()) << first.error().message;
    auto plots = monitor_->record_plots(first->record.id);
    ASSERT_TRUE(plots.has_value()) << plots.error().message;
    ASSERT_TRUE(plots->has_value());
    EXPECT_EQ(**plots, with.plots_json);
    // Lists and the record read alone do not carry the plots.
    auto records = monitor_->list_records(a->id);
    ASSERT_TRUE(records.has_value());
    ASSERT_EQ(records->size(), 1u);
    EXPECT_TRUE((*records)[0].plots_json.empty());
    auto one = monitor_->get_record(first->record.id);
    ASSERT_TRUE(one.has_value());
    ASSERT_TRUE(one->has_value());
    EXPECT_EQ((*one)->sha256, "p1");
    EXPECT_EQ((*one)->asset_id, a->id);
    EXPECT_TRUE((*one)->plots_json.empty());
    // A record without plots, and a record that does not exist.
    auto without = monitor_->add_record(record(a->id, "2026-12-02T09:00:00.000Z", "p2", 1.0), {});
    ASSERT_TRUE(without.has_value());
    auto none = monitor_->record_plots(without->record.id);
    ASSERT_TRUE(none.has_value());
    EXPECT_FALSE(none->has_value());
    auto missing = monitor_->get_record(first->record.id + 1000);
    ASSERT_TRUE(missing.has_value());
    EXPECT_FALSE(missing->has_value());
    // The same file again keeps the first plots.
    auto again = with;
    again.plots_json = R"({"other":1})";
    ASSERT_TRUE(monitor_->add_record(again, {}).has_value());
    EXPECT_EQ(**monitor_->record_plots(first->record.id), with.plots_json);
}

INSTANTIATE_TEST_SUITE_P(Engines, MonitorStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
