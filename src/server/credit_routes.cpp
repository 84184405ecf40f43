// Routes of consented credit reports: a firm grants and revokes a lender's consent, lists its consents and the access
// log, reads its own report and files objections; a lender lists its live consents and reads a report under one (404
// otherwise, exactly as for an organisation that does not exist); the operator's staff list and answer objections.
// Documented in docs/openapi.yaml.
#include <optional>
#include <string>

#include "app/credit/credit_service.hpp"
#include "server/api.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

using nlohmann::json;

HttpResponse answer(const Result<json>& result, int status = 200) {
    if (!result) return error_response(result.error());
    return json_response(status, *result);
}

// An optional string field: absent or null is none; any other non-string names the field.
Result<std::optional<std::string>> optional_string(const json& body, std::string_view name) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::optional<std::string>();
    if (!it->is_string()) {
        return fail(ErrorCode::kInvalidArgument, "'" + std::string(name) + "' must be a string", std::string(name));
    }
    return std::optional<std::string>(it->get<std::string>());
}

Result<std::int64_t> id_field(const json& body, std::string_view name) {
    auto it = body.find(name);
    if (it == body.end()) {
        return fail(ErrorCode::kInvalidArgument, "'" + std::string(name) + "' is required", std::string(name));
    }
    if (!it->is_number_integer() || it->get<std::int64_t>() <= 0) {
        return fail(ErrorCode::kInvalidArgument, "'" + std::string(name) + "' must be an organisation id (a positive integer)",
                    std::string(name));
    }
    return it->get<std::int64_t>();
}

}  // namespace

void add_credit_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    app::CreditService* service = services.credit;
    auto with_credit = [&accounts, service](auto f) {
        return authenticated(accounts,
                             [service, f](const app::Principal& who, const HttpRequest& request,
                                          const PathParams& params) -> HttpResponse {
                                 if (service == nullptr) {
                                     return error_response(ErrorCode::kUnavailable,
                                                           "the credit report service is not running", "credit");
                                 }
                                 return f(*service, who, request, params);
                             });
    };

    router.add("POST", "/api/v1/credit/consents",
               with_credit([](app::CreditService& credit, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto lender = id_field(*body, "lender");
                   if (!lender) return error_response(lender.error());
                   auto purpose = string_field(*body, "purpose");
                   if (!purpose) return error_response(purpose.error());
                   auto until = string_field(*body, "until");
                   if (!until) return error_response(until.error());
                   auto from = optional_string(*body, "from");
                   if (!from) return error_response(from.error());
                   std::optional<std::string_view> from_view;
                   if (*from) from_view = **from;
                   auto granted = credit.grant_consent(who, *lender, *purpose, from_view, *until);
                   if (!granted) return error_response(granted.error());
                   return json_response(201, credit.consent_view(*granted));
               }));
    router.add("GET", "/api/v1/credit/consents",
               with_credit([](app::CreditService& credit, const app::Principal& who, const HttpRequest&,
                              const PathParams&) { return answer(credit.consents(who)); }));
    router.add("POST", "/api/v1/credit/consents/{id}/revoke",
               with_credit([](app::CreditService& credit, const app::Principal& who, const HttpRequest&,
                              const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto revoked = credit.revoke_consent(who, *id);
                   if (!revoked) return error_response(revoked.error());
                   return json_response(200, credit.consent_view(*revoked));
               }));
    router.add("GET", "/api/v1/credit/access-log",
               with_credit([](app::CreditService& credit, const app::Principal& who, const HttpRequest&,
                              const PathParams&) { return answer(credit.access_log(who)); }));
    router.add("GET", "/api/v1/credit/report",
               with_credit([](app::CreditService& credit, const app::Principal& who, const HttpRequest&,
                              const PathParams&) { return answer(credit.own_report(who)); }));
    router.add("GET", "/api/v1/credit/reports/{org}",
               with_credit([](app::CreditService& credit, const app::Principal& who, const HttpRequest&,
                              const PathParams& params) {
                   auto org = path_id(params, "org");
                   if (!org) return error_response(org.error());
                   return answer(credit.report_for_lender(who, *org));
               }));
    router.add("POST", "/api/v1/credit/objections",
               with_credit([](app::CreditService& credit, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto figure = string_field(*body, "figure");
                   if (!figure) return error_response(figure.error());
                   auto text = string_field(*body, "text");
                   if (!text) return error_response(text.error());
                   auto filed = credit.file_objection(who, *figure, *text);
                   if (!filed) return error_response(filed.error());
                   return json_response(201, app::objection_json(*filed));
               }));
    router.add("GET", "/api/v1/credit/objections",
               with_credit([](app::CreditService& credit, const app::Principal& who, const HttpRequest&,
                              const PathParams&) { return answer(credit.objections(who)); }));
    router.add("POST", "/api/v1/credit/objections/{id}/answer",
               with_credit([](app::CreditService& credit, const app::Principal& who, const HttpRequest& request,
                              const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto text = string_field(*body, "answer");
                   if (!text) return error_response(text.error());
                   auto answered = credit.answer_objection(who, *id, *text);
                   if (!answered) return error_response(answered.error());
                   return json_response(200, app::objection_json(*answered));
               }));
}

}  // namespace yandian::server
