// Fuzzes the server's request path: raw bytes → HTTP parser (with the server's limits) → target and
// header conversion → API routing, authentication and JSON bodies on a real (temporary) store.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string_view>

#include "app/accounts.hpp"
#include "app/live_hub.hpp"
#include "app/spc_service.hpp"
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
    std::unique_ptr<yandian::server::Api> api;
    yandian::server::ServerOptions options;
};

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
    world->accounts = std::make_unique<yandian::app::AccountService>(*world->db, cheap,
                                                                      [] { return std::chrono::system_clock::now(); });
    auto org = world->accounts->create_organisation("Fuzz Org", yandian::app::OrgKind::kManufacturer);
    if (org) world->accounts->create_user(org->id, "fuzzer", "fuzz-password", yandian::app::Role::kAdmin, "F");
    yandian::server::ApiOptions api_options;
    api_options.log_requests = false;
    world->spc = std::make_unique<yandian::app::SpcService>(*world->db, world->hub,
                                                             [] { return std::chrono::system_clock::now(); });
    world->api = std::make_unique<yandian::server::Api>(
        yandian::server::Services{*world->accounts, *world->spc, world->hub}, api_options);
    world->options.body_limit = 64 * 1024;
    return world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static World* world = make_world();
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto request = yandian::server::parse_http_request(bytes, world->options);
    if (!request) {
        // Every rejected request is a client error with a message.
        if (yandian::http_status(request.error().code) >= 500 || request.error().message.empty()) std::abort();
        return 0;
    }
    yandian::server::HttpResponse response = world->api->handle(*request);
    if (response.status < 200 || response.status > 599) std::abort();
    if (response.status == 500) std::abort();  // no input may make a handler fail
    return 0;
}
