// `yandian plant add|list`, `yandian line add|list`, `yandian characteristic add|list` and `yandian setup FILE`: a
// plant's own production lines and characteristics, for the operator on the machine (what the SPC set-up page and
// the API do for a signed-in engineer). Organisations are named by id or code; lines by their code.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "app/accounts.hpp"
#include "app/live_hub.hpp"
#include "app/spc_service.hpp"
#include "cli/commands.hpp"
#include "common/json_text.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

using nlohmann::json;

struct SetupArgs {
    const Clock* clock = nullptr;
    std::string db = "sqlite:yandian.db";
    std::string org;
    std::string name;
    std::string code;
    std::string line;
    std::string plant;  // id or name
    std::string format = "text";
    std::string file;
    app::CharacteristicInput characteristic;
    std::optional<double> nominal, lsl, usl, resolution;
};

// The names of the flags the service's field names stand for, so an error points at what to change.
const std::map<std::string, std::string>& flag_names() {
    static const std::map<std::string, std::string> names{
        {"organisation", "--org"},       {"plant_id", "--plant"},   {"line_id", "--line"},
        {"subgroup_size", "--subgroup"}, {"chart_type", "--chart"}, {"phase1_subgroups", "--phase1"},
        {"part_number", "--part"},
    };
    return names;
}

int report(const Error& error, std::string_view where = {}) {
    std::cerr << "yandian: " << where << error.message;
    if (!error.field.empty()) {
        auto it = flag_names().find(error.field);
        std::string flag = it != flag_names().end() ? it->second : "--" + error.field;
        for (char& c : flag) c = c == '_' ? '-' : c;
        if (where.empty()) std::cerr << " (" << flag << ")";
    }
    std::cerr << "\n";
    return exit_code(error.code);
}

// The store, the services and the organisation's administrator as the commands act for it.
struct Session {
    std::unique_ptr<store::Database> db;
    std::unique_ptr<app::AccountService> accounts;
    std::unique_ptr<app::LiveHub> hub;
    std::unique_ptr<app::SpcService> spc;
    app::Organisation org;
    app::Principal who;
};

Result<Session> open_session(const SetupArgs& o) {
    Session s;
    auto db = store::Database::open(o.db);
    if (!db) return tl::unexpected(db.error());
    s.db = std::move(*db);
    s.accounts = std::make_unique<app::AccountService>(*s.db, app::AccountOptions{}, *o.clock);
    auto org = s.accounts->find_organisation(o.org);
    if (!org) return tl::unexpected(org.error());
    s.org = *org;
    s.hub = std::make_unique<app::LiveHub>();
    s.spc = std::make_unique<app::SpcService>(*s.db, *s.hub, *o.clock);
    s.who = app::Principal{0, org->id, app::Role::kAdmin, "operator", std::nullopt};
    return s;
}

Result<store::LineRecord> line_by_code(Session& s, std::string_view code) {
    auto lines = s.spc->list_lines(s.who);
    if (!lines) return tl::unexpected(lines.error());
    for (const auto& l : *lines) {
        if (l.code == code) return l;
    }
    return fail(
        ErrorCode::kNotFound,
        fmt::format("production line '{}' not found in organisation '{}' (`yandian line list --org {}`)", code,
                    s.org.code.value_or(std::to_string(s.org.id)), s.org.code.value_or(std::to_string(s.org.id))),
        "line_id");
}

// The plant a new line goes into: the one given by id or name, or the organisation's only plant.
Result<std::int64_t> plant_for_line(Session& s, const std::string& given) {
    auto plants = s.spc->list_plants(s.who);
    if (!plants) return tl::unexpected(plants.error());
    if (!given.empty()) {
        for (const auto& p : *plants) {
            if (p.name == given || std::to_string(p.id) == given) return p.id;
        }
        return fail(ErrorCode::kNotFound,
                    fmt::format("plant '{}' not found in the organisation (`yandian plant list`)", given), "plant_id");
    }
    if (plants->size() == 1) return plants->front().id;
    return fail(ErrorCode::kInvalidArgument,
                plants->empty()
                    ? "the organisation has no plant yet: `yandian plant add` first"
                    : "the organisation has several plants: say which with --plant ID (`yandian plant list`)",
                "plant_id");
}

json plant_json(const store::PlantRecord& p) { return {{"id", p.id}, {"org_id", p.org_id}, {"name", p.name}}; }

json line_json(const store::LineRecord& l) {
    return {{"id", l.id}, {"plant_id", l.plant_id}, {"code", l.code}, {"name", l.name}};
}

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(); }

json characteristic_json(const store::CharacteristicRecord& c) {
    return {{"id", c.id},
            {"line_id", c.line_id},
            {"code", c.code},
            {"part_number", c.part_number},
            {"feature", c.feature},
            {"nominal", optional_number(c.nominal)},
            {"lsl", optional_number(c.lsl)},
            {"usl", optional_number(c.usl)},
            {"unit", c.unit},
            {"subgroup_size", c.subgroup_size},
            {"chart_type", c.chart_type},
            {"rules", c.rules}};
}

std::string number_text(const std::optional<double>& v) { return v ? fmt::format("{:g}", *v) : "-"; }

int run_plant_add(const SetupArgs& o) {
    auto s = open_session(o);
    if (!s) return report(s.error());
    auto plant = s->spc->create_plant(s->who, o.name);
    if (!plant) return report(plant.error());
    std::cout << json_text(plant_json(*plant)) << "\n";
    return 0;
}

int run_line_add(const SetupArgs& o) {
    auto s = open_session(o);
    if (!s) return report(s.error());
    auto plant = plant_for_line(*s, o.plant);
    if (!plant) return report(plant.error());
    auto line = s->spc->create_line(s->who, *plant, o.code, o.name);
    if (!line) return report(line.error());
    std::cout << json_text(line_json(*line)) << "\n";
    return 0;
}

Result<store::CharacteristicRecord> add_characteristic(Session& s, const std::string& line_code,
                                                       app::CharacteristicInput in) {
    auto line = line_by_code(s, line_code);
    if (!line) return tl::unexpected(line.error());
    in.line_id = line->id;
    return s.spc->create_characteristic(s.who, in);
}

int run_characteristic_add(const SetupArgs& o) {
    auto s = open_session(o);
    if (!s) return report(s.error());
    app::CharacteristicInput in = o.characteristic;
    in.nominal = o.nominal;
    in.lsl = o.lsl;
    in.usl = o.usl;
    in.resolution = o.resolution;
    auto c = add_characteristic(*s, o.line, in);
    if (!c) return report(c.error());
    std::cout << json_text(characteristic_json(*c)) << "\n";
    return 0;
}

int run_list(const SetupArgs& o, std::string_view what) {
    if (o.format != "text" && o.format != "json") {
        return report(Error{ErrorCode::kInvalidArgument, "format must be json or text", "format"});
    }
    auto s = open_session(o);
    if (!s) return report(s.error());
    json list = json::array();
    std::ostringstream text;
    if (what == "plants") {
        auto plants = s->spc->list_plants(s->who);
        if (!plants) return report(plants.error());
        text << fmt::format("{:>5}  {}\n", "id", "name");
        for (const auto& p : *plants) {
            list.push_back(plant_json(p));
            text << fmt::format("{:>5}  {}\n", p.id, p.name);
        }
    } else if (what == "lines") {
        auto lines = s->spc->list_lines(s->who);
        if (!lines) return report(lines.error());
        text << fmt::format("{:>5}  {:>5}  {:<16}  {}\n", "id", "plant", "code", "name");
        for (const auto& l : *lines) {
            list.push_back(line_json(l));
            text << fmt::format("{:>5}  {:>5}  {:<16}  {}\n", l.id, l.plant_id, l.code, l.name);
        }
    } else {
        auto readable = s->spc->list_characteristics(s->who);
        if (!readable) return report(readable.error());
        text << fmt::format("{:>5}  {:>5}  {:<16}  {:<7}  {:>3}  {:>10}  {:>10}  {:>10}  {}\n", "id", "line", "code",
                            "chart", "n", "nominal", "lsl", "usl", "feature");
        for (const auto& r : *readable) {
            const auto& c = r.characteristic;
            if (c.org_id != s->org.id) continue;  // granted ones belong to their owner's list
            list.push_back(characteristic_json(c));
            text << fmt::format("{:>5}  {:>5}  {:<16}  {:<7}  {:>3}  {:>10}  {:>10}  {:>10}  {}\n", c.id, c.line_id,
                                c.code, c.chart_type, c.subgroup_size, number_text(c.nominal), number_text(c.lsl),
                                number_text(c.usl), c.feature);
        }
    }
    if (o.format == "json") {
        std::cout << json_text(json{{std::string(what), list}}, 2) << "\n";
    } else {
        std::cout << text.str();
    }
    return 0;
}

// ---- setup FILE

std::optional<double> number_or_none(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    return j[key].get<double>();
}

// One JSON file describing an organisation's plants, lines and characteristics (docs/spc/setup.md). What exists
// already (same plant name, line code, characteristic code) is kept as it is, so running the file again changes
// nothing; every entry is checked before anything is written, and an error names the entry.
int run_setup(const SetupArgs& o) {
    std::ifstream in(o.file);
    if (!in) return report(Error{ErrorCode::kInvalidArgument, fmt::format("cannot read {}", o.file), "file"});
    json doc = json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return report(Error{ErrorCode::kInvalidArgument, fmt::format("{}: not a JSON object", o.file), "file"});
    }
    SetupArgs args = o;
    if (args.org.empty() && doc.contains("organisation")) {
        const json& org = doc["organisation"];
        args.org = org.is_string() ? org.get<std::string>() : json_text(org);
    }
    if (args.org.empty()) {
        return report(
            Error{ErrorCode::kInvalidArgument,
                  fmt::format("{}: name the organisation (\"organisation\": code or id) or give --org", o.file),
                  "organisation"});
    }
    auto s = open_session(args);
    if (!s) return report(s.error());

    int created = 0, kept = 0;
    auto done = s->db->in_transaction([&]() -> Status {
        auto plants = s->spc->list_plants(s->who);
        if (!plants) return tl::unexpected(plants.error());
        auto lines = s->spc->list_lines(s->who);
        if (!lines) return tl::unexpected(lines.error());
        const json empty = json::array();
        const json& plant_list = doc.contains("plants") ? doc["plants"] : empty;
        if (!plant_list.is_array()) return fail(ErrorCode::kInvalidArgument, "\"plants\" must be a list", "plants");
        for (std::size_t pi = 0; pi < plant_list.size(); ++pi) {
            const json& p = plant_list[pi];
            const std::string where = fmt::format("plants[{}]", pi);
            if (!p.is_object() || !p.contains("name") || !p["name"].is_string()) {
                return fail(ErrorCode::kInvalidArgument, "needs a \"name\"", where);
            }
            std::optional<store::PlantRecord> plant;
            for (const auto& existing : *plants) {
                if (existing.name == p["name"].get<std::string>()) plant = existing;
            }
            if (!plant) {
                auto made = s->spc->create_plant(s->who, p["name"].get<std::string>());
                if (!made) return fail(made.error().code, made.error().message, where);
                plant = *made;
                ++created;
            } else {
                ++kept;
            }
            const json& line_list = p.contains("lines") ? p["lines"] : empty;
            for (std::size_t li = 0; li < line_list.size(); ++li) {
                const json& l = line_list[li];
                const std::string lwhere = fmt::format("{}.lines[{}]", where, li);
                if (!l.is_object() || !l.contains("code") || !l["code"].is_string()) {
                    return fail(ErrorCode::kInvalidArgument, "needs a \"code\"", lwhere);
                }
                const std::string code = l["code"].get<std::string>();
                std::optional<store::LineRecord> line;
                for (const auto& existing : *lines) {
                    if (existing.code == code) line = existing;
                }
                if (!line) {
                    auto made = s->spc->create_line(s->who, plant->id, code, l.value("name", code));
                    if (!made) return fail(made.error().code, made.error().message, lwhere);
                    line = *made;
                    lines->push_back(*made);
                    ++created;
                } else {
                    ++kept;
                }
                auto readable = s->spc->list_characteristics(s->who);
                if (!readable) return tl::unexpected(readable.error());
                const json& cs = l.contains("characteristics") ? l["characteristics"] : empty;
                for (std::size_t ci = 0; ci < cs.size(); ++ci) {
                    const json& c = cs[ci];
                    const std::string cwhere = fmt::format("{}.characteristics[{}]", lwhere, ci);
                    try {
                        app::CharacteristicInput input;
                        input.line_id = line->id;
                        input.code = c.at("code").get<std::string>();
                        input.feature = c.value("feature", std::string());
                        input.part_number = c.value("part", std::string());
                        input.nominal = number_or_none(c, "nominal");
                        input.lsl = number_or_none(c, "lsl");
                        input.usl = number_or_none(c, "usl");
                        input.resolution = number_or_none(c, "resolution");
                        input.unit = c.value("unit", std::string("mm"));
                        input.subgroup_size = c.value("subgroup", std::int64_t{1});
                        input.chart_type = c.value("chart", std::string());
                        input.rules = c.value("rules", std::string("nelson"));
                        input.phase1_subgroups = c.value("phase1", std::int64_t{25});
                        bool exists = false;
                        for (const auto& r : *readable) {
                            exists =
                                exists || (r.characteristic.line_id == line->id && r.characteristic.code == input.code);
                        }
                        if (exists) {
                            ++kept;
                            continue;
                        }
                        auto made = s->spc->create_characteristic(s->who, input);
                        if (!made) {
                            return fail(made.error().code, made.error().message,
                                        cwhere + (made.error().field.empty() ? "" : "." + made.error().field));
                        }
                        ++created;
                    } catch (const json::exception& e) {
                        return fail(ErrorCode::kInvalidArgument,
                                    fmt::format("needs \"code\" and numbers where numbers belong ({})", e.what()),
                                    cwhere);
                    }
                }
            }
        }
        return {};
    });
    if (!done) {
        const Error& e = done.error();
        return report(e, e.field.empty() ? o.file + ": " : fmt::format("{}: {}: ", o.file, e.field));
    }
    std::cout << fmt::format("{}: {} created, {} already there (organisation {})\n", o.file, created, kept,
                             s->org.code.value_or(std::to_string(s->org.id)));
    return 0;
}

CLI::App* command(CLI::App& parent, const char* name, const char* description, SetupArgs& o, bool needs_org = true) {
    CLI::App* cmd = parent.add_subcommand(name, description);
    cmd->add_option("--db", o.db, "store: sqlite:PATH or postgresql://...")
        ->envname("YANDIAN_DB")
        ->capture_default_str();
    auto* org = cmd->add_option("--org", o.org, "organisation id or code");
    if (needs_org) org->required();
    return cmd;
}

}  // namespace

void register_setup_commands(CLI::App& app, Action& action, const Clock& clock) {
    auto o = std::make_shared<SetupArgs>();
    o->clock = &clock;

    CLI::App* plant = app.add_subcommand("plant", "Plants of an organisation");
    plant->require_subcommand(1);
    CLI::App* plant_add = command(*plant, "add", "Add a plant; prints it as JSON", *o);
    plant_add->add_option("--name", o->name, "plant name")->required();
    plant_add->callback([&action, o] { action = [o] { return run_plant_add(*o); }; });
    CLI::App* plant_list = command(*plant, "list", "List the organisation's plants", *o);
    plant_list->add_option("--format", o->format, "json|text")->capture_default_str();
    plant_list->callback([&action, o] { action = [o] { return run_list(*o, "plants"); }; });

    CLI::App* line = app.add_subcommand("line", "Production lines");
    line->require_subcommand(1);
    CLI::App* line_add = command(*line, "add", "Add a production line; prints it as JSON", *o);
    line_add->add_option("--plant", o->plant, "plant id or name (default: the organisation's only plant)");
    line_add->add_option("--code", o->code, "line code as gauges and MQTT topics name it, e.g. grind-3")->required();
    line_add->add_option("--name", o->name, "line name")->required();
    line_add->callback([&action, o] { action = [o] { return run_line_add(*o); }; });
    CLI::App* line_list = command(*line, "list", "List the organisation's production lines", *o);
    line_list->add_option("--format", o->format, "json|text")->capture_default_str();
    line_list->callback([&action, o] { action = [o] { return run_list(*o, "lines"); }; });

    CLI::App* ch = app.add_subcommand("characteristic", "Characteristics measured on a line");
    ch->require_subcommand(1);
    CLI::App* ch_add = command(*ch, "add", "Add a characteristic; prints it as JSON", *o);
    app::CharacteristicInput& in = o->characteristic;
    ch_add->add_option("--line", o->line, "line code")->required();
    ch_add->add_option("--code", in.code, "characteristic code as gauges and MQTT topics name it, e.g. bore-d")
        ->required();
    ch_add->add_option("--feature", in.feature, "what is measured, e.g. \"bore diameter\"")->required();
    ch_add->add_option("--part", in.part_number, "part number");
    ch_add->add_option("--nominal", o->nominal, "nominal value");
    ch_add->add_option("--lsl", o->lsl, "lower specification limit");
    ch_add->add_option("--usl", o->usl, "upper specification limit");
    ch_add->add_option("--unit", in.unit, "unit")->capture_default_str();
    ch_add->add_option("--resolution", o->resolution, "gauge resolution");
    ch_add->add_option("--subgroup", in.subgroup_size, "subgroup size n (1-25)")->capture_default_str();
    ch_add->add_option("--chart", in.chart_type, "imr|xbar-r|xbar-s|p|np|c|u (default from n)");
    ch_add->add_option("--rules", in.rules, "run rules")->capture_default_str();
    ch_add->add_option("--phase1", in.phase1_subgroups, "subgroups that establish the limits")->capture_default_str();
    ch_add->callback([&action, o] { action = [o] { return run_characteristic_add(*o); }; });
    CLI::App* ch_list = command(*ch, "list", "List the organisation's characteristics", *o);
    ch_list->add_option("--format", o->format, "json|text")->capture_default_str();
    ch_list->callback([&action, o] { action = [o] { return run_list(*o, "characteristics"); }; });

    CLI::App* setup = app.add_subcommand("setup", "Create plants, lines and characteristics from a JSON file");
    setup->add_option("file", o->file, "setup file (docs/spc/setup.md)")->required();
    setup->add_option("--db", o->db, "store: sqlite:PATH or postgresql://...")
        ->envname("YANDIAN_DB")
        ->capture_default_str();
    setup->add_option("--org", o->org, "organisation id or code (default: the file's \"organisation\")");
    setup->callback([&action, o] { action = [o] { return run_setup(*o); }; });
}

}  // namespace yandian::cli
