// Statistical returns: the cumulative/period rule, periods, validation of a return, late reporters. Every expected
// figure below is worked by hand in the comment beside it.
#include <gtest/gtest.h>

#include <cmath>

#include "stats/indicators.hpp"
#include "stats/returns.hpp"

using namespace yandian::stats;

namespace {

IndicatorSet indicators() {
    auto set = bundled_indicators();
    EXPECT_TRUE(set.has_value()) << set.error().message;
    return *set;
}

Period month(int y, int m) { return Period{y, m}; }

}  // namespace

TEST(Returns, PeriodValuesFromCumulativeFigures) {
    // Revenue 1月 120, 1–2月 250, 1–3月 400 (万元): January alone 120 (the year starts again), February
    // 250 - 120 = 130, March 400 - 250 = 150.
    const std::vector<double> cum{120, 250, 400};
    EXPECT_EQ(period_from_cumulative(cum), (std::vector<double>{120, 130, 150}));
    // And back: 120, 120 + 130 = 250, 250 + 150 = 400.
    EXPECT_EQ(cumulative_from_period(std::vector<double>{120, 130, 150}), cum);
    // Profit with a loss in February: 1月 30, 1–2月 20 → February alone 20 - 30 = -10.
    EXPECT_EQ(period_from_cumulative(std::vector<double>{30, 20}), (std::vector<double>{30, -10}));
}

TEST(Returns, PeriodValueOfAFirmFromItsFilings) {
    const IndicatorSet set = indicators();
    const Indicator& revenue = *set.find("main_revenue");
    FiguresByPeriod f;
    f[month(2026, 1)]["main_revenue"] = 120;
    f[month(2026, 2)]["main_revenue"] = 250;
    f[month(2026, 4)]["main_revenue"] = 560;
    EXPECT_EQ(period_value(revenue, f, month(2026, 1)), 120);  // January: its cumulative figure
    EXPECT_EQ(period_value(revenue, f, month(2026, 2)), 130);  // 250 - 120
    EXPECT_FALSE(period_value(revenue, f, month(2026, 4)).has_value());  // March missing: April alone unknown
    // Employees are a level (basis period): the figure itself.
    f[month(2026, 4)]["employees"] = 85;
    EXPECT_EQ(period_value(*set.find("employees"), f, month(2026, 4)), 85);
}

TEST(Returns, Periods) {
    auto m = parse_period("2026-10");
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->year, 2026);
    EXPECT_EQ(m->month, 10);
    EXPECT_EQ(m->text(), "2026-10");
    auto y = parse_period("2026");
    ASSERT_TRUE(y.has_value());
    EXPECT_TRUE(y->annual());
    EXPECT_EQ(previous(month(2026, 1)).text(), "2025-12");
    EXPECT_EQ(previous(month(2026, 10)).text(), "2026-09");
    EXPECT_EQ(previous(*y).text(), "2025");
    for (const char* bad : {"2026-13", "2026-00", "26-10", "2026/10", "", "1900"}) {
        auto p = parse_period(bad);
        ASSERT_FALSE(p.has_value()) << bad;
        EXPECT_NE(p.error().message.find(std::string("'") + bad + "'"), std::string::npos) << p.error().message;
    }
}

TEST(Returns, IndicatorFileIsReadAndChecked) {
    const IndicatorSet set = indicators();
    EXPECT_EQ(set.version, "2026.1");
    const Indicator* revenue = set.find("main_revenue");
    ASSERT_NE(revenue, nullptr);
    EXPECT_EQ(revenue->unit, "万元");
    EXPECT_EQ(revenue->basis, Basis::kCumulative);
    EXPECT_TRUE(revenue->monotone);
    EXPECT_EQ(set.find("rd_spending")->frequency, Frequency::kAnnual);
    EXPECT_FALSE(set.find("total_profit")->monotone);

    const std::string head = "version,code,name_zh,name_en,unit,frequency,basis,monotone,min,max,max_change,note\n";
    auto bad_basis = read_indicators(head + "1,x,x,x,万元,monthly,ytd,yes,0,1,0.5,\n");
    ASSERT_FALSE(bad_basis.has_value());
    EXPECT_NE(bad_basis.error().message.find("line 2, column basis"), std::string::npos) << bad_basis.error().message;
    auto twice = read_indicators(head + "1,x,x,x,万元,monthly,period,no,0,1,0.5,\n1,x,x,x,人,monthly,period,no,0,1,0.5,\n");
    ASSERT_FALSE(twice.has_value());
    EXPECT_NE(twice.error().message.find("'x' is defined twice"), std::string::npos);
    auto range = read_indicators(head + "1,x,x,x,万元,monthly,period,no,5,1,0.5,\n");
    ASSERT_FALSE(range.has_value());
    EXPECT_NE(range.error().message.find("column min"), std::string::npos);
}

TEST(Returns, AValidReturnHasNoIssue) {
    FiguresByPeriod earlier;
    earlier[month(2026, 8)]["main_revenue"] = 800;  // 1–8月
    earlier[month(2026, 9)]["main_revenue"] = 900;  // 1–9月: September alone 100
    // 1–10月 1020: October alone 120, +20 % on September's 100 (within ±50 %).
    const std::vector<ReturnLine> lines{{"main_revenue", 1020, "万元", ""}, {"employees", 85, "人", ""}};
    EXPECT_TRUE(validate_return(indicators(), month(2026, 10), lines, earlier).empty());
}

TEST(Returns, UnknownIndicatorWrongUnitAndOutOfRangeAreRefusedNamingTheFigure) {
    const std::vector<ReturnLine> lines{{"turnover", 5, "万元", ""},
                                        {"main_revenue", 1020, "元", ""},
                                        {"employees", -3, "人", ""},
                                        {"output_value", 2e7, "万元", ""}};
    auto issues = validate_return(indicators(), month(2026, 10), lines, {});
    ASSERT_EQ(issues.size(), 4u);
    EXPECT_EQ(issues[0].message, "unknown indicator 'turnover' (figure 5 万元)");
    EXPECT_EQ(issues[1].message, "main_revenue: figure 1020 元 is not in the indicator's unit 万元");
    EXPECT_EQ(issues[2].message, "employees: figure -3 人 is outside the plausible range 0 人 to 100000 人");
    EXPECT_EQ(issues[3].line, 3u);
    EXPECT_NE(issues[3].message.find("output_value: figure 20000000 万元 is outside"), std::string::npos);
}

TEST(Returns, AFallingCumulativeFigureIsRefused) {
    FiguresByPeriod earlier;
    earlier[month(2026, 9)]["main_revenue"] = 900;
    const std::vector<ReturnLine> lines{{"main_revenue", 880, "万元", "restated"}};
    auto issues = validate_return(indicators(), month(2026, 10), lines, earlier);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].indicator, "main_revenue");
    EXPECT_NE(issues[0].message.find("cumulative figure 880 万元 for 1–10月 is lower than 900 万元 for 1–9月"),
              std::string::npos)
        << issues[0].message;
    // January starts a new year: 1月 50 after 1–12月 900 of the year before is fine.
    earlier[month(2025, 12)]["main_revenue"] = 900;
    EXPECT_TRUE(validate_return(indicators(), month(2026, 1), std::vector<ReturnLine>{{"main_revenue", 50, "万元", "x"}},
                                earlier)
                    .empty());
    // Profit may fall within a year (a month with a loss): 1–9月 30, 1–10月 25 → October alone -5; September alone is
    // unknown (August missing), so no jump check either.
    earlier[month(2026, 9)]["total_profit"] = 30;
    EXPECT_TRUE(validate_return(indicators(), month(2026, 10),
                                std::vector<ReturnLine>{{"total_profit", 25, "万元", ""}}, earlier)
                    .empty());
}

TEST(Returns, AJumpBeyondTheThresholdNeedsAReason) {
    FiguresByPeriod earlier;
    earlier[month(2026, 8)]["main_revenue"] = 800;
    earlier[month(2026, 9)]["main_revenue"] = 900;  // September alone 100
    // 1–10月 1060: October alone 160, +60 % on 100 — beyond ±50 %.
    const std::vector<ReturnLine> jump{{"main_revenue", 1060, "万元", ""}};
    auto issues = validate_return(indicators(), month(2026, 10), jump, earlier);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_NE(issues[0].message.find("160 万元, changes +60.0% from 2026-09's 100 万元"), std::string::npos)
        << issues[0].message;
    EXPECT_NE(issues[0].message.find("give a reason for the figure 1060 万元"), std::string::npos);
    // With a reason it is accepted.
    const std::vector<ReturnLine> explained{{"main_revenue", 1060, "万元", "export order delivered"}};
    EXPECT_TRUE(validate_return(indicators(), month(2026, 10), explained, earlier).empty());
    // 1–10月 1040: October alone 140, +40 %: accepted without a reason. A fall: 1–10月 940, October alone 40, -60 %.
    EXPECT_TRUE(validate_return(indicators(), month(2026, 10), std::vector<ReturnLine>{{"main_revenue", 1040, "万元", ""}},
                                earlier)
                    .empty());
    auto fall = validate_return(indicators(), month(2026, 10),
                                std::vector<ReturnLine>{{"main_revenue", 940, "万元", ""}}, earlier);
    ASSERT_EQ(fall.size(), 1u);
    EXPECT_NE(fall[0].message.find("changes -60.0%"), std::string::npos) << fall[0].message;
    // A level: employees 100 → 160 is +60 %.
    earlier[month(2026, 9)]["employees"] = 100;
    auto staff = validate_return(indicators(), month(2026, 10),
                                 std::vector<ReturnLine>{{"employees", 160, "人", ""}}, earlier);
    ASSERT_EQ(staff.size(), 1u);
    EXPECT_EQ(staff[0].indicator, "employees");
}

TEST(Returns, FrequencyAndDuplicatesAreChecked) {
    auto annual_in_month = validate_return(indicators(), month(2026, 10),
                                           std::vector<ReturnLine>{{"rd_spending", 30, "万元", ""}}, {});
    ASSERT_EQ(annual_in_month.size(), 1u);
    EXPECT_NE(annual_in_month[0].message.find("annual indicator cannot be reported for the monthly period 2026-10"),
              std::string::npos);
    auto twice = validate_return(
        indicators(), month(2026, 10),
        std::vector<ReturnLine>{{"employees", 30, "人", ""}, {"employees", 31, "人", ""}}, {});
    ASSERT_EQ(twice.size(), 1u);
    EXPECT_EQ(twice[0].line, 1u);
    EXPECT_TRUE(validate_return(indicators(), Period{2026, 0},
                                std::vector<ReturnLine>{{"rd_spending", 30, "万元", ""}}, {})
                    .empty());
}

TEST(Returns, LateReporters) {
    const std::vector<std::int64_t> expected{3, 1, 2, 4};
    const std::vector<Filing> filings{{1, "2026-11-10T08:00:00.000Z"},
                                      {2, "2026-11-16T09:00:00.000Z"},  // after the deadline
                                      {9, "2026-11-01T00:00:00.000Z"}};  // not expected: ignored
    // Deadline 2026-11-15 end of day: firm 1 on time; 2 late; 3 and 4 never filed.
    EXPECT_EQ(late_reporters(expected, filings, "2026-11-15T23:59:59.999Z"), (std::vector<std::int64_t>{2, 3, 4}));
    EXPECT_EQ(late_reporters(expected, filings, "2026-11-20T00:00:00.000Z"), (std::vector<std::int64_t>{3, 4}));
}
