#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

namespace yandian::cli {

void register_account_commands(CLI::App& /*app*/, Action& /*action*/) {}

}  // namespace yandian::cli
