// Values marked invalid by their source (AQDEF K0002) or excluded by an engineer stay stored, listed and
// exported, but take no part in limits, run rules, alarms or capability; attribute characteristics of AQDEF files
// become p charts.
//
// Files: tests/ingest/data/bore_marked_values.dfq holds 38 bore diameters, 4 of them marked (seq 5 K0002 129 =
// 25.030, seq 12 K0002 290 = 24.950, seq 20 K0002 255 = 25.000, seq 36 K0002 129 = 24.985); bore_valid_values.dfq
// holds only the 34 valid ones. In µm from 25.000 the 25 valid phase-I values are
//   2 -1 0 3 -2 1 0 -1 2 1 -3 0 1 2 -1 0 1 -2 0 1 2 -1 -2 1 -1
// and then come nine valid values of +1 (the marked 24.985 sits before the ninth).
// Expected numbers computed by hand from these integers:
//   phase I: sum 3 µm → center = 25 + 3/25 µm = 25.00012 mm; the 24 moving ranges of the valid values sum to 51 µm →
//   MRbar = 2.125 µm, sigma = MRbar / d2(2) = 2.125 / 1.128379 = 1.883232 µm (d2(2) = 2/sqrt(pi)).
//   capability over all 34 valid values: sum 3 + 9 = 12 µm → mean = 25 + 12/34 µm = 25.000352941 mm; the 33 moving
//   ranges sum to 53 µm → sigma within = (53/33) / 1.128379 = 1.423334 µm; Cp = 20 / (6 x 1.423334) = 2.341919,
//   Cpk = (10 - 12/34) / (3 x 1.423334) = 2.259263 (checked with Python's statistics module,
//   tests/reference/marked_values.py: same to 1e-9).
//   rules: the nine +1 values are above the center 0.12 µm; Nelson rule 2 (nine in a row on one side) fires on the
//   ninth, seq 37 — the marked 24.985 between the eighth and the ninth would have broken the run, and would have been
//   a rule 1 signal and a specification alarm itself.
// tests/ingest/data/visual_attribute.dfq: 27 samples of 50 rings (K0020 50, K0021 count, Q-DAS K-field layout);
// the 25 valid phase-I counts 1 0 2 1 0 1 3 0 1 2 0 1 1 0 2 1 0 1 0 2 1 1 0 1 2 sum to 24 → p-bar = 24 / 1250 =
// 0.0192, UCL = 0.0192 + 3 sqrt(0.0192 x 0.9808 / 50) = 0.0774207; sample seq 10 (20 of 50, K0002 129) is left out;
// the last sample, 9 of 50 = 0.18, is beyond the UCL (rule 1).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "../store/temp_dir.hpp"
#include "app/accounts.hpp"
#include "app/file_import.hpp"
#include "app/spc_service.hpp"
#include "spc/capability.hpp"
#include "store/database.hpp"

namespace yandian::app {
namespace {

std::string read_data(const std::string& name) {
    std::ifstream in(std::string(YANDIAN_SOURCE_DIR) + "/tests/ingest/data/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

constexpr double kMicron = 0.001;
constexpr double kD2 = 1.1283791670955126;  // d2(2) = 2 / sqrt(pi)

class MarkedValuesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = store::Database::open("sqlite:" + dir_.file("spc.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        db_ = std::move(*opened);
        AccountOptions cheap;
        cheap.argon2_time_cost = 1;
        cheap.argon2_memory_kib = 64;
        // 2026-11-29T14:03:05Z
        Clock clock = [] { return TimePoint{std::chrono::seconds(1795960985)}; };
        accounts_ = std::make_unique<AccountService>(*db_, cheap, clock);
        spc_ = std::make_unique<SpcService>(*db_, hub_, clock);
        auto org = accounts_->create_organisation("Linqing Bearing Works", OrgKind::kManufacturer);
        ASSERT_TRUE(org);
        auto user = accounts_->create_user(org->id, "eng", "a-long-password", Role::kEngineer, "eng");
        ASSERT_TRUE(user);
        engineer_ = Principal{user->id, org->id, Role::kEngineer, "eng", std::nullopt};
        auto plant = spc_->create_plant(engineer_, "Plant 1");
        ASSERT_TRUE(plant);
        for (const char* code : {"grind-3", "grind-4"}) {
            auto line = spc_->create_line(engineer_, plant->id, code, code);
            ASSERT_TRUE(line) << line.error().message;
            lines_.push_back(line->id);
        }
    }

    std::int64_t import(std::size_t line, const std::string& file) {
        auto report = import_aqdef(*spc_, engineer_, lines_[line], read_data(file));
        EXPECT_TRUE(report) << report.error().message;
        if (!report || report->characteristics.empty()) return 0;
        return report->characteristics.front().id;
    }

    store::CharacteristicRecord stored(std::int64_t id) { return **db_->spc().find_characteristic(id); }

    Result<spc::Capability> capability(std::int64_t id, std::size_t* left_out = nullptr) {
        auto input = spc_->capability_values(engineer_, id, 500);
        if (!input) return tl::unexpected(input.error());
        if (left_out) *left_out = input->left_out;
        const auto c = stored(id);
        spc::CapabilityOptions options;
        options.spec = {c.lsl, c.usl, c.nominal};
        return spc::capability(input->values, input->sizes, options);
    }

    std::vector<store::EventRecord> alarms(std::int64_t id) {
        auto events = spc_->events(engineer_, id, "alarm", 100);
        EXPECT_TRUE(events);
        return events.value_or(std::vector<store::EventRecord>{});
    }

    testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    LiveHub hub_;
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<SpcService> spc_;
    Principal engineer_;
    std::vector<std::int64_t> lines_;
};

TEST_F(MarkedValuesTest, MarkedValuesAreStoredWithTheirCodeButLeftOutOfTheLimits) {
    const std::int64_t id = import(0, "bore_marked_values.dfq");
    auto all = db_->spc().measurements(id, 0, 100);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 38u) << "marked values are stored, not dropped";
    EXPECT_EQ((*all)[5].attributes, 129);
    EXPECT_DOUBLE_EQ((*all)[5].value, 25.030);
    EXPECT_EQ((*all)[12].attributes, 290);
    EXPECT_EQ((*all)[20].attributes, 255);
    EXPECT_EQ((*all)[36].attributes, 129);
    const auto c = stored(id);
    ASSERT_TRUE(c.limits_center && c.limits_sigma);
    EXPECT_NEAR(*c.limits_center, 25.0 + 3.0 / 25.0 * kMicron, 1e-12);
    EXPECT_NEAR(*c.limits_sigma, 2.125 * kMicron / kD2, 1e-12);
    EXPECT_NE(c.limits_reason->find("3 values left out"), std::string::npos) << *c.limits_reason;
}

TEST_F(MarkedValuesTest, OnlyValidValuesRaiseAlarmsAndARunIsNotBrokenByAMarkedValue) {
    const std::int64_t id = import(0, "bore_marked_values.dfq");
    const auto list = alarms(id);
    ASSERT_EQ(list.size(), 1u) << "no spec alarm for 25.030 or 24.985, no rule 1 for 24.950 or 24.985";
    EXPECT_EQ(*list[0].point, 37);
    EXPECT_EQ(*list[0].rules, "2");
}

TEST_F(MarkedValuesTest, CapabilityIsThatOfTheValidValuesAndCountsTheLeftOut) {
    const std::int64_t id = import(0, "bore_marked_values.dfq");
    std::size_t left_out = 0;
    auto cap = capability(id, &left_out);
    ASSERT_TRUE(cap) << cap.error().message;
    EXPECT_EQ(left_out, 4u);
    EXPECT_EQ(cap->n, 34u);
    EXPECT_NEAR(cap->mean, 25.0 + 12.0 / 34.0 * kMicron, 1e-12);
    EXPECT_NEAR(cap->sigma_within, 53.0 / 33.0 * kMicron / kD2, 1e-12);
    EXPECT_NEAR(*cap->cp, 2.341919, 1e-6);
    EXPECT_NEAR(*cap->cpk, 2.259263, 1e-6);
    ASSERT_TRUE(cap->normality);
    EXPECT_EQ(cap->normality->n, 34u) << "normality over the valid values only";
}

TEST_F(MarkedValuesTest, TheSameStatisticsAsAFileOfTheValidValuesAlone) {
    const std::int64_t marked = import(0, "bore_marked_values.dfq");
    const std::int64_t valid = import(1, "bore_valid_values.dfq");
    EXPECT_DOUBLE_EQ(*stored(marked).limits_center, *stored(valid).limits_center);
    EXPECT_DOUBLE_EQ(*stored(marked).limits_sigma, *stored(valid).limits_sigma);
    auto a = capability(marked);
    auto b = capability(valid);
    ASSERT_TRUE(a && b);
    EXPECT_DOUBLE_EQ(*a->cpk, *b->cpk);
    EXPECT_DOUBLE_EQ(*a->ppk, *b->ppk);
    EXPECT_DOUBLE_EQ(a->normality->ad, b->normality->ad);
    ASSERT_EQ(alarms(valid).size(), 1u);
    EXPECT_EQ(*alarms(valid)[0].point, 33) << "the same ninth value of the run, without the 4 marked before it";
}

TEST_F(MarkedValuesTest, TheChartPlotsLeftOutPointsWithoutJudgingThem) {
    const std::int64_t id = import(0, "bore_marked_values.dfq");
    auto view = spc_->chart(engineer_, id, 100);
    ASSERT_TRUE(view) << view.error().message;
    const spc::Series& s = view->chart.primary;
    ASSERT_EQ(s.size(), 38u);
    for (std::size_t i : {5u, 12u, 20u, 36u}) {
        EXPECT_TRUE(s.is_left_out(i)) << i;
        EXPECT_EQ(s.violations[i], 0) << i;
    }
    EXPECT_DOUBLE_EQ(s.values[5], 25.030) << "plotted where it was measured";
    EXPECT_FALSE(s.is_left_out(37));
    EXPECT_NE(s.violations[37] & 2u, 0u) << "rule 2 on the ninth valid point of the run";
    EXPECT_NEAR(s.limits_at(0).ucl, 25.00012 + 3 * 2.125 * kMicron / kD2, 1e-12);
    ASSERT_EQ(view->left_out.size(), 4u);
    EXPECT_EQ(view->left_out[0].seq, 5);
    // The moving range after a left-out value spans from the valid value before it: |25.001 - 25.001| at seq 37.
    const spc::Series& mr = *view->chart.secondary;
    EXPECT_TRUE(mr.is_left_out(36 - mr.first_index));
    EXPECT_NEAR(mr.values[37 - mr.first_index], 0.0, 1e-12);
    EXPECT_NEAR(mr.values[6 - mr.first_index], std::abs(25.001 - 24.998), 1e-12) << "seq 6 after seq 4 (-2 µm)";
}

TEST_F(MarkedValuesTest, AnEngineerExcludesAValueWithAReasonAndTakesItBack) {
    const std::int64_t id = import(0, "bore_marked_values.dfq");
    // Leaving out seq 0 (+2 µm) changes the phase-I base: the first 25 valid values are now seq 1..28 without the
    // marked ones, i.e. the old 24 without the +2 and then the first +1 (seq 28): sum 3 - 2 + 1 = 2 µm → center
    // 25 + 2/25 µm; moving ranges: 51 - |(-1) - 2| + |1 - (-1)| = 50 µm over 24 → sigma = 50/24 / d2(2) µm.
    auto refused = spc_->set_exclusion(engineer_, id, 0, std::string_view(""), "");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "reason");
    auto excluded =
        spc_->set_exclusion(engineer_, id, 0, std::string_view("gauge not zeroed after the shift change"), "");
    ASSERT_TRUE(excluded) << excluded.error().message;
    EXPECT_EQ(excluded->kind, "exclusion");
    EXPECT_EQ(*excluded->point, 0);
    EXPECT_NE(excluded->message.find("gauge not zeroed"), std::string::npos);
    auto c = stored(id);
    EXPECT_NEAR(*c.limits_center, 25.0 + 2.0 / 25.0 * kMicron, 1e-12);
    EXPECT_NEAR(*c.limits_sigma, 50.0 / 24.0 * kMicron / kD2, 1e-12);
    auto values = spc_->recent_measurements(engineer_, id, 100, "values");
    ASSERT_TRUE(values);
    EXPECT_EQ((*values)[0].excluded_reason, std::optional<std::string>("gauge not zeroed after the shift change"));
    std::size_t left_out = 0;
    ASSERT_TRUE(capability(id, &left_out));
    EXPECT_EQ(left_out, 5u);

    EXPECT_FALSE(spc_->set_exclusion(engineer_, id, 0, std::string_view("again"), "")) << "already excluded";
    EXPECT_FALSE(spc_->set_exclusion(engineer_, id, 5, std::nullopt, "")) << "a source mark is not the engineer's";
    auto back = spc_->set_exclusion(engineer_, id, 0, std::nullopt, "zero checked, value is good");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->kind, "inclusion");
    c = stored(id);
    EXPECT_NEAR(*c.limits_center, 25.0 + 3.0 / 25.0 * kMicron, 1e-12) << "the limits of the file again";
    auto limits_events = spc_->events(engineer_, id, "limits", 10);
    ASSERT_TRUE(limits_events);
    EXPECT_EQ(limits_events->size(), 3u) << "computed, recomputed without seq 0, recomputed with it";
    EXPECT_FALSE(spc_->set_exclusion(engineer_, id, 99, std::string_view("x"), "")) << "no such value";
}

TEST_F(MarkedValuesTest, AttributeCharacteristicsBecomePChartsOfTheirValidSamples) {
    auto report = import_aqdef(*spc_, engineer_, lines_[0], read_data("visual_attribute.dfq"));
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_EQ(report->characteristics.size(), 1u);
    EXPECT_EQ(report->characteristics[0].accepted, 27u);
    const std::int64_t id = report->characteristics[0].id;
    const auto c = stored(id);
    EXPECT_EQ(c.chart_type, "p");
    ASSERT_TRUE(c.limits_center);
    EXPECT_NEAR(*c.limits_center, 24.0 / 1250.0, 1e-15);
    auto view = spc_->chart(engineer_, id, 100);
    ASSERT_TRUE(view) << view.error().message;
    const spc::Series& s = view->chart.primary;
    ASSERT_EQ(s.size(), 27u);
    EXPECT_NEAR(s.limits_at(0).ucl, 0.0774206561, 1e-9);
    EXPECT_TRUE(s.is_left_out(10));
    EXPECT_DOUBLE_EQ(s.values[10], 20.0 / 50.0);
    EXPECT_DOUBLE_EQ(s.values[26], 9.0 / 50.0);
    const auto list = alarms(id);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(*list[0].point, 26);
    EXPECT_EQ(*list[0].rules, "1");
    EXPECT_FALSE(spc_->capability_values(engineer_, id, 500)) << "no Cp for a p chart";
    // Exported as an attribute characteristic with its samples and marks.
    auto text = export_aqdef(*db_, *spc_, engineer_, id);
    ASSERT_TRUE(text);
    EXPECT_NE(text->find("K2004/1 1\r\n"), std::string::npos);
    EXPECT_NE(text->find("K0020/1 50\r\nK0021/1 20\r\nK0002/1 129\r\n"), std::string::npos);
}

TEST_F(MarkedValuesTest, AnAttributeSampleNeedsItsSize) {
    CharacteristicInput in;
    in.line_id = lines_[0];
    in.code = "visual";
    in.feature = "visual check";
    in.chart_type = "p";
    auto c = spc_->create_characteristic(engineer_, in);
    ASSERT_TRUE(c) << c.error().message;
    ingest::IncomingBatch batch;
    batch.values.push_back({});
    batch.values.back().value = 2;  // no size
    batch.values.push_back({});
    batch.values.back().value = 6;
    batch.values.back().size = 5;  // more nonconforming than inspected
    batch.values.push_back({});
    batch.values.back().value = 1;
    batch.values.back().size = 50;
    auto out = spc_->ingest(engineer_, c->id, batch, std::nullopt, "test", false);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->accepted, 1u);
    ASSERT_EQ(out->rejected.size(), 2u);
    EXPECT_EQ(out->rejected[0].field, "size");
    EXPECT_EQ(out->rejected[1].field, "value");
    in.code = "visual-2";
    in.subgroup_size = 5;
    EXPECT_FALSE(spc_->create_characteristic(engineer_, in)) << "a p chart takes one sample per point";
}

TEST_F(MarkedValuesTest, AnEngineersExclusionIsExportedAsInvalid) {
    const std::int64_t id = import(0, "bore_marked_values.dfq");
    ASSERT_TRUE(spc_->set_exclusion(engineer_, id, 1, std::string_view("dropped part"), ""));
    auto text = export_aqdef(*db_, *spc_, engineer_, id);
    ASSERT_TRUE(text);
    auto back = ingest::read_aqdef(*text);
    ASSERT_TRUE(back) << back.error().message;
    const auto& values = back->characteristic(1)->values.values;
    ASSERT_EQ(values.size(), 38u);
    EXPECT_EQ(values[1].attributes, 129u) << "the engineer's exclusion";
    EXPECT_EQ(values[5].attributes, 129u);
    EXPECT_EQ(values[12].attributes, 290u);
    EXPECT_EQ(values[20].attributes, 255u);
    EXPECT_EQ(values[0].attributes, 0u);
}

}  // namespace
}  // namespace yandian::app
