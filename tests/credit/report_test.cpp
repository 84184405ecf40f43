// The credit report of a firm and the consent rules, on figures computed by hand (each test says how).
#include "credit/report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "credit/consent.hpp"

namespace yandian::credit {
namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
// Day numbers since 1970-01-01: 2026-01-01 is day 20454 (56 years of 365 days + 14 leap days 1972..2024).
constexpr std::int64_t k20260101 = 20454;
constexpr std::int64_t k20260110 = k20260101 + 9;
constexpr std::int64_t k20260415 = k20260101 + 31 + 28 + 31 + 14;  // day 20558
constexpr int kJan2026 = 2026 * 12;                                // month index of 2026-01

ReportInput three_months() {
    ReportInput in;
    in.firm_org_id = 7;
    in.firm_name = "Linqing Star Bearings";
    in.firm_kind = "merchant";
    in.operator_name = "Example Enterprise Credit Co. (filed)";
    in.platform_since_ms = k20260110 * kDay + 3600 * 1000;  // 2026-01-10T01:00Z
    in.as_of_ms = k20260415 * kDay + 12 * 3600 * 1000;      // 2026-04-15T12:00Z
    // Turnover 100, 200 and 400 yuan in Jan, Feb and Mar 2026; Feb split 150 offline + 50 online; one sale in April
    // (the incomplete month of the report date) and one in 2025 (before joining) that must not count.
    in.sales = {{kJan2026, "offline", 10000, 2},     {kJan2026 + 1, "offline", 15000, 3},
                {kJan2026 + 1, "online", 5000, 1},   {kJan2026 + 2, "export", 40000, 4},
                {kJan2026 + 3, "offline", 99999, 9}, {kJan2026 - 1, "offline", 77777, 1}};
    return in;
}

TEST(CreditReport, SalesFiguresByHand) {
    auto r = build_report(three_months());
    ASSERT_TRUE(r) << r.error().message;
    // Period: 12 months before April 2026, clipped at the joining month January 2026 -> 2026-01..2026-03.
    ASSERT_TRUE(r->first_month);
    EXPECT_EQ(month_text(*r->first_month), "2026-01");
    EXPECT_EQ(month_text(*r->last_month), "2026-03");
    ASSERT_EQ(r->turnover.size(), 3u);
    EXPECT_EQ(r->turnover[1].value_fen, 20000);
    EXPECT_EQ(r->turnover[1].transactions, 4);

    EXPECT_DOUBLE_EQ(find_figure(*r, "sales.turnover_total")->value.value(), 70000.0);  // 100 + 200 + 400 yuan
    EXPECT_DOUBLE_EQ(find_figure(*r, "sales.months_active")->value.value(), 3.0);
    // ln(turnover) rises by exactly ln 2 per month, so b = ln 2 and 100 (e^b - 1) = 100 % per month.
    EXPECT_NEAR(find_figure(*r, "sales.trend_pct_per_month")->value.value(), 100.0, 1e-9);
    // Mean 233.33, deviations -133.33, -33.33, 166.67: variance 46666.67 / 2 = 23333.33, CV^2 = 23333.33 / 54444.44
    // = 3/7, so CV = sqrt(3/7) = 0.654653670707977.
    EXPECT_NEAR(find_figure(*r, "sales.stability_cv")->value.value(), std::sqrt(3.0 / 7.0), 1e-12);
    // Shares: offline 100 + 150 = 250 of 700, online 50, export 400.
    EXPECT_NEAR(find_figure(*r, "sales.channel_share.offline")->value.value(), 100.0 * 250 / 700, 1e-12);
    EXPECT_NEAR(find_figure(*r, "sales.channel_share.online")->value.value(), 100.0 * 50 / 700, 1e-12);
    EXPECT_NEAR(find_figure(*r, "sales.channel_share.export")->value.value(), 100.0 * 400 / 700, 1e-12);
    // 2026-01-10T01:00 to 2026-04-15T12:00: 21 + 28 + 31 + 15 days, less the hour offset -> 95 whole days.
    EXPECT_DOUBLE_EQ(find_figure(*r, "platform.days")->value.value(), 95.0);
    for (const auto& f : r->figures) {
        EXPECT_FALSE(f.source.empty()) << f.key;
        if (f.key.starts_with("sales.")) {
            EXPECT_EQ(f.period, "2026-01..2026-03") << f.key;
        }
    }
    auto j = to_json(*r);
    EXPECT_EQ(j["operator"], "Example Enterprise Credit Co. (filed)");
    EXPECT_EQ(j["turnover_by_month"][2]["turnover_yuan"], "400.00");
    EXPECT_EQ(j["as_of"], "2026-04-15");
}

TEST(CreditReport, TrendOfAGeometricDeclineOverGaps) {
    // Turnover 800, -, 200 and 100 yuan in months 0, 2, 3 (month 1 without sales): ln values 800 -> 100 fall by
    // ln 8 over 3 months on a straight line only if the points lie on one; they do not (ln 200 - ln 800 = -2 ln 2 over
    // 2 months, ln 100 - ln 200 = -ln 2 over 1): x = 0, 2, 3, y = ln 800, ln 200, ln 100. x mean 5/3, Sxx = 14/3;
    // Sxy = -(5/3) ln 800 + (1/3) ln 200 + (4/3) ln 100 = (1/3)(-5 ln 8 - 5 ln 100 + ln 2 + ln 100 + 4 ln 100)
    //     = (1/3)(-15 ln 2 + ln 2) = -14/3 ln 2 -> b = -ln 2, 100 (e^b - 1) = -50 % per month.
    ReportInput in = three_months();
    in.as_of_ms = (k20260101 + 31 + 28 + 31 + 30 + 2) * kDay;  // 2026-05-03
    in.sales = {{kJan2026, "offline", 80000, 1}, {kJan2026 + 2, "offline", 20000, 1}, {kJan2026 + 3, "offline", 10000, 1}};
    auto r = build_report(in);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_NEAR(find_figure(*r, "sales.trend_pct_per_month")->value.value(), -50.0, 1e-9);
    EXPECT_DOUBLE_EQ(find_figure(*r, "sales.months_active")->value.value(), 3.0);
    // CV over the 4 months 800, 0, 200, 100: mean 275, squared deviations 275625, 75625, 5625, 30625 -> sum 387500,
    // variance 129166.67, sd 359.398, CV 1.306902.
    EXPECT_NEAR(find_figure(*r, "sales.stability_cv")->value.value(), std::sqrt(387500.0 / 3.0) / 275.0, 1e-12);
}

TEST(CreditReport, FiguresThatCannotBeComputedSayWhy) {
    ReportInput in = three_months();
    in.sales = {{kJan2026 + 1, "offline", 5000, 1}};
    auto r = build_report(in);
    ASSERT_TRUE(r);
    const Figure* trend = find_figure(*r, "sales.trend_pct_per_month");
    ASSERT_NE(trend, nullptr);
    EXPECT_FALSE(trend->value);
    EXPECT_NE(trend->reason.find("at least 3 months"), std::string::npos) << trend->reason;
    // No characteristics: the quality figures have no value and say so.
    const Figure* capable = find_figure(*r, "quality.capable_share");
    ASSERT_NE(capable, nullptr);
    EXPECT_FALSE(capable->value);
    EXPECT_NE(capable->reason.find("no characteristics"), std::string::npos);
    auto j = to_json(*r);
    for (const auto& f : j["figures"]) {
        if (f["value"].is_null()) {
            EXPECT_FALSE(f["reason"].get<std::string>().empty()) << f.dump();
        }
    }

    // Joined this month: no complete month, so no period and no sales figure.
    in.platform_since_ms = (k20260415 - 3) * kDay;
    auto fresh = build_report(in);
    ASSERT_TRUE(fresh);
    EXPECT_FALSE(fresh->first_month);
    EXPECT_FALSE(find_figure(*fresh, "sales.turnover_total")->value);
    EXPECT_DOUBLE_EQ(find_figure(*fresh, "platform.days")->value.value(), 3.0);

    // Bad input is named.
    in.window_months = 0;
    auto bad = build_report(in);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "months");
    in.window_months = 12;
    in.as_of_ms = in.platform_since_ms - 1;
    EXPECT_EQ(build_report(in).error().field, "as_of");
}

TEST(CreditReport, QualityFiguresAndTheFiveYearRule) {
    ReportInput in = three_months();
    CharacteristicQuality a;
    a.code = "od";
    a.cpk = 1.5;
    a.capability_values = 125;
    a.points_in_period = 50;
    // Two alarms in the period, one before it (2025-12-31) and one in the incomplete month of the report date.
    a.alarm_times_ms = {(k20260101 + 5) * kDay, (k20260101 + 70) * kDay, (k20260101 - 1) * kDay,
                        (k20260415 - 2) * kDay};
    CharacteristicQuality b;
    b.code = "width";
    b.capability_reason = "too few values";
    b.points_in_period = 0;
    CharacteristicQuality c;
    c.code = "bore";
    c.cpk = 1.0;
    c.points_in_period = 150;
    in.quality = {a, b, c};
    auto r = build_report(in);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_DOUBLE_EQ(find_figure(*r, "quality.cpk.od")->value.value(), 1.5);
    EXPECT_EQ(find_figure(*r, "quality.cpk.width")->reason, "too few values");
    // 2 alarms / 50 points = 4 per 100 points; width has no point; overall 2 / 200 = 1 per 100.
    EXPECT_DOUBLE_EQ(find_figure(*r, "quality.alarm_rate.od")->value.value(), 4.0);
    EXPECT_FALSE(find_figure(*r, "quality.alarm_rate.width")->value);
    EXPECT_DOUBLE_EQ(find_figure(*r, "quality.alarm_rate")->value.value(), 1.0);
    // One of the two characteristics with a Cpk reaches 1.33.
    EXPECT_DOUBLE_EQ(find_figure(*r, "quality.capable_share")->value.value(), 50.0);

    // Five years: with a 60-month period back to 2021-04, an alarm of 2021-04-10 is more than 1826.25 days before
    // 2026-04-15T12:00 (2021-04-15T06:00 is the limit) and is dropped; one of 2021-04-20 counts.
    ReportInput old = three_months();
    old.window_months = 60;
    old.platform_since_ms = 0;
    CharacteristicQuality d;
    d.code = "od";
    d.cpk = 2.0;
    d.points_in_period = 100;
    const std::int64_t k20210401 = k20260101 - 365 * 5 - 1 + 31 + 28 + 31;  // 2021-01-01 is 1826 days before 2026-01-01
    d.alarm_times_ms = {(k20210401 + 9) * kDay, (k20210401 + 19) * kDay};
    old.quality = {d};
    auto five = build_report(old);
    ASSERT_TRUE(five);
    EXPECT_EQ(month_text(*five->first_month), "2021-04");
    EXPECT_DOUBLE_EQ(find_figure(*five, "quality.alarm_rate.od")->value.value(), 1.0);
}

TEST(CreditReport, MonthArithmetic) {
    EXPECT_EQ(month_of(0), 1970 * 12);
    EXPECT_EQ(month_of(k20260415 * kDay), kJan2026 + 3);
    EXPECT_EQ(month_of(-1), 1969 * 12 + 11);
    EXPECT_EQ(month_text(kJan2026 + 11), "2026-12");
    EXPECT_EQ(month_start_ms(kJan2026), k20260101 * kDay);
    EXPECT_EQ(month_start_ms(kJan2026 + 3), (k20260101 + 31 + 28 + 31) * kDay);  // 2026-04-01
    EXPECT_EQ(month_start_ms(1970 * 12), 0);
}

TEST(Consent, LiveOnIsHalfOpenAndEndsAtRevocation) {
    Consent c{1, 7, 9, ConsentPurpose::kCreditAssessment, 1000, 5000, std::nullopt};
    EXPECT_FALSE(live_on(c, 999));
    EXPECT_TRUE(live_on(c, 1000));
    EXPECT_TRUE(live_on(c, 4999));
    EXPECT_FALSE(live_on(c, 5000));
    c.revoked_at_ms = 3000;
    EXPECT_TRUE(live_on(c, 2999));
    EXPECT_FALSE(live_on(c, 3000));  // revoked at once: the instant of revocation is already outside
    EXPECT_FALSE(live_on(c, 4000));
}

TEST(Consent, ValidationNamesTheField) {
    Consent c{0, 7, 9, ConsentPurpose::kLoanMonitoring, 1000, 2000, std::nullopt};
    EXPECT_TRUE(validate_new_consent(c));
    Consent same = c;
    same.lender_org_id = 7;
    EXPECT_EQ(validate_new_consent(same).error().field, "lender");
    Consent backwards = c;
    backwards.valid_until_ms = 1000;
    EXPECT_EQ(validate_new_consent(backwards).error().field, "until");
    Consent too_long = c;
    too_long.valid_until_ms = c.valid_from_ms + kMaxConsentMs + 1;
    EXPECT_EQ(validate_new_consent(too_long).error().field, "until");
    EXPECT_EQ(parse_consent_purpose("marketing").error().field, "purpose");
    EXPECT_EQ(parse_consent_purpose("inventory_financing").value(), ConsentPurpose::kInventoryFinancing);
    for (auto name : consent_purpose_names()) EXPECT_EQ(to_string(parse_consent_purpose(name).value()), name);
}

TEST(Consent, LiveConsentPicksTheLatestEndingOneOfThatPair) {
    std::vector<Consent> all{{1, 7, 9, ConsentPurpose::kCreditAssessment, 0, 100, std::nullopt},
                             {2, 7, 9, ConsentPurpose::kLoanMonitoring, 0, 300, std::nullopt},
                             {3, 7, 9, ConsentPurpose::kLoanMonitoring, 0, 500, 50},
                             {4, 8, 9, ConsentPurpose::kCreditAssessment, 0, 900, std::nullopt}};
    EXPECT_EQ(live_consent(all, 7, 9, 10)->id, 3);
    EXPECT_EQ(live_consent(all, 7, 9, 60)->id, 2);
    EXPECT_FALSE(live_consent(all, 7, 9, 300));
    EXPECT_FALSE(live_consent(all, 7, 10, 10));
    EXPECT_EQ(live_consent(all, 8, 9, 10)->id, 4);
}

}  // namespace
}  // namespace yandian::credit
