#pragma once
// Each family of subcommands registers itself on the root CLI11 app. When one of its subcommands is
// parsed, its callback stores the work to do in `action`; main() runs it and returns its exit code.
#include <functional>

namespace CLI {
class App;
}

namespace yandian::cli {

using Action = std::function<int()>;

void register_server_commands(CLI::App& app, Action& action);   // serve, demo
void register_account_commands(CLI::App& app, Action& action);  // init, user, token
void register_org_commands(CLI::App& app, Action& action);      // org add
void register_spc_commands(CLI::App& app, Action& action);      // spc chart|capability|normality|grr
void register_bearing_commands(CLI::App& app, Action& action);  // bearing show|search|life
void register_market_commands(CLI::App& app, Action& action);   // market import|index|turnover|demo
void register_import_commands(CLI::App& app, Action& action);   // import aqdef|csv

}  // namespace yandian::cli
