// `yandian monitor diagnose|report`: bearing fault diagnosis of vibration records (monitor/diagnosis.hpp) read by
// ingest/vibration; `report` runs the diagnosis over a folder of CWRU records and scores it against the faults the
// file names announce (the file names are used for the scoring and the CWRU sampling rate only, never by the
// diagnosis).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/monitor/diagnosis_service.hpp"
#include "common/json_text.hpp"
#include "cli/commands.hpp"
#include "ingest/vibration/vibration_file.hpp"
#include "monitor/diagnosis.hpp"

namespace yandian::cli {

namespace {

using nlohmann::json;

int report_error(const Error& e) {
    std::cerr << "error: " << e.message;
    if (!e.field.empty()) std::cerr << " [" << e.field << "]";
    std::cerr << "\n";
    return exit_code(e.code);
}

struct DiagnoseArgs {
    std::string file;
    std::string bearing;
    std::string channel;
    std::optional<double> fs;
    std::optional<double> rpm;
    std::string unit;
    std::string group = "2";
    std::string mounting = "rigid";
    double tolerance_percent = 1.0;
    std::string format = "json";
};

app::monitoring::DiagnoseRequest to_request(const DiagnoseArgs& a) {
    app::monitoring::DiagnoseRequest r;
    r.bearing = a.bearing;
    r.channel = a.channel;
    r.fs = a.fs;
    r.rpm = a.rpm;
    r.unit = a.unit;
    r.group = a.group;
    r.mounting = a.mounting;
    r.speed_tolerance = a.tolerance_percent / 100;
    return r;
}

// Reads `path` and diagnoses it under `a`; `nominal_rpm` stands in when neither --rpm nor the file gives the speed.
Result<app::monitoring::Outcome> run_one(monitor::FftPlans& fft, const std::string& path, const DiagnoseArgs& a,
                                         const app::monitoring::Prepared& p, std::optional<double> fs,
                                         std::optional<double> default_fs,
                                         std::optional<double> nominal_rpm = std::nullopt) {
    app::monitoring::DiagnoseRequest request = to_request(a);
    request.fs = fs;
    request.default_fs = default_fs;
    request.nominal_rpm = nominal_rpm;
    auto record = ingest::vibration::read_vibration_file(path, app::monitoring::read_options(request, p));
    if (!record) return tl::unexpected(record.error());
    return app::monitoring::diagnose_record(fft, std::move(*record), request, p, path);
}

std::string num(const json& v, int digits) {
    if (!v.is_number()) return "-";
    return fmt::format("{:.{}f}", v.get<double>(), digits);
}

void print_text(const json& j) {
    const auto& df = j["defect_frequencies"];
    std::cout << fmt::format("{:<12}{} (confidence {})\n", "fault", j["fault"].get<std::string>(),
                             num(j["confidence"], 2));
    std::cout << fmt::format("{:<12}{} rpm ({}), shaft {} Hz\n", "speed", num(j["rpm"], 1),
                             j["rpm_source"].get<std::string>(), num(df["shaft_hz"], 2));
    std::cout << fmt::format("{:<12}{} Hz ({}), {} s, channel {}\n", "record", num(j["fs"], 0),
                             j["fs_source"].get<std::string>(), num(j["duration_s"], 2),
                             j["channel"].get<std::string>());
    std::cout << fmt::format("{:<12}{} (Z {}, Dw {} mm, Dpw {} mm{})\n", "bearing", j["bearing"].get<std::string>(),
                             j["geometry"]["Z"].get<int>(), num(j["geometry"]["Dw_mm"], 3),
                             num(j["geometry"]["Dpw_mm"], 3),
                             j["geometry"]["estimated"].get<bool>() ? ", estimated" : "");
    std::cout << fmt::format("{:<12}FTF {}  BPFO {}  BPFI {}  BSF {}  2xBSF {} Hz\n", "defects", num(df["FTF_hz"], 2),
                             num(df["BPFO_hz"], 2), num(df["BPFI_hz"], 2), num(df["BSF_hz"], 2),
                             num(df["2xBSF_hz"], 2));
    std::cout << fmt::format("{:<12}outer_race {}  inner_race {}  ball {}  cage {}\n", "scores",
                             num(j["scores"]["outer_race"], 1), num(j["scores"]["inner_race"], 1),
                             num(j["scores"]["ball"], 1), num(j["scores"]["cage"], 1));
    if (!j["evidence"].empty()) {
        std::cout << fmt::format("{:<12}{:<14}{:<8}{:>10}{:>10}{:>8}{:>8}\n", "evidence", "line", "method",
                                 "expect Hz", "found Hz", "order", "dB");
        for (const auto& e : j["evidence"]) {
            std::cout << fmt::format("{:<12}{:<14}{:<8}{:>10}{:>10}{:>8}{:>8}\n", "", e["line"].get<std::string>(),
                                     e["method"].get<std::string>(), num(e["expected_hz"], 2),
                                     num(e["found_hz"], 2), num(e["order"], 3), num(e["prominence_db"], 1));
        }
    }
    const auto& k = j["kurtogram"];
    std::cout << fmt::format("{:<12}level {}, band {}-{} Hz, SK {}\n", "kurtogram", num(k["level"], 1),
                             num(k["band_hz"][0], 0), num(k["band_hz"][1], 0), num(k["spectral_kurtosis"], 2));
    const auto& f = j["features"];
    std::cout << fmt::format("{:<12}rms {} {}, peak {}, crest {}, kurtosis {}\n", "features", num(f["rms"], 4),
                             f["unit"].get<std::string>(), num(f["peak"], 3), num(f["crest_factor"], 2),
                             num(f["kurtosis"], 2));
    const auto& s = j["severity"];
    std::cout << fmt::format("{:<12}zone {}: {} mm/s r.m.s. 10-1000 Hz; ISO 20816-3 group {} {} (A/B {}, B/C {}, C/D {})\n",
                             "severity", s["zone"].get<std::string>(), num(s["velocity_rms_mm_s"], 2),
                             s["machine_group"].get<int>(), s["mounting"].get<std::string>(),
                             num(s["limits_mm_s"]["A/B"], 1), num(s["limits_mm_s"]["B/C"], 1),
                             num(s["limits_mm_s"]["C/D"], 1));
}

// CWRU naming: "..._IR007_...", "..._B007_...", "..._OR007@6_...", "normal_...". "" when unknown.
std::string seeded_fault(const std::string& name) {
    if (name.rfind("normal", 0) == 0) return "none";
    if (name.find("_IR") != std::string::npos) return "inner_race";
    if (name.find("_OR") != std::string::npos) return "outer_race";
    if (name.find("_B0") != std::string::npos) return "ball";
    return "";
}

// The CWRU sampling rate the name announces: "12k_" / "48k_"; the normal baseline records are 48 kHz.
std::optional<double> named_rate(const std::string& name) {
    if (name.rfind("12k_", 0) == 0) return 12000.0;
    if (name.rfind("48k_", 0) == 0 || name.rfind("normal", 0) == 0) return 48000.0;
    return std::nullopt;
}

// The nominal speed of the CWRU rig at the load the name gives ("..._2_120.mat": 2 hp, 1750 r/min), for the records
// whose files hold no speed (3001-3008), as the rig's operator would give it.
std::optional<double> named_nominal_rpm(const std::string& name) {
    const auto last = name.rfind('_');
    if (last == std::string::npos || last < 2 || name[last - 2] != '_') return std::nullopt;
    static constexpr double kNominal[] = {1797, 1772, 1750, 1730};
    const char load = name[last - 1];
    if (load < '0' || load > '3') return std::nullopt;
    return kNominal[load - '0'];
}

int run_report(const std::string& dir, const DiagnoseArgs& a) {
    auto p = app::monitoring::prepare(to_request(a));
    if (!p) return report_error(p.error());
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".mat") files.push_back(entry.path());
    }
    if (ec) return report_error(Error{ErrorCode::kNotFound, dir + ": " + ec.message(), "dir"});
    if (files.empty()) return report_error(Error{ErrorCode::kInvalidArgument, dir + ": no .mat files", "dir"});
    std::sort(files.begin(), files.end());
    monitor::FftPlans fft;
    json rows = json::array();
    std::map<std::string, std::pair<int, int>> per_fault;  // seeded -> (matched, total)
    int matched = 0, scored = 0;
    double worst_seconds = 0, total_seconds = 0;
    if (a.format == "text") {
        std::cout << fmt::format("{:<34}{:<12}{:<12}{:>6}{:>7}{:>8}{:>8}{:>8}{:>8}{:>8}  {}\n", "file", "seeded",
                                 "verdict", "ok", "conf", "rpm", "OR", "IR", "ball", "cage", "best lines");
    }
    for (const auto& path : files) {
        const std::string name = path.filename().string();
        const std::string seeded = seeded_fault(name);
        auto out = run_one(fft, path.string(), a, *p, a.fs ? a.fs : named_rate(name), std::nullopt,
                           named_nominal_rpm(name));
        json row = {{"file", name}, {"seeded", seeded}};
        if (!out) {
            row["error"] = out.error().message;
            rows.push_back(row);
            if (a.format == "text") std::cout << fmt::format("{:<34}{:<12}error: {}\n", name, seeded, out.error().message);
            if (!seeded.empty()) {
                ++scored;
                ++per_fault[seeded].second;
            }
            continue;
        }
        const std::string verdict = out->doc["fault"].get<std::string>();
        const bool ok = verdict == seeded;
        if (!seeded.empty()) {
            ++scored;
            matched += ok ? 1 : 0;
            per_fault[seeded].first += ok ? 1 : 0;
            ++per_fault[seeded].second;
        }
        worst_seconds = std::max(worst_seconds, out->seconds);
        total_seconds += out->seconds;
        std::string lines;
        for (const auto& e : out->doc["evidence"]) {
            if (lines.size() > 60) break;
            lines += fmt::format("{}{} {:.0f}dB", lines.empty() ? "" : ", ", e["line"].get<std::string>(),
                                 e["prominence_db"].get<double>());
        }
        row.update({{"verdict", verdict},
                    {"match", ok},
                    {"confidence", out->doc["confidence"]},
                    {"rpm", out->doc["rpm"]},
                    {"rpm_source", out->doc["rpm_source"]},
                    {"scores", out->doc["scores"]},
                    {"kurtogram", out->doc["kurtogram"]},
                    {"evidence", out->doc["evidence"]},
                    {"seconds", out->seconds}});
        rows.push_back(row);
        if (a.format == "text") {
            const auto& s = out->doc["scores"];
            std::cout << fmt::format("{:<34}{:<12}{:<12}{:>6}{:>7}{:>8}{:>8}{:>8}{:>8}{:>8}  {}\n", name, seeded,
                                     verdict, seeded.empty() ? "?" : (ok ? "yes" : "no"),
                                     num(out->doc["confidence"], 2), num(out->doc["rpm"], 0),
                                     num(s["outer_race"], 0), num(s["inner_race"], 0), num(s["ball"], 0),
                                     num(s["cage"], 0), lines);
        }
    }
    json summary = json::object();
    for (const auto& [fault, c] : per_fault) summary[fault] = {{"matched", c.first}, {"records", c.second}};
    if (a.format == "text") {
        std::cout << "\n";
        for (const auto& [fault, c] : per_fault) std::cout << fmt::format("{:<12}{:>3} / {:<3}\n", fault, c.first, c.second);
        std::cout << fmt::format("{:<12}{:>3} / {:<3}\n", "all", matched, scored);
        std::cout << fmt::format("analysis time per record: mean {:.3f} s, worst {:.3f} s\n",
                                 total_seconds / std::max<std::size_t>(1, files.size()), worst_seconds);
    } else {
        std::cout << json_text(json{{"records", rows},
                                    {"per_fault", summary},
                                    {"matched", matched},
                                    {"scored", scored},
                                    {"worst_seconds", worst_seconds}},
                               2)
                  << "\n";
    }
    return 0;
}

void add_common_options(CLI::App* cmd, DiagnoseArgs& a) {
    cmd->add_option("--bearing", a.bearing, "Bearing designation (the catalogue gives its geometry), e.g. 6205")
        ->required();
    cmd->add_option("--channel", a.channel,
                    "MAT: DE, FE, BA (variable-name suffix _DE_time ...) or a variable name; default DE");
    cmd->add_option("--fs", a.fs, "Sampling rate in Hz (overrides the file's)");
    cmd->add_option("--rpm", a.rpm, "Shaft speed in r/min (overrides the file's; estimated when neither)");
    cmd->add_option("--unit", a.unit, "Unit of the samples: g (default), m/s2 or mm/s")
        ->check(CLI::IsMember({"g", "m/s2", "mm/s"}));
    cmd->add_option("--group", a.group, "ISO 20816-3 machine group: 1 or 2 (default 2)")
        ->check(CLI::IsMember({"1", "2"}));
    cmd->add_option("--mounting", a.mounting, "ISO 20816-3 support: rigid (default) or flexible")
        ->check(CLI::IsMember({"rigid", "flexible"}));
    cmd->add_option("--speed-tolerance", a.tolerance_percent,
                    "Percent around the defect frequencies searched (default 1; 2 when the report falls back to a "
                    "nominal speed)")
        ->check(CLI::Range(0.0, 10.0));
    cmd->add_option("--format", a.format, "json (default) or text")->check(CLI::IsMember({"json", "text"}));
}

}  // namespace

void register_monitor_commands(CLI::App& app, Action& action, const Clock& clock) {
    auto* monitor = app.add_subcommand("monitor", "Condition monitoring: bearing fault diagnosis from vibration");
    monitor->require_subcommand(1);

    auto args = std::make_shared<DiagnoseArgs>();
    auto* diagnose = monitor->add_subcommand(
        "diagnose", "Diagnose one vibration record (MAT level 5, WAV, CSV) against a bearing's defect frequencies");
    diagnose->add_option("file", args->file, "Vibration record")->required();
    add_common_options(diagnose, *args);
    diagnose->callback([args, &action] {
        action = [args] {
            auto p = app::monitoring::prepare(to_request(*args));
            if (!p) return report_error(p.error());
            monitor::FftPlans fft;
            // A MAT file without a rate (CWRU's) is read at 12 kHz, said so in fs_source ("default").
            auto out = run_one(fft, args->file, *args, *p, args->fs, 12000.0);
            if (!out) return report_error(out.error());
            if (args->format == "text") {
                print_text(out->doc);
            } else {
                std::cout << json_text(out->doc, 2) << "\n";
            }
            return 0;
        };
    });

    auto rargs = std::make_shared<DiagnoseArgs>();
    auto dir = std::make_shared<std::string>();
    rargs->format = "text";
    auto* report = monitor->add_subcommand(
        "report", "Diagnose every .mat record of a CWRU folder and score the verdicts against the seeded faults");
    report->add_option("dir", *dir, "Folder of CWRU .mat files")->required();
    add_common_options(report, *rargs);
    report->callback([rargs, dir, &action] { action = [rargs, dir] { return run_report(*dir, *rargs); }; });

    register_monitor_asset_commands(*monitor, action, clock);
}

}  // namespace yandian::cli
