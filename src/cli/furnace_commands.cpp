// `yandian furnace ...`: heat-treatment furnaces on a store (app/monitor/furnace_service.hpp) — furnaces, zones
// (each an SPC characteristic fed by the ordinary ingest), recipes, loads and their soak, CQI-9 TUS/SAT records and
// the audit. The commands act as the operator of the store for the furnace's organisation.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts.hpp"
#include "app/monitor/furnace_service.hpp"
#include "cli/commands.hpp"
#include "common/json_text.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

using nlohmann::json;
namespace mon = app::monitoring;

struct FurnaceArgs {
    std::string db = "sqlite:yandian.db";
    std::string org;
    std::int64_t furnace = 0;
    std::int64_t load = 0;
    mon::FurnaceInput furnace_input;
    int tus_months = 0;
    std::optional<double> tus_tolerance;
    mon::ZoneInput zone;
    mon::RecipeInput recipe;
    mon::LoadInput load_input;
    std::string started_at;
    std::string ended_at;
    std::string date;
    std::optional<double> set_point;
    std::vector<std::string> tcs;
    std::vector<std::string> corrections;
    std::string sat_zone;
    std::optional<double> control;
    std::optional<double> test;
    double tc_correction = 0;
    double instrument_correction = 0;
    std::string format = "json";
};

int report(const Error& e) {
    std::cerr << "yandian: " << e.message;
    if (!e.field.empty()) std::cerr << " (" << e.field << ")";
    std::cerr << "\n";
    return exit_code(e.code);
}

struct Opened {
    std::unique_ptr<store::Database> db;
    std::unique_ptr<mon::FurnaceService> furnaces;
    app::Principal who;
};

// The store and the operator acting for `org` (id or code), or for the organisation of the furnace or load named.
Result<Opened> open_for(const FurnaceArgs& a, const Clock& clock) {
    Opened o;
    auto db = store::Database::open(a.db);
    if (!db) return tl::unexpected(db.error());
    o.db = std::move(*db);
    std::int64_t furnace_id = a.furnace;
    if (a.load != 0) {
        auto load = o.db->furnace().find_load(a.load);
        if (!load) return tl::unexpected(load.error());
        if (!*load) return fail(ErrorCode::kNotFound, fmt::format("load {} not found", a.load), "load");
        furnace_id = (*load)->furnace_id;
    }
    std::int64_t org_id = 0;
    if (furnace_id != 0) {
        auto found = o.db->furnace().find_furnace(furnace_id);
        if (!found) return tl::unexpected(found.error());
        if (!*found) return fail(ErrorCode::kNotFound, fmt::format("furnace {} not found", furnace_id), "furnace");
        org_id = (*found)->org_id;
    } else {
        app::AccountService accounts(*o.db, app::AccountOptions{}, clock);
        auto org = accounts.find_organisation(a.org);
        if (!org) return tl::unexpected(org.error());
        org_id = org->id;
    }
    o.furnaces = std::make_unique<mon::FurnaceService>(*o.db, clock);
    o.who = app::Principal{0, org_id, app::Role::kAdmin, "operator", std::nullopt};
    return o;
}

Result<double> parse_number(std::string_view text, std::string_view what) {
    double v = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || text.empty()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("{}: '{}' is not a number", what, text), "tc");
    }
    return v;
}

// --tc LABEL=v1,v2,... and --correction LABEL=c into the survey's thermocouples.
Result<std::vector<monitor::ThermocoupleReadings>> thermocouples(const FurnaceArgs& a) {
    std::vector<monitor::ThermocoupleReadings> out;
    for (const auto& spec : a.tcs) {
        const auto eq = spec.find('=');
        if (eq == std::string::npos || eq == 0) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("--tc '{}' must be LABEL=READING,READING,... (°C)", spec), "tc");
        }
        monitor::ThermocoupleReadings tc;
        tc.label = spec.substr(0, eq);
        std::string_view rest(spec);
        rest.remove_prefix(eq + 1);
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            auto v = parse_number(rest.substr(0, comma), fmt::format("thermocouple '{}'", tc.label));
            if (!v) return tl::unexpected(v.error());
            tc.readings_c.push_back(*v);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        out.push_back(std::move(tc));
    }
    for (const auto& spec : a.corrections) {
        const auto eq = spec.find('=');
        if (eq == std::string::npos) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("--correction '{}' must be LABEL=°C", spec),
                        "correction");
        }
        const std::string label = spec.substr(0, eq);
        auto v = parse_number(std::string_view(spec).substr(eq + 1), fmt::format("correction of '{}'", label));
        if (!v) return tl::unexpected(v.error());
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& tc) { return tc.label == label; });
        if (it == out.end()) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("--correction names '{}', which no --tc gives", label), "correction");
        }
        it->correction_c = *v;
    }
    return out;
}

std::string verdict(bool pass) { return pass ? "pass" : "FAIL"; }

std::string due_text(const monitor::Cqi9Due& d) {
    if (!d.next_due) return "due now (no passing record)";
    if (d.overdue) return fmt::format("{} OVERDUE by {} d", format_iso_date(*d.next_due), -d.days_left);
    return fmt::format("{} (in {} d)", format_iso_date(*d.next_due), d.days_left);
}

void print_audit(const std::vector<mon::FurnaceView>& views) {
    std::cout << "CQI-9 pyrometry records (temperature uniformity survey, system accuracy test)\n";
    for (const auto& v : views) {
        const auto& f = v.furnace;
        std::cout << fmt::format("furnace {} '{}' ({}): TUS ±{:.1f} °C every {} months, SAT ±{:.1f} °C every {} months\n",
                                 f.id, f.name, f.kind, f.tus_tolerance_c, f.tus_interval_months, f.sat_tolerance_c,
                                 f.sat_interval_months);
        if (v.cqi9.last_tus) {
            const auto& t = *v.cqi9.last_tus;
            std::cout << fmt::format("  TUS last {}  set point {:.1f} °C  max {:+.1f}/{:+.1f} °C  {}\n", t.surveyed_on,
                                     t.set_point_c, t.max_over_c, t.max_under_c, verdict(t.pass));
        } else {
            std::cout << "  TUS none recorded\n";
        }
        std::cout << "      next due " << due_text(v.cqi9.tus_due) << "\n";
        if (v.cqi9.last_sat) {
            const auto& s = *v.cqi9.last_sat;
            std::cout << fmt::format("  SAT last {}  control {:.1f} °C  corrected test {:.1f} °C  difference {:+.1f} °C  {}\n",
                                     s.tested_on, s.control_reading_c, s.corrected_test_c, s.difference_c,
                                     verdict(s.pass));
        } else {
            std::cout << "  SAT none recorded\n";
        }
        std::cout << "      next due " << due_text(v.cqi9.sat_due) << "\n";
    }
    if (views.empty()) std::cout << "no furnaces\n";
}

// Every subcommand has its own arguments (a shared variable would take the environment's value for unused siblings).
std::shared_ptr<FurnaceArgs> command(CLI::App& parent, const std::string& name, const std::string& help,
                                     CLI::App*& out) {
    auto args = std::make_shared<FurnaceArgs>();
    out = parent.add_subcommand(name, help);
    out->add_option("--db", args->db, "store: sqlite:PATH or postgresql://...")->envname("YANDIAN_DB")->capture_default_str();
    return args;
}

template <class Work>
void run(CLI::App* cmd, std::shared_ptr<FurnaceArgs> a, Action& action, const Clock& clock, Work work) {
    cmd->callback([a, &action, &clock, work] {
        action = [a, &clock, work] {
            auto o = open_for(*a, clock);
            if (!o) return report(o.error());
            Result<json> out = work(*a, *o);
            if (!out) return report(out.error());
            if (!out->is_null()) std::cout << json_text(*out, 2) << "\n";
            return 0;
        };
    });
}

}  // namespace

void register_furnace_commands(CLI::App& app, Action& action, const Clock& clock) {
    auto* furnace = app.add_subcommand("furnace", "Heat-treatment furnaces: zones, recipes, loads and soak, CQI-9 records");
    furnace->require_subcommand(1);
    CLI::App* cmd = nullptr;

    auto add = command(*furnace, "add", "Add a furnace", cmd);
    cmd->add_option("--org", add->org, "organisation id or code")->required();
    cmd->add_option("--name", add->furnace_input.name, "unique within the organisation")->required();
    cmd->add_option("--kind", add->furnace_input.kind, "batch or continuous")->capture_default_str();
    cmd->add_option("--tus-tolerance", add->tus_tolerance,
                    "uniformity tolerance ± °C of the furnace's CQI-9 process table")->required();
    cmd->add_option("--tus-months", add->tus_months, "months between temperature uniformity surveys")->required();
    cmd->add_option("--sat-tolerance", add->furnace_input.sat_tolerance_c, "SAT tolerance ± °C")->capture_default_str();
    cmd->add_option("--sat-months", add->furnace_input.sat_interval_months, "months between system accuracy tests")
        ->capture_default_str();
    run(cmd, add, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        a.furnace_input.tus_tolerance_c = a.tus_tolerance;
        a.furnace_input.tus_interval_months = a.tus_months;
        auto f = o.furnaces->create_furnace(o.who, a.furnace_input);
        if (!f) return tl::unexpected(f.error());
        return mon::furnace_json(*f);
    });

    auto list = command(*furnace, "list", "The organisation's furnaces", cmd);
    cmd->add_option("--org", list->org, "organisation id or code")->required();
    run(cmd, list, action, clock, [](FurnaceArgs&, Opened& o) -> Result<json> {
        auto all = o.furnaces->list_furnaces(o.who);
        if (!all) return tl::unexpected(all.error());
        json out = json::array();
        for (const auto& f : *all) out.push_back(mon::furnace_json(f));
        return out;
    });

    auto show = command(*furnace, "show", "A furnace: zones, recipes, the running load's soak, CQI-9 status", cmd);
    cmd->add_option("--furnace", show->furnace, "furnace id")->required();
    run(cmd, show, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        auto v = o.furnaces->view(o.who, a.furnace);
        if (!v) return tl::unexpected(v.error());
        return mon::view_json(*v);
    });

    auto* zone = furnace->add_subcommand("zone", "Zones of a furnace");
    zone->require_subcommand(1);
    auto zone_add = command(*zone, "add", "Add a zone fed by an SPC characteristic (its values are the temperatures)", cmd);
    cmd->add_option("--furnace", zone_add->furnace, "furnace id")->required();
    cmd->add_option("--name", zone_add->zone.name, "unique within the furnace")->required();
    cmd->add_option("--line", zone_add->zone.line, "line code of the characteristic")->required();
    cmd->add_option("--characteristic", zone_add->zone.characteristic, "characteristic code")->required();
    run(cmd, zone_add, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        auto z = o.furnaces->add_zone(o.who, a.furnace, a.zone);
        if (!z) return tl::unexpected(z.error());
        return mon::zone_json(*z);
    });

    auto* recipe = furnace->add_subcommand("recipe", "Recipes of a furnace");
    recipe->require_subcommand(1);
    auto recipe_add = command(*recipe, "add", "Add a recipe: set point, tolerance, soak time and rule", cmd);
    cmd->add_option("--furnace", recipe_add->furnace, "furnace id")->required();
    cmd->add_option("--code", recipe_add->recipe.code, "unique within the furnace")->required();
    cmd->add_option("--set-point", recipe_add->recipe.set_point_c, "°C")->required();
    cmd->add_option("--tolerance", recipe_add->recipe.tolerance_c, "± °C around the set point")->required();
    cmd->add_option("--soak", recipe_add->recipe.soak_minutes, "soak time, minutes")->required();
    cmd->add_option("--soak-rule", recipe_add->recipe.soak_rule,
                    "restart (an excursion restarts the soak) or accumulate")->capture_default_str();
    run(cmd, recipe_add, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        auto r = o.furnaces->add_recipe(o.who, a.furnace, a.recipe);
        if (!r) return tl::unexpected(r.error());
        return mon::recipe_json(*r);
    });

    auto* load = furnace->add_subcommand("load", "Loads of a furnace and their soak");
    load->require_subcommand(1);
    auto start = command(*load, "start", "Start a load with a recipe", cmd);
    cmd->add_option("--furnace", start->furnace, "furnace id")->required();
    cmd->add_option("--recipe", start->load_input.recipe, "recipe code")->required();
    cmd->add_option("--label", start->load_input.label, "work order or batch")->required();
    cmd->add_option("--at", start->started_at, "start time, ISO 8601 UTC (now when not given)");
    run(cmd, start, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        if (!a.started_at.empty()) a.load_input.started_at = a.started_at;
        auto l = o.furnaces->start_load(o.who, a.furnace, a.load_input);
        if (!l) return tl::unexpected(l.error());
        return mon::load_json(*l);
    });
    auto end = command(*load, "end", "End a load", cmd);
    cmd->add_option("--load", end->load, "load id")->required();
    cmd->add_option("--at", end->ended_at, "end time, ISO 8601 UTC (now when not given)");
    run(cmd, end, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        std::optional<std::string> at;
        if (!a.ended_at.empty()) at = a.ended_at;
        if (auto done = o.furnaces->end_load(o.who, a.load, at); !done) return tl::unexpected(done.error());
        auto s = o.furnaces->load_status(o.who, a.load);
        if (!s) return tl::unexpected(s.error());
        return mon::load_status_json(*s);
    });
    auto status = command(*load, "status", "Soak of a load in every zone", cmd);
    cmd->add_option("--load", status->load, "load id")->required();
    run(cmd, status, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        auto s = o.furnaces->load_status(o.who, a.load);
        if (!s) return tl::unexpected(s.error());
        return mon::load_status_json(*s);
    });

    auto* tus = furnace->add_subcommand("tus", "Temperature uniformity surveys (CQI-9)");
    tus->require_subcommand(1);
    auto tus_record = command(*tus, "record", "Record a survey; judged against the furnace's uniformity tolerance", cmd);
    cmd->add_option("--furnace", tus_record->furnace, "furnace id")->required();
    cmd->add_option("--date", tus_record->date, "survey date YYYY-MM-DD")->required();
    cmd->add_option("--set-point", tus_record->set_point, "°C")->required();
    cmd->add_option("--tc", tus_record->tcs, "LABEL=READING,READING,... (°C), one per survey thermocouple")->required();
    cmd->add_option("--correction", tus_record->corrections, "LABEL=°C, a survey thermocouple's correction factor");
    run(cmd, tus_record, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        auto tcs = thermocouples(a);
        if (!tcs) return tl::unexpected(tcs.error());
        auto t = o.furnaces->record_tus(o.who, a.furnace, mon::TusInput{a.date, a.set_point, std::move(*tcs)});
        if (!t) return tl::unexpected(t.error());
        return mon::tus_json(*t);
    });

    auto* sat = furnace->add_subcommand("sat", "System accuracy tests (CQI-9)");
    sat->require_subcommand(1);
    auto sat_record = command(*sat, "record", "Record a test; judged against the furnace's SAT tolerance", cmd);
    cmd->add_option("--furnace", sat_record->furnace, "furnace id")->required();
    cmd->add_option("--date", sat_record->date, "test date YYYY-MM-DD")->required();
    cmd->add_option("--zone", sat_record->sat_zone, "zone name, when the test is of one zone's instrument");
    cmd->add_option("--control", sat_record->control, "control instrument reading °C")->required();
    cmd->add_option("--test", sat_record->test, "test instrument reading °C")->required();
    cmd->add_option("--tc-correction", sat_record->tc_correction, "test thermocouple correction factor °C")
        ->capture_default_str();
    cmd->add_option("--instrument-correction", sat_record->instrument_correction,
                    "test instrument correction factor °C")->capture_default_str();
    run(cmd, sat_record, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        mon::SatRecordInput in;
        in.tested_on = a.date;
        if (!a.sat_zone.empty()) in.zone = a.sat_zone;
        in.control_reading_c = a.control;
        in.test_reading_c = a.test;
        in.test_thermocouple_correction_c = a.tc_correction;
        in.test_instrument_correction_c = a.instrument_correction;
        auto s = o.furnaces->record_sat(o.who, a.furnace, in);
        if (!s) return tl::unexpected(s.error());
        return mon::sat_json(*s);
    });

    auto audit = command(*furnace, "audit", "CQI-9 status of every furnace: last TUS/SAT, pass/fail, next due, overdue",
                         cmd);
    audit->format = "text";
    cmd->add_option("--org", audit->org, "organisation id or code")->required();
    cmd->add_option("--format", audit->format, "text or json")->capture_default_str()->check(
        CLI::IsMember({"text", "json"}));
    run(cmd, audit, action, clock, [](FurnaceArgs& a, Opened& o) -> Result<json> {
        auto views = o.furnaces->audit(o.who);
        if (!views) return tl::unexpected(views.error());
        if (a.format == "text") {
            print_audit(*views);
            return json(nullptr);
        }
        json out = json::array();
        for (const auto& v : *views) out.push_back({{"furnace", mon::furnace_json(v.furnace)}, {"cqi9", mon::cqi9_json(v.cqi9)}});
        return out;
    });
}

}  // namespace yandian::cli
