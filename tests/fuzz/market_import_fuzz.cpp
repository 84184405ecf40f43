// Fuzzes the market's outside inputs through the services that read them, on a real (temporary) store: a shop's
// transactions as CSV and as JSON, a market-wide export, and a shop's offers as CSV and JSON. The first byte picks
// the parser. Any input either fails with a named client error, or gives a report whose counts add up (every record
// stored, a duplicate, or refused with its line and field) — never an internal error.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "app/accounts.hpp"
#include "app/market_offers.hpp"
#include "app/market_service.hpp"
#include "common/clock.hpp"
#include "store/database.hpp"

namespace {

using namespace yandian;

struct World {
    std::unique_ptr<store::Database> db;
    std::unique_ptr<app::MarketService> market;
    std::unique_ptr<app::MarketOfferService> offers;
    std::int64_t shop = 0;
};

// A fixed clock: the same input gives the same outcome on every run.
Clock fixed() { return fixed_clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 15}); }

World* make_world() {
    auto* world = new World;
    char dir[] = "/tmp/yandian-market-fuzz-XXXXXX";
    if (mkdtemp(dir) == nullptr) std::abort();
    auto db = store::Database::open(std::string("sqlite:") + dir + "/fuzz.db");
    if (!db) std::abort();
    world->db = std::move(*db);
    app::AccountService accounts(*world->db, app::AccountOptions{}, fixed());
    auto shop = accounts.create_organisation("Fuzz Shop", app::OrgKind::kMerchant);
    if (!shop) std::abort();
    world->shop = shop->id;
    world->market = std::make_unique<app::MarketService>(*world->db, fixed());
    world->offers = std::make_unique<app::MarketOfferService>(*world->db, fixed());
    return world;
}

void check(const Result<app::MarketImportReport>& report) {
    if (!report) {
        if (report.error().message.empty() || report.error().code == ErrorCode::kInternal) std::abort();
        return;
    }
    const auto& r = *report;
    if (r.rows < 0 || r.inserted < 0 || r.duplicates < 0 || r.waiting_review > r.inserted + r.duplicates) std::abort();
    // A record is stored, already there, or refused (a refused record may carry several errors).
    if (r.inserted + r.duplicates > r.rows) std::abort();
    for (const auto& e : r.errors) {
        if (e.message.empty() || e.field.empty()) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static World* world = make_world();
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 5) {
        case 0:
            check(world->market->import_csv_for_shop(world->shop, text));
            break;
        case 1:
            check(world->market->import_csv_market_wide(text));
            break;
        case 2:
            check(world->offers->import_csv_for_shop(world->shop, text));
            break;
        default: {
            auto body = nlohmann::json::parse(text, nullptr, false);
            if (body.is_discarded()) return 0;
            app::Principal shop_user{1, world->shop, app::Role::kAdmin, "fuzz", std::nullopt};
            check(data[0] % 5 == 3 ? world->market->import_json(shop_user, body)
                                   : world->offers->import_json(shop_user, body));
        }
    }
    return 0;
}
