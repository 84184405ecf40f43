// CreditService over a real SQLite store with a settable clock: the quality figures of a manufacturer's report come
// from its SPC characteristics (Cpk over the latest values, chart points and alarms of the period), and a lender
// without a live consent gets exactly what an absent organisation gets.
#include "app/credit/credit_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "../store/temp_dir.hpp"
#include "app/accounts.hpp"
#include "app/live_hub.hpp"
#include "app/market_service.hpp"
#include "app/spc_service.hpp"
#include "app/utc_time.hpp"
#include "store/database.hpp"

namespace yandian::app {
namespace {

using namespace std::chrono;

TimePoint day(int y, unsigned m, unsigned d, int hour = 0) {
    return sys_days{year{y} / month{m} / d} + hours(hour);
}

std::int64_t ms(TimePoint t) { return duration_cast<milliseconds>(t.time_since_epoch()).count(); }

class CreditServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = store::Database::open("sqlite:" + dir_.file("credit.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        db_ = std::move(*opened);
        AccountOptions cheap;
        cheap.argon2_time_cost = 1;
        cheap.argon2_memory_kib = 64;
        Clock clock = [this] { return now_.load(); };
        accounts_ = std::make_unique<AccountService>(*db_, cheap, clock);
        spc_ = std::make_unique<SpcService>(*db_, hub_, clock);
        market_ = std::make_unique<MarketService>(*db_, clock);
        CreditOptions options;
        options.operator_name = "Example Credit Agency (filed)";
        credit_ = std::make_unique<CreditService>(*db_, *market_, *spc_, clock, options);
        now_ = day(2026, 1, 5);
        auto works = accounts_->create_organisation("Linqing Bearing Works", OrgKind::kManufacturer);
        auto bank = accounts_->create_organisation("Rural Bank", OrgKind::kLender);
        ASSERT_TRUE(works && bank);
        works_ = works->id;
        engineer_ = principal(works_, "eng", Role::kEngineer);
        admin_ = principal(works_, "boss", Role::kAdmin);
        officer_ = principal(bank->id, "officer", Role::kViewer);
        auto plant = spc_->create_plant(engineer_, "Plant 1");
        ASSERT_TRUE(plant);
        auto line = spc_->create_line(engineer_, plant->id, "grind-3", "Grinding line 3");
        ASSERT_TRUE(line);
        line_id_ = line->id;
    }

    Principal principal(std::int64_t org, const std::string& login, Role role) {
        auto user = accounts_->create_user(org, login, "a-long-password", role, login);
        EXPECT_TRUE(user) << user.error().message;
        return Principal{user->id, org, role, login, std::nullopt};
    }

    store::CharacteristicRecord make(const std::string& code) {
        CharacteristicInput in;
        in.line_id = line_id_;
        in.code = code;
        in.part_number = "6205-IR";
        in.feature = code;
        in.nominal = 25.0;
        in.lsl = 24.99;
        in.usl = 25.01;
        in.subgroup_size = 1;
        in.phase1_subgroups = 25;
        auto c = spc_->create_characteristic(engineer_, in);
        EXPECT_TRUE(c) << c.error().message;
        return c.value_or(store::CharacteristicRecord{});
    }

    // Ingests `values` at `at` (the clock), each value taken one minute after the previous from `taken`.
    void ingest(const store::CharacteristicRecord& c, const std::vector<double>& values, TimePoint at,
                TimePoint taken) {
        now_ = at;
        ingest::IncomingBatch batch;
        for (std::size_t i = 0; i < values.size(); ++i) {
            ingest::IncomingValue v;
            v.value = values[i];
            v.time_ms = ms(taken + minutes(static_cast<int>(i)));
            batch.values.push_back(v);
        }
        auto out = spc_->ingest(engineer_, c.id, batch, std::nullopt, "test", false);
        ASSERT_TRUE(out) << out.error().message;
    }

    static const nlohmann::json& figure(const nlohmann::json& report, const std::string& key) {
        for (const auto& f : report.at("figures")) {
            if (f.at("key") == key) return f;
        }
        ADD_FAILURE() << "no figure " << key;
        static const nlohmann::json none;
        return none;
    }

    yandian::testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    LiveHub hub_;
    std::atomic<TimePoint> now_{TimePoint{}};
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<SpcService> spc_;
    std::unique_ptr<MarketService> market_;
    std::unique_ptr<CreditService> credit_;
    Principal engineer_, admin_, officer_;
    std::int64_t works_ = 0;
    std::int64_t line_id_ = 0;
};

TEST_F(CreditServiceTest, QualityFiguresComeFromTheCharacteristics) {
    // od: 32 values 25.000, 25.002, 25.002, 25.000, ... taken in February. Moving ranges: 16 of 0.002 and 15 of 0, so
    // MRbar = 0.032 / 31 and sigma within = MRbar / d2(2), d2(2) = 2/sqrt(pi) = 1.1283791671 (AIAG SPC manual, Appendix
    // E); mean 25.001, so Cpk = (25.01 - 25.001) / (3 sigma) = 0.009 / (3 * 0.032 / 31 / 1.1283791671) = 3.278...
    auto od = make("od");
    std::vector<double> pattern;
    for (int i = 0; i < 8; ++i) pattern.insert(pattern.end(), {25.000, 25.002, 25.002, 25.000});
    ingest(od, pattern, day(2026, 2, 10), day(2026, 2, 10));
    // bore: 30 values in control in February and one far out of specification (an alarm raised on 2026-02-11), then
    // 10 values taken and ingested in April (the incomplete month of the report date: neither points nor alarms
    // count).
    auto bore = make("bore");
    std::vector<double> feb;
    for (int i = 0; i < 30; ++i) feb.push_back(25.0 + 0.001 * ((i * 7) % 5 - 2));
    ingest(bore, feb, day(2026, 2, 10), day(2026, 2, 10));
    ingest(bore, {25.2}, day(2026, 2, 11), day(2026, 2, 11));
    ingest(bore, {25.0, 25.001, 24.999, 25.0, 25.3, 25.0, 25.001, 24.999, 25.0, 25.0}, day(2026, 4, 10),
           day(2026, 4, 10));

    now_ = day(2026, 4, 20, 8);
    auto report = credit_->own_report(admin_);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->at("operator"), "Example Credit Agency (filed)");
    EXPECT_EQ(report->at("period").at("from"), "2026-01");
    EXPECT_EQ(report->at("period").at("to"), "2026-03");
    const double sigma = 0.032 / 31.0 / 1.1283791671;
    EXPECT_NEAR(figure(*report, "quality.cpk.od").at("value").get<double>(), 0.009 / (3.0 * sigma), 1e-6);

    // Alarm rates: the alarms the SPC context raised in the period, per 100 points taken in the period
    // (od: 32 points, bore: 31; the April points and alarms are outside).
    auto alarms = spc_->alarms(admin_, false, 1000);
    ASSERT_TRUE(alarms);
    std::map<std::int64_t, int> in_period;
    int april = 0;
    for (const auto& [alarm, ack] : *alarms) {
        if (alarm.at < "2026-04-01") {
            ++in_period[alarm.characteristic_id.value()];
        } else {
            ++april;
        }
    }
    ASSERT_GE(in_period[bore.id], 1) << "25.2 is outside the specification and the limits";
    ASSERT_GE(april, 1) << "25.3 raises an alarm in April";
    EXPECT_NEAR(figure(*report, "quality.alarm_rate.bore").at("value").get<double>(), 100.0 * in_period[bore.id] / 31,
                1e-9);
    EXPECT_NEAR(figure(*report, "quality.alarm_rate.od").at("value").get<double>(), 100.0 * in_period[od.id] / 32,
                1e-9);
    EXPECT_NEAR(figure(*report, "quality.alarm_rate").at("value").get<double>(),
                100.0 * (in_period[od.id] + in_period[bore.id]) / 63, 1e-9);
    // A manufacturer without market sales: the sales figures say why there is no value.
    EXPECT_TRUE(figure(*report, "sales.trend_pct_per_month").at("value").is_null());
    EXPECT_DOUBLE_EQ(figure(*report, "sales.turnover_total").at("value").get<double>(), 0.0);
}

TEST_F(CreditServiceTest, WithoutConsentTheLenderLearnsNothingAndNothingIsLogged) {
    now_ = day(2026, 4, 20);
    auto hidden = credit_->report_for_lender(officer_, works_);
    auto absent = credit_->report_for_lender(officer_, 424242);
    ASSERT_FALSE(hidden);
    ASSERT_FALSE(absent);
    EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(hidden.error().field, absent.error().field);
    auto granted = credit_->grant_consent(admin_, officer_.org_id, "loan_monitoring", std::nullopt, "2026-07-01");
    ASSERT_TRUE(granted) << granted.error().message;
    // An engineer of the firm may not grant; the lender may not grant on the firm's behalf.
    EXPECT_EQ(credit_->grant_consent(engineer_, officer_.org_id, "loan_monitoring", std::nullopt, "2026-07-01")
                  .error()
                  .code,
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(credit_->grant_consent(officer_, officer_.org_id, "loan_monitoring", std::nullopt, "2026-07-01")
                  .error()
                  .code,
              ErrorCode::kPermissionDenied);
    now_ = day(2026, 4, 21);
    ASSERT_TRUE(credit_->report_for_lender(officer_, works_));
    // After the consent's end the lender sees nothing again.
    now_ = day(2026, 7, 1);
    EXPECT_EQ(credit_->report_for_lender(officer_, works_).error().code, ErrorCode::kNotFound);
    auto log = credit_->access_log(admin_);
    ASSERT_TRUE(log);
    ASSERT_EQ(log->at("reads").size(), 1u);
    EXPECT_EQ(log->at("reads")[0].at("read_at"), "2026-04-21T00:00:00.000Z");
}

}  // namespace
}  // namespace yandian::app
