// Statistical returns routes (/api/v1/stats/...): the indicator definitions and periods for everyone signed in; the
// office (authority, association) opens periods, reads every return, queries figures and sees who is late; a firm files
// (JSON, or a CSV/workbook upload) and reads its own returns only — another firm's answer as absent (404).
#include <fmt/format.h>

#include "app/stats/returns_service.hpp"
#include "server/api.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

std::optional<std::string> optional_query(const HttpRequest& request, std::string_view name) {
    const std::string* v = request.query_param(name);
    if (v == nullptr || v->empty()) return std::nullopt;
    return *v;
}

// 201 when every return was filed; 400 with every return's outcome (and its issues) otherwise.
HttpResponse outcomes_response(const std::vector<app::FilingOutcome>& outcomes) {
    nlohmann::json list = nlohmann::json::array();
    bool refused = false;
    std::string first;
    for (const auto& o : outcomes) {
        list.push_back(app::to_json(o));
        if (!o.filed) {
            refused = true;
            if (first.empty() && !o.issues.empty()) first = o.issues.front().place + ": " + o.issues.front().message;
        }
    }
    if (!refused) return json_response(201, {{"returns", list}});
    return json_response(400, {{"error", {{"code", "invalid_argument"}, {"message", first}, {"field", "returns"}}},
                               {"returns", list}});
}

Result<std::vector<stats::ReturnLine>> lines_of(const nlohmann::json& body) {
    auto it = body.find("lines");
    if (it == body.end() || !it->is_array()) {
        return fail(ErrorCode::kInvalidArgument, "lines: an array of {indicator, value, unit, reason} is required",
                    "lines");
    }
    std::vector<stats::ReturnLine> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const nlohmann::json& l = (*it)[i];
        const std::string where = fmt::format("lines[{}]", i);
        if (!l.is_object()) return fail(ErrorCode::kInvalidArgument, where + ": not an object", where);
        stats::ReturnLine line;
        auto indicator = string_field(l, "indicator");
        if (!indicator) return fail(ErrorCode::kInvalidArgument, where + ": " + indicator.error().message, where);
        line.indicator = *indicator;
        auto value = l.find("value");
        if (value == l.end() || !value->is_number()) {
            return fail(ErrorCode::kInvalidArgument, where + ".value: a number is required", where + ".value");
        }
        line.value = value->get<double>();
        auto unit = string_field(l, "unit");
        if (!unit) return fail(ErrorCode::kInvalidArgument, where + ": " + unit.error().message, where);
        line.unit = *unit;
        if (auto reason = l.find("reason"); reason != l.end() && reason->is_string()) line.reason = *reason;
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace

void add_returns_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    app::ReturnsService* returns = services.returns;
    auto with_returns = [&accounts, returns](auto f) {
        return authenticated(accounts, [returns, f](const app::Principal& who, const HttpRequest& request,
                                                    const PathParams& params) -> HttpResponse {
            if (returns == nullptr) {
                return error_response(ErrorCode::kUnavailable, "statistical returns are not available on this server");
            }
            return f(*returns, who, request, params);
        });
    };

    router.add("GET", "/api/v1/stats/indicators",
               with_returns([](app::ReturnsService& s, const app::Principal&, const HttpRequest&, const PathParams&) {
                   return json_response(200, app::to_json(s.indicators()));
               }));

    router.add("GET", "/api/v1/stats/periods",
               with_returns([](app::ReturnsService& s, const app::Principal&, const HttpRequest&, const PathParams&) {
                   auto ps = s.list_periods();
                   if (!ps) return error_response(ps.error());
                   nlohmann::json out = nlohmann::json::array();
                   for (const auto& p : *ps) out.push_back(app::to_json(p));
                   return json_response(200, {{"periods", out}});
               }));

    router.add("POST", "/api/v1/stats/periods",
               with_returns([](app::ReturnsService& s, const app::Principal& who, const HttpRequest& request,
                               const PathParams&) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto period = string_field(*body, "period");
                   if (!period) return error_response(period.error());
                   auto deadline = string_field(*body, "deadline");
                   if (!deadline) return error_response(deadline.error());
                   auto opened = s.open_period(who, *period, *deadline);
                   if (!opened) return error_response(opened.error());
                   return json_response(201, app::to_json(*opened));
               }));

    router.add("GET", "/api/v1/stats/periods/{period}/late",
               with_returns([](app::ReturnsService& s, const app::Principal& who, const HttpRequest& request,
                               const PathParams& params) {
                   auto period = params.find("period");
                   if (period == params.end()) return error_response(ErrorCode::kInvalidArgument, "no period", "period");
                   auto report = s.late(who, period->second, optional_query(request, "as_of"));
                   if (!report) return error_response(report.error());
                   return json_response(200, app::to_json(*report));
               }));

    router.add("POST", "/api/v1/stats/returns",
               with_returns([](app::ReturnsService& s, const app::Principal& who, const HttpRequest& request,
                               const PathParams&) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto period = string_field(*body, "period");
                   if (!period) return error_response(period.error());
                   auto lines = lines_of(*body);
                   if (!lines) return error_response(lines.error());
                   std::string reason;
                   if (auto r = body->find("reason"); r != body->end() && r->is_string()) reason = *r;
                   auto outcome = s.file_online(who, *period, *lines, reason);
                   if (!outcome) return error_response(outcome.error());
                   return outcomes_response({*outcome});
               }));

    // The body is the file itself: a workbook (.xlsx) or CSV text. ?reason= for a revision.
    router.add("POST", "/api/v1/stats/returns/upload",
               with_returns([](app::ReturnsService& s, const app::Principal& who, const HttpRequest& request,
                               const PathParams&) {
                   auto outcomes = s.upload(who, request.body, optional_query(request, "reason").value_or(""));
                   if (!outcomes) return error_response(outcomes.error());
                   return outcomes_response(*outcomes);
               }));

    router.add("GET", "/api/v1/stats/returns",
               with_returns([](app::ReturnsService& s, const app::Principal& who, const HttpRequest& request,
                               const PathParams&) {
                   store::ReturnFilter filter;
                   filter.period = optional_query(request, "period");
                   if (request.query_param("firm_id") != nullptr) {
                       auto firm = int_query(request, "firm_id", 0);
                       if (!firm) return error_response(firm.error());
                       filter.firm_id = *firm;
                   }
                   filter.every_revision = optional_query(request, "history").value_or("") == "true";
                   auto rs = s.returns(who, filter);
                   if (!rs) return error_response(rs.error());
                   nlohmann::json out = nlohmann::json::array();
                   for (const auto& r : *rs) out.push_back(app::to_json(r));
                   return json_response(200, {{"returns", out}});
               }));

    router.add("POST", "/api/v1/stats/queries",
               with_returns([](app::ReturnsService& s, const app::Principal& who, const HttpRequest& request,
                               const PathParams&) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto firm = body->find("firm_id");
                   if (firm == body->end() || !firm->is_number_integer()) {
                       return error_response(ErrorCode::kInvalidArgument, "firm_id: an integer is required", "firm_id");
                   }
                   auto period = string_field(*body, "period");
                   if (!period) return error_response(period.error());
                   auto indicator = string_field(*body, "indicator");
                   if (!indicator) return error_response(indicator.error());
                   auto note = string_field(*body, "note");
                   if (!note) return error_response(note.error());
                   auto q = s.query(who, firm->get<std::int64_t>(), *period, *indicator, *note);
                   if (!q) return error_response(q.error());
                   return json_response(201, app::to_json(*q));
               }));

    router.add("GET", "/api/v1/stats/queries",
               with_returns([](app::ReturnsService& s, const app::Principal& who, const HttpRequest& request,
                               const PathParams&) {
                   std::optional<std::int64_t> firm_id;
                   if (request.query_param("firm_id") != nullptr) {
                       auto firm = int_query(request, "firm_id", 0);
                       if (!firm) return error_response(firm.error());
                       firm_id = *firm;
                   }
                   auto qs = s.queries(who, firm_id);
                   if (!qs) return error_response(qs.error());
                   nlohmann::json out = nlohmann::json::array();
                   for (const auto& q : *qs) out.push_back(app::to_json(q));
                   return json_response(200, {{"queries", out}});
               }));
}

}  // namespace yandian::server
