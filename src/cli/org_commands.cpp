// `yandian org add|list`: organisations of the store, for the operator on the machine.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/accounts.hpp"
#include "common/json_text.hpp"
#include "cli/commands.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

struct OrgOptions {
    const Clock* clock = nullptr;
    std::string db = "sqlite:yandian.db";
    std::string name;
    std::string kind;
    std::string code;
    std::string format = "text";
};

int fail_with(const Error& error) {
    std::string flag = error.field.empty() ? "" : " (--" + error.field + ")";
    std::cerr << "yandian: " << error.message << flag << "\n";
    return exit_code(error.code);
}

nlohmann::json org_json(const app::Organisation& org) {
    return {{"id", org.id},
            {"name", org.name},
            {"kind", app::to_string(org.kind)},
            {"code", org.code ? nlohmann::json(*org.code) : nlohmann::json()}};
}

int add_org(const OrgOptions& o) {
    auto kind = app::parse_org_kind(o.kind);
    if (!kind) return fail_with(kind.error());
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    app::AccountService accounts(**db, app::AccountOptions{}, *o.clock);
    auto org = accounts.create_organisation(o.name, *kind, o.code);
    if (!org) return fail_with(org.error());
    std::cout << json_text(org_json(*org)) << "\n";
    return 0;
}

int list_orgs(const OrgOptions& o) {
    if (o.format != "text" && o.format != "json") {
        return fail_with(Error{ErrorCode::kInvalidArgument, "format must be json or text", "format"});
    }
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    app::AccountService accounts(**db, app::AccountOptions{}, *o.clock);
    auto orgs = accounts.list_organisations();
    if (!orgs) return fail_with(orgs.error());
    if (o.format == "json") {
        nlohmann::json list = nlohmann::json::array();
        for (const app::Organisation& org : *orgs) list.push_back(org_json(org));
        std::cout << json_text(nlohmann::json{{"organisations", list}}, 2) << "\n";
        return 0;
    }
    std::cout << fmt::format("{:>5}  {:<16}  {:<12}  {}\n", "id", "code", "kind", "name");
    for (const app::Organisation& org : *orgs) {
        std::cout << fmt::format("{:>5}  {:<16}  {:<12}  {}\n", org.id, org.code.value_or("-"),
                                 app::to_string(org.kind), org.name);
    }
    return 0;
}

}  // namespace

void register_org_commands(CLI::App& app, Action& action, const Clock& clock) {
    CLI::App* org = app.add_subcommand("org", "Organisations");
    org->require_subcommand(1);
    auto o = std::make_shared<OrgOptions>();
    o->clock = &clock;
    CLI::App* add = org->add_subcommand("add", "Add an organisation; prints it as JSON");
    add->add_option("--db", o->db, "store: sqlite:PATH or postgresql://...")
        ->envname("YANDIAN_DB")
        ->capture_default_str();
    add->add_option("--name", o->name, "organisation name")->required();
    add->add_option("--kind", o->kind, "manufacturer|merchant|lender|authority|association")->required();
    add->add_option("--code", o->code,
                    "short code for MQTT topics, Modbus maps and commands (2-32 of a-z 0-9 -, starting with a letter)");
    add->callback([&action, o] { action = [o] { return add_org(*o); }; });
    CLI::App* list = org->add_subcommand("list", "List the organisations with their ids and codes");
    list->add_option("--db", o->db, "store: sqlite:PATH or postgresql://...")
        ->envname("YANDIAN_DB")
        ->capture_default_str();
    list->add_option("--format", o->format, "json|text")->capture_default_str();
    list->callback([&action, o] { action = [o] { return list_orgs(*o); }; });
}

}  // namespace yandian::cli
