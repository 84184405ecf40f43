// Routes of the bearing catalog (issue: unified bearing data system). Wired once the catalog's JSON
// functions exist.
#include "server/routes.hpp"

namespace yandian::server {

void add_bearing_routes(Router& /*router*/) {}

}  // namespace yandian::server
