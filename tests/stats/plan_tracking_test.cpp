// Plan tracking against hand-checked numbers. Growth rates are worked out in the comments from the plan's printed
// figures (data/plan/*.csv, lines of the plans' text named); tests/reference/plan_tracking_reference.py recomputes
// every asserted value independently (numpy/statsmodels) and printed the 10-digit figures used here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "stats/plan_tables.hpp"
#include "stats/plan_tracking.hpp"

using namespace yandian;
using namespace yandian::stats;

namespace {

const PlanTables& tables() {
    static const PlanTables t = [] {
        auto r = plan_tables();
        if (!r) throw std::runtime_error(r.error().message);
        return *r;
    }();
    return t;
}

const PlanTargetRow& target(const std::string& key) {
    const auto& rows = tables().targets;
    auto it = std::find_if(rows.begin(), rows.end(), [&](const PlanTargetRow& r) { return r.key == key; });
    if (it == rows.end()) throw std::runtime_error("no target " + key);
    return *it;
}

std::vector<GroupMember> group(const std::string& name) {
    std::vector<GroupMember> out;
    for (const EnterpriseTargetRow& r : tables().enterprise_targets) {
        if (r.group == name) out.push_back(GroupMember{spec_of(r), {}});
    }
    return out;
}

bool mentions(const Progress& p, const std::string& text) {
    return std::any_of(p.reasons.begin(), p.reasons.end(),
                       [&](const std::string& r) { return r.find(text) != std::string::npos; });
}

}  // namespace

TEST(PlanTables, BundledTablesHoldThePlansFigures) {
    // 42 Linqing targets (targets.csv of the extraction, scope linqing); 2 tables of 10 enterprises.
    EXPECT_EQ(tables().targets.size(), 42U);
    EXPECT_EQ(tables().enterprise_targets.size(), 20U);
    const PlanTargetRow& above = target("bearing.above_size_firms");  // line 1136; baseline line 20
    EXPECT_EQ(above.indicator_zh, "规模以上企业");
    EXPECT_EQ(above.line, 1136);
    EXPECT_EQ(above.baseline_year, 2020);
    EXPECT_EQ(above.baseline_value, 55.0);
    EXPECT_EQ(above.target_low, 100.0);
    const EnterpriseTargetRow& first = tables().enterprise_targets.front();  // line 1155: 宇捷 10876 -> 50000 万元
    EXPECT_EQ(first.name_zh, "山东省宇捷轴承制造有限公司");
    EXPECT_EQ(first.baseline_value, 10876.0);
    EXPECT_EQ(first.target_value, 50000.0);
    EXPECT_EQ(first.unit, "万元");
}

TEST(PlanTables, ReadersNameABadCell) {
    auto bad = read_enterprise_targets(
        "key,plan,group,table_zh,rank,name_zh,label_en,metric_zh,unit,baseline_year,baseline_value,baseline_line,"
        "target_year,target_value,target_line,line\n"
        "k,bearing,key,t,1,n,l,m,万元,2020,abc,1,2025,5,1,1\n");
    ASSERT_FALSE(bad.has_value());
    EXPECT_NE(bad.error().message.find("enterprise_targets"), std::string::npos) << bad.error().message;
    EXPECT_NE(bad.error().message.find("line 2"), std::string::npos) << bad.error().message;
    EXPECT_EQ(bad.error().field, "baseline_value");
}

TEST(PlanTracking, KeyEnterprisesAsAGroup) {
    // 重点企业十强 (lines 1142-1227), 2020 bearing-business revenue in 万元:
    //   10876 + 7600 + 7231 + 5695 + 3555 + 7342 + 4221 + 2169 + 3146 + 2969 = 54804
    // 2025 targets: 50000 + 40000 + 20000 + 12000 + 10000 + 9000 + 8000 + 7000 + 5000 + 5000 = 166000
    // required growth = (166000 / 54804)^(1/5) - 1 = 3.028976^(0.2) - 1; ln 3.028976 = 1.108229, / 5 = 0.221646,
    // e^0.221646 = 1.248128: 24.81 % a year.
    auto total = sum_group(group("key"));
    ASSERT_TRUE(total.has_value()) << total.error().message;
    EXPECT_DOUBLE_EQ(*total->spec.baseline_value, 54804.0);
    EXPECT_DOUBLE_EQ(*total->spec.target_low, 166000.0);
    const Progress p = track(total->spec, total->actuals);
    ASSERT_TRUE(p.required_cagr_low.has_value());
    EXPECT_NEAR(*p.required_cagr_low, 0.2481281149, 1e-9);
    EXPECT_EQ(p.status, TrackStatus::kNoActual);
}

TEST(PlanTracking, KeyEnterprisesOneByOne) {
    // 宇捷 10876 -> 50000: 4.597278^(0.2) - 1 = 35.68 %; 永翔 7342 -> 9000 (ranked 6th although its 2020 figure is
    // 3rd highest): 1.225824^(0.2) - 1 = 4.16 %; 蓝宇 3146 -> 5000: 1.589320^(0.2) - 1 = 9.71 %.
    const double expected[] = {0.3567510335, 0.3939566877, 0.2256495972, 0.1607468226, 0.2297931764,
                               0.0415631967, 0.1364096867, 0.2640600259, 0.0970900019, 0.1098696137};
    auto members = group("key");
    ASSERT_EQ(members.size(), 10U);
    for (std::size_t i = 0; i < members.size(); ++i) {
        const Progress p = track(members[i].spec, {});
        ASSERT_TRUE(p.required_cagr_low.has_value()) << i;
        EXPECT_NEAR(*p.required_cagr_low, expected[i], 1e-9) << "rank " << i + 1;
        EXPECT_DOUBLE_EQ(*p.required_cagr_low, *p.required_cagr_high);
    }
}

TEST(PlanTracking, HighGrowthEnterprisesAsAGroup) {
    // 高成长性企业十强 (lines 1232-1312): 2020: 3400 + 2951 + 2758 + 1470 + 1160 + 2500 + 2480 + 1000 + 700 + 780 =
    // 19199; 2025: 20000 + 15000 + 10000 + 8000 + 8000 + 5000 + 5000 + 3000 + 3000 + 3000 = 80000.
    // (80000 / 19199)^(1/5) - 1: ln 4.166884 = 1.427168, / 5 = 0.285434, e^0.285434 = 1.330339: 33.03 % a year.
    auto total = sum_group(group("high_growth"));
    ASSERT_TRUE(total.has_value()) << total.error().message;
    EXPECT_DOUBLE_EQ(*total->spec.baseline_value, 19199.0);
    EXPECT_DOUBLE_EQ(*total->spec.target_low, 80000.0);
    const Progress p = track(total->spec, {});
    EXPECT_NEAR(*p.required_cagr_low, 0.3303388551, 1e-9);
    // The two tables' targets together: 166000 + 80000 = 246000 万元 = 24.6 亿元 (README of the extraction, item 9).
    EXPECT_DOUBLE_EQ(*total->spec.target_low + *sum_group(group("key"))->spec.target_low, 246000.0);
}

TEST(PlanTracking, GroupActualsCountOnlyYearsEveryMemberReported) {
    std::vector<GroupMember> members = group("key");
    for (std::size_t i = 0; i < members.size(); ++i) members[i].actuals.push_back(Observation{2021, 1000.0 + i});
    members[3].actuals.push_back(Observation{2022, 9999});  // one member alone in 2022
    auto total = sum_group(members);
    ASSERT_TRUE(total.has_value());
    ASSERT_EQ(total->actuals.size(), 1U);
    EXPECT_EQ(total->actuals[0].year, 2021);
    EXPECT_DOUBLE_EQ(total->actuals[0].value, 10045.0);  // 10 * 1000 + (0 + 1 + ... + 9)
}

TEST(PlanTracking, FarmMachineryPartsIndustry) {
    // 农机配件产业营收规模 (line 2845): about 15 亿元 (line 2653, no year: taken as the 2020 base) to 30 亿元 in 2025.
    // Doubling in 5 years: 2^(1/5) - 1 = e^(0.693147 / 5) - 1 = e^0.138629 - 1 = 14.87 % a year.
    const PlanTargetRow& row = target("farm_machinery.parts_revenue");
    EXPECT_EQ(row.baseline_year, 2020);
    EXPECT_FALSE(row.baseline_year_basis.empty());
    const Progress p = track(spec_of(row), {});
    ASSERT_TRUE(p.required_cagr_low.has_value());
    EXPECT_NEAR(*p.required_cagr_low, 0.1486983550, 1e-9);
}

TEST(PlanTracking, StatusFollowsTheDocumentedRule) {
    // Above-size bearing firms 55 (2020) -> 100 (2025): required (100/55)^(1/5) - 1 = 12.70 %.
    const TargetSpec spec = spec_of(target("bearing.above_size_firms"));
    {
        // 72 in 2022: achieved (72/55)^(1/2) - 1 = 14.41 % >= 12.70 %: on track.
        const Observation a[] = {{2022, 72}};
        const Progress p = track(spec, a);
        EXPECT_NEAR(*p.required_cagr_low, 0.1270092021, 1e-9);
        EXPECT_NEAR(*p.achieved_cagr, std::sqrt(72.0 / 55.0) - 1, 1e-12);
        EXPECT_EQ(p.status, TrackStatus::kOnTrack);
    }
    {
        // 60 in 2021: achieved 9.09 % < 12.70 %; still needed (100/60)^(1/4) - 1 = 13.62 %, within 12.70 % x 1.5 =
        // 19.05 %: at risk.
        const Observation a[] = {{2021, 60}};
        const Progress p = track(spec, a);
        EXPECT_NEAR(*p.achieved_cagr, 60.0 / 55.0 - 1, 1e-12);
        EXPECT_NEAR(*p.needed_cagr_low, std::pow(100.0 / 60.0, 0.25) - 1, 1e-12);
        EXPECT_EQ(p.status, TrackStatus::kAtRisk);
    }
    {
        // 58, 66, 69 for 2021-2023 (66 first reported for 2023, then revised to 69): achieved (69/55)^(1/3) - 1 =
        // 7.85 %; still needed (100/69)^(1/2) - 1 = 20.39 % > 19.05 %: off track.
        const Observation a[] = {{2021, 58}, {2023, 66}, {2022, 66}, {2023, 69}};
        const Progress p = track(spec, a);
        ASSERT_TRUE(p.latest.has_value());
        EXPECT_EQ(p.latest->year, 2023);
        EXPECT_DOUBLE_EQ(p.latest->value, 69.0);
        EXPECT_NEAR(*p.achieved_cagr, 0.0785214835, 1e-9);
        EXPECT_NEAR(*p.needed_cagr_low, 0.2038585309, 1e-9);
        EXPECT_EQ(p.status, TrackStatus::kOffTrack);
        // Forecast: OLS of ln(value) on the year through 2020-2023 (55, 58, 66, 69), 95 % prediction interval
        // (statsmodels get_prediction, obs_ci): 81.96 [66.30, 101.32] in 2025.
        ASSERT_TRUE(p.forecast.has_value());
        EXPECT_EQ(p.forecast->year, 2025);
        EXPECT_EQ(p.forecast->observations, 4);
        EXPECT_NEAR(p.forecast->value, 81.9591089834, 1e-6);
        EXPECT_NEAR(*p.forecast->low, 66.3004998054, 1e-6);
        EXPECT_NEAR(*p.forecast->high, 101.3159111178, 1e-6);
    }
    {
        // The low end reached early: on track whatever the growth.
        const Observation a[] = {{2024, 101}};
        EXPECT_EQ(track(spec, a).status, TrackStatus::kOnTrack);
        // The target year passed below the low end: off track.
        const Observation b[] = {{2025, 99}};
        EXPECT_EQ(track(spec, b).status, TrackStatus::kOffTrack);
    }
}

TEST(PlanTracking, TwoPointsGiveAForecastWithoutInterval) {
    const TargetSpec spec = spec_of(target("bearing.above_size_firms"));
    const Observation a[] = {{2021, 60}};
    const Progress p = track(spec, a);
    ASSERT_TRUE(p.forecast.has_value());
    // The line through (2020, ln 55) and (2021, ln 60), carried to 2025: 55 * (60/55)^5.
    EXPECT_NEAR(p.forecast->value, 55.0 * std::pow(60.0 / 55.0, 5), 1e-9);
    EXPECT_FALSE(p.forecast->low.has_value());
    EXPECT_NE(p.forecast->method.find("at least 3"), std::string::npos);
}

TEST(PlanTracking, NotComputableSaysWhy) {
    // No baseline in the plan (250 亿元 industry sales, line 1136).
    const Progress no_base = track(spec_of(target("bearing.industry_sales")), {});
    EXPECT_FALSE(no_base.required_cagr_low.has_value());
    EXPECT_TRUE(mentions(no_base, "no baseline"));
    // ... an actual gives the growth still needed, but no status.
    const Observation a[] = {{2022, 180}};
    const Progress with_actual = track(spec_of(target("bearing.industry_sales")), a);
    EXPECT_NEAR(*with_actual.needed_cagr_low, std::cbrt(250.0 / 180.0) - 1, 1e-12);
    EXPECT_EQ(with_actual.status, TrackStatus::kNotComputable);
    EXPECT_FALSE(with_actual.achieved_cagr.has_value());
    // The source is inconsistent (market turnover target 200 not above the stated 超200亿元).
    const Progress market = track(spec_of(target("bearing.market_sales")), {});
    EXPECT_EQ(market.status, TrackStatus::kNotComputable);
    EXPECT_FALSE(market.required_cagr_low.has_value());
    EXPECT_TRUE(mentions(market, "inconsistent"));
    // Qualitative target (provincial brand firms: baseline 1, no number to reach).
    const Progress brands = track(spec_of(target("textile.provincial_brands")), {});
    EXPECT_EQ(brands.status, TrackStatus::kNotComputable);
    EXPECT_TRUE(mentions(brands, "no numeric target"));
    // No target year (technology reserve of 3-5 years).
    EXPECT_TRUE(mentions(track(spec_of(target("bearing.technology_reserve")), {}), "no target year"));
    // A baseline of zero (a new engine maker, 0 -> 1) is an addition: no growth rate.
    const Progress engine = track(spec_of(target("farm_machinery.engine_maker")), {});
    EXPECT_FALSE(engine.required_cagr_low.has_value());
    EXPECT_TRUE(mentions(engine, "additions"));
    TargetSpec zero = spec_of(target("bearing.above_size_firms"));
    zero.baseline_value = 0;
    EXPECT_TRUE(mentions(track(zero, {}), "not defined"));
}

TEST(PlanTracking, GrowthInputsAreChecked) {
    EXPECT_NEAR(*compound_growth(15, 30, 5), std::pow(2.0, 0.2) - 1, 1e-15);
    EXPECT_FALSE(compound_growth(0, 30, 5).has_value());
    EXPECT_FALSE(compound_growth(15, 30, 0).has_value());
    EXPECT_FALSE(compound_growth(15, -1, 5).has_value());
    const Observation one[] = {{2020, 5}};
    EXPECT_FALSE(log_linear_forecast(one, 2025).has_value());
    const Observation nonpositive[] = {{2020, 5}, {2021, 0}};
    EXPECT_FALSE(log_linear_forecast(nonpositive, 2025).has_value());
}
