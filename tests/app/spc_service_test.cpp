// SpcService over a real SQLite store with a fake clock: phase I limits, rule evaluation on arrival
// (also across batches), idempotent retries, per-value errors, access and grants.
#include "app/spc_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>

#include "../store/temp_dir.hpp"
#include "app/accounts.hpp"
#include "app/utc_time.hpp"
#include "store/database.hpp"

namespace yandian::app {
namespace {

using namespace std::chrono_literals;

ingest::IncomingValue value_of(double v) {
    ingest::IncomingValue value;
    value.value = v;
    return value;
}

ingest::IncomingBatch batch_of(std::initializer_list<double> values) {
    ingest::IncomingBatch batch;
    for (double v : values) batch.values.push_back(value_of(v));
    return batch;
}

class SpcServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = store::Database::open("sqlite:" + dir_.file("spc.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        db_ = std::move(*opened);
        AccountOptions cheap;
        cheap.argon2_time_cost = 1;
        cheap.argon2_memory_kib = 64;
        Clock clock = [this] { return now_.load(); };
        accounts_ = std::make_unique<AccountService>(*db_, cheap, clock);
        spc_ = std::make_unique<SpcService>(*db_, hub_, clock);
        auto maker = accounts_->create_organisation("Linqing Bearing Works", OrgKind::kManufacturer);
        auto buyer = accounts_->create_organisation("OEM Buyer", OrgKind::kManufacturer);
        ASSERT_TRUE(maker && buyer);
        engineer_ = principal(maker->id, "eng", Role::kEngineer);
        admin_ = principal(maker->id, "boss", Role::kAdmin);
        viewer_ = principal(maker->id, "look", Role::kViewer);
        customer_ = principal(buyer->id, "buyer", Role::kViewer);
        auto plant = spc_->create_plant(engineer_, "Plant 1");
        ASSERT_TRUE(plant) << plant.error().message;
        auto line = spc_->create_line(engineer_, plant->id, "grind-3", "Grinding line 3");
        ASSERT_TRUE(line) << line.error().message;
        line_id_ = line->id;
    }

    Principal principal(std::int64_t org, const std::string& login, Role role) {
        auto user = accounts_->create_user(org, login, "a-long-password", role, login);
        EXPECT_TRUE(user) << user.error().message;
        return Principal{user->id, org, role, login, std::nullopt};
    }

    store::CharacteristicRecord make(std::int64_t n, std::int64_t phase1, std::string code = "raceway") {
        CharacteristicInput in;
        in.line_id = line_id_;
        in.code = std::move(code);
        in.part_number = "6205-IR";
        in.feature = "raceway diameter";
        in.subgroup_size = n;
        in.phase1_subgroups = phase1;
        auto c = spc_->create_characteristic(engineer_, in);
        EXPECT_TRUE(c) << c.error().message;
        return c.value_or(store::CharacteristicRecord{});
    }

    testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    LiveHub hub_;
    // 2026-11-29T14:03:05.123Z
    std::atomic<TimePoint> now_{TimePoint{std::chrono::seconds(1795960985) + std::chrono::milliseconds(123)}};
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<SpcService> spc_;
    Principal engineer_, admin_, viewer_, customer_;
    std::int64_t line_id_ = 0;
};

// Phase I limits of an Xbar-R characteristic equal the textbook estimate over the first k subgroups:
// center = grand mean, sigma = Rbar / d2(5), d2(5) = 2.326 (AIAG SPC manual 2nd ed., Appendix E; 2.325929 exactly).
TEST_F(SpcServiceTest, PhaseOneLimitsAreTheGrandMeanAndRbarOverD2OfTheFirstSubgroups) {
    auto c = make(5, 4);
    const std::vector<double> values = {10.0, 10.2, 9.9, 10.1, 10.3,   // R 0.4
                                        9.8,  10.0, 10.1, 9.9, 10.0,   // R 0.3
                                        10.2, 10.1, 10.4, 9.9, 10.0,   // R 0.5
                                        10.0, 9.7,  10.1, 10.2, 10.0,  // R 0.5
                                        10.1};                          // subgroup 5 starts: not in phase I
    ingest::IncomingBatch batch;
    for (double v : values) batch.values.push_back(value_of(v));
    auto out = spc_->ingest(engineer_, c.id, batch, std::nullopt, "test", false);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->accepted, values.size());
    auto stored = db_->spc().find_characteristic(c.id);
    ASSERT_TRUE(stored && *stored);
    const double grand_mean = std::accumulate(values.begin(), values.begin() + 20, 0.0) / 20.0;
    const double rbar = (0.4 + 0.3 + 0.5 + 0.5) / 4.0;
    EXPECT_NEAR(*(*stored)->limits_center, grand_mean, 1e-12);
    EXPECT_NEAR(*(*stored)->limits_sigma, rbar / 2.325929, 1e-6);
    EXPECT_EQ(*(*stored)->limits_source, "computed");
    auto events = spc_->events(engineer_, c.id, "limits", 10);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), 1u);
}

// Nelson rule 2 (nine points in a row on one side) fires on the ninth point, also when the run spans
// two batches, and rule 1 on the single point beyond 3 sigma.
TEST_F(SpcServiceTest, RulesFireOnThePointThatCompletesThePatternAcrossBatches) {
    auto c = make(1, 25);
    auto frozen = spc_->freeze_limits(engineer_, c.id, 10.0, 1.0, "historical capability study");
    ASSERT_TRUE(frozen) << frozen.error().message;
    auto first = spc_->ingest(engineer_, c.id, batch_of({10.5, 10.5, 10.5, 10.5, 10.5}), std::nullopt, "test", false);
    ASSERT_TRUE(first);
    EXPECT_TRUE(first->alarms.empty());
    auto second = spc_->ingest(engineer_, c.id, batch_of({10.5, 10.5, 10.5, 10.5, 9.0, 13.5}), std::nullopt, "test", false);
    ASSERT_TRUE(second);
    ASSERT_EQ(second->alarms.size(), 2u);
    EXPECT_EQ(*second->alarms[0].point, 8) << "the ninth point in a row above the center";
    EXPECT_EQ(*second->alarms[0].rules, "2");
    EXPECT_EQ(*second->alarms[1].point, 10);
    EXPECT_EQ(*second->alarms[1].rules, "1") << "13.5 is 3.5 sigma above the center";
}

// A run that goes on is one alarm, not one per point; a new run after a break is a new alarm; every point
// beyond 3 sigma is its own alarm.
TEST_F(SpcServiceTest, ARunThatGoesOnRaisesOneAlarmAndEveryPointBeyondTheLimitsItsOwn) {
    auto c = make(1, 25);
    ASSERT_TRUE(spc_->freeze_limits(engineer_, c.id, 10.0, 1.0, "historical capability study"));
    auto run = spc_->ingest(engineer_, c.id, batch_of({10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5,
                                                       10.5, 9.5, 13.5, 13.5}),
                            std::nullopt, "test", false);
    ASSERT_TRUE(run);
    ASSERT_EQ(run->alarms.size(), 3u);
    EXPECT_EQ(*run->alarms[0].point, 8);
    EXPECT_EQ(*run->alarms[0].rules, "2") << "points 9 to 11 continue the same run";
    EXPECT_EQ(*run->alarms[1].point, 13);
    EXPECT_EQ(*run->alarms[2].point, 14);
    EXPECT_EQ(*run->alarms[2].rules, "1,5") << "second point beyond 3 sigma; also 2 of 3 beyond 2 sigma";
    auto chart = spc_->chart(engineer_, c.id, 100);
    ASSERT_TRUE(chart);
    EXPECT_NE(chart->chart.primary.violations[10], 0) << "the chart still marks every point of the run";
}

TEST_F(SpcServiceTest, ValuesOutsideTheSpecificationAreAlarmsEvenWithoutLimits) {
    CharacteristicInput in;
    in.line_id = line_id_;
    in.code = "bore";
    in.feature = "bore";
    in.lsl = 24.99;
    in.usl = 25.01;
    auto c = spc_->create_characteristic(engineer_, in);
    ASSERT_TRUE(c);
    auto out = spc_->ingest(engineer_, c->id, batch_of({25.0, 25.02, 24.98}), std::nullopt, "test", false);
    ASSERT_TRUE(out);
    ASSERT_EQ(out->alarms.size(), 2u);
    EXPECT_EQ(*out->alarms[0].rules, "spec");
    EXPECT_EQ(*out->alarms[0].point, 1);
    EXPECT_EQ(*out->alarms[1].point, 2);
}

TEST_F(SpcServiceTest, ARetriedBatchIsStoredOnceAndAnsweredTheSame) {
    auto c = make(1, 25);
    auto first = spc_->ingest(engineer_, c.id, batch_of({1, 2, 3}), std::string("batch-17"), "http", false);
    auto again = spc_->ingest(engineer_, c.id, batch_of({1, 2, 3}), std::string("batch-17"), "http", false);
    ASSERT_TRUE(first && again);
    EXPECT_FALSE(first->replayed);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(first->response, again->response);
    EXPECT_EQ(*db_->spc().count_measurements(c.id), 3);
    auto other = spc_->ingest(engineer_, c.id, batch_of({4}), std::string("batch-18"), "http", false);
    ASSERT_TRUE(other);
    EXPECT_EQ(other->first_seq, 3);
}

TEST_F(SpcServiceTest, BadValuesAreReportedByIndexAndTheGoodOnesKeptUnlessAtomic) {
    auto c = make(1, 25);
    ingest::IncomingBatch batch = batch_of({1.0, std::numeric_limits<double>::quiet_NaN(), 3.0});
    batch.errors.push_back({3, "value", "'value' is a string, not a number"});  // as the payload parser reports
    auto atomic = spc_->ingest(engineer_, c.id, batch, std::nullopt, "http", true);
    ASSERT_FALSE(atomic);
    EXPECT_EQ(atomic.error().field, "values[1].value");
    EXPECT_EQ(*db_->spc().count_measurements(c.id), 0) << "atomic: nothing stored";
    auto partial = spc_->ingest(engineer_, c.id, batch, std::nullopt, "http", false);
    ASSERT_TRUE(partial);
    EXPECT_EQ(partial->accepted, 2u);
    ASSERT_EQ(partial->rejected.size(), 2u);
    EXPECT_EQ(partial->rejected[0].index, 1u);
    EXPECT_EQ(partial->rejected[1].index, 3u);
    auto stored = db_->spc().measurements(c.id, 0, 10);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 2u);
    EXPECT_EQ((*stored)[1].value, 3.0);
}

TEST_F(SpcServiceTest, ViewersCannotWriteAndOtherOrganisationsCannotSee) {
    auto c = make(1, 25);
    auto by_viewer = spc_->ingest(viewer_, c.id, batch_of({1}), std::nullopt, "http", false);
    ASSERT_FALSE(by_viewer);
    EXPECT_EQ(by_viewer.error().code, ErrorCode::kPermissionDenied);
    auto by_customer = spc_->read_characteristic(customer_, c.id, "chart");
    ASSERT_FALSE(by_customer);
    EXPECT_EQ(by_customer.error().code, ErrorCode::kNotFound);
    auto into_other = spc_->ingest(customer_, c.id, batch_of({1}), std::nullopt, "http", false);
    ASSERT_FALSE(into_other);
}

TEST_F(SpcServiceTest, GrantsGiveReadAccessUntilRevokedOrExpiredAndEveryReadIsLogged) {
    auto c = make(1, 25);
    auto other = make(1, 25, "bore");
    auto by_engineer = spc_->create_grant(engineer_, customer_.org_id, std::nullopt, c.id, "2026-12-31T00:00:00.000Z");
    ASSERT_FALSE(by_engineer);
    EXPECT_EQ(by_engineer.error().code, ErrorCode::kPermissionDenied);
    auto past = spc_->create_grant(admin_, customer_.org_id, std::nullopt, c.id, "2026-01-01T00:00:00.000Z");
    ASSERT_FALSE(past);
    EXPECT_EQ(past.error().field, "expires_at");
    auto grant = spc_->create_grant(admin_, customer_.org_id, std::nullopt, c.id, "2026-12-31T00:00:00.000Z");
    ASSERT_TRUE(grant) << grant.error().message;

    ASSERT_TRUE(spc_->read_characteristic(customer_, c.id, "chart"));
    ASSERT_TRUE(spc_->read_characteristic(customer_, c.id, "capability"));
    EXPECT_FALSE(spc_->read_characteristic(customer_, other.id, "chart")) << "only the granted characteristic";
    auto listed = spc_->list_characteristics(customer_);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().grant_id, grant->id);
    EXPECT_EQ(*spc_->grant_access_count(admin_, grant->id), 2);
    EXPECT_TRUE(spc_->may_see(customer_.org_id, engineer_.org_id, c.id));
    EXPECT_EQ(spc_->grant_state(*grant), "active");

    now_.store(now_.load() + 24h * 40);  // past 2026-12-31
    EXPECT_FALSE(spc_->read_characteristic(customer_, c.id, "chart")) << "expired";
    EXPECT_FALSE(spc_->may_see(customer_.org_id, engineer_.org_id, c.id));
    EXPECT_EQ(spc_->grant_state(*grant), "expired");
    now_.store(now_.load() - 24h * 40);
    ASSERT_TRUE(spc_->revoke_grant(admin_, grant->id));
    auto revoked = spc_->list_grants(admin_);
    ASSERT_TRUE(revoked && revoked->size() == 1u);
    EXPECT_EQ(spc_->grant_state(revoked->front()), "revoked");
    auto after = spc_->read_characteristic(customer_, c.id, "chart");
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(spc_->list_characteristics(customer_)->empty());
}

TEST_F(SpcServiceTest, ALineGrantCoversEveryCharacteristicOfThatLineAndNoOtherLine) {
    auto raceway = make(1, 25);
    auto bore = make(1, 25, "bore");
    auto plant = spc_->list_plants(engineer_);
    ASSERT_TRUE(plant && plant->size() == 1u);
    auto line7 = spc_->create_line(engineer_, plant->front().id, "grind-7", "Grinding line 7");
    ASSERT_TRUE(line7) << line7.error().message;
    CharacteristicInput od;
    od.line_id = line7->id;
    od.code = "od";
    od.feature = "outside diameter";
    auto other_line = spc_->create_characteristic(engineer_, od);
    ASSERT_TRUE(other_line) << other_line.error().message;

    // A line of another organisation cannot be granted: it is "not found", as every foreign object.
    auto foreign = spc_->create_grant(customer_, engineer_.org_id, line_id_, std::nullopt, "2026-12-31T00:00:00.000Z");
    ASSERT_FALSE(foreign);
    auto grant = spc_->create_grant(admin_, customer_.org_id, line_id_, std::nullopt, "2026-12-31T00:00:00.000Z");
    ASSERT_TRUE(grant) << grant.error().message;

    auto listed = spc_->list_characteristics(customer_);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2u);  // raceway and bore of grind-3, not od of grind-7
    for (const auto& access : *listed) {
        EXPECT_EQ(access.characteristic.line_id, line_id_);
        EXPECT_EQ(access.grant_id, grant->id);
    }
    EXPECT_TRUE(spc_->read_characteristic(customer_, raceway.id, "chart"));
    EXPECT_TRUE(spc_->read_characteristic(customer_, bore.id, "chart"));
    auto refused = spc_->read_characteristic(customer_, other_line->id, "chart");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(spc_->may_see(customer_.org_id, engineer_.org_id, bore.id));
    EXPECT_FALSE(spc_->may_see(customer_.org_id, engineer_.org_id, other_line->id));

    // A characteristic added to the granted line later is covered by the same grant.
    auto later = make(1, 25, "width");
    EXPECT_TRUE(spc_->read_characteristic(customer_, later.id, "chart"));
    EXPECT_EQ(*spc_->grant_access_count(admin_, grant->id), 3);  // three reads through the line grant

    ASSERT_TRUE(spc_->revoke_grant(admin_, grant->id));
    EXPECT_TRUE(spc_->list_characteristics(customer_)->empty());
}

TEST_F(SpcServiceTest, ToolChangesAreEventsAtTheNextPointWithWhoAndWhen) {
    auto c = make(1, 25);
    ASSERT_TRUE(spc_->ingest(engineer_, c.id, batch_of({1, 2, 3}), std::nullopt, "test", false));
    auto bad = spc_->record_event(engineer_, c.id, "lunch", "x");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "kind");
    EXPECT_FALSE(spc_->record_event(viewer_, c.id, "note", "x")) << "viewers do not write";
    auto e = spc_->record_event(engineer_, c.id, "tool_change", "wheel dressed");
    ASSERT_TRUE(e) << e.error().message;
    EXPECT_EQ(*e->point, 3);
    EXPECT_EQ(*e->user_id, engineer_.user_id);
    auto log = spc_->events(engineer_, c.id, "tool_change", 10);
    ASSERT_TRUE(log);
    ASSERT_EQ(log->size(), 1u);
    EXPECT_EQ(log->front().message, "wheel dressed");
}

TEST_F(SpcServiceTest, AlarmsAreAcknowledgedOnceWithCauseAndAction) {
    auto c = make(1, 25);
    ASSERT_TRUE(spc_->freeze_limits(engineer_, c.id, 0.0, 1.0, "study"));
    auto out = spc_->ingest(engineer_, c.id, batch_of({5.0}), std::nullopt, "test", false);
    ASSERT_TRUE(out);
    ASSERT_EQ(out->alarms.size(), 1u);
    const std::int64_t alarm = out->alarms[0].id;
    EXPECT_FALSE(spc_->acknowledge(engineer_, alarm, "", "dressed the wheel")) << "a cause is required";
    auto ack = spc_->acknowledge(engineer_, alarm, "wheel loaded", "dressed the wheel");
    ASSERT_TRUE(ack) << ack.error().message;
    EXPECT_EQ(*ack->user_id, engineer_.user_id);
    auto twice = spc_->acknowledge(engineer_, alarm, "again", "again");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
    auto open = spc_->alarms(engineer_, true, 10);
    ASSERT_TRUE(open);
    EXPECT_TRUE(open->empty());
    auto all = spc_->alarms(engineer_, false, 10);
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ(*all->front().second->cause, "wheel loaded");
}

}  // namespace
}  // namespace yandian::app
