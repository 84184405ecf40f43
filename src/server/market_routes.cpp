// Routes of the bearing market: import of a shop's transactions, its own rows, the review queue, and the published
// aggregates (price index, turnover, models, dispersion, forecast, outliers). Documented in docs/openapi.yaml and
// docs/market/api.md.
#include <fmt/format.h>

#include <charconv>

#include "app/market_service.hpp"
#include "app/market_offers.hpp"
#include "server/api.hpp"
#include "server/market_query.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

using nlohmann::json;

// int_query is shared: server/routes.hpp.

Result<app::Frequency> frequency_query(const HttpRequest& request, bool& total) {
    const std::string* text = request.query_param("frequency");
    total = false;
    if (text == nullptr || text->empty() || *text == "month") return app::Frequency::kMonth;
    if (*text == "week") return app::Frequency::kWeek;
    if (*text == "total") {
        total = true;
        return app::Frequency::kMonth;
    }
    return fail(ErrorCode::kInvalidArgument, fmt::format("'frequency' must be month or week, got '{}'", *text),
                "frequency");
}

// ?by=type|tier|...; absent or empty keeps `fallback`.
Result<app::Dimension> dimension_query(const HttpRequest& request, app::Dimension fallback) {
    const std::string* by = request.query_param("by");
    if (by == nullptr || by->empty()) return fallback;
    return app::parse_dimension(*by);
}

// The months a statistic covers: ?from and ?to as given; a missing end is the latest month with published figures,
// a missing start `months` months before the end (12 for the dashboard's figures, 30 for the forecast).
Result<app::PeriodRange> range_query(app::MarketService& market, const HttpRequest& request, int months) {
    auto given = month_range_query(request);
    if (!given) return tl::unexpected(given.error());
    return market.range_or_default(given->from, given->to, months);
}

constexpr int kDefaultMonths = 12;
constexpr int kForecastMonths = 30;

json month_text(const std::optional<app::Period>& p) {
    if (!p) return nullptr;
    return fmt::format("{:04}-{:02}", p->year, p->month);
}

HttpResponse answer(const Result<json>& result) {
    if (!result) return error_response(result.error());
    return json_response(200, *result);
}

}  // namespace

void add_market_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    app::MarketService* service = services.market;
    // Every market route needs the service; without it (a server built without the market) they answer 503.
    auto with_market = [&accounts, service](auto f) {
        return authenticated(accounts,
                             [service, f](const app::Principal& who, const HttpRequest& request,
                                          const PathParams& params) -> HttpResponse {
                                 if (service == nullptr) {
                                     return error_response(ErrorCode::kUnavailable, "the market service is not running",
                                                           "market");
                                 }
                                 return f(*service, who, request, params);
                             });
    };

    // How far the data reaches: the pages take their default range from it, not from the calendar.
    app::MarketOfferService* offers = services.market_offers;
    router.add("GET", "/api/v1/market/coverage",
               with_market([offers](app::MarketService& market, const app::Principal& who, const HttpRequest&,
                                    const PathParams&) {
                   auto c = market.coverage(who);
                   if (!c) return error_response(c.error());
                   std::optional<app::Period> offers_through;
                   if (offers != nullptr) {
                       auto o = offers->published_through();
                       if (!o) return error_response(o.error());
                       offers_through = *o;
                   }
                   return json_response(200, json{{"first_month", month_text(c->first_month)},
                                                  {"last_month", month_text(c->last_month)},
                                                  {"published_through", month_text(c->published_through)},
                                                  {"offers_published_through", month_text(offers_through)},
                                                  {"min_shops", c->min_shops}});
               }));
    router.add("POST", "/api/v1/market/transactions",
               with_market([](app::MarketService& market, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   std::string_view type = request.header("content-type");
                   Result<app::MarketImportReport> report = fail(ErrorCode::kInvalidArgument, "", "");
                   if (type.rfind("text/csv", 0) == 0) {
                       report = market.import_csv(who, request.body);
                   } else if (type.rfind("application/json", 0) == 0) {
                       auto body = parse_json_object(request);
                       if (!body) return error_response(body.error());
                       report = market.import_json(who, *body);
                   } else {
                       return error_response(ErrorCode::kInvalidArgument,
                                             "Content-Type must be text/csv or application/json", "content-type");
                   }
                   if (!report) return error_response(report.error());
                   return json_response(200, app::to_json(*report));
               }));
    router.add("GET", "/api/v1/market/transactions",
               with_market([](app::MarketService& market, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto after = int_query(request, "after_id", 0);
                   if (!after) return error_response(after.error());
                   auto limit = int_query(request, "limit", 100);
                   if (!limit) return error_response(limit.error());
                   return answer(market.own_transactions(who, *after, *limit));
               }));
    router.add("GET", "/api/v1/market/review",
               with_market([](app::MarketService& market, const app::Principal& who, const HttpRequest&,
                              const PathParams&) { return answer(market.review_queue(who)); }));
    router.add("POST", "/api/v1/market/review/resolve",
               with_market([](app::MarketService& market, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto raw = string_field(*body, "raw");
                   if (!raw) return error_response(raw.error());
                   auto canonical = string_field(*body, "canonical");
                   if (!canonical) return error_response(canonical.error());
                   return answer(market.resolve(who, *raw, *canonical));
               }));
    router.add(
        "GET", "/api/v1/market/index",
        with_market([](app::MarketService& market, const app::Principal& who, const HttpRequest& request,
                       const PathParams&) {
            auto range = range_query(market, request, kDefaultMonths);
            if (!range) return error_response(range.error());
            app::IndexQuery q;
            q.from = range->from;
            q.to = range->to;
            auto by = dimension_query(request, q.by);
            if (!by) return error_response(by.error());
            q.by = *by;
            bool total = false;
            auto f = frequency_query(request, total);
            if (!f) return error_response(f.error());
            if (total)
                return error_response(ErrorCode::kInvalidArgument, "'frequency' must be month or week", "frequency");
            q.frequency = *f;
            if (q.frequency == app::Frequency::kWeek) q.geks_window = 53;
            if (const std::string* m = request.query_param("method"); m != nullptr && !m->empty()) {
                if (*m == "geks") {
                    q.geks = true;
                } else if (*m != "chain") {
                    return error_response(ErrorCode::kInvalidArgument, "'method' must be chain or geks", "method");
                }
            }
            auto window = int_query(request, "window", q.geks_window);
            if (!window) return error_response(window.error());
            if (*window < 2 || *window > 60) {
                return error_response(ErrorCode::kInvalidArgument, "'window' must be 2..60", "window");
            }
            q.geks_window = static_cast<int>(*window);
            return answer(market.price_index(who, q));
        }));
    router.add("GET", "/api/v1/market/turnover",
               with_market([](app::MarketService& market, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto range = range_query(market, request, kDefaultMonths);
                   if (!range) return error_response(range.error());
                   app::AggregateQuery q;
                   q.from = range->from;
                   q.to = range->to;
                   auto by = dimension_query(request, q.by);
                   if (!by) return error_response(by.error());
                   q.by = *by;
                   bool total = false;
                   auto f = frequency_query(request, total);
                   if (!f) return error_response(f.error());
                   q.frequency = *f;
                   q.by_period = !total;
                   return answer(market.turnover(who, q));
               }));
    router.add("GET", "/api/v1/market/models",
               with_market([](app::MarketService& market, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto range = range_query(market, request, kDefaultMonths);
                   if (!range) return error_response(range.error());
                   auto limit = int_query(request, "limit", 20);
                   if (!limit) return error_response(limit.error());
                   return answer(market.top_models(who, range->from, range->to,
                                                   static_cast<std::size_t>(std::clamp<std::int64_t>(*limit, 1, 500))));
               }));
    router.add(
        "GET", "/api/v1/market/dispersion",
        with_market(
            [](app::MarketService& market, const app::Principal& who, const HttpRequest& request, const PathParams&) {
                auto range = range_query(market, request, kDefaultMonths);
                if (!range) return error_response(range.error());
                auto limit = int_query(request, "limit", 50);
                if (!limit) return error_response(limit.error());
                return answer(market.dispersion(who, range->from, range->to,
                                                static_cast<std::size_t>(std::clamp<std::int64_t>(*limit, 1, 1000))));
            }));
    router.add("GET", "/api/v1/market/forecast",
               with_market([](app::MarketService& market, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto range = range_query(market, request, kForecastMonths);
                   if (!range) return error_response(range.error());
                   auto horizon = int_query(request, "horizon", 3);
                   if (!horizon) return error_response(horizon.error());
                   auto holdout = int_query(request, "holdout", 3);
                   if (!holdout) return error_response(holdout.error());
                   return answer(market.forecast(who, range->from, range->to, static_cast<int>(*horizon),
                                                 static_cast<int>(*holdout)));
               }));
    router.add("GET", "/api/v1/market/outliers",
               with_market([](app::MarketService& market, const app::Principal& who, const HttpRequest& request,
                              const PathParams&) {
                   auto range = range_query(market, request, kDefaultMonths);
                   if (!range) return error_response(range.error());
                   double threshold = 3.5;
                   if (const std::string* t = request.query_param("threshold"); t != nullptr && !t->empty()) {
                       char* end = nullptr;
                       threshold = std::strtod(t->c_str(), &end);
                       if (end != t->c_str() + t->size() || !(threshold > 0) || threshold > 100) {
                           return error_response(ErrorCode::kInvalidArgument, "'threshold' must be a positive number",
                                                 "threshold");
                       }
                   }
                   return answer(market.outliers(who, range->from, range->to, threshold));
               }));
}

}  // namespace yandian::server
