#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "common/clock.hpp"

namespace {

// CLI11 reads the environment (YANDIAN_DB, ...) for the options of every subcommand, chosen or not. Subcommands of
// one family share their options' variables, so an unused sibling's `--db` could overwrite, from YANDIAN_DB, the
// `--db` given to the chosen command. The chosen commands' options that read the environment are applied again, last.
void reapply_chosen_options(CLI::App* app) {
    for (CLI::Option* option : app->get_options()) {
        if (!option->get_envname().empty() && !option->results().empty()) option->run_callback();
    }
    for (CLI::App* sub : app->get_subcommands()) reapply_chosen_options(sub);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Yandian — data platform of the Linqing rolling-bearing cluster"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "yandian 0.1.0");
    // The one clock of the process. A start date makes the whole platform run as from that day (a demo or a
    // test at another date); without it the system's time is used.
    std::string clock_start;
    app.add_option("--clock-start", clock_start,
                   "run as if the time were this UTC date or time when the command starts (2030-06-30 or "
                   "2030-06-30T12:00:00Z); for demos and tests")
        ->envname("YANDIAN_CLOCK_START");
    yandian::Clock clock = yandian::wall_clock();
    yandian::cli::Action action;
    yandian::cli::register_server_commands(app, action, clock);
    yandian::cli::register_account_commands(app, action, clock);
    yandian::cli::register_org_commands(app, action, clock);
    yandian::cli::register_setup_commands(app, action, clock);
    yandian::cli::register_spc_commands(app, action);
    yandian::cli::register_bearing_commands(app, action);
    yandian::cli::register_market_commands(app, action, clock);
    yandian::cli::register_import_commands(app, action, clock);
    yandian::cli::register_store_commands(app, action);
    yandian::cli::register_credit_commands(app, action, clock);
    yandian::cli::register_monitor_commands(app, action, clock);
    yandian::cli::register_plan_commands(app, action, clock);
    yandian::cli::register_quality_commands(app, action, clock);
    yandian::cli::register_stats_commands(app, action, clock);
    yandian::cli::register_furnace_commands(app, action, clock);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version end with 0; any other argument error with the documented status 2 (CLI11's own
        // codes, 105, 106..., mean nothing to a script).
        return app.exit(e) == 0 ? 0 : 2;
    }
    reapply_chosen_options(&app);
    auto configured = yandian::clock_from_setting(clock_start, "--clock-start");
    if (!configured) {
        std::cerr << "yandian: " << configured.error().message << " (--clock-start)\n";
        return 2;
    }
    clock = *configured;
    return action ? action() : 0;
}
