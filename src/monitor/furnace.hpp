#pragma once
// Heat-treatment furnace monitoring: soak tracking of a load in one zone, and the AIAG CQI-9 pyrometry records
// (temperature uniformity survey, system accuracy test) with their pass/fail rules and due dates.
// Pure: values in, values out; times are milliseconds since the Unix epoch, days are day numbers
// (common/iso_date.hpp); the caller reads the clock.
//
// Where each CQI-9 figure comes from (docs/monitor/furnace.md has the full list):
//   - SAT tolerance ±5 °C between the furnace's control instrument and the corrected test instrument, and a
//     quarterly SAT (probe method): CQI-9 sections 3.3.4.1 and 3.3.4.1.5 as summarised by Alliance Calibration,
//     "3 Really Important Things You Need To Know About System Accuracy Test"
//     (alliancecalibration.com/blog). The section numbering is that of the edition the article quotes; the 4th
//     edition's (2020) own text could not be read from a citable public source, so both figures are defaults a
//     furnace may override, never hard limits.
//   - SAT arithmetic: corrected test reading = test instrument reading + test thermocouple correction factor +
//     test instrument correction factor; difference = control reading - corrected test reading (the fields the
//     same article lists for a SAT report: observed control reading, correction factors, corrected reading,
//     pass/fail).
//   - TUS: the maximum deviation of any survey thermocouple from the set point over the survey, against the
//     uniformity tolerance of the furnace's process (CQI-9 sets it in its Process Tables A-H, per process; the
//     tolerance values of the 4th edition's tables were not found in a citable public source, so the tolerance is
//     an input of every furnace, entered from the plant's copy of the standard). No default is invented.
//   - TUS frequency: likewise an input (months between surveys) of every furnace; no citable default found.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/iso_date.hpp"
#include "common/result.hpp"

namespace yandian::monitor {

// ---------------------------------------------------------------------------------------------------- recipes --

struct FurnaceRecipe {
    double set_point_c = 0;
    double tolerance_c = 0;     // the band is [set point - tolerance, set point + tolerance], edges inside
    double soak_minutes = 0;    // time the load must be held within the band
};

// kInvalidArgument naming the field: a finite set point, a tolerance > 0, a soak time > 0.
Status validate_recipe(const FurnaceRecipe& recipe);

// ------------------------------------------------------------------------------------------------------- soak --

// What an excursion out of the band does to the soak.
//   kRestart (the default): the soak must be one continuous hold; leaving the band sets the soak clock back to zero
//     and it starts again when the zone is back in the band. The load's core temperature lags the zone's, so an
//     excursion (a door opened, a burner tripped) leaves the load below temperature for an unknown time after the
//     zone recovers; counting only an unbroken hold never credits soak the load did not get. This is the
//     conservative reading of "soak time" in a heat-treat specification.
//   kAccumulate: time within the band adds up across excursions (for processes whose specification says so, e.g.
//     long tempering holds where a short dip is accepted).
enum class SoakRule { kRestart, kAccumulate };

struct TemperatureSample {
    std::int64_t at_ms = 0;
    double celsius = 0;
};

struct SoakOptions {
    SoakRule rule = SoakRule::kRestart;
    // A gap between two samples longer than this is not known to be in the band: it counts as an excursion
    // (data loss is no proof of temperature). 0 disables the check.
    std::int64_t max_gap_ms = 5 * 60 * 1000;
};

enum class SoakState {
    kWaiting,      // the zone has not reached the band since the load started
    kSoaking,      // in the band, soak not yet complete
    kInterrupted,  // was in the band, is out of it now (or the data stopped), soak not complete
    kComplete,     // the soak time was reached (later excursions do not undo a completed soak)
};

struct SoakExcursion {
    std::int64_t left_ms = 0;                  // time of the first sample out of the band (or the start of a gap)
    std::optional<std::int64_t> returned_ms;   // first sample back in the band; empty while still out
    double extreme_c = 0;                      // farthest reading from the set point during the excursion
    bool data_gap = false;                     // the excursion is a gap in the data, not a reading out of band
};

struct SoakStatus {
    SoakState state = SoakState::kWaiting;
    std::optional<std::int64_t> entered_band_ms;   // first sample in the band at or after the load start
    std::int64_t in_band_ms = 0;                   // all time in the band since the load start (both rules)
    std::int64_t credited_ms = 0;                  // soak time counted under the rule (capped at the soak time)
    std::int64_t required_ms = 0;
    std::optional<std::int64_t> completed_ms;      // when the credited time reached the soak time
    std::vector<SoakExcursion> excursions;         // after the zone first entered the band
};

// Soak of a load that started at `load_start_ms` (and ended at `load_end_ms` when given) in a zone with the
// samples `series` (any order; samples before the start or after the end are ignored). A sample's reading holds
// until the next sample (zero-order hold); time after the last sample is not counted.
// kInvalidArgument for an invalid recipe or a non-finite reading (naming its time).
Result<SoakStatus> track_soak(std::span<const TemperatureSample> series, std::int64_t load_start_ms,
                              std::optional<std::int64_t> load_end_ms, const FurnaceRecipe& recipe,
                              const SoakOptions& options = {});

std::string_view soak_state_name(SoakState state);  // waiting | soaking | interrupted | complete
Result<SoakRule> parse_soak_rule(std::string_view text);  // restart | accumulate
std::string_view soak_rule_name(SoakRule rule);

// ------------------------------------------------------------------------------------------------------ CQI-9 --

// Default SAT tolerance (±°C) and interval (months, quarterly) from the source named at the top of this file.
inline constexpr double kCqi9SatToleranceC = 5.0;
inline constexpr int kCqi9SatIntervalMonths = 3;

struct ThermocoupleReadings {
    std::string label;                  // position in the work zone, e.g. "TC1 front-top-left"
    double correction_c = 0;            // the survey thermocouple's correction factor, added to each reading
    std::vector<double> readings_c;     // over the survey's soak period
};

struct TusThermocoupleResult {
    std::string label;
    double min_c = 0;        // corrected
    double max_c = 0;        // corrected
    double max_deviation_c = 0;  // largest |corrected reading - set point|, signed (negative: below)
};

struct TusResult {
    double set_point_c = 0;
    double tolerance_c = 0;
    double max_over_c = 0;   // hottest corrected reading - set point (may be negative if all below)
    double max_under_c = 0;  // coldest corrected reading - set point (may be positive if all above)
    double max_deviation_c = 0;  // max(|over|, |under|)
    std::string hottest;     // label of the thermocouple with the hottest reading
    std::string coldest;
    bool pass = false;       // every corrected reading within ±tolerance of the set point (edges pass)
    std::vector<TusThermocoupleResult> thermocouples;
};

// kInvalidArgument: tolerance <= 0, no thermocouple, a thermocouple without readings, a non-finite value.
Result<TusResult> evaluate_tus(double set_point_c, double tolerance_c,
                               std::span<const ThermocoupleReadings> thermocouples);

struct SatInput {
    double control_reading_c = 0;       // what the furnace's control (or recording) instrument shows
    double test_reading_c = 0;          // the test instrument's reading of the test thermocouple
    double test_thermocouple_correction_c = 0;
    double test_instrument_correction_c = 0;
    double tolerance_c = kCqi9SatToleranceC;
};

struct SatResult {
    double corrected_test_c = 0;  // test reading + both correction factors
    double difference_c = 0;      // control reading - corrected test reading
    bool pass = false;            // |difference| <= tolerance
};

Result<SatResult> evaluate_sat(const SatInput& input);

// Due date of the next test after a passing one on `last_pass_day`, `interval_months` later (the same day of the
// month, or that month's last day). Overdue when `today` is after the due day; a furnace with no passing test is
// due now (overdue).
struct Cqi9Due {
    std::optional<DayNumber> next_due;
    bool overdue = true;
    std::int64_t days_left = 0;  // next_due - today (negative: overdue by that many days); 0 without a due date
};

Cqi9Due cqi9_due(std::optional<DayNumber> last_pass_day, int interval_months, DayNumber today);

}  // namespace yandian::monitor
