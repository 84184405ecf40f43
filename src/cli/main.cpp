#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Yandian — data platform of the Linqing rolling-bearing cluster"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "yandian 0.1.0");
    yandian::cli::Action action;
    yandian::cli::register_server_commands(app, action);
    yandian::cli::register_account_commands(app, action);
    yandian::cli::register_org_commands(app, action);
    yandian::cli::register_spc_commands(app, action);
    yandian::cli::register_bearing_commands(app, action);
    yandian::cli::register_market_commands(app, action);
    yandian::cli::register_import_commands(app, action);
    CLI11_PARSE(app, argc, argv);
    return action ? action() : 0;
}
