// `yandian import aqdef|csv`: measurement files into the store, through the ingest service. Prints one JSON report
// per file (characteristics, values stored, values refused with their line or row); importing a file again stores
// nothing twice.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "app/file_import.hpp"
#include "common/json_text.hpp"
#include "app/live_hub.hpp"
#include "app/spc_service.hpp"
#include "cli/commands.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

struct ImportOptions {
    const Clock* clock = nullptr;
    std::string db = "sqlite:yandian.db";
    std::string org;   // id or code
    std::string line;  // id or code
    std::int64_t characteristic_id = 0;
    int utc_offset_minutes = 8 * 60;
    std::string map;
    std::string delimiter = ",";
    std::vector<std::string> files;
};

int fail_with(const Error& error, const std::string& file = {}) {
    std::cerr << "yandian: " << (file.empty() ? "" : file + ": ") << error.message
              << (error.field.empty() ? "" : " (" + error.field + ")") << "\n";
    return exit_code(error.code);
}

Result<std::string> read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::kInvalidArgument, "cannot read " + path, "file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return std::move(buffer).str();
}

nlohmann::json report_json(const std::string& file, const app::ImportReport& report) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : report.characteristics) {
        nlohmann::json rejected = nlohmann::json::array();
        for (const auto& e : c.rejected)
            rejected.push_back({{"index", e.index}, {"field", e.field}, {"message", e.message}});
        list.push_back({{"id", c.id},
                        {"code", c.code},
                        {"created", c.created},
                        {"accepted", c.accepted},
                        {"replayed", c.replayed},
                        {"rejected", rejected}});
    }
    return {{"file", file}, {"sha256", report.sha256}, {"characteristics", list}, {"warnings", report.warnings}};
}

// The operator on the machine, acting for the organisation that owns the data.
app::Principal local_operator(std::int64_t org_id) { return {0, org_id, app::Role::kAdmin, "cli", std::nullopt}; }

int run_import(const ImportOptions& o, bool aqdef) {
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    app::LiveHub hub;
    app::SpcService spc(**db, hub, *o.clock);
    std::int64_t org_id = 0;
    std::int64_t line_id = 0;
    std::vector<std::pair<std::string, std::string>> mapping;
    if (aqdef) {
        auto org = app::lookup_organisation(**db, o.org);
        if (!org) return fail_with(Error{org.error().code, org.error().message, "--org"});
        org_id = org->id;
        auto lines = spc.list_lines(local_operator(org_id));
        if (!lines) return fail_with(lines.error());
        for (const auto& l : *lines) {
            if (l.code == o.line || std::to_string(l.id) == o.line) line_id = l.id;
        }
        if (line_id == 0) {
            return fail_with(Error{ErrorCode::kNotFound,
                                   fmt::format("production line '{}' not found in organisation '{}' (give its code or "
                                               "id; `yandian line list --org {}`)",
                                               o.line, o.org, o.org),
                                   "--line"});
        }
    } else {
        auto c = (*db)->spc().find_characteristic(o.characteristic_id);
        if (!c) return fail_with(c.error());
        if (!*c) {
            return fail_with(Error{ErrorCode::kNotFound,
                                   fmt::format("characteristic {} not found (`yandian characteristic list --org ...`)",
                                               o.characteristic_id),
                                   "--characteristic-id"});
        }
        org_id = (*c)->org_id;
        if (!o.map.empty()) {
            auto m = app::parse_column_mapping(o.map);
            if (!m) return fail_with(m.error());
            mapping = *m;
        }
        if (o.delimiter.size() != 1) {
            return fail_with(Error{ErrorCode::kInvalidArgument, "delimiter must be one character", "delimiter"});
        }
    }
    const app::Principal who = local_operator(org_id);
    int status = 0;
    bool refused_values = false;
    for (const std::string& file : o.files) {
        auto text = read_whole(file);
        if (!text) return fail_with(text.error());
        Result<app::ImportReport> report = fail(ErrorCode::kInternal, "not run");
        if (aqdef) {
            ingest::AqdefOptions options;
            options.utc_offset_minutes = o.utc_offset_minutes;
            report = app::import_aqdef(spc, who, line_id, *text, options);
        } else {
            report = app::import_csv(spc, who, o.characteristic_id, *text, mapping, o.delimiter[0]);
        }
        if (!report) {
            status = fail_with(report.error(), file);
            continue;
        }
        std::cout << json_text(report_json(file, *report)) << "\n";
        for (const auto& c : report->characteristics) refused_values = refused_values || !c.rejected.empty();
    }
    // As `market import`: 3 when every file was read but some values were refused (named in the report).
    return status == 0 && refused_values ? 3 : status;
}

}  // namespace

void register_import_commands(CLI::App& app, Action& action, const Clock& clock) {
    CLI::App* import = app.add_subcommand("import", "Import measurement files (AQDEF, CSV history)");
    import->require_subcommand(1);

    auto a = std::make_shared<ImportOptions>();
    a->clock = &clock;
    CLI::App* aqdef = import->add_subcommand(
        "aqdef", "AQDEF .dfq files onto a line: characteristics created by code (K2001) when new, values stored once");
    aqdef->add_option("--db", a->db, "store: sqlite:PATH")->envname("YANDIAN_DB")->capture_default_str();
    aqdef->add_option("--org,--org-id", a->org, "organisation that owns the line: id or code")->required();
    aqdef->add_option("--line,--line-id", a->line, "line the characteristics belong to: code or id")->required();
    aqdef->add_option("--utc-offset-minutes", a->utc_offset_minutes, "plant time zone of the K0004 dates")
        ->check(CLI::Range(-840, 840))
        ->capture_default_str();
    aqdef->add_option("files", a->files, ".dfq files")->required()->check(CLI::ExistingFile);
    aqdef->callback([&action, a] { action = [a] { return run_import(*a, true); }; });

    auto c = std::make_shared<ImportOptions>();
    c->clock = &clock;
    CLI::App* csv = import->add_subcommand("csv", "CSV history of one characteristic, with a column mapping");
    csv->add_option("--db", c->db, "store: sqlite:PATH")->envname("YANDIAN_DB")->capture_default_str();
    csv->add_option("--characteristic-id", c->characteristic_id, "characteristic the values belong to")->required();
    csv->add_option("--map", c->map, "FIELD=COLUMN,... for value, time, subgroup, part, operator, gauge");
    csv->add_option("--delimiter", c->delimiter, "field separator")->capture_default_str();
    csv->add_option("files", c->files, "CSV files")->required()->check(CLI::ExistingFile);
    csv->callback([&action, c] { action = [c] { return run_import(*c, false); }; });
}

}  // namespace yandian::cli
