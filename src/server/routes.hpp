#pragma once
// Shared pieces of the route files: authentication of a request, JSON bodies, path ids.
// Each family of routes lives in its own file and registers itself on the Router.
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/accounts.hpp"
#include "server/router.hpp"

namespace yandian::server {

inline constexpr std::string_view kSessionCookie = "yandian_session";

// The caller, from the session cookie or an "Authorization: Bearer ydn_..." API token.
Result<app::Principal> authenticate(app::AccountService& accounts, const HttpRequest& request);
// The body as a JSON object; requires Content-Type application/json (which also keeps
// cross-site HTML forms from posting with the session cookie).
Result<nlohmann::json> parse_json_object(const HttpRequest& request);
// A positive integer path parameter.
Result<std::int64_t> path_id(const PathParams& params, std::string_view name);
// A required string field of a JSON object, naming the field when missing or of the wrong type.
Result<std::string> string_field(const nlohmann::json& object, std::string_view name);
// An integer query parameter, or `fallback` when absent; an error names the parameter.
Result<std::int64_t> int_query(const HttpRequest& request, std::string_view name, std::int64_t fallback);
// A finite number query parameter; required when `fallback` is empty.
Result<double> number_query(const HttpRequest& request, std::string_view name, std::optional<double> fallback);

void add_account_routes(Router& router, app::AccountService& accounts);
void add_bearing_routes(Router& router);
struct Services;
void add_spc_routes(Router& router, Services services);
void add_market_routes(Router& router, Services services);
void add_market_offer_routes(Router& router, Services services);
void add_ingest_routes(Router& router, Services services);  // AQDEF upload and export
void add_monitor_routes(Router& router, Services services);  // vibration record diagnosis
void add_furnace_routes(Router& router, Services services);  // furnaces, soak, CQI-9 TUS/SAT
void add_stats_routes(Router& router, Services services);    // plan progress, enterprise library
void add_credit_routes(Router& router, Services services);  // consented credit reports
void add_returns_routes(Router& router, Services services);  // statistical returns
void add_receivable_routes(Router& router, Services services);  // receivables financing
void add_quality_routes(Router& router, Services services);  // quality credit: files, objections, public list

// Wraps a handler that needs a caller: 401 without valid credentials.
template <class F>
Router::Handler authenticated(app::AccountService& accounts, F f) {
    return [&accounts, f](const HttpRequest& request, const PathParams& params) -> HttpResponse {
        auto who = authenticate(accounts, request);
        if (!who) return error_response(who.error());
        return f(*who, request, params);
    };
}

}  // namespace yandian::server
