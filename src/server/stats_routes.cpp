// Industry statistics routes: progress of the plans' targets and the enterprise library, under the access rule of
// app/stats (the industry office and the association see everything; a firm sees the plans, the enterprise tables
// as groups, and itself).
#include <fmt/format.h>

#include "app/stats/stats_service.hpp"
#include "server/api.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

HttpResponse unavailable() {
    return error_response(ErrorCode::kUnavailable, "industry statistics are not available on this server");
}

std::optional<std::string> optional_query(const HttpRequest& request, std::string_view name) {
    const std::string* v = request.query_param(name);
    if (v == nullptr || v->empty()) return std::nullopt;
    return *v;
}

}  // namespace

void add_stats_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    app::StatsService* stats = services.stats;

    router.add("GET", "/api/v1/plan/progress",
               authenticated(accounts, [stats](const app::Principal& who, const HttpRequest& request, const PathParams&) {
                   if (stats == nullptr) return unavailable();
                   std::optional<std::string> plan = optional_query(request, "plan");
                   if (plan) {
                       auto parsed = app::parse_plan(*plan);
                       if (!parsed) return error_response(parsed.error());
                       plan = *parsed;
                   }
                   auto report = stats->plan_progress(who, plan);
                   if (!report) return error_response(report.error());
                   return json_response(200, app::to_json(*report));
               }));

    router.add("GET", "/api/v1/firms",
               authenticated(accounts, [stats](const app::Principal& who, const HttpRequest& request, const PathParams&) {
                   if (stats == nullptr) return unavailable();
                   store::FirmFilter filter;
                   filter.industry = optional_query(request, "industry");
                   filter.tag = optional_query(request, "tag");
                   auto firms = stats->list_firms(who, filter);
                   if (!firms) return error_response(firms.error());
                   nlohmann::json out = nlohmann::json::array();
                   for (const auto& f : *firms) out.push_back(app::to_json(f));
                   return json_response(200, {{"firms", out}});
               }));

    router.add("GET", "/api/v1/firms/{id}",
               authenticated(accounts, [stats](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   if (stats == nullptr) return unavailable();
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto view = stats->show_firm(who, *id);
                   if (!view) return error_response(view.error());
                   return json_response(200, app::to_json(*view));
               }));
}

}  // namespace yandian::server
