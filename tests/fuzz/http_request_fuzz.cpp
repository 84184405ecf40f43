// Fuzzes the server's request path: raw bytes → HTTP parser (with the server's limits) → target and
// header conversion → API routing, authentication and JSON bodies on a real (temporary) store with every service
// (SPC, files, market, offers, credit reports), so that the routes behind authentication are reached too: an input that
// starts with byte 1, 2, 3 or 4 is sent with the API token of a plant engineer, a market shop, the association's analyst
// or a lender's viewer (unless it carries its own Authorization header); the store holds a plant, a line and a
// characteristic (ids 1); the organisations are 1 plant, 2 shop, 3 association, 4 lender.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string_view>

#include "app/accounts.hpp"
#include "app/credit/credit_service.hpp"
#include "app/live_hub.hpp"
#include "app/market_offers.hpp"
#include "app/market_service.hpp"
#include "app/monitor/monitor_service.hpp"
#include "app/stats/stats_service.hpp"
#include "app/spc_service.hpp"
#include "common/clock.hpp"
#include "server/api.hpp"
#include "server/http_server.hpp"
#include "server/http_types.hpp"
#include "store/database.hpp"

namespace {

struct World {
    std::unique_ptr<yandian::store::Database> db;
    std::unique_ptr<yandian::app::AccountService> accounts;
    yandian::app::LiveHub hub;
    std::unique_ptr<yandian::app::SpcService> spc;
    std::unique_ptr<yandian::app::MarketService> market;
    std::unique_ptr<yandian::app::MarketOfferService> offers;
    std::unique_ptr<yandian::app::monitoring::MonitorService> monitor;
    std::unique_ptr<yandian::app::StatsService> stats;
    std::unique_ptr<yandian::app::CreditService> credit;
    std::unique_ptr<yandian::server::Api> api;
    yandian::server::ServerOptions options;
    std::string tokens[4];  // engineer of the plant, shop, analyst of the association, viewer of the lender
};

// A fixed clock: the same input gives the same outcome on every run.
yandian::Clock fixed() { return yandian::fixed_clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 15}); }

// An organisation with one user of the given role and an API token for it.
std::string member(yandian::app::AccountService& accounts, const char* name, yandian::app::OrgKind kind,
                   const char* login, yandian::app::Role role) {
    auto org = accounts.create_organisation(name, kind);
    if (!org) std::abort();
    if (!accounts.create_user(org->id, login, "fuzz-password", role, login)) std::abort();
    auto token = accounts.create_token_for(login, "fuzz");
    if (!token) std::abort();
    return token->secret;
}

World* make_world() {
    auto* world = new World;
    char dir[] = "/tmp/yandian-fuzz-XXXXXX";
    if (mkdtemp(dir) == nullptr) std::abort();
    auto db = yandian::store::Database::open(std::string("sqlite:") + dir + "/fuzz.db");
    if (!db) std::abort();
    world->db = std::move(*db);
    yandian::app::AccountOptions cheap;  // cheap hashing keeps each input fast
    cheap.argon2_time_cost = 1;
    cheap.argon2_memory_kib = 64;
    world->accounts = std::make_unique<yandian::app::AccountService>(*world->db, cheap, fixed());
    using yandian::app::OrgKind;
    using yandian::app::Role;
    world->tokens[0] = member(*world->accounts, "Fuzz Plant", OrgKind::kManufacturer, "fuzzer", Role::kAdmin);
    world->tokens[1] = member(*world->accounts, "Fuzz Shop", OrgKind::kMerchant, "shop", Role::kAdmin);
    world->tokens[2] = member(*world->accounts, "Fuzz Association", OrgKind::kAssociation, "analyst", Role::kAnalyst);
    world->tokens[3] = member(*world->accounts, "Fuzz Lender", OrgKind::kLender, "officer", Role::kViewer);
    world->spc = std::make_unique<yandian::app::SpcService>(*world->db, world->hub, fixed());
    const yandian::app::Principal engineer{1, 1, Role::kAdmin, "fuzzer", std::nullopt};
    auto plant = world->spc->create_plant(engineer, "Plant");
    if (!plant) std::abort();
    auto line = world->spc->create_line(engineer, plant->id, "grind-3", "Grinding line 3");
    if (!line) std::abort();
    yandian::app::CharacteristicInput bore;
    bore.line_id = line->id;
    bore.code = "bore-d";
    bore.feature = "bore diameter";
    bore.nominal = 25.0;
    bore.lsl = 24.99;
    bore.usl = 25.01;
    if (!world->spc->create_characteristic(engineer, bore)) std::abort();
    world->market = std::make_unique<yandian::app::MarketService>(*world->db, fixed());
    world->offers = std::make_unique<yandian::app::MarketOfferService>(*world->db, fixed());
    world->monitor = std::make_unique<yandian::app::monitoring::MonitorService>(*world->db, fixed());
    world->stats = std::make_unique<yandian::app::StatsService>(*world->db, fixed());
    if (!world->stats->seed_plan("fuzz")) std::abort();
    yandian::app::CreditOptions credit_options;
    credit_options.operator_name = "Fuzz Credit Agency";
    world->credit = std::make_unique<yandian::app::CreditService>(*world->db, *world->market, *world->spc, fixed(),
                                                                  credit_options);
    yandian::server::ApiOptions api_options;
    api_options.log_requests = false;
    yandian::server::Services services{*world->accounts, *world->spc, world->hub};
    services.db = world->db.get();
    services.market = world->market.get();
    services.market_offers = world->offers.get();
    services.monitor = world->monitor.get();
    services.stats = world->stats.get();
    services.credit = world->credit.get();
    world->api = std::make_unique<yandian::server::Api>(services, api_options);
    world->options.body_limit = 64 * 1024;
    return world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static World* world = make_world();
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    int identity = -1;
    if (!bytes.empty() && bytes[0] >= 1 && bytes[0] <= 4) {
        identity = bytes[0] - 1;
        bytes.remove_prefix(1);
    }
    auto request = yandian::server::parse_http_request(bytes, world->options);
    if (!request) {
        // Every rejected request is a client error with a message.
        if (yandian::http_status(request.error().code) >= 500 || request.error().message.empty()) std::abort();
        return 0;
    }
    if (identity >= 0 && request->header("authorization").empty()) {
        request->headers["authorization"] = "Bearer " + world->tokens[identity];
    }
    yandian::server::HttpResponse response = world->api->handle(*request);
    if (response.status < 200 || response.status > 599) std::abort();
    if (response.status == 500) std::abort();  // no input may make a handler fail
    return 0;
}
