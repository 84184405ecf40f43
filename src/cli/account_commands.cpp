// `yandian init`, `yandian user add|list|passwd|disable|enable`, `yandian token create|revoke`:
// accounts of the store, for the operator on the machine.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/accounts.hpp"
#include "app/crypto.hpp"
#include "cli/commands.hpp"
#include "store/database.hpp"

namespace yandian::cli {

namespace {

constexpr const char* kDefaultDb = "sqlite:yandian.db";
constexpr std::size_t kGeneratedPasswordBytes = 12;  // 24 hex characters, 96 bits

struct AccountArgs {
    const Clock* clock = nullptr;  // the process clock, set when registered
    std::string db = kDefaultDb;
    std::string org;
    std::string org_ref;   // id or code
    std::string org_code;  // init: the new organisation's code
    std::string kind;
    std::string login;
    std::string role;
    std::string name;
    std::string password;
    std::string format = "text";
    std::int64_t id = 0;
};

using FlagNames = std::map<std::string, std::string>;

// Prints the error naming the command-line flag at fault and returns the exit code for it.
int report(const Error& error, const FlagNames& flags = {}) {
    std::cerr << "yandian: " << error.message;
    if (!error.field.empty()) {
        auto it = flags.find(error.field);
        std::string flag = it != flags.end() ? it->second : "--" + error.field;
        for (char& c : flag) c = c == '_' ? '-' : c;
        std::cerr << " (" << flag << ")";
    }
    std::cerr << "\n";
    return exit_code(error.code);
}

// Runs `work` with an account service on the store named by --db.
template <class Work>
int with_accounts(const AccountArgs& o, Work work) {
    auto db = store::Database::open(o.db);
    if (!db) return report(db.error());
    app::AccountService accounts(**db, app::AccountOptions{}, *o.clock);
    return work(accounts);
}

// The given password, or a generated one (then `generated` is set and it must be shown once).
Result<std::string> password_or_generated(const std::string& given, bool& generated) {
    generated = given.empty();
    if (!generated) return given;
    return app::random_hex(kGeneratedPasswordBytes);
}

void show_generated_password(bool generated, const std::string& password) {
    if (generated) std::cout << "password: " << password << "   (generated; shown only now, keep it safe)\n";
}

nlohmann::json user_json(const app::User& u) {
    return {{"id", u.id},
            {"org_id", u.org_id},
            {"login", u.login},
            {"display_name", u.display_name},
            {"role", app::to_string(u.role)},
            {"disabled", u.disabled},
            {"created_at", u.created_at}};
}

int run_init(const AccountArgs& o) {
    const FlagNames flags{{"name", "--org"}, {"login", "--admin"}, {"display_name", "--name"}, {"code", "--org-code"}};
    auto kind = app::parse_org_kind(o.kind);
    if (!kind) return report(kind.error(), flags);
    bool generated = false;
    auto password = password_or_generated(o.password, generated);
    if (!password) return report(password.error());
    return with_accounts(o, [&](app::AccountService& accounts) {
        auto done = accounts.initialise(o.org, *kind, o.login, *password, o.name, o.org_code);
        if (!done) return report(done.error(), flags);
        std::cout << fmt::format("organisation {}: {} ({}{})\n", done->organisation.id, done->organisation.name,
                                 app::to_string(done->organisation.kind),
                                 done->organisation.code ? ", code " + *done->organisation.code : "")
                  << fmt::format("admin: {} (user {})\n", done->admin.login, done->admin.id);
        show_generated_password(generated, *password);
        return 0;
    });
}

int run_user_add(const AccountArgs& o) {
    const FlagNames flags{{"display_name", "--name"}};
    auto role = app::parse_role(o.role);
    if (!role) return report(role.error(), flags);
    bool generated = false;
    auto password = password_or_generated(o.password, generated);
    if (!password) return report(password.error());
    return with_accounts(o, [&](app::AccountService& accounts) {
        auto org = accounts.find_organisation(o.org_ref);
        if (!org) return report(org.error(), {{"organisation", "--org"}});
        auto user = accounts.create_user(org->id, o.login, *password, *role, o.name);
        if (!user) return report(user.error(), flags);
        std::cout << fmt::format("user {}: {} ({}) in organisation {}\n", user->id, user->login,
                                 app::to_string(user->role), user->org_id);
        show_generated_password(generated, *password);
        return 0;
    });
}

int run_user_list(const AccountArgs& o) {
    if (o.format != "text" && o.format != "json") {
        return report(Error{ErrorCode::kInvalidArgument, "format must be json or text", "format"});
    }
    return with_accounts(o, [&](app::AccountService& accounts) {
        auto users = accounts.list_all_users();
        if (!users) return report(users.error());
        if (o.format == "json") {
            nlohmann::json list = nlohmann::json::array();
            for (const app::User& u : *users) list.push_back(user_json(u));
            std::cout << nlohmann::json{{"users", list}}.dump(2) << "\n";
            return 0;
        }
        std::cout << fmt::format("{:>5}  {:>5}  {:<24}  {:<9}  {:<8}  {}\n", "id", "org", "login", "role", "status",
                                 "name");
        for (const app::User& u : *users) {
            std::cout << fmt::format("{:>5}  {:>5}  {:<24}  {:<9}  {:<8}  {}\n", u.id, u.org_id, u.login,
                                     app::to_string(u.role), u.disabled ? "disabled" : "active", u.display_name);
        }
        return 0;
    });
}

int run_user_passwd(const AccountArgs& o) {
    bool generated = false;
    auto password = password_or_generated(o.password, generated);
    if (!password) return report(password.error());
    return with_accounts(o, [&](app::AccountService& accounts) {
        if (auto done = accounts.set_password(o.login, *password); !done) return report(done.error());
        std::cout << fmt::format("password of {} changed; their sessions have ended\n", o.login);
        show_generated_password(generated, *password);
        return 0;
    });
}

int run_user_disable(const AccountArgs& o, bool disabled) {
    return with_accounts(o, [&](app::AccountService& accounts) {
        if (auto done = accounts.set_user_disabled(o.login, disabled); !done) return report(done.error());
        std::cout << fmt::format("{} {}\n", o.login, disabled ? "disabled; their sessions have ended" : "enabled");
        return 0;
    });
}

int run_token_create(const AccountArgs& o) {
    return with_accounts(o, [&](app::AccountService& accounts) {
        auto made = accounts.create_token_for(o.login, o.name);
        if (!made) return report(made.error());
        std::cout << fmt::format("token {}: {} for {} (prefix {})\n", made->token.id, made->token.name, o.login,
                                 made->token.prefix)
                  << "secret: " << made->secret << "\n"
                  << "(shown only now; send it as 'Authorization: Bearer <secret>')\n";
        return 0;
    });
}

int run_token_revoke(const AccountArgs& o) {
    return with_accounts(o, [&](app::AccountService& accounts) {
        if (auto done = accounts.revoke_token_by_id(o.id); !done) return report(done.error());
        std::cout << fmt::format("token {} revoked\n", o.id);
        return 0;
    });
}

CLI::App* add_command(CLI::App& parent, const char* name, const char* description, AccountArgs& o) {
    CLI::App* cmd = parent.add_subcommand(name, description);
    cmd->add_option("--db", o.db, "store: sqlite:PATH")->envname("YANDIAN_DB")->capture_default_str();
    return cmd;
}

template <class Run>
void on_parsed(CLI::App* cmd, Action& action, const std::shared_ptr<AccountArgs>& o, Run run) {
    cmd->callback([&action, o, run] { action = [o, run] { return run(*o); }; });
}

}  // namespace

void register_account_commands(CLI::App& app, Action& action, const Clock& clock) {
    auto o = std::make_shared<AccountArgs>();
    o->clock = &clock;

    CLI::App* init = add_command(app, "init", "Create the store, its first organisation and its administrator", *o);
    init->add_option("--org", o->org, "organisation name")->required();
    init->add_option("--kind", o->kind, "manufacturer|merchant|lender|authority|association")->required();
    init->add_option(
        "--org-code", o->org_code,
        "short code for MQTT topics, Modbus maps and commands (2-32 of a-z 0-9 -, starting with a letter)");
    init->add_option("--admin", o->login, "administrator's login (3-64 of a-z 0-9 . _ -)")->required();
    init->add_option("--password", o->password, "administrator's password (default: generated and printed once)")
        ->envname("YANDIAN_ADMIN_PASSWORD");
    init->add_option("--name", o->name, "administrator's display name");
    on_parsed(init, action, o, run_init);

    CLI::App* user = app.add_subcommand("user", "Users of the store's organisations");
    user->require_subcommand(1);
    CLI::App* add = add_command(*user, "add", "Add a user to an organisation", *o);
    add->add_option("--org,--org-id", o->org_ref, "organisation id or code")->required();
    add->add_option("--login", o->login, "login (3-64 of a-z 0-9 . _ -)")->required();
    add->add_option("--role", o->role, "admin|engineer|viewer|analyst")->required();
    add->add_option("--name", o->name, "display name");
    add->add_option("--password", o->password,
                    "password, at least 10 characters (default: generated and printed once)");
    on_parsed(add, action, o, run_user_add);

    CLI::App* list = add_command(*user, "list", "List every user of the store", *o);
    list->add_option("--format", o->format, "json|text")->capture_default_str();
    on_parsed(list, action, o, run_user_list);

    CLI::App* passwd = add_command(*user, "passwd", "Set a user's password (ends their sessions)", *o);
    passwd->add_option("--login", o->login, "login")->required();
    passwd->add_option("--password", o->password, "new password (default: generated and printed once)");
    on_parsed(passwd, action, o, run_user_passwd);

    CLI::App* disable = add_command(*user, "disable", "Stop a user from logging in (ends their sessions)", *o);
    disable->add_option("--login", o->login, "login")->required();
    on_parsed(disable, action, o, [](const AccountArgs& opts) { return run_user_disable(opts, true); });

    CLI::App* enable = add_command(*user, "enable", "Let a disabled user log in again", *o);
    enable->add_option("--login", o->login, "login")->required();
    on_parsed(enable, action, o, [](const AccountArgs& opts) { return run_user_disable(opts, false); });

    CLI::App* token = app.add_subcommand("token", "API tokens for machines and scripts");
    token->require_subcommand(1);
    CLI::App* create = add_command(*token, "create", "Create an API token for a user; prints the secret once", *o);
    create->add_option("--login", o->login, "user the token acts for")->required();
    create->add_option("--name", o->name, "what the token is for")->required();
    on_parsed(create, action, o, run_token_create);

    CLI::App* revoke = add_command(*token, "revoke", "Revoke an API token", *o);
    revoke->add_option("--id", o->id, "token id")->required();
    on_parsed(revoke, action, o, run_token_revoke);
}

}  // namespace yandian::cli
