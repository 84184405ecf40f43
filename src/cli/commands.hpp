#pragma once
// Each family of subcommands registers itself on the root CLI11 app. When one of its subcommands is
// parsed, its callback stores the work to do in `action`; main() runs it and returns its exit code. Commands that
// need the time read `clock`, which main() sets from --clock-start after parsing and before running the action.
#include <functional>

#include "common/clock.hpp"

namespace CLI {
class App;
}

namespace yandian::cli {

using Action = std::function<int()>;

void register_server_commands(CLI::App& app, Action& action, const Clock& clock);   // serve, demo
void register_account_commands(CLI::App& app, Action& action, const Clock& clock);  // init, user, token
void register_org_commands(CLI::App& app, Action& action, const Clock& clock);      // org add|list
void register_setup_commands(CLI::App& app, Action& action, const Clock& clock);    // plant, line, characteristic, setup
void register_spc_commands(CLI::App& app, Action& action);      // spc chart|capability|normality|grr
void register_bearing_commands(CLI::App& app, Action& action);  // bearing show|search|life
void register_market_commands(CLI::App& app, Action& action, const Clock& clock);   // market import|index|turnover|demo
void register_store_commands(CLI::App& app, Action& action);     // backup, migrate-store
void register_import_commands(CLI::App& app, Action& action, const Clock& clock);   // import aqdef|csv
void register_credit_commands(CLI::App& app, Action& action, const Clock& clock);  // credit scorecard|consent|report
// credit receivable ... (called by register_credit_commands under `credit`)
void register_receivable_commands(CLI::App& credit, Action& action, const Clock& clock);
void register_monitor_commands(CLI::App& app, Action& action, const Clock& clock);  // monitor diagnose|report|asset|record|trend
void register_monitor_asset_commands(CLI::App& monitor, Action& action, const Clock& clock);
void register_plan_commands(CLI::App& app, Action& action, const Clock& clock);     // plan seed|progress|actual, firm
void register_stats_commands(CLI::App& app, Action& action, const Clock& clock);    // stats period|template|import|export|late|returns|query
void register_furnace_commands(CLI::App& app, Action& action, const Clock& clock);  // furnace add|zone|recipe|load|tus|sat|audit
void register_quality_commands(CLI::App& app, Action& action, const Clock& clock);  // quality entry|import|rate|publish|blacklist|objection

}  // namespace yandian::cli
