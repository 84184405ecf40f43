// Furnace soak tracking and the CQI-9 TUS/SAT rules (monitor/furnace.hpp) on hand-worked cases: every expected
// number below is worked out in the comment beside it from the inputs of the test, not taken from the code.
#include <gtest/gtest.h>

#include <vector>

#include "monitor/furnace.hpp"

namespace yandian::monitor {
namespace {

constexpr std::int64_t kMinute = 60'000;

// Set point 850 °C, band ±10 °C (840..860 inclusive), soak 60 min.
const FurnaceRecipe kRecipe{850.0, 10.0, 60.0};

std::vector<TemperatureSample> series(std::initializer_list<std::pair<int, double>> minutes_and_celsius) {
    std::vector<TemperatureSample> out;
    for (auto [m, c] : minutes_and_celsius) out.push_back({m * kMinute, c});
    return out;
}

// A load heated from cold, in the band at minute 10, out of it from minute 30 (838, then 835 °C) to minute 35,
// then held at 850 °C every 5 minutes until minute 100.
std::vector<TemperatureSample> excursion_series() {
    auto s = series({{0, 700.0}, {5, 800.0}, {10, 845.0}, {15, 848.0}, {20, 850.0}, {25, 851.0}, {30, 838.0},
                     {32, 835.0}, {35, 852.0}});
    for (int m = 40; m <= 100; m += 5) s.push_back({m * kMinute, 850.0});
    return s;
}

TEST(FurnaceSoak, RestartRuleCountsOnlyTheHoldAfterTheExcursion) {
    auto status = track_soak(excursion_series(), 0, std::nullopt, kRecipe);
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_EQ(status->state, SoakState::kComplete);
    EXPECT_EQ(*status->entered_band_ms, 10 * kMinute);
    // In the band 10..30 (20 min), out 30..35, back 35..100 (65 min): 85 min in the band in all.
    EXPECT_EQ(status->in_band_ms, 85 * kMinute);
    // The soak restarts at 35: 35 + 60 = minute 95.
    EXPECT_EQ(*status->completed_ms, 95 * kMinute);
    EXPECT_EQ(status->credited_ms, 60 * kMinute);
    ASSERT_EQ(status->excursions.size(), 1u);
    EXPECT_EQ(status->excursions[0].left_ms, 30 * kMinute);
    EXPECT_EQ(*status->excursions[0].returned_ms, 35 * kMinute);
    EXPECT_DOUBLE_EQ(status->excursions[0].extreme_c, 835.0);  // 15 °C below, farther than 838
    EXPECT_FALSE(status->excursions[0].data_gap);
}

TEST(FurnaceSoak, AccumulateRuleAddsTheTimeBeforeTheExcursion) {
    auto status = track_soak(excursion_series(), 0, std::nullopt, kRecipe, SoakOptions{SoakRule::kAccumulate});
    ASSERT_TRUE(status);
    EXPECT_EQ(status->state, SoakState::kComplete);
    // 20 min before the excursion; 40 more needed after 35: minute 75.
    EXPECT_EQ(*status->completed_ms, 75 * kMinute);
    EXPECT_EQ(status->in_band_ms, 85 * kMinute);  // the same time in band under either rule
}

TEST(FurnaceSoak, RunningLoadReportsWhatIsCreditedSoFar) {
    auto all = excursion_series();
    // Data up to minute 60 (the load end cuts the series): restart credits 35..60 = 25 min, accumulate 20 + 25.
    auto restart = track_soak(all, 0, 60 * kMinute, kRecipe);
    ASSERT_TRUE(restart);
    EXPECT_EQ(restart->state, SoakState::kSoaking);
    EXPECT_EQ(restart->credited_ms, 25 * kMinute);
    EXPECT_FALSE(restart->completed_ms);
    auto accumulate = track_soak(all, 0, 60 * kMinute, kRecipe, SoakOptions{SoakRule::kAccumulate});
    ASSERT_TRUE(accumulate);
    EXPECT_EQ(accumulate->credited_ms, 45 * kMinute);
    // Data up to minute 32: out of the band since 30, nothing credited under restart, 20 min under accumulate.
    auto during = track_soak(all, 0, 32 * kMinute, kRecipe);
    ASSERT_TRUE(during);
    EXPECT_EQ(during->state, SoakState::kInterrupted);
    EXPECT_EQ(during->credited_ms, 0);
    EXPECT_FALSE(during->excursions.back().returned_ms);
}

TEST(FurnaceSoak, BandEdgesAreInsideAndTheLoadStartIsRespected) {
    // 860.0 is the upper edge (in), 860.1 is out; samples before the load start (minute 5) are ignored.
    auto s = series({{0, 850.0}, {5, 860.1}, {10, 860.0}, {15, 840.0}, {20, 839.9}});
    auto status = track_soak(s, 5 * kMinute, std::nullopt, kRecipe);
    ASSERT_TRUE(status);
    EXPECT_EQ(*status->entered_band_ms, 10 * kMinute);
    EXPECT_EQ(status->in_band_ms, 10 * kMinute);  // 10..20 (840.0 at 15 is the lower edge, in)
    EXPECT_EQ(status->state, SoakState::kInterrupted);  // 839.9 at 20 is out
    auto cold = track_soak(series({{0, 20.0}, {5, 400.0}}), 0, std::nullopt, kRecipe);
    ASSERT_TRUE(cold);
    EXPECT_EQ(cold->state, SoakState::kWaiting);
    EXPECT_FALSE(cold->entered_band_ms);
}

TEST(FurnaceSoak, AGapInTheDataIsAnExcursion) {
    // Samples at 0 and 5 in band, then nothing until 25 (a 20-minute gap, longer than the 5-minute limit).
    auto s = series({{0, 850.0}, {5, 850.0}, {25, 850.0}, {30, 850.0}});
    auto status = track_soak(s, 0, std::nullopt, kRecipe);
    ASSERT_TRUE(status);
    EXPECT_EQ(status->in_band_ms, 10 * kMinute);  // 0..5 and 25..30
    ASSERT_EQ(status->excursions.size(), 1u);
    EXPECT_TRUE(status->excursions[0].data_gap);
    EXPECT_EQ(status->excursions[0].left_ms, 5 * kMinute);
    EXPECT_EQ(*status->excursions[0].returned_ms, 25 * kMinute);
    EXPECT_EQ(status->credited_ms, 5 * kMinute);  // restart: only 25..30
    // With the gap check off, the reading at 5 holds until 25: 30 minutes in band.
    auto held = track_soak(s, 0, std::nullopt, kRecipe, SoakOptions{SoakRule::kRestart, 0});
    ASSERT_TRUE(held);
    EXPECT_EQ(held->in_band_ms, 30 * kMinute);
}

TEST(FurnaceSoak, BadInputIsNamed) {
    auto bad_tolerance = track_soak({}, 0, std::nullopt, FurnaceRecipe{850, 0, 60});
    ASSERT_FALSE(bad_tolerance);
    EXPECT_EQ(bad_tolerance.error().field, "tolerance");
    auto bad_soak = track_soak({}, 0, std::nullopt, FurnaceRecipe{850, 10, -1});
    ASSERT_FALSE(bad_soak);
    EXPECT_EQ(bad_soak.error().field, "soak");
    EXPECT_FALSE(parse_soak_rule("sometimes"));
    EXPECT_EQ(*parse_soak_rule("accumulate"), SoakRule::kAccumulate);
}

TEST(Cqi9Tus, PassesAtTheBandEdgeAndFailsJustOutside) {
    // Set point 850, tolerance ±10. TC1 reads 845..860 (+10 at the edge), TC2 840..850 (-10 at the edge): pass.
    std::vector<ThermocoupleReadings> tcs{{"TC1", 0.0, {845.0, 852.0, 860.0}}, {"TC2", 0.0, {840.0, 850.0}}};
    auto pass = evaluate_tus(850.0, 10.0, tcs);
    ASSERT_TRUE(pass) << pass.error().message;
    EXPECT_TRUE(pass->pass);
    EXPECT_DOUBLE_EQ(pass->max_over_c, 10.0);
    EXPECT_DOUBLE_EQ(pass->max_under_c, -10.0);
    EXPECT_DOUBLE_EQ(pass->max_deviation_c, 10.0);
    EXPECT_EQ(pass->hottest, "TC1");
    EXPECT_EQ(pass->coldest, "TC2");
    // TC2's correction factor -0.2 °C: its coldest corrected reading is 839.8, 10.2 below: fail.
    tcs[1].correction_c = -0.2;
    auto fail_low = evaluate_tus(850.0, 10.0, tcs);
    ASSERT_TRUE(fail_low);
    EXPECT_FALSE(fail_low->pass);
    EXPECT_NEAR(fail_low->max_under_c, -10.2, 1e-9);
    EXPECT_NEAR(fail_low->thermocouples[1].min_c, 839.8, 1e-9);
    EXPECT_NEAR(fail_low->thermocouples[1].max_deviation_c, -10.2, 1e-9);
}

TEST(Cqi9Tus, BadSurveysAreRefused) {
    std::vector<ThermocoupleReadings> none;
    EXPECT_FALSE(evaluate_tus(850.0, 10.0, none));
    std::vector<ThermocoupleReadings> empty{{"TC7", 0.0, {}}};
    auto e = evaluate_tus(850.0, 10.0, empty);
    ASSERT_FALSE(e);
    EXPECT_NE(e.error().message.find("TC7"), std::string::npos);
    std::vector<ThermocoupleReadings> ok{{"TC1", 0.0, {850.0}}};
    EXPECT_FALSE(evaluate_tus(850.0, 0.0, ok));
}

TEST(Cqi9Sat, CorrectionFactorsAreAddedToTheTestReading) {
    // Control 851.0; test instrument 848.5 with thermocouple correction +1.2 and instrument correction -0.4:
    // corrected 848.5 + 1.2 - 0.4 = 849.3, difference 851.0 - 849.3 = +1.7: within ±5, pass.
    auto a = evaluate_sat(SatInput{851.0, 848.5, 1.2, -0.4});
    ASSERT_TRUE(a);
    EXPECT_NEAR(a->corrected_test_c, 849.3, 1e-9);
    EXPECT_NEAR(a->difference_c, 1.7, 1e-9);
    EXPECT_TRUE(a->pass);
    // Control 854.3 against the same corrected 849.3: difference exactly +5.0, the edge, pass.
    auto edge = evaluate_sat(SatInput{854.3, 848.5, 1.2, -0.4});
    ASSERT_TRUE(edge);
    EXPECT_NEAR(edge->difference_c, 5.0, 1e-9);
    EXPECT_TRUE(edge->pass);
    // Without the +1.2 correction the corrected reading is 848.1 and the difference 6.2: fail. The correction
    // factor decides the verdict here.
    auto uncorrected = evaluate_sat(SatInput{854.3, 848.5, 0.0, -0.4});
    ASSERT_TRUE(uncorrected);
    EXPECT_NEAR(uncorrected->difference_c, 6.2, 1e-9);
    EXPECT_FALSE(uncorrected->pass);
    EXPECT_FALSE(evaluate_sat(SatInput{851.0, 848.5, 0.0, 0.0, 0.0}));
}

TEST(Cqi9Due, NextDueIsTheIntervalAfterTheLastPassingTest) {
    const DayNumber jan31 = days_from_civil(2026, 1, 31);
    // Quarterly after 2026-01-31: 2026-04-30 (April has no 31st).
    auto on_time = cqi9_due(jan31, 3, days_from_civil(2026, 4, 30));
    EXPECT_EQ(format_iso_date(*on_time.next_due), "2026-04-30");
    EXPECT_FALSE(on_time.overdue);
    EXPECT_EQ(on_time.days_left, 0);
    auto late = cqi9_due(jan31, 3, days_from_civil(2026, 5, 1));
    EXPECT_TRUE(late.overdue);
    EXPECT_EQ(late.days_left, -1);
    auto never = cqi9_due(std::nullopt, 12, jan31);
    EXPECT_TRUE(never.overdue);
    EXPECT_FALSE(never.next_due);
}

}  // namespace
}  // namespace yandian::monitor
