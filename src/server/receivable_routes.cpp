// Routes of receivables financing (app/credit/receivable_service.hpp): the supplier registers and lists, the buyer
// confirms or disputes, the supplier asks one lender, that lender reads the supplier's report under a live consent,
// approves or declines, and records repayment or overdue. Any other organisation gets 404 for the receivable.
// Documented in docs/openapi.yaml.
#include <optional>
#include <string>

#include "app/credit/receivable_service.hpp"
#include "server/api.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

using nlohmann::json;

HttpResponse answer(const Result<json>& result, int status = 200) {
    if (!result) return error_response(result.error());
    return json_response(status, *result);
}

Result<std::optional<std::string>> optional_string(const json& body, std::string_view name) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::optional<std::string>();
    if (!it->is_string()) {
        return fail(ErrorCode::kInvalidArgument, "'" + std::string(name) + "' must be a string", std::string(name));
    }
    return std::optional<std::string>(it->get<std::string>());
}

// A positive integer field (an organisation id, basis points, days).
Result<std::int64_t> positive_field(const json& body, std::string_view name, std::string_view what) {
    auto it = body.find(name);
    if (it == body.end()) {
        return fail(ErrorCode::kInvalidArgument, "'" + std::string(name) + "' is required", std::string(name));
    }
    if (!it->is_number_integer() || it->get<std::int64_t>() <= 0 || it->get<std::int64_t>() > (1LL << 40)) {
        return fail(ErrorCode::kInvalidArgument,
                    "'" + std::string(name) + "' must be " + std::string(what) + " (a positive integer)",
                    std::string(name));
    }
    return it->get<std::int64_t>();
}

app::ReceivableActor actor(const app::Principal& who) { return app::ReceivableActor{who.org_id, who.user_id, "api"}; }

}  // namespace

void add_receivable_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    app::ReceivableService* service = services.receivables;
    auto with_service = [&accounts, service](auto f) {
        return authenticated(accounts,
                             [service, f](const app::Principal& who, const HttpRequest& request,
                                          const PathParams& params) -> HttpResponse {
                                 if (service == nullptr) {
                                     return error_response(ErrorCode::kUnavailable,
                                                           "the receivables service is not running", "credit");
                                 }
                                 return f(*service, who, request, params);
                             });
    };
    // POST /api/v1/credit/receivables/{id}/<action> with the body read by `body_to_result`.
    auto action = [&](std::string_view name, auto run) {
        router.add("POST", "/api/v1/credit/receivables/{id}/" + std::string(name),
                   with_service([run](app::ReceivableService& r, const app::Principal& who, const HttpRequest& request,
                                      const PathParams& params) {
                       auto id = path_id(params, "id");
                       if (!id) return error_response(id.error());
                       json body = json::object();
                       if (!request.body.empty()) {
                           auto parsed = parse_json_object(request);
                           if (!parsed) return error_response(parsed.error());
                           body = std::move(*parsed);
                       }
                       return answer(run(r, actor(who), *id, body));
                   }));
    };

    router.add("POST", "/api/v1/credit/receivables",
               with_service([](app::ReceivableService& r, const app::Principal& who, const HttpRequest& request,
                               const PathParams&) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   app::NewReceivable in;
                   auto buyer = positive_field(*body, "buyer", "an organisation id");
                   if (!buyer) return error_response(buyer.error());
                   in.buyer_org_id = *buyer;
                   for (auto [name, target] : {std::pair{"invoice_number", &in.invoice_number},
                                               std::pair{"amount", &in.amount}, std::pair{"issue_date", &in.issue_date},
                                               std::pair{"due_date", &in.due_date}}) {
                       auto v = string_field(*body, name);
                       if (!v) return error_response(v.error());
                       *target = *v;
                   }
                   auto currency = optional_string(*body, "currency");
                   if (!currency) return error_response(currency.error());
                   if (*currency) in.currency = **currency;
                   auto registration = optional_string(*body, "registration_number");
                   if (!registration) return error_response(registration.error());
                   in.registration_number = *registration;
                   return answer(r.register_receivable(actor(who), in), 201);
               }));
    router.add("GET", "/api/v1/credit/receivables",
               with_service([](app::ReceivableService& r, const app::Principal& who, const HttpRequest&,
                               const PathParams&) { return answer(r.list(actor(who))); }));
    router.add("GET", "/api/v1/credit/receivables/{id}",
               with_service([](app::ReceivableService& r, const app::Principal& who, const HttpRequest&,
                               const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   return answer(r.get(actor(who), *id));
               }));
    router.add("GET", "/api/v1/credit/receivables/{id}/report",
               with_service([](app::ReceivableService& r, const app::Principal& who, const HttpRequest&,
                               const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   return answer(r.supplier_report(actor(who), *id));
               }));

    action("confirm", [](app::ReceivableService& r, const app::ReceivableActor& who, std::int64_t id, const json&) {
        return r.confirm(who, id);
    });
    action("dispute", [](app::ReceivableService& r, const app::ReceivableActor& who, std::int64_t id,
                         const json& body) -> Result<json> {
        auto reason = string_field(body, "reason");
        if (!reason) return tl::unexpected(reason.error());
        return r.dispute(who, id, *reason);
    });
    action("financing", [](app::ReceivableService& r, const app::ReceivableActor& who, std::int64_t id,
                           const json& body) -> Result<json> {
        auto lender = positive_field(body, "lender", "an organisation id");
        if (!lender) return tl::unexpected(lender.error());
        return r.request_financing(who, id, *lender);
    });
    action("approve", [](app::ReceivableService& r, const app::ReceivableActor& who, std::int64_t id,
                         const json& body) -> Result<json> {
        app::Approval a;
        auto amount = string_field(body, "amount");
        if (!amount) return tl::unexpected(amount.error());
        a.amount = *amount;
        auto rate = positive_field(body, "rate_bp", "the annual rate in basis points");
        if (!rate) return tl::unexpected(rate.error());
        auto tenor = positive_field(body, "tenor_days", "the tenor in days");
        if (!tenor) return tl::unexpected(tenor.error());
        a.rate_bp = static_cast<int>(std::min<std::int64_t>(*rate, 1 << 30));
        a.tenor_days = static_cast<int>(std::min<std::int64_t>(*tenor, 1 << 30));
        return r.approve(who, id, a);
    });
    action("decline", [](app::ReceivableService& r, const app::ReceivableActor& who, std::int64_t id,
                         const json& body) -> Result<json> {
        auto reason = string_field(body, "reason");
        if (!reason) return tl::unexpected(reason.error());
        return r.decline(who, id, *reason);
    });
    action("repayments", [](app::ReceivableService& r, const app::ReceivableActor& who, std::int64_t id,
                            const json& body) -> Result<json> {
        auto amount = string_field(body, "amount");
        if (!amount) return tl::unexpected(amount.error());
        return r.repay(who, id, *amount);
    });
    action("overdue", [](app::ReceivableService& r, const app::ReceivableActor& who, std::int64_t id, const json&) {
        return r.record_overdue(who, id);
    });
}

}  // namespace yandian::server
