#pragma once
// Method + path-pattern routing. Patterns use OpenAPI's syntax ("/api/v1/users/{id}") so the route
// table can be checked against docs/openapi.yaml.
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_types.hpp"

namespace yandian::server {

using PathParams = std::map<std::string, std::string, std::less<>>;

struct RouteMatch;

class Router {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };

    void add(std::string method, std::string pattern, Handler handler);

    // The route for a request: handler and its pattern, or why none matched
    // (404 when no pattern matches the path, 405 when only the method differs).
    struct Match {
        const Route* route = nullptr;
        PathParams params;
        int status = 404;
    };
    // `raw_path` is still percent-encoded: it is split at '/' first, then each parameter is decoded.
    Match match(std::string_view method, std::string_view raw_path) const;

    const std::vector<Route>& routes() const { return routes_; }

private:
    std::vector<Route> routes_;
};

}  // namespace yandian::server
