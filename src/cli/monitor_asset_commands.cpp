// `yandian monitor asset add|list`, `monitor record`, `monitor trend`: monitored bearing positions on a store, records
// from files (diagnosed and stored as over HTTP, app/monitor/monitor_service.hpp) and their trend. The commands act
// as the operator of the store for the asset's organisation.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "app/accounts.hpp"
#include "app/monitor/monitor_json.hpp"
#include "app/monitor/monitor_service.hpp"
#include "cli/commands.hpp"
#include "common/json_text.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

using nlohmann::json;

struct AssetArgs {
    std::string db = "sqlite:yandian.db";
    std::string org;
    app::monitoring::AssetInput input;
    std::int64_t asset = 0;
    std::string file;
    std::string measured_at;
    std::optional<double> fs;
    std::optional<double> rpm;
    std::string channel;
    std::string unit;
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
    std::unique_ptr<app::monitoring::MonitorService> monitor;
    app::Principal who;
};

// The store and the operator acting for `org` (id or code), or for the organisation of `asset`.
Result<Opened> open_for(const AssetArgs& a, const Clock& clock) {
    Opened o;
    auto db = store::Database::open(a.db);
    if (!db) return tl::unexpected(db.error());
    o.db = std::move(*db);
    std::int64_t org_id = 0;
    if (a.asset != 0) {
        auto found = o.db->monitor().find_asset(a.asset);
        if (!found) return tl::unexpected(found.error());
        if (!*found) return fail(ErrorCode::kNotFound, fmt::format("asset {} not found", a.asset), "asset");
        org_id = (*found)->org_id;
    } else {
        app::AccountService accounts(*o.db, app::AccountOptions{}, clock);
        auto org = accounts.find_organisation(a.org);
        if (!org) return tl::unexpected(org.error());
        org_id = org->id;
    }
    o.monitor = std::make_unique<app::monitoring::MonitorService>(*o.db, clock);
    o.who = app::Principal{0, org_id, app::Role::kAdmin, "operator", std::nullopt};
    return o;
}

void print_trend_text(const store::AssetRecord& a, const std::vector<store::MonitorRecordRow>& records,
                      const std::vector<store::MonitorAlarmRow>& alarms) {
    std::cout << fmt::format("asset {} '{}': {} {}, bearing {}, ISO 20816-3 group {} {}\n", a.id, a.name, a.machine,
                             a.position, a.bearing, a.machine_group, a.mounting);
    std::cout << fmt::format("{:<26}{:>10}{:>6}{:>10}{:>10}{:>8}  {:<12}{:>6}\n", "measured at", "v mm/s", "zone",
                             "rms", "kurtosis", "crest", "verdict", "conf");
    for (const auto& r : records) {
        std::cout << fmt::format("{:<26}{:>10.2f}{:>6}{:>10.4f}{:>10.2f}{:>8.2f}  {:<12}{:>6.2f}\n", r.measured_at,
                                 r.velocity_rms_mm_s, r.zone, r.rms, r.kurtosis, r.crest_factor, r.fault, r.confidence);
    }
    if (alarms.empty()) {
        std::cout << "no alarms\n";
        return;
    }
    for (const auto& al : alarms) std::cout << fmt::format("alarm {} {:<7}{}\n", al.raised_at, al.kind, al.message);
}

}  // namespace

void register_monitor_asset_commands(CLI::App& monitor, Action& action, const Clock& clock) {
    auto* asset = monitor.add_subcommand("asset", "Monitored bearing positions of an organisation");
    asset->require_subcommand(1);
    auto db_option = [](CLI::App* cmd, AssetArgs& a) {
        cmd->add_option("--db", a.db, "store: sqlite:PATH or postgresql://...")->envname("YANDIAN_DB")->capture_default_str();
    };

    auto add = std::make_shared<AssetArgs>();
    auto* add_cmd = asset->add_subcommand("add", "Add a monitored bearing position");
    db_option(add_cmd, *add);
    add_cmd->add_option("--org", add->org, "organisation id or code")->required();
    add_cmd->add_option("--name", add->input.name, "unique within the organisation")->required();
    add_cmd->add_option("--machine", add->input.machine, "the machine")->required();
    add_cmd->add_option("--position", add->input.position, "DE, NDE, ...")->required();
    add_cmd->add_option("--bearing", add->input.bearing, "bearing designation (in the catalogue)")->required();
    add_cmd->add_option("--group", add->input.machine_group, "ISO 20816-3 machine group: 1 or 2")->capture_default_str();
    add_cmd->add_option("--mounting", add->input.mounting, "rigid or flexible")->capture_default_str();
    add_cmd->add_option("--nominal-rpm", add->input.nominal_rpm, "speed used when a record carries none");
    add_cmd->callback([add, &action, &clock] {
        action = [add, &clock] {
            auto o = open_for(*add, clock);
            if (!o) return report(o.error());
            auto created = o->monitor->create_asset(o->who, add->input);
            if (!created) return report(created.error());
            std::cout << json_text(app::monitoring::asset_json(*created), 2) << "\n";
            return 0;
        };
    });

    auto list = std::make_shared<AssetArgs>();
    auto* list_cmd = asset->add_subcommand("list", "The organisation's monitored bearing positions");
    db_option(list_cmd, *list);
    list_cmd->add_option("--org", list->org, "organisation id or code")->required();
    list_cmd->callback([list, &action, &clock] {
        action = [list, &clock] {
            auto o = open_for(*list, clock);
            if (!o) return report(o.error());
            auto assets = o->monitor->list_assets(o->who);
            if (!assets) return report(assets.error());
            json out = json::array();
            for (const auto& a : *assets) out.push_back(app::monitoring::asset_json(a));
            std::cout << json_text(out, 2) << "\n";
            return 0;
        };
    });

    auto rec = std::make_shared<AssetArgs>();
    auto* rec_cmd = monitor.add_subcommand(
        "record", "Diagnose a vibration record of an asset and store it (once per file); print it and its alarms");
    db_option(rec_cmd, *rec);
    rec_cmd->add_option("file", rec->file, "vibration record (MAT, WAV, CSV)")->required();
    rec_cmd->add_option("--asset", rec->asset, "asset id")->required();
    rec_cmd->add_option("--measured-at", rec->measured_at, "when it was taken (2026-11-29T14:03:05Z or a date); now when absent");
    rec_cmd->add_option("--fs", rec->fs, "sampling rate in Hz (overrides the file's)");
    rec_cmd->add_option("--rpm", rec->rpm, "shaft speed in r/min (overrides the file's)");
    rec_cmd->add_option("--channel", rec->channel, "MAT: DE, FE, BA or a variable name");
    rec_cmd->add_option("--unit", rec->unit, "g, m/s2 or mm/s");
    rec_cmd->callback([rec, &action, &clock] {
        action = [rec, &clock] {
            std::ifstream in(rec->file, std::ios::binary);
            if (!in) return report(Error{ErrorCode::kNotFound, rec->file + ": cannot open the file", "file"});
            std::ostringstream bytes;
            bytes << in.rdbuf();
            auto o = open_for(*rec, clock);
            if (!o) return report(o.error());
            app::monitoring::RecordInput input;
            input.label = rec->file;
            if (!rec->measured_at.empty()) input.measured_at = rec->measured_at;
            input.fs = rec->fs;
            input.rpm = rec->rpm;
            input.channel = rec->channel;
            input.unit = rec->unit;
            auto added = o->monitor->add_record(o->who, rec->asset, bytes.str(), input);
            if (!added) return report(added.error());
            json alarms = json::array();
            for (const auto& a : added->alarms) alarms.push_back(app::monitoring::alarm_json(a));
            std::cout << json_text(json{{"record", app::monitoring::record_json(added->record, false)},
                                        {"stored", added->inserted},
                                        {"alarms", alarms}},
                                   2)
                      << "\n";
            return 0;
        };
    });

    auto trend = std::make_shared<AssetArgs>();
    auto* trend_cmd = monitor.add_subcommand("trend", "An asset's records over time and the alarms they raised");
    db_option(trend_cmd, *trend);
    trend_cmd->add_option("--asset", trend->asset, "asset id")->required();
    trend_cmd->add_option("--format", trend->format, "json (default) or text")->check(CLI::IsMember({"json", "text"}));
    trend_cmd->callback([trend, &action, &clock] {
        action = [trend, &clock] {
            auto o = open_for(*trend, clock);
            if (!o) return report(o.error());
            auto a = o->monitor->asset(o->who, trend->asset);
            if (!a) return report(a.error());
            auto records = o->monitor->records(o->who, trend->asset);
            if (!records) return report(records.error());
            auto alarms = o->monitor->alarms(o->who, trend->asset);
            if (!alarms) return report(alarms.error());
            if (trend->format == "text") {
                print_trend_text(*a, *records, *alarms);
                return 0;
            }
            json out = app::monitoring::asset_json(*a);
            out["records"] = json::array();
            for (const auto& r : *records) out["records"].push_back(app::monitoring::record_json(r, false));
            out["alarms"] = json::array();
            for (const auto& al : *alarms) out["alarms"].push_back(app::monitoring::alarm_json(al));
            std::cout << json_text(out, 2) << "\n";
            return 0;
        };
    });
}

}  // namespace yandian::cli
