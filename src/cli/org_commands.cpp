// `yandian org add|list`: organisations of the store, for the operator on the machine.
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/accounts.hpp"
#include "cli/commands.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

struct OrgOptions {
    const Clock* clock = nullptr;
    std::string db = "sqlite:yandian.db";
    std::string name;
    std::string kind;
};

int fail_with(const Error& error) {
    std::cerr << "yandian: " << error.message << (error.field.empty() ? "" : " (" + error.field + ")") << "\n";
    return exit_code(error.code);
}

int add_org(const OrgOptions& o) {
    auto kind = app::parse_org_kind(o.kind);
    if (!kind) return fail_with(kind.error());
    auto db = store::Database::open(o.db);
    if (!db) return fail_with(db.error());
    app::AccountService accounts(**db, app::AccountOptions{}, *o.clock);
    auto org = accounts.create_organisation(o.name, *kind);
    if (!org) return fail_with(org.error());
    std::cout << nlohmann::json{{"id", org->id}, {"name", org->name}, {"kind", app::to_string(org->kind)}}.dump()
              << "\n";
    return 0;
}

}  // namespace

void register_org_commands(CLI::App& app, Action& action, const Clock& clock) {
    CLI::App* org = app.add_subcommand("org", "Organisations");
    org->require_subcommand(1);
    auto o = std::make_shared<OrgOptions>();
    o->clock = &clock;
    CLI::App* add = org->add_subcommand("add", "Add an organisation; prints it as JSON");
    add->add_option("--db", o->db, "store: sqlite:PATH")->envname("YANDIAN_DB")->capture_default_str();
    add->add_option("--name", o->name, "organisation name")->required();
    add->add_option("--kind", o->kind, "manufacturer|merchant|lender|authority|association")->required();
    add->callback([&action, o] { action = [o] { return add_org(*o); }; });
}

}  // namespace yandian::cli
