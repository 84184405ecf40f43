#pragma once
// A synthetic bearing-market history for the demo and for tests and benchmarks: merchant shops of the Yandian
// market, models drawn from the bundled catalogue, price levels by brand tier and size, monthly seasonality with the
// Spring Festival dip, price inflation that differs by tier, a few shops selling "international" bearings far
// below the market (counterfeit risk), and some spellings the catalogue cannot read (review queue).
// Deterministic for a given seed. Rows go through the same import path as a shop's upload.
#include <cstdint>
#include <string>
#include <vector>

#include "app/accounts.hpp"
#include "app/market_service.hpp"
#include "common/result.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

struct MarketDemoOptions {
    int shops = 300;
    int models = 2000;
    Period from{2024, 1};  // the demo store's history: market_demo_options(today) ends it in the last full month
    Period to{2026, 10};
    int items_per_shop = 16;  // (model, brand) lines each shop carries
    int outlier_shops = 3;
    std::uint64_t seed = 20261129;
};

struct MarketDemoSummary {
    bool created = false;  // false: the store already had the demo market
    int shops = 0;
    std::int64_t transactions = 0;
    std::int64_t waiting_review = 0;
    std::string analyst_login;
    std::string analyst_password;
    std::string shop_login;  // a user of the first shop
    std::string shop_password;
    std::string banner;  // lines to print for the user
};

// The demo history as a live market would have it on `today`: the `months` complete months before today's month
// (34 = two and a half seasons: enough for the forecast's two seasons plus held-out months).
MarketDemoOptions market_demo_options(TimePoint today, int months = 34);

// One shop's rows as CSV (header time,designation,brand,quantity,unit_price,channel,region), for tests and the
// benchmark; `shop_index` selects which synthetic shop.
struct DemoRows {
    std::vector<RawTransaction> rows;
};
DemoRows generate_shop_rows(const MarketDemoOptions& options, int shop_index);

// Creates the shops, an association organisation with an `analyst` user and a login for the first shop, and
// imports the synthetic history. Idempotent: does nothing when the analyst already exists.
// Offers are posted at `clock`'s time.
Result<MarketDemoSummary> seed_market_demo(store::Database& db, AccountService& accounts, MarketService& market,
                                           const Clock& clock, const MarketDemoOptions& options);

}  // namespace yandian::app
