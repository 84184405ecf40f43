// docs/openapi.yaml must describe every route the server has.
#include <fstream>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "app/accounts.hpp"
#include "app/live_hub.hpp"
#include "app/spc_service.hpp"
#include "process.hpp"
#include "server/api.hpp"
#include "store/database.hpp"

namespace yandian::server {
namespace {

std::set<std::string> documented_routes() {
    std::ifstream spec(std::string(YANDIAN_SOURCE_DIR) + "/docs/openapi.yaml");
    std::set<std::string> routes;
    std::regex path_line(R"(^  (/[^:]*):\s*$)");
    std::regex method_line(R"(^    (get|post|put|patch|delete):\s*$)");
    std::string line, path;
    while (std::getline(spec, line)) {
        std::smatch m;
        if (std::regex_match(line, m, path_line)) {
            path = m[1];
        } else if (std::regex_match(line, m, method_line) && !path.empty()) {
            std::string method = m[1];
            for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            routes.insert(method + " " + path);
        }
    }
    return routes;
}

TEST(OpenApi, DescribesEveryRoute) {
    testing::TempDir dir;
    auto db = store::Database::open("sqlite:" + dir.path() + "/y.db");
    ASSERT_TRUE(db) << db.error().message;
    app::AccountService accounts(**db, app::AccountOptions{}, [] { return std::chrono::system_clock::now(); });
    app::LiveHub hub;
    app::SpcService spc(**db, hub, [] { return std::chrono::system_clock::now(); });
    Api api(Services{accounts, spc, hub}, ApiOptions{});
    std::set<std::string> documented = documented_routes();
    ASSERT_GT(documented.size(), 5u) << "could not read docs/openapi.yaml";
    std::set<std::string> served;
    for (const auto& route : api.router().routes()) {
        served.insert(route.method + " " + route.pattern);
        EXPECT_TRUE(documented.count(route.method + " " + route.pattern))
            << route.method << " " << route.pattern << " is missing from docs/openapi.yaml";
    }
    for (const std::string& doc : documented) {
        EXPECT_TRUE(served.count(doc)) << doc << " is documented but not served";
    }
}

}  // namespace
}  // namespace yandian::server
