// Routes of the market offers: a shop posts (CSV or JSON), lists and withdraws its own offers; everyone signed in
// reads the offer aggregates per model or bearing type and brand tier. Documented in docs/openapi.yaml.
#include <fmt/format.h>

#include "app/market_offers.hpp"
#include "server/api.hpp"
#include "server/market_query.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

using nlohmann::json;

HttpResponse answer(const Result<json>& result) {
    if (!result) return error_response(result.error());
    return json_response(200, *result);
}

// Offers stand into the present: by default the 4 months ending with the latest month in which enough shops offer.
constexpr int kOfferMonths = 4;

}  // namespace

void add_market_offer_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    app::MarketOfferService* service = services.market_offers;
    auto with_offers = [&accounts, service](auto f) {
        return authenticated(accounts,
                             [service, f](const app::Principal& who, const HttpRequest& request,
                                          const PathParams& params) -> HttpResponse {
                                 if (service == nullptr) {
                                     return error_response(ErrorCode::kUnavailable,
                                                           "the market offer service is not running", "market");
                                 }
                                 return f(*service, who, request, params);
                             });
    };

    router.add("POST", "/api/v1/market/offers",
               with_offers([](app::MarketOfferService& offers, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   std::string_view type = request.header("content-type");
                   Result<app::MarketImportReport> report = fail(ErrorCode::kInvalidArgument, "", "");
                   if (type.rfind("text/csv", 0) == 0) {
                       report = offers.import_csv(who, request.body);
                   } else if (type.rfind("application/json", 0) == 0) {
                       auto body = parse_json_object(request);
                       if (!body) return error_response(body.error());
                       report = offers.import_json(who, *body);
                   } else {
                       return error_response(ErrorCode::kInvalidArgument,
                                             "Content-Type must be text/csv or application/json", "content-type");
                   }
                   if (!report) return error_response(report.error());
                   return json_response(200, app::to_json(*report));
               }));
    router.add("GET", "/api/v1/market/offers",
               with_offers([](app::MarketOfferService& offers, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto after = int_query(request, "after_id", 0);
                   if (!after) return error_response(after.error());
                   auto limit = int_query(request, "limit", 100);
                   if (!limit) return error_response(limit.error());
                   const std::string* withdrawn = request.query_param("include_withdrawn");
                   const bool include = withdrawn != nullptr && (*withdrawn == "true" || *withdrawn == "1");
                   return answer(offers.own_offers(who, include, *after, *limit));
               }));
    router.add("POST", "/api/v1/market/offers/{id}/withdraw",
               with_offers([](app::MarketOfferService& offers, const app::Principal& who, const HttpRequest&,
                              const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   return answer(offers.withdraw(who, *id));
               }));
    router.add("GET", "/api/v1/market/offers/summary",
               with_offers([](app::MarketOfferService& offers, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto given = month_range_query(request);
                   if (!given) return error_response(given.error());
                   auto range = offers.range_or_default(given->from, given->to, kOfferMonths);
                   if (!range) return error_response(range.error());
                   app::OfferSummaryQuery q;
                   q.from = range->from;
                   q.to = range->to;
                   if (const std::string* by = request.query_param("by"); by != nullptr && !by->empty()) {
                       auto g = app::parse_offer_grouping(*by);
                       if (!g) return error_response(g.error());
                       q.by = *g;
                   }
                   if (const std::string* c = request.query_param("canonical"); c != nullptr && !c->empty()) {
                       q.canonical = *c;
                   }
                   auto limit = int_query(request, "limit", 50);
                   if (!limit) return error_response(limit.error());
                   q.limit = static_cast<std::size_t>(std::clamp<std::int64_t>(*limit, 1, 1000));
                   return answer(offers.summary(who, q));
               }));
}

}  // namespace yandian::server
