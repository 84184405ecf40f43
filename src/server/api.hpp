#pragma once
// The HTTP API as a function from request to response: routing, authentication, errors as JSON,
// metrics and one structured log line per request. Sockets live in http_server.cpp.
#include <filesystem>
#include <memory>
#include <string>

#include "server/http_types.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"

namespace yandian::app {
class AccountService;
class SpcService;
class MarketService;
class MarketOfferService;
class StatsService;
class ReturnsService;
class CreditService;
class ReceivableService;
class QualityService;
class LiveHub;
}

namespace yandian::app::monitoring {
class MonitorService;
class FurnaceService;
}

namespace yandian::store {
class Database;
}

namespace yandian::server {

// The services the API is a thin adapter over.
struct Services {
    app::AccountService& accounts;
    app::SpcService& spc;
    app::LiveHub& hub;
    store::Database* db = nullptr;  // for file import/export routes; without it they answer 503
    app::MarketService* market = nullptr;  // bearing market routes; without it they answer 503
    app::MarketOfferService* market_offers = nullptr;  // market offer routes; without it they answer 503
    app::monitoring::MonitorService* monitor = nullptr;  // monitored assets and records; without it they answer 503
    app::monitoring::FurnaceService* furnace = nullptr;  // furnaces, soak, CQI-9 records; without it they answer 503
    app::StatsService* stats = nullptr;  // plan progress and the enterprise library; without it they answer 503
    app::CreditService* credit = nullptr;  // credit report routes; without it they answer 503
    app::ReturnsService* returns = nullptr;  // statistical returns; without it they answer 503
    app::ReceivableService* receivables = nullptr;  // receivables financing; without it they answer 503
    app::QualityService* quality = nullptr;  // quality credit routes (public ones too); without it they answer 503
};

struct ApiOptions {
    std::filesystem::path web_root;  // web/dist; empty = no static files
    std::string version = "0.1.0";
    bool log_requests = true;
};

class Api {
public:
    Api(Services services, ApiOptions options);
    ~Api();

    HttpResponse handle(const HttpRequest& request);
    const Router& router() const { return router_; }
    Metrics& metrics() { return metrics_; }

private:
    HttpResponse dispatch(const HttpRequest& request, std::string& route_label);
    HttpResponse serve_static(const HttpRequest& request);

    Services services_;
    ApiOptions options_;
    Router router_;
    Metrics metrics_;
};

}  // namespace yandian::server
