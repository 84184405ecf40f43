#include "monitor/furnace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace yandian::monitor {

namespace {

// Readings are decimals (0.1 °C); a deviation equal to the tolerance is inside the band, whatever the binary
// rounding of the subtraction.
constexpr double kEdge = 1e-9;

bool within(double deviation, double tolerance) { return std::fabs(deviation) <= tolerance + kEdge; }

}  // namespace

Status validate_recipe(const FurnaceRecipe& r) {
    if (!std::isfinite(r.set_point_c)) return fail(ErrorCode::kInvalidArgument, "set point must be a number", "set_point");
    if (!std::isfinite(r.tolerance_c) || r.tolerance_c <= 0) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("tolerance must be a positive number of °C (the band is set point ± tolerance); "
                                "got {}",
                                r.tolerance_c),
                    "tolerance");
    }
    if (!std::isfinite(r.soak_minutes) || r.soak_minutes <= 0) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("soak time must be a positive number of minutes; got {}", r.soak_minutes), "soak");
    }
    return {};
}

Result<SoakStatus> track_soak(std::span<const TemperatureSample> series, std::int64_t load_start_ms,
                              std::optional<std::int64_t> load_end_ms, const FurnaceRecipe& recipe,
                              const SoakOptions& options) {
    if (auto valid = validate_recipe(recipe); !valid) return tl::unexpected(valid.error());
    std::vector<TemperatureSample> samples;
    for (const auto& s : series) {
        if (s.at_ms < load_start_ms || (load_end_ms && s.at_ms > *load_end_ms)) continue;
        if (!std::isfinite(s.celsius)) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("the reading at {} ms is not a number", s.at_ms),
                        "celsius");
        }
        samples.push_back(s);
    }
    std::stable_sort(samples.begin(), samples.end(),
                     [](const TemperatureSample& a, const TemperatureSample& b) { return a.at_ms < b.at_ms; });

    SoakStatus out;
    out.required_ms = static_cast<std::int64_t>(std::llround(recipe.soak_minutes * 60'000.0));
    std::int64_t run = 0;         // continuous time in band since the last excursion
    std::int64_t accumulated = 0;  // all time in band since entry
    bool out_of_band = false;     // inside an excursion (after entry)

    auto open_excursion = [&](std::int64_t at, double extreme, bool gap) {
        out.excursions.push_back(SoakExcursion{at, std::nullopt, extreme, gap});
        out_of_band = true;
        run = 0;
    };

    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto& s = samples[i];
        const double deviation = s.celsius - recipe.set_point_c;
        const bool in_band = within(deviation, recipe.tolerance_c);
        if (!out.entered_band_ms && in_band) out.entered_band_ms = s.at_ms;
        if (out.entered_band_ms) {
            if (in_band && out_of_band) {
                out.excursions.back().returned_ms = s.at_ms;
                out_of_band = false;
            } else if (!in_band && !out_of_band) {
                open_excursion(s.at_ms, s.celsius, false);
            } else if (!in_band) {
                auto& e = out.excursions.back();
                if (std::fabs(deviation) > std::fabs(e.extreme_c - recipe.set_point_c)) e.extreme_c = s.celsius;
                e.data_gap = false;
            }
        }
        if (i + 1 == samples.size()) break;
        const std::int64_t dt = samples[i + 1].at_ms - s.at_ms;
        if (!in_band || dt <= 0) continue;
        if (options.max_gap_ms > 0 && dt > options.max_gap_ms) {
            open_excursion(s.at_ms, s.celsius, true);
            continue;
        }
        const std::int64_t before = options.rule == SoakRule::kRestart ? run : accumulated;
        out.in_band_ms += dt;
        run += dt;
        accumulated += dt;
        if (!out.completed_ms && before + dt >= out.required_ms) out.completed_ms = s.at_ms + (out.required_ms - before);
    }

    if (out.completed_ms) {
        out.state = SoakState::kComplete;
        out.credited_ms = out.required_ms;
    } else {
        out.credited_ms = options.rule == SoakRule::kRestart ? run : accumulated;
        if (!out.entered_band_ms) {
            out.state = SoakState::kWaiting;
        } else {
            out.state = out_of_band ? SoakState::kInterrupted : SoakState::kSoaking;
        }
    }
    return out;
}

std::string_view soak_state_name(SoakState state) {
    switch (state) {
        case SoakState::kWaiting: return "waiting";
        case SoakState::kSoaking: return "soaking";
        case SoakState::kInterrupted: return "interrupted";
        case SoakState::kComplete: return "complete";
    }
    return "waiting";
}

Result<SoakRule> parse_soak_rule(std::string_view text) {
    if (text == "restart") return SoakRule::kRestart;
    if (text == "accumulate") return SoakRule::kAccumulate;
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("soak rule must be restart or accumulate; got '{}'", text), "soak_rule");
}

std::string_view soak_rule_name(SoakRule rule) { return rule == SoakRule::kRestart ? "restart" : "accumulate"; }

Result<TusResult> evaluate_tus(double set_point_c, double tolerance_c,
                               std::span<const ThermocoupleReadings> thermocouples) {
    if (!std::isfinite(set_point_c)) return fail(ErrorCode::kInvalidArgument, "set point must be a number", "set_point");
    if (!std::isfinite(tolerance_c) || tolerance_c <= 0) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("uniformity tolerance must be a positive number of °C; got {}", tolerance_c),
                    "tolerance");
    }
    if (thermocouples.empty()) {
        return fail(ErrorCode::kInvalidArgument, "a survey needs the readings of at least one thermocouple",
                    "thermocouples");
    }
    TusResult out;
    out.set_point_c = set_point_c;
    out.tolerance_c = tolerance_c;
    bool first = true;
    for (const auto& tc : thermocouples) {
        if (tc.readings_c.empty()) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("thermocouple '{}' has no readings", tc.label),
                        "thermocouples");
        }
        if (!std::isfinite(tc.correction_c)) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("thermocouple '{}': correction factor is not a number", tc.label), "correction");
        }
        TusThermocoupleResult r;
        r.label = tc.label;
        for (std::size_t i = 0; i < tc.readings_c.size(); ++i) {
            const double raw = tc.readings_c[i];
            if (!std::isfinite(raw)) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("thermocouple '{}': reading {} is not a number", tc.label, i + 1), "readings");
            }
            const double v = raw + tc.correction_c;
            if (i == 0 || v < r.min_c) r.min_c = v;
            if (i == 0 || v > r.max_c) r.max_c = v;
        }
        const double over = r.max_c - set_point_c;
        const double under = r.min_c - set_point_c;
        r.max_deviation_c = std::fabs(over) >= std::fabs(under) ? over : under;
        if (first || over > out.max_over_c) {
            out.max_over_c = over;
            out.hottest = tc.label;
        }
        if (first || under < out.max_under_c) {
            out.max_under_c = under;
            out.coldest = tc.label;
        }
        first = false;
        out.thermocouples.push_back(std::move(r));
    }
    out.max_deviation_c = std::max(std::fabs(out.max_over_c), std::fabs(out.max_under_c));
    out.pass = within(out.max_over_c, tolerance_c) && within(out.max_under_c, tolerance_c);
    return out;
}

Result<SatResult> evaluate_sat(const SatInput& in) {
    const double values[] = {in.control_reading_c, in.test_reading_c, in.test_thermocouple_correction_c,
                             in.test_instrument_correction_c};
    const char* names[] = {"control_reading", "test_reading", "test_thermocouple_correction",
                           "test_instrument_correction"};
    for (std::size_t i = 0; i < 4; ++i) {
        if (!std::isfinite(values[i])) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("{} must be a number", names[i]), names[i]);
        }
    }
    if (!std::isfinite(in.tolerance_c) || in.tolerance_c <= 0) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("SAT tolerance must be a positive number of °C; got {}", in.tolerance_c), "tolerance");
    }
    SatResult out;
    out.corrected_test_c = in.test_reading_c + in.test_thermocouple_correction_c + in.test_instrument_correction_c;
    out.difference_c = in.control_reading_c - out.corrected_test_c;
    out.pass = within(out.difference_c, in.tolerance_c);
    return out;
}

Cqi9Due cqi9_due(std::optional<DayNumber> last_pass_day, int interval_months, DayNumber today) {
    Cqi9Due out;
    if (!last_pass_day) return out;
    out.next_due = add_months(*last_pass_day, interval_months);
    out.days_left = static_cast<std::int64_t>(*out.next_due - today);
    out.overdue = today > *out.next_due;
    return out;
}

}  // namespace yandian::monitor
