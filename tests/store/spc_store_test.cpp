// The SPC store port, one contract for both engines (SQLite and PostgreSQL, tests/store/engines.hpp): round trips
// of every record, constraints and the errors they give, idempotent batches, seq numbering, ranges, exclusions,
// events, grants and transactions.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engines.hpp"

namespace yandian::store {
namespace {

constexpr std::string_view kAt = "2026-12-03T08:00:00.000Z";

// Doubles whose shortest decimal form needs all 17 digits, and the extremes: each must come back bit for bit.
// (-0.0 is left out: SQLite stores it as 0.)
const std::vector<double> kTrickyDoubles = {0.1 + 0.2,
                                            1.0 / 3.0,
                                            12.000000000000002,
                                            -7.0e-12,
                                            std::numeric_limits<double>::max(),
                                            std::numeric_limits<double>::min(),
                                            std::numeric_limits<double>::denorm_min()};

class SpcStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        auto org = db().organisations().create({0, "Linqing Bearing Works", "manufacturer", std::string(kAt)});
        ASSERT_TRUE(org.has_value()) << org.error().message;
        org_ = org->id;
        auto customer = db().organisations().create({0, "Jinan Gearbox", "customer", std::string(kAt)});
        ASSERT_TRUE(customer.has_value()) << customer.error().message;
        customer_ = customer->id;
        auto user =
            db().users().create({0, org_, "wang.li", "Wang", "engineer", "$argon2id$x", false, std::string(kAt)});
        ASSERT_TRUE(user.has_value()) << user.error().message;
        user_ = user->id;
        auto plant = spc().create_plant({0, org_, "Plant 1", std::string(kAt)});
        ASSERT_TRUE(plant.has_value()) << plant.error().message;
        plant_ = plant->id;
        auto line = spc().create_line({0, org_, plant_, "L1", "Grinding 1", std::string(kAt)});
        ASSERT_TRUE(line.has_value()) << line.error().message;
        line_ = line->id;
        auto characteristic = spc().create_characteristic(make_characteristic("BORE"));
        ASSERT_TRUE(characteristic.has_value()) << characteristic.error().message;
        characteristic_ = characteristic->id;
    }

    SpcStore& spc() { return db().spc(); }

    CharacteristicRecord make_characteristic(const std::string& code) const {
        CharacteristicRecord r;
        r.org_id = org_;
        r.line_id = line_;
        r.code = code;
        r.part_number = "6204";
        r.feature = "bore diameter";
        r.created_at = std::string(kAt);
        return r;
    }

    static MeasurementRecord value_at(std::int64_t seq, double value) {
        MeasurementRecord m;
        m.seq = seq;
        m.time_ms = 1764748800000 + seq * 1000;
        m.value = value;
        return m;
    }

    BatchRecord make_batch(std::optional<std::string> key, std::int64_t accepted) const {
        return BatchRecord{0, characteristic_, std::move(key), "http", std::string(kAt), accepted, R"({"accepted":3})"};
    }

    // Appends values with seq from `first` on, as the service numbers them.
    Result<std::int64_t> append_values(std::int64_t first, const std::vector<double>& values,
                                       std::optional<std::string> key = std::nullopt) {
        std::vector<MeasurementRecord> records;
        for (std::size_t i = 0; i < values.size(); ++i) {
            records.push_back(value_at(first + static_cast<std::int64_t>(i), values[i]));
        }
        return spc().append_batch(make_batch(std::move(key), static_cast<std::int64_t>(values.size())), records);
    }

    EventRecord make_event(const std::string& kind) const {
        EventRecord e;
        e.org_id = org_;
        e.characteristic_id = characteristic_;
        e.kind = kind;
        e.at = std::string(kAt);
        return e;
    }

    Database& db() { return store_->db(); }
    std::unique_ptr<testing::EngineStore> store_;
    std::int64_t org_ = 0;
    std::int64_t customer_ = 0;
    std::int64_t user_ = 0;
    std::int64_t plant_ = 0;
    std::int64_t line_ = 0;
    std::int64_t characteristic_ = 0;
};

TEST_P(SpcStoreTest, PlantsRoundTripInIdOrderPerOrganisation) {
    auto second = spc().create_plant({0, org_, "Plant 2", "2026-12-03T09:00:00.000Z"});
    ASSERT_TRUE(second.has_value()) << second.error().message;
    EXPECT_GT(second->id, plant_);
    auto plants = spc().list_plants(org_);
    ASSERT_TRUE(plants.has_value());
    ASSERT_EQ(plants->size(), 2U);
    EXPECT_EQ((*plants)[0].id, plant_);
    EXPECT_EQ((*plants)[0].name, "Plant 1");
    EXPECT_EQ((*plants)[1].created_at, "2026-12-03T09:00:00.000Z");
    EXPECT_TRUE(spc().list_plants(customer_)->empty());
    auto found = spc().find_plant(second->id);
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->org_id, org_);
    EXPECT_EQ((*found)->name, "Plant 2");
    EXPECT_FALSE(spc().find_plant(second->id + 100)->has_value());

    auto same_name = spc().create_plant({0, org_, "Plant 1", std::string(kAt)});
    ASSERT_FALSE(same_name.has_value());
    EXPECT_EQ(same_name.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(same_name.error().field, "");
}

TEST_P(SpcStoreTest, LineCodeIsUniquePerOrganisationWithSqlitesError) {
    auto found = spc().find_line(line_);
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->plant_id, plant_);
    EXPECT_EQ((*found)->code, "L1");
    EXPECT_EQ((*found)->name, "Grinding 1");
    EXPECT_EQ((*found)->created_at, kAt);
    auto by_code = spc().find_line_by_code(org_, "L1");
    ASSERT_TRUE(by_code.has_value() && by_code->has_value());
    EXPECT_EQ((*by_code)->id, line_);
    EXPECT_FALSE(spc().find_line_by_code(customer_, "L1")->has_value());
    EXPECT_FALSE(spc().find_line_by_code(org_, "l1")->has_value());
    EXPECT_FALSE(spc().find_line(line_ + 100)->has_value());

    auto duplicate = spc().create_line({0, org_, plant_, "L1", "Another", std::string(kAt)});
    ASSERT_FALSE(duplicate.has_value());
    EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(duplicate.error().field, "");

    auto customer_plant = spc().create_plant({0, customer_, "Assembly", std::string(kAt)});
    ASSERT_TRUE(customer_plant.has_value());
    auto other_org = spc().create_line({0, customer_, customer_plant->id, "L1", "Theirs", std::string(kAt)});
    ASSERT_TRUE(other_org.has_value()) << other_org.error().message;
    auto second = spc().create_line({0, org_, plant_, "L2", "Grinding 2", std::string(kAt)});
    ASSERT_TRUE(second.has_value());
    auto lines = spc().list_lines(org_);
    ASSERT_EQ(lines->size(), 2U);
    EXPECT_EQ((*lines)[0].code, "L1");
    EXPECT_EQ((*lines)[1].code, "L2");
    EXPECT_EQ(spc().list_lines(customer_)->size(), 1U);

    auto no_plant = spc().create_line({0, org_, plant_ + 100, "L3", "Nowhere", std::string(kAt)});
    ASSERT_FALSE(no_plant.has_value());
    EXPECT_EQ(no_plant.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(no_plant.error().field, "");
    auto empty_code = spc().create_line({0, org_, plant_, "", "Blank", std::string(kAt)});
    ASSERT_FALSE(empty_code.has_value());
    EXPECT_EQ(empty_code.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(SpcStoreTest, CharacteristicRoundTripKeepsOptionalsAndExactDoubles) {
    CharacteristicRecord full = make_characteristic("OD");
    full.nominal = kTrickyDoubles[0];
    full.lsl = kTrickyDoubles[3];
    full.usl = kTrickyDoubles[4];
    full.unit = "µm";
    full.resolution = kTrickyDoubles[6];
    full.subgroup_size = 5;
    full.chart_type = "xbar-s";
    full.rules = "1,2:7,5";
    full.phase1_subgroups = 30;
    full.limits_center = kTrickyDoubles[1];
    full.limits_sigma = kTrickyDoubles[2];
    full.limits_source = "frozen";
    full.limits_reason = "PPAP run";
    full.limits_at = "2026-12-03T08:30:00.000Z";
    auto created = spc().create_characteristic(full);
    ASSERT_TRUE(created.has_value()) << created.error().message;
    auto found = spc().find_characteristic(created->id);
    ASSERT_TRUE(found.has_value() && found->has_value());
    const CharacteristicRecord& r = **found;
    EXPECT_EQ(r.org_id, org_);
    EXPECT_EQ(r.line_id, line_);
    EXPECT_EQ(r.code, "OD");
    EXPECT_EQ(r.part_number, "6204");
    EXPECT_EQ(r.feature, "bore diameter");
    EXPECT_EQ(r.nominal, full.nominal);
    EXPECT_EQ(r.lsl, full.lsl);
    EXPECT_EQ(r.usl, full.usl);
    EXPECT_EQ(r.unit, "µm");
    EXPECT_EQ(r.resolution, full.resolution);
    EXPECT_EQ(r.subgroup_size, 5);
    EXPECT_EQ(r.chart_type, "xbar-s");
    EXPECT_EQ(r.rules, "1,2:7,5");
    EXPECT_EQ(r.phase1_subgroups, 30);
    EXPECT_EQ(r.limits_center, full.limits_center);
    EXPECT_EQ(r.limits_sigma, full.limits_sigma);
    EXPECT_EQ(r.limits_source, std::optional<std::string>("frozen"));
    EXPECT_EQ(r.limits_reason, std::optional<std::string>("PPAP run"));
    EXPECT_EQ(r.limits_at, full.limits_at);
    EXPECT_EQ(r.created_at, kAt);

    auto bare = spc().find_characteristic_by_code(line_, "BORE");
    ASSERT_TRUE(bare.has_value() && bare->has_value());
    EXPECT_EQ((*bare)->id, characteristic_);
    EXPECT_FALSE((*bare)->nominal || (*bare)->lsl || (*bare)->usl || (*bare)->resolution);
    EXPECT_FALSE((*bare)->limits_center || (*bare)->limits_sigma);
    EXPECT_FALSE((*bare)->limits_source || (*bare)->limits_reason || (*bare)->limits_at);
    EXPECT_EQ((*bare)->unit, "mm");
    EXPECT_EQ((*bare)->chart_type, "imr");
    EXPECT_FALSE(spc().find_characteristic_by_code(line_ + 100, "BORE")->has_value());
    EXPECT_FALSE(spc().find_characteristic(created->id + 100)->has_value());

    auto listed = spc().list_characteristics(org_);
    ASSERT_EQ(listed->size(), 2U);
    EXPECT_EQ((*listed)[0].code, "BORE");
    EXPECT_EQ((*listed)[1].code, "OD");
    EXPECT_TRUE(spc().list_characteristics(customer_)->empty());
}

TEST_P(SpcStoreTest, CharacteristicCodeIsUniquePerLineAndChecksHold) {
    auto duplicate = spc().create_characteristic(make_characteristic("BORE"));
    ASSERT_FALSE(duplicate.has_value());
    EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(duplicate.error().field, "");

    auto line2 = spc().create_line({0, org_, plant_, "L2", "Grinding 2", std::string(kAt)});
    ASSERT_TRUE(line2.has_value());
    CharacteristicRecord same_code = make_characteristic("BORE");
    same_code.line_id = line2->id;
    EXPECT_TRUE(spc().create_characteristic(same_code).has_value());

    CharacteristicRecord too_large = make_characteristic("WIDTH");
    too_large.subgroup_size = 26;
    auto refused = spc().create_characteristic(too_large);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().field, "");
    CharacteristicRecord no_line = make_characteristic("WIDTH");
    no_line.line_id = line2->id + 100;
    EXPECT_EQ(spc().create_characteristic(no_line).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_FALSE(spc().find_characteristic_by_code(line_, "WIDTH")->has_value());
}

TEST_P(SpcStoreTest, SetLimitsReplacesTheCurrentLimits) {
    ASSERT_TRUE(spc().set_limits(characteristic_, kTrickyDoubles[0], kTrickyDoubles[5], "computed", "phase 1",
                                 "2026-12-03T09:00:00.000Z"));
    auto found = spc().find_characteristic(characteristic_);
    EXPECT_EQ((*found)->limits_center, kTrickyDoubles[0]);
    EXPECT_EQ((*found)->limits_sigma, kTrickyDoubles[5]);
    EXPECT_EQ((*found)->limits_source, std::optional<std::string>("computed"));
    EXPECT_EQ((*found)->limits_reason, std::optional<std::string>("phase 1"));
    EXPECT_EQ((*found)->limits_at, std::optional<std::string>("2026-12-03T09:00:00.000Z"));

    ASSERT_TRUE(spc().set_limits(characteristic_, std::nullopt, std::nullopt, "frozen", "", kAt));
    found = spc().find_characteristic(characteristic_);
    EXPECT_FALSE((*found)->limits_center.has_value());
    EXPECT_FALSE((*found)->limits_sigma.has_value());
    EXPECT_EQ((*found)->limits_reason, std::optional<std::string>(""));

    auto missing = spc().set_limits(characteristic_ + 100, 1.0, 1.0, "frozen", "x", kAt);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().field, "id");
}

TEST_P(SpcStoreTest, MeasurementsRoundTripEveryFieldAndText) {
    // Text that an array literal or a NULL marker could mangle.
    const std::vector<std::string> texts = {
        "", "NULL", "a,b", "{x}", "quote \" here", "back\\slash", "轴承 6204", " padded ", "line\nbreak"};
    std::vector<MeasurementRecord> records;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        MeasurementRecord m = value_at(static_cast<std::int64_t>(i), kTrickyDoubles[i % kTrickyDoubles.size()]);
        m.subgroup = texts[i];
        m.part = "P-" + texts[(i + 1) % texts.size()];
        m.operator_name = texts[(i + 2) % texts.size()];
        m.gauge = i % 2 == 0 ? std::optional<std::string>("G7") : std::nullopt;
        m.attributes = i == 3 ? 129 : 0;
        m.excluded_reason = i == 4 ? std::optional<std::string>("probe slipped") : std::nullopt;
        m.sample_size = i % 3 == 0 ? std::optional<double>(kTrickyDoubles[i % kTrickyDoubles.size()]) : std::nullopt;
        records.push_back(m);
    }
    records.push_back(value_at(static_cast<std::int64_t>(texts.size()), 9.5));  // every optional left out
    auto batch = spc().append_batch(make_batch("k-text", static_cast<std::int64_t>(records.size())), records);
    ASSERT_TRUE(batch.has_value()) << batch.error().message;

    auto stored = spc().measurements(characteristic_, 0, 1000);
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    ASSERT_EQ(stored->size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        const MeasurementRecord& got = (*stored)[i];
        const MeasurementRecord& want = records[i];
        SCOPED_TRACE("seq " + std::to_string(i));
        EXPECT_EQ(got.seq, want.seq);
        EXPECT_EQ(got.time_ms, want.time_ms);
        EXPECT_EQ(got.value, want.value);
        EXPECT_EQ(got.subgroup, want.subgroup);
        EXPECT_EQ(got.part, want.part);
        EXPECT_EQ(got.operator_name, want.operator_name);
        EXPECT_EQ(got.gauge, want.gauge);
        EXPECT_EQ(got.attributes, want.attributes);
        EXPECT_EQ(got.excluded_reason, want.excluded_reason);
        EXPECT_EQ(got.sample_size, want.sample_size);
    }
    EXPECT_FALSE((*stored)[3].counts());
    EXPECT_FALSE((*stored)[4].counts());
    EXPECT_TRUE((*stored)[5].counts());
}

TEST_P(SpcStoreTest, IdempotencyKeyIsStoredOncePerCharacteristic) {
    EXPECT_FALSE(spc().find_batch(characteristic_, "retry-1")->has_value());
    auto first = append_values(0, {10.001, 10.002, 9.998}, "retry-1");
    ASSERT_TRUE(first.has_value()) << first.error().message;
    auto found = spc().find_batch(characteristic_, "retry-1");
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->id, *first);
    EXPECT_EQ((*found)->characteristic_id, characteristic_);
    EXPECT_EQ((*found)->idempotency_key, std::optional<std::string>("retry-1"));
    EXPECT_EQ((*found)->source, "http");
    EXPECT_EQ((*found)->received_at, kAt);
    EXPECT_EQ((*found)->accepted, 3);
    EXPECT_EQ((*found)->response, R"({"accepted":3})");

    // The retry with the same key is refused as a whole: none of its values is stored.
    auto retry = append_values(3, {1.0, 2.0}, "retry-1");
    ASSERT_FALSE(retry.has_value());
    EXPECT_EQ(retry.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(retry.error().field, "");
    EXPECT_EQ(*spc().count_measurements(characteristic_), 3);

    // Batches without a key never collide; the same key on another characteristic is another batch.
    EXPECT_TRUE(append_values(3, {1.0}).has_value());
    EXPECT_TRUE(append_values(4, {2.0}).has_value());
    auto other = spc().create_characteristic(make_characteristic("OD"));
    ASSERT_TRUE(other.has_value());
    BatchRecord elsewhere = make_batch("retry-1", 1);
    elsewhere.characteristic_id = other->id;
    std::vector<MeasurementRecord> one{value_at(0, 5.0)};
    auto stored = spc().append_batch(elsewhere, one);
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    EXPECT_NE(*stored, *first);
    EXPECT_EQ((*spc().find_batch(other->id, "retry-1"))->id, *stored);
    EXPECT_FALSE(spc().find_batch(characteristic_, "retry-2")->has_value());
}

TEST_P(SpcStoreTest, SeqContinuesAcrossBatchesAndRangesAreHalfOpen) {
    EXPECT_EQ(*spc().count_measurements(characteristic_), 0);
    EXPECT_TRUE(spc().measurements(characteristic_, 0, 100)->empty());
    ASSERT_TRUE(append_values(0, {1.0, 2.0, 3.0}).has_value());
    EXPECT_EQ(*spc().count_measurements(characteristic_), 3);
    ASSERT_TRUE(append_values(*spc().count_measurements(characteristic_), {4.0, 5.0}).has_value());
    EXPECT_EQ(*spc().count_measurements(characteristic_), 5);

    auto middle = spc().measurements(characteristic_, 1, 4);
    ASSERT_EQ(middle->size(), 3U);
    EXPECT_EQ((*middle)[0].seq, 1);
    EXPECT_EQ((*middle)[0].value, 2.0);
    EXPECT_EQ((*middle)[2].seq, 3);
    EXPECT_EQ((*middle)[2].value, 4.0);
    EXPECT_TRUE(spc().measurements(characteristic_, 2, 2)->empty());
    EXPECT_TRUE(spc().measurements(characteristic_, 5, 10)->empty());
    EXPECT_EQ(spc().measurements(characteristic_, 4, 5)->size(), 1U);

    // A seq already taken fails the whole batch.
    auto taken = append_values(4, {6.0, 7.0});
    ASSERT_FALSE(taken.has_value());
    EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(*spc().count_measurements(characteristic_), 5);
    EXPECT_EQ((*spc().measurements(characteristic_, 4, 5))[0].value, 5.0);

    // Each characteristic has its own series; an empty batch is stored and adds nothing.
    auto other = spc().create_characteristic(make_characteristic("OD"));
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(*spc().count_measurements(other->id), 0);
    EXPECT_TRUE(append_values(5, {}, "empty").has_value());
    EXPECT_TRUE(spc().find_batch(characteristic_, "empty")->has_value());
    EXPECT_EQ(*spc().count_measurements(characteristic_), 5);

    // A batch for an unknown characteristic violates a foreign key.
    BatchRecord orphan = make_batch(std::nullopt, 1);
    orphan.characteristic_id = other->id + 100;
    std::vector<MeasurementRecord> one{value_at(0, 1.0)};
    auto refused = spc().append_batch(orphan, one);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(SpcStoreTest, LargeBatchKeepsOrderAndValues) {
    std::vector<double> values;
    for (int i = 0; i < 5000; ++i) values.push_back(10.0 + std::sin(i) * 1e-3);
    ASSERT_TRUE(append_values(0, values).has_value());
    EXPECT_EQ(*spc().count_measurements(characteristic_), 5000);
    auto stored = spc().measurements(characteristic_, 0, 5000);
    ASSERT_EQ(stored->size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        ASSERT_EQ((*stored)[i].seq, static_cast<std::int64_t>(i));
        ASSERT_EQ((*stored)[i].value, values[i]) << "seq " << i;
    }
}

TEST_P(SpcStoreTest, SetExcludedAndItsReversal) {
    ASSERT_TRUE(append_values(0, {1.0, 2.0, 3.0}).has_value());
    auto other = spc().create_characteristic(make_characteristic("OD"));
    BatchRecord batch = make_batch(std::nullopt, 2);
    batch.characteristic_id = other->id;
    std::vector<MeasurementRecord> two{value_at(0, 7.0), value_at(1, 8.0)};
    ASSERT_TRUE(spc().append_batch(batch, two).has_value());

    ASSERT_TRUE(spc().set_excluded(characteristic_, 1, "gauge dropped"));
    auto values = spc().measurements(characteristic_, 0, 3);
    EXPECT_EQ((*values)[1].excluded_reason, std::optional<std::string>("gauge dropped"));
    EXPECT_FALSE((*values)[1].counts());
    EXPECT_TRUE((*values)[0].counts());
    EXPECT_TRUE((*values)[2].counts());
    EXPECT_FALSE((*spc().measurements(other->id, 1, 2))[0].excluded_reason.has_value());

    ASSERT_TRUE(spc().set_excluded(characteristic_, 1, std::nullopt));
    values = spc().measurements(characteristic_, 0, 3);
    EXPECT_FALSE((*values)[1].excluded_reason.has_value());
    EXPECT_TRUE((*values)[1].counts());

    auto missing = spc().set_excluded(characteristic_, 3, "beyond the end");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().field, "seq");
}

TEST_P(SpcStoreTest, EventsRoundTripAndListNewestFirstWithFilters) {
    EventRecord alarm = make_event("alarm");
    alarm.point = 41;
    alarm.rules = "1,5";
    alarm.value = kTrickyDoubles[0];
    alarm.message = "beyond 3 sigma";
    auto added = spc().add_event(alarm);
    ASSERT_TRUE(added.has_value()) << added.error().message;
    auto found = spc().find_event(added->id);
    ASSERT_TRUE(found.has_value() && found->has_value());
    const EventRecord& e = **found;
    EXPECT_EQ(e.org_id, org_);
    EXPECT_EQ(e.characteristic_id, std::optional<std::int64_t>(characteristic_));
    EXPECT_EQ(e.kind, "alarm");
    EXPECT_EQ(e.at, kAt);
    EXPECT_EQ(e.point, std::optional<std::int64_t>(41));
    EXPECT_EQ(e.rules, std::optional<std::string>("1,5"));
    EXPECT_EQ(e.value, alarm.value);
    EXPECT_EQ(e.message, "beyond 3 sigma");
    EXPECT_FALSE(e.user_id || e.cause || e.action || e.ref_event_id);

    EventRecord note = make_event("note");
    note.characteristic_id = std::nullopt;
    note.user_id = user_;
    note.message = "shift change";
    auto noted = spc().add_event(note);
    ASSERT_TRUE(noted.has_value());
    EXPECT_FALSE((*spc().find_event(noted->id))->characteristic_id.has_value());
    EXPECT_EQ((*spc().find_event(noted->id))->user_id, std::optional<std::int64_t>(user_));
    auto second_alarm = spc().add_event(make_event("alarm"));
    ASSERT_TRUE(second_alarm.has_value());

    auto newest = spc().list_events(org_, std::nullopt, std::nullopt, 0, 10);
    ASSERT_EQ(newest->size(), 3U);
    EXPECT_EQ((*newest)[0].id, second_alarm->id);
    EXPECT_EQ((*newest)[2].id, added->id);
    auto alarms = spc().list_events(org_, std::nullopt, "alarm", 0, 10);
    ASSERT_EQ(alarms->size(), 2U);
    EXPECT_EQ((*alarms)[0].id, second_alarm->id);
    EXPECT_EQ(spc().list_events(org_, characteristic_, std::nullopt, 0, 10)->size(), 2U);
    EXPECT_EQ(spc().list_events(org_, characteristic_, "note", 0, 10)->size(), 0U);
    auto after = spc().list_events(org_, std::nullopt, std::nullopt, added->id, 10);
    ASSERT_EQ(after->size(), 2U);
    EXPECT_EQ((*after)[1].id, noted->id);
    auto limited = spc().list_events(org_, std::nullopt, std::nullopt, 0, 1);
    ASSERT_EQ(limited->size(), 1U);
    EXPECT_EQ((*limited)[0].id, second_alarm->id);
    EXPECT_EQ(spc().list_events(org_, std::nullopt, std::nullopt, 0, -1)->size(), 3U);  // as SQLite: no limit
    EXPECT_TRUE(spc().list_events(customer_, std::nullopt, std::nullopt, 0, 10)->empty());
    EXPECT_FALSE(spc().find_event(second_alarm->id + 100)->has_value());

    EventRecord unknown_user = make_event("note");
    unknown_user.user_id = user_ + 100;
    auto refused = spc().add_event(unknown_user);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().field, "");
}

TEST_P(SpcStoreTest, AnAlarmIsAcknowledgedOnce) {
    auto alarm = spc().add_event(make_event("alarm"));
    ASSERT_TRUE(alarm.has_value());
    EventRecord ack = make_event("acknowledgement");
    ack.user_id = user_;
    ack.cause = "worn wheel";
    ack.action = "dressed the wheel";
    ack.ref_event_id = alarm->id;
    auto first = spc().add_event(ack);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    auto found = spc().find_event(first->id);
    EXPECT_EQ((*found)->cause, std::optional<std::string>("worn wheel"));
    EXPECT_EQ((*found)->action, std::optional<std::string>("dressed the wheel"));
    EXPECT_EQ((*found)->ref_event_id, std::optional<std::int64_t>(alarm->id));

    auto again = spc().add_event(ack);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(again.error().field, "");
    EXPECT_EQ(spc().list_events(org_, std::nullopt, "acknowledgement", 0, 10)->size(), 1U);

    // Only acknowledgements are unique per alarm: two notes may refer to it.
    EventRecord note = make_event("note");
    note.ref_event_id = alarm->id;
    EXPECT_TRUE(spc().add_event(note).has_value());
    EXPECT_TRUE(spc().add_event(note).has_value());
    EventRecord dangling = make_event("acknowledgement");
    dangling.ref_event_id = alarm->id + 100;
    EXPECT_EQ(spc().add_event(dangling).error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(SpcStoreTest, GrantsRoundTripRevokeOnceAndLogAccess) {
    GrantRecord to_line{
        0, org_, customer_, line_, std::nullopt, "2027-01-01T00:00:00.000Z", user_, std::string(kAt), std::nullopt};
    auto line_grant = spc().create_grant(to_line);
    ASSERT_TRUE(line_grant.has_value()) << line_grant.error().message;
    GrantRecord to_characteristic = to_line;
    to_characteristic.line_id = std::nullopt;
    to_characteristic.characteristic_id = characteristic_;
    auto characteristic_grant = spc().create_grant(to_characteristic);
    ASSERT_TRUE(characteristic_grant.has_value()) << characteristic_grant.error().message;

    auto found = spc().find_grant(line_grant->id);
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->org_id, org_);
    EXPECT_EQ((*found)->grantee_org_id, customer_);
    EXPECT_EQ((*found)->line_id, std::optional<std::int64_t>(line_));
    EXPECT_FALSE((*found)->characteristic_id.has_value());
    EXPECT_EQ((*found)->expires_at, "2027-01-01T00:00:00.000Z");
    EXPECT_EQ((*found)->created_by, user_);
    EXPECT_EQ((*found)->created_at, kAt);
    EXPECT_FALSE((*found)->revoked_at.has_value());
    EXPECT_EQ((*spc().find_grant(characteristic_grant->id))->characteristic_id,
              std::optional<std::int64_t>(characteristic_));
    EXPECT_FALSE(spc().find_grant(characteristic_grant->id + 100)->has_value());

    auto by_grantor = spc().list_grants_by_grantor(org_);
    ASSERT_EQ(by_grantor->size(), 2U);
    EXPECT_EQ((*by_grantor)[0].id, line_grant->id);
    EXPECT_EQ((*by_grantor)[1].id, characteristic_grant->id);
    EXPECT_EQ(spc().list_grants_for_grantee(customer_)->size(), 2U);
    EXPECT_TRUE(spc().list_grants_for_grantee(org_)->empty());
    EXPECT_TRUE(spc().list_grants_by_grantor(customer_)->empty());

    GrantRecord both = to_line;
    both.characteristic_id = characteristic_;
    auto refused = spc().create_grant(both);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().field, "");

    ASSERT_TRUE(spc().revoke_grant(line_grant->id, "2026-12-10T00:00:00.000Z"));
    EXPECT_EQ((*spc().find_grant(line_grant->id))->revoked_at, std::optional<std::string>("2026-12-10T00:00:00.000Z"));
    auto again = spc().revoke_grant(line_grant->id, "2026-12-11T00:00:00.000Z");
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(again.error().field, "id");
    EXPECT_EQ((*spc().find_grant(line_grant->id))->revoked_at, std::optional<std::string>("2026-12-10T00:00:00.000Z"));

    EXPECT_EQ(*spc().count_grant_access(characteristic_grant->id), 0);
    ASSERT_TRUE(spc().log_grant_access(characteristic_grant->id, user_, kAt, "chart BORE"));
    ASSERT_TRUE(spc().log_grant_access(characteristic_grant->id, user_, kAt, "capability BORE"));
    EXPECT_EQ(*spc().count_grant_access(characteristic_grant->id), 2);
    EXPECT_EQ(*spc().count_grant_access(line_grant->id), 0);
    auto dangling = spc().log_grant_access(characteristic_grant->id + 100, user_, kAt, "chart");
    ASSERT_FALSE(dangling.has_value());
    EXPECT_EQ(dangling.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(SpcStoreTest, TransactionRolledBackLeavesNothing) {
    ASSERT_TRUE(append_values(0, {1.0, 2.0}, "before").has_value());
    std::int64_t plant = 0;
    auto failed = db().in_transaction([&]() -> Status {
        auto p = spc().create_plant({0, org_, "Plant 9", std::string(kAt)});
        if (!p) return tl::unexpected(p.error());
        plant = p->id;
        auto batch = append_values(2, {3.0, 4.0}, "inside");
        if (!batch) return tl::unexpected(batch.error());
        if (auto excluded = spc().set_excluded(characteristic_, 0, "inside"); !excluded) return excluded;
        auto event = spc().add_event(make_event("exclusion"));
        if (!event) return tl::unexpected(event.error());
        return fail(ErrorCode::kInvalidArgument, "rule evaluation failed");
    });
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().message, "rule evaluation failed");
    EXPECT_GT(plant, 0);
    EXPECT_FALSE(spc().find_plant(plant)->has_value());
    EXPECT_EQ(*spc().count_measurements(characteristic_), 2);
    EXPECT_FALSE(spc().find_batch(characteristic_, "inside")->has_value());
    EXPECT_FALSE((*spc().measurements(characteristic_, 0, 1))[0].excluded_reason.has_value());
    EXPECT_TRUE(spc().list_events(org_, std::nullopt, std::nullopt, 0, 10)->empty());

    // A batch that fails on its seq inside a transaction fails the transaction; the one before it goes too.
    auto conflicting = db().in_transaction([&]() -> Status {
        if (auto ok = append_values(2, {3.0}, "first"); !ok) return tl::unexpected(ok.error());
        if (auto clash = append_values(2, {9.0}, "second"); !clash) return tl::unexpected(clash.error());
        return {};
    });
    ASSERT_FALSE(conflicting.has_value());
    EXPECT_EQ(conflicting.error().code, ErrorCode::kAlreadyExists);
    EXPECT_FALSE(spc().find_batch(characteristic_, "first")->has_value());
    EXPECT_EQ(*spc().count_measurements(characteristic_), 2);

    auto committed = db().in_transaction([&]() -> Status {
        auto batch = append_values(2, {3.0}, "kept");
        if (!batch) return tl::unexpected(batch.error());
        return {};
    });
    ASSERT_TRUE(committed.has_value()) << committed.error().message;
    EXPECT_EQ(*spc().count_measurements(characteristic_), 3);
    EXPECT_TRUE(spc().find_batch(characteristic_, "kept")->has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, SpcStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
