#include "app/monitor/furnace_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/utc_time.hpp"
#include "common/json_text.hpp"

namespace yandian::app::monitoring {

namespace {

using nlohmann::json;

// The newest values of a zone read for a soak: at 2 s a sample, 20 000 values cover 11 hours of load.
constexpr std::int64_t kSeriesWindow = 20'000;

Status require_writer(const Principal& who) {
    if (who.role == Role::kAdmin || who.role == Role::kEngineer) return {};
    return fail(ErrorCode::kPermissionDenied, "only engineers and administrators may change furnace data", "role");
}

Status require_text(std::string_view value, std::string_view field, std::size_t max = 200) {
    if (value.empty()) return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is required", field), std::string(field));
    if (value.size() > max) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is longer than {} bytes", field, max), std::string(field));
    }
    return {};
}

Result<double> require_number(const std::optional<double>& v, std::string_view field) {
    if (!v) return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is required", field), std::string(field));
    if (!std::isfinite(*v)) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a number", field), std::string(field));
    }
    return *v;
}

Status check_months(int months, std::string_view field) {
    if (months < 1 || months > 60) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'{}' must be a whole number of months from 1 to 60; got {}", field, months),
                    std::string(field));
    }
    return {};
}

std::int64_t to_ms(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string utc_of_ms(std::int64_t ms) { return format_utc(TimePoint(std::chrono::milliseconds(ms))); }

// The least advanced of two soak states (waiting < interrupted < soaking < complete).
int rank(monitor::SoakState s) {
    switch (s) {
        case monitor::SoakState::kWaiting: return 0;
        case monitor::SoakState::kInterrupted: return 1;
        case monitor::SoakState::kSoaking: return 2;
        case monitor::SoakState::kComplete: return 3;
    }
    return 0;
}

json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json due_json(const monitor::Cqi9Due& d) {
    return {{"next_due", d.next_due ? json(format_iso_date(*d.next_due)) : json(nullptr)},
            {"overdue", d.overdue},
            {"days_left", d.next_due ? json(d.days_left) : json(nullptr)}};
}

}  // namespace

Result<store::FurnaceRecord> FurnaceService::create_furnace(const Principal& who, const FurnaceInput& in) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    if (auto ok = require_text(in.name, "name"); !ok) return tl::unexpected(ok.error());
    if (in.kind != "batch" && in.kind != "continuous") {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'kind' must be batch or continuous; got '{}'", in.kind),
                    "kind");
    }
    auto tus_tolerance = require_number(in.tus_tolerance_c, "tus_tolerance");
    if (!tus_tolerance) return tl::unexpected(tus_tolerance.error());
    if (*tus_tolerance <= 0) {
        return fail(ErrorCode::kInvalidArgument, "'tus_tolerance' must be a positive number of °C", "tus_tolerance");
    }
    if (!in.tus_interval_months) {
        return fail(ErrorCode::kInvalidArgument,
                    "'tus_interval_months' is required (months between surveys, from the furnace's CQI-9 table)",
                    "tus_interval_months");
    }
    if (auto ok = check_months(*in.tus_interval_months, "tus_interval_months"); !ok) return tl::unexpected(ok.error());
    if (auto ok = check_months(in.sat_interval_months, "sat_interval_months"); !ok) return tl::unexpected(ok.error());
    if (!std::isfinite(in.sat_tolerance_c) || in.sat_tolerance_c <= 0) {
        return fail(ErrorCode::kInvalidArgument, "'sat_tolerance' must be a positive number of °C", "sat_tolerance");
    }
    store::FurnaceRecord f;
    f.org_id = who.org_id;
    f.name = in.name;
    f.kind = in.kind;
    f.tus_tolerance_c = *tus_tolerance;
    f.tus_interval_months = *in.tus_interval_months;
    f.sat_tolerance_c = in.sat_tolerance_c;
    f.sat_interval_months = in.sat_interval_months;
    f.created_at = format_utc(clock_());
    f.created_by = who.login;
    return db_.furnace().create_furnace(f);
}

Result<std::vector<store::FurnaceRecord>> FurnaceService::list_furnaces(const Principal& who) {
    return db_.furnace().list_furnaces(who.org_id);
}

Result<store::FurnaceRecord> FurnaceService::furnace(const Principal& who, std::int64_t id) {
    auto found = db_.furnace().find_furnace(id);
    if (!found) return tl::unexpected(found.error());
    if (!*found || (*found)->org_id != who.org_id) {
        return fail(ErrorCode::kNotFound, fmt::format("furnace {} not found", id), "furnace");
    }
    return std::move(**found);
}

Result<store::FurnaceZoneRecord> FurnaceService::add_zone(const Principal& who, std::int64_t furnace_id,
                                                          const ZoneInput& in) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    auto f = furnace(who, furnace_id);
    if (!f) return tl::unexpected(f.error());
    for (auto [value, field] : {std::pair{std::string_view(in.name), "name"}, {in.line, "line"},
                                {in.characteristic, "characteristic"}}) {
        if (auto ok = require_text(value, field); !ok) return tl::unexpected(ok.error());
    }
    auto line = db_.spc().find_line_by_code(who.org_id, in.line);
    if (!line) return tl::unexpected(line.error());
    if (!*line) return fail(ErrorCode::kNotFound, fmt::format("line '{}' not found", in.line), "line");
    auto c = db_.spc().find_characteristic_by_code((*line)->id, in.characteristic);
    if (!c) return tl::unexpected(c.error());
    if (!*c) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("characteristic '{}' not found on line '{}'", in.characteristic, in.line),
                    "characteristic");
    }
    return db_.furnace().add_zone({0, furnace_id, in.name, (*c)->id});
}

Result<store::FurnaceRecipeRecord> FurnaceService::add_recipe(const Principal& who, std::int64_t furnace_id,
                                                              const RecipeInput& in) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    auto f = furnace(who, furnace_id);
    if (!f) return tl::unexpected(f.error());
    if (auto ok = require_text(in.code, "code"); !ok) return tl::unexpected(ok.error());
    auto set_point = require_number(in.set_point_c, "set_point");
    if (!set_point) return tl::unexpected(set_point.error());
    auto tolerance = require_number(in.tolerance_c, "tolerance");
    if (!tolerance) return tl::unexpected(tolerance.error());
    auto soak = require_number(in.soak_minutes, "soak_minutes");
    if (!soak) return tl::unexpected(soak.error());
    if (auto ok = monitor::validate_recipe({*set_point, *tolerance, *soak}); !ok) return tl::unexpected(ok.error());
    auto rule = monitor::parse_soak_rule(in.soak_rule);
    if (!rule) return tl::unexpected(rule.error());
    return db_.furnace().add_recipe({0, furnace_id, in.code, *set_point, *tolerance, *soak,
                                     std::string(monitor::soak_rule_name(*rule)), format_utc(clock_())});
}

Result<store::FurnaceLoadRecord> FurnaceService::start_load(const Principal& who, std::int64_t furnace_id,
                                                            const LoadInput& in) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    auto f = furnace(who, furnace_id);
    if (!f) return tl::unexpected(f.error());
    if (auto ok = require_text(in.label, "label"); !ok) return tl::unexpected(ok.error());
    auto recipes = db_.furnace().list_recipes(furnace_id);
    if (!recipes) return tl::unexpected(recipes.error());
    auto recipe = std::find_if(recipes->begin(), recipes->end(), [&](const auto& r) { return r.code == in.recipe; });
    if (recipe == recipes->end()) {
        return fail(ErrorCode::kNotFound, fmt::format("furnace {} has no recipe '{}'", furnace_id, in.recipe), "recipe");
    }
    std::string started = format_utc(clock_());
    if (in.started_at) {
        auto at = parse_utc(*in.started_at, "started_at");
        if (!at) return tl::unexpected(at.error());
        started = format_utc(*at);
    }
    return db_.furnace().start_load({0, furnace_id, recipe->id, in.label, started, std::nullopt, who.login});
}

Status FurnaceService::end_load(const Principal& who, std::int64_t load_id, std::optional<std::string> at) {
    if (auto ok = require_writer(who); !ok) return ok;
    auto load = db_.furnace().find_load(load_id);
    if (!load) return tl::unexpected(load.error());
    if (!*load) return fail(ErrorCode::kNotFound, fmt::format("load {} not found", load_id), "load");
    if (auto f = furnace(who, (*load)->furnace_id); !f) {
        return fail(ErrorCode::kNotFound, fmt::format("load {} not found", load_id), "load");
    }
    std::string ended = format_utc(clock_());
    if (at) {
        auto t = parse_utc(*at, "ended_at");
        if (!t) return tl::unexpected(t.error());
        ended = format_utc(*t);
    }
    if (ended < (*load)->started_at) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("the load cannot end ({}) before it started ({})", ended, (*load)->started_at),
                    "ended_at");
    }
    return db_.furnace().end_load(load_id, ended);
}

Result<LoadStatus> FurnaceService::status_of(const store::FurnaceLoadRecord& load) {
    LoadStatus out;
    out.load = load;
    auto recipes = db_.furnace().list_recipes(load.furnace_id);
    if (!recipes) return tl::unexpected(recipes.error());
    auto recipe = std::find_if(recipes->begin(), recipes->end(), [&](const auto& r) { return r.id == load.recipe_id; });
    if (recipe == recipes->end()) return fail(ErrorCode::kInternal, fmt::format("recipe {} is missing", load.recipe_id));
    out.recipe = *recipe;
    auto start = parse_utc(load.started_at, "started_at");
    if (!start) return tl::unexpected(start.error());
    std::optional<std::int64_t> end;
    if (load.ended_at) {
        auto e = parse_utc(*load.ended_at, "ended_at");
        if (!e) return tl::unexpected(e.error());
        end = to_ms(*e);
    }
    auto rule = monitor::parse_soak_rule(recipe->soak_rule);
    if (!rule) return tl::unexpected(rule.error());
    const monitor::FurnaceRecipe core{recipe->set_point_c, recipe->tolerance_c, recipe->soak_minutes};
    auto zones = db_.furnace().list_zones(load.furnace_id);
    if (!zones) return tl::unexpected(zones.error());
    out.state = monitor::SoakState::kComplete;
    for (const auto& z : *zones) {
        auto count = db_.spc().count_measurements(z.characteristic_id);
        if (!count) return tl::unexpected(count.error());
        auto values = db_.spc().measurements(z.characteristic_id, std::max<std::int64_t>(0, *count - kSeriesWindow),
                                             *count);
        if (!values) return tl::unexpected(values.error());
        std::vector<monitor::TemperatureSample> series;
        ZoneSoak zs;
        zs.zone = z;
        std::optional<std::int64_t> latest_ms;
        for (const auto& m : *values) {
            if (!m.counts()) continue;  // a value left out (e.g. a thermocouple fault) is no reading
            series.push_back({m.time_ms, m.value});
            if (!latest_ms || m.time_ms >= *latest_ms) {
                latest_ms = m.time_ms;
                zs.latest_c = m.value;
            }
        }
        if (latest_ms) zs.latest_at = utc_of_ms(*latest_ms);
        auto soak = monitor::track_soak(series, to_ms(*start), end, core, monitor::SoakOptions{*rule});
        if (!soak) return tl::unexpected(soak.error());
        zs.soak = std::move(*soak);
        if (rank(zs.soak.state) < rank(out.state)) out.state = zs.soak.state;
        out.zones.push_back(std::move(zs));
    }
    if (out.zones.empty()) out.state = monitor::SoakState::kWaiting;
    return out;
}

Result<LoadStatus> FurnaceService::load_status(const Principal& who, std::int64_t load_id) {
    auto load = db_.furnace().find_load(load_id);
    if (!load) return tl::unexpected(load.error());
    if (!*load) return fail(ErrorCode::kNotFound, fmt::format("load {} not found", load_id), "load");
    if (auto f = furnace(who, (*load)->furnace_id); !f) {
        return fail(ErrorCode::kNotFound, fmt::format("load {} not found", load_id), "load");
    }
    return status_of(**load);
}

Result<store::TusRecord> FurnaceService::record_tus(const Principal& who, std::int64_t furnace_id, const TusInput& in) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    auto f = furnace(who, furnace_id);
    if (!f) return tl::unexpected(f.error());
    auto day = parse_iso_date(in.surveyed_on, "surveyed_on");
    if (!day) return tl::unexpected(day.error());
    auto set_point = require_number(in.set_point_c, "set_point");
    if (!set_point) return tl::unexpected(set_point.error());
    auto result = monitor::evaluate_tus(*set_point, f->tus_tolerance_c, in.thermocouples);
    if (!result) return tl::unexpected(result.error());
    json readings = json::array();
    for (const auto& tc : in.thermocouples) {
        readings.push_back({{"label", tc.label}, {"correction", tc.correction_c}, {"readings", tc.readings_c}});
    }
    store::TusRecord t;
    t.furnace_id = furnace_id;
    t.surveyed_on = format_iso_date(*day);
    t.set_point_c = *set_point;
    t.tolerance_c = f->tus_tolerance_c;
    t.max_over_c = result->max_over_c;
    t.max_under_c = result->max_under_c;
    t.pass = result->pass;
    t.readings_json = json_text(readings);
    t.recorded_at = format_utc(clock_());
    t.recorded_by = who.login;
    return db_.furnace().add_tus(t);
}

Result<store::SatRecord> FurnaceService::record_sat(const Principal& who, std::int64_t furnace_id,
                                                    const SatRecordInput& in) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    auto f = furnace(who, furnace_id);
    if (!f) return tl::unexpected(f.error());
    auto day = parse_iso_date(in.tested_on, "tested_on");
    if (!day) return tl::unexpected(day.error());
    auto control = require_number(in.control_reading_c, "control_reading");
    if (!control) return tl::unexpected(control.error());
    auto test = require_number(in.test_reading_c, "test_reading");
    if (!test) return tl::unexpected(test.error());
    std::optional<std::int64_t> zone_id;
    if (in.zone) {
        auto zones = db_.furnace().list_zones(furnace_id);
        if (!zones) return tl::unexpected(zones.error());
        auto z = std::find_if(zones->begin(), zones->end(), [&](const auto& x) { return x.name == *in.zone; });
        if (z == zones->end()) {
            return fail(ErrorCode::kNotFound, fmt::format("furnace {} has no zone '{}'", furnace_id, *in.zone), "zone");
        }
        zone_id = z->id;
    }
    monitor::SatInput core{*control, *test, in.test_thermocouple_correction_c, in.test_instrument_correction_c,
                           f->sat_tolerance_c};
    auto result = monitor::evaluate_sat(core);
    if (!result) return tl::unexpected(result.error());
    store::SatRecord s;
    s.furnace_id = furnace_id;
    s.zone_id = zone_id;
    s.tested_on = format_iso_date(*day);
    s.control_reading_c = *control;
    s.test_reading_c = *test;
    s.test_thermocouple_correction_c = in.test_thermocouple_correction_c;
    s.test_instrument_correction_c = in.test_instrument_correction_c;
    s.corrected_test_c = result->corrected_test_c;
    s.difference_c = result->difference_c;
    s.tolerance_c = f->sat_tolerance_c;
    s.pass = result->pass;
    s.recorded_at = format_utc(clock_());
    s.recorded_by = who.login;
    return db_.furnace().add_sat(s);
}

Result<std::vector<store::TusRecord>> FurnaceService::list_tus(const Principal& who, std::int64_t furnace_id) {
    if (auto f = furnace(who, furnace_id); !f) return tl::unexpected(f.error());
    return db_.furnace().list_tus(furnace_id);
}

Result<std::vector<store::SatRecord>> FurnaceService::list_sat(const Principal& who, std::int64_t furnace_id) {
    if (auto f = furnace(who, furnace_id); !f) return tl::unexpected(f.error());
    return db_.furnace().list_sat(furnace_id);
}

Result<Cqi9Status> FurnaceService::cqi9_of(const store::FurnaceRecord& f) {
    Cqi9Status out;
    const auto today = static_cast<DayNumber>(
        std::chrono::floor<std::chrono::days>(clock_()).time_since_epoch().count());
    auto tus = db_.furnace().list_tus(f.id);
    if (!tus) return tl::unexpected(tus.error());
    std::optional<DayNumber> tus_pass;
    for (const auto& t : *tus) {
        if (t.pass) tus_pass = parse_iso_date(t.surveyed_on).value_or(0);
    }
    if (!tus->empty()) out.last_tus = tus->back();
    out.tus_due = monitor::cqi9_due(tus_pass, f.tus_interval_months, today);
    auto sat = db_.furnace().list_sat(f.id);
    if (!sat) return tl::unexpected(sat.error());
    std::optional<DayNumber> sat_pass;
    for (const auto& s : *sat) {
        if (s.pass) sat_pass = parse_iso_date(s.tested_on).value_or(0);
    }
    if (!sat->empty()) out.last_sat = sat->back();
    out.sat_due = monitor::cqi9_due(sat_pass, f.sat_interval_months, today);
    return out;
}

Result<FurnaceView> FurnaceService::view(const Principal& who, std::int64_t furnace_id) {
    auto f = furnace(who, furnace_id);
    if (!f) return tl::unexpected(f.error());
    FurnaceView v;
    v.furnace = *f;
    auto zones = db_.furnace().list_zones(furnace_id);
    if (!zones) return tl::unexpected(zones.error());
    v.zones = std::move(*zones);
    auto recipes = db_.furnace().list_recipes(furnace_id);
    if (!recipes) return tl::unexpected(recipes.error());
    v.recipes = std::move(*recipes);
    auto loads = db_.furnace().list_loads(furnace_id);
    if (!loads) return tl::unexpected(loads.error());
    for (auto it = loads->rbegin(); it != loads->rend(); ++it) {
        if (it->ended_at) continue;
        auto s = status_of(*it);
        if (!s) return tl::unexpected(s.error());
        v.running = std::move(*s);
        break;
    }
    auto cqi9 = cqi9_of(*f);
    if (!cqi9) return tl::unexpected(cqi9.error());
    v.cqi9 = std::move(*cqi9);
    return v;
}

Result<std::vector<FurnaceView>> FurnaceService::audit(const Principal& who) {
    auto furnaces = db_.furnace().list_furnaces(who.org_id);
    if (!furnaces) return tl::unexpected(furnaces.error());
    std::vector<FurnaceView> out;
    for (const auto& f : *furnaces) {
        FurnaceView v;
        v.furnace = f;
        auto cqi9 = cqi9_of(f);
        if (!cqi9) return tl::unexpected(cqi9.error());
        v.cqi9 = std::move(*cqi9);
        out.push_back(std::move(v));
    }
    return out;
}

json furnace_json(const store::FurnaceRecord& f) {
    return {{"id", f.id},
            {"name", f.name},
            {"kind", f.kind},
            {"tus_tolerance", f.tus_tolerance_c},
            {"tus_interval_months", f.tus_interval_months},
            {"sat_tolerance", f.sat_tolerance_c},
            {"sat_interval_months", f.sat_interval_months},
            {"created_at", f.created_at},
            {"created_by", f.created_by}};
}

json zone_json(const store::FurnaceZoneRecord& z) {
    return {{"id", z.id}, {"furnace_id", z.furnace_id}, {"name", z.name}, {"characteristic_id", z.characteristic_id}};
}

json recipe_json(const store::FurnaceRecipeRecord& r) {
    return {{"id", r.id},
            {"furnace_id", r.furnace_id},
            {"code", r.code},
            {"set_point", r.set_point_c},
            {"tolerance", r.tolerance_c},
            {"soak_minutes", r.soak_minutes},
            {"soak_rule", r.soak_rule},
            {"created_at", r.created_at}};
}

json load_json(const store::FurnaceLoadRecord& l) {
    return {{"id", l.id},
            {"furnace_id", l.furnace_id},
            {"recipe_id", l.recipe_id},
            {"label", l.label},
            {"started_at", l.started_at},
            {"ended_at", optional_json(l.ended_at)},
            {"started_by", l.started_by}};
}

json tus_json(const store::TusRecord& t) {
    json readings = json::parse(t.readings_json, nullptr, false);
    return {{"id", t.id},
            {"furnace_id", t.furnace_id},
            {"surveyed_on", t.surveyed_on},
            {"set_point", t.set_point_c},
            {"tolerance", t.tolerance_c},
            {"max_over", t.max_over_c},
            {"max_under", t.max_under_c},
            {"max_deviation", std::max(std::fabs(t.max_over_c), std::fabs(t.max_under_c))},
            {"pass", t.pass},
            {"thermocouples", readings.is_discarded() ? json(nullptr) : readings},
            {"recorded_at", t.recorded_at},
            {"recorded_by", t.recorded_by}};
}

json sat_json(const store::SatRecord& s) {
    return {{"id", s.id},
            {"furnace_id", s.furnace_id},
            {"zone_id", s.zone_id ? json(*s.zone_id) : json(nullptr)},
            {"tested_on", s.tested_on},
            {"control_reading", s.control_reading_c},
            {"test_reading", s.test_reading_c},
            {"test_thermocouple_correction", s.test_thermocouple_correction_c},
            {"test_instrument_correction", s.test_instrument_correction_c},
            {"corrected_test", s.corrected_test_c},
            {"difference", s.difference_c},
            {"tolerance", s.tolerance_c},
            {"pass", s.pass},
            {"recorded_at", s.recorded_at},
            {"recorded_by", s.recorded_by}};
}

json load_status_json(const LoadStatus& s) {
    json zones = json::array();
    for (const auto& z : s.zones) {
        json excursions = json::array();
        for (const auto& e : z.soak.excursions) {
            excursions.push_back({{"left_at", utc_of_ms(e.left_ms)},
                                  {"returned_at", e.returned_ms ? json(utc_of_ms(*e.returned_ms)) : json(nullptr)},
                                  {"extreme", e.extreme_c},
                                  {"data_gap", e.data_gap}});
        }
        zones.push_back(
            {{"zone", z.zone.name},
             {"characteristic_id", z.zone.characteristic_id},
             {"latest", z.latest_c ? json(*z.latest_c) : json(nullptr)},
             {"latest_at", optional_json(z.latest_at)},
             {"state", monitor::soak_state_name(z.soak.state)},
             {"entered_band_at", z.soak.entered_band_ms ? json(utc_of_ms(*z.soak.entered_band_ms)) : json(nullptr)},
             {"in_band_minutes", static_cast<double>(z.soak.in_band_ms) / 60000.0},
             {"credited_minutes", static_cast<double>(z.soak.credited_ms) / 60000.0},
             {"required_minutes", static_cast<double>(z.soak.required_ms) / 60000.0},
             {"completed_at", z.soak.completed_ms ? json(utc_of_ms(*z.soak.completed_ms)) : json(nullptr)},
             {"excursions", excursions}});
    }
    return {{"load", load_json(s.load)},
            {"recipe", recipe_json(s.recipe)},
            {"state", monitor::soak_state_name(s.state)},
            {"zones", zones}};
}

json cqi9_json(const Cqi9Status& s) {
    return {{"tus", {{"last", s.last_tus ? tus_json(*s.last_tus) : json(nullptr)}, {"due", due_json(s.tus_due)}}},
            {"sat", {{"last", s.last_sat ? sat_json(*s.last_sat) : json(nullptr)}, {"due", due_json(s.sat_due)}}}};
}

json view_json(const FurnaceView& v) {
    json zones = json::array();
    for (const auto& z : v.zones) zones.push_back(zone_json(z));
    json recipes = json::array();
    for (const auto& r : v.recipes) recipes.push_back(recipe_json(r));
    return {{"furnace", furnace_json(v.furnace)},
            {"zones", zones},
            {"recipes", recipes},
            {"running_load", v.running ? load_status_json(*v.running) : json(nullptr)},
            {"cqi9", cqi9_json(v.cqi9)}};
}

}  // namespace yandian::app::monitoring
