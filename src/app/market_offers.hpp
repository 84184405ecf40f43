#pragma once
// Offers of the bearing market: the asking prices shops post (a bearing as written and as normalised through the
// catalogue with normalise_designation / classify_brand, quantity available, minimum order, channel, validity),
// their import (CSV with per-line errors, JSON rows), the shop's own list and withdrawal, and the published offer
// aggregates per model or per bearing type and brand tier: shops quoting, quartiles of the asking price, and the
// premium of the asking price over the median transaction price of the same canonical bearing x tier.
//
// Privacy, as for transactions (market_service.hpp): a shop posts, lists and withdraws only its own offers; every
// other figure is an aggregate in which a cell built from fewer than MarketOptions::min_shops distinct shops is
// suppressed (null + "suppressed": true), for every caller alike.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "app/market_service.hpp"
#include "common/result.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

// One offer as received (JSON row or CSV record), before validation.
struct RawOffer {
    std::string designation;
    std::string brand;
    std::string unit_price;   // asking price, decimal yuan
    std::string quantity;     // available
    std::string min_order;    // "" = 1
    std::string channel;      // "" = offline
    std::string valid_from;   // required
    std::string valid_until;  // "" = valid_from + 30 days; a date alone means the end of that day
};

enum class OfferGrouping { kModel, kType };

struct OfferSummaryQuery {
    Period from;
    Period to;  // inclusive; offers valid at some time of the range count
    OfferGrouping by = OfferGrouping::kModel;
    std::optional<std::string> canonical;  // by model: only this bearing (any spelling the catalogue reads)
    std::size_t limit = 50;                // by model: published cells listed, most-quoted first
};

class MarketOfferService {
  public:
    MarketOfferService(store::Database& db, Clock clock, MarketOptions options = {});

    // A shop's offers; `who` must be a non-viewer member of a merchant organisation. A CSV may carry a `shop`
    // column, which must then name the importing shop on every row.
    Result<MarketImportReport> import_csv(const Principal& who, std::string_view text);
    Result<MarketImportReport> import_json(const Principal& who, const nlohmann::json& body);  // {"offers": [...]}
    // For the CLI and the demo, after the caller checked who may post for the shop.
    Result<MarketImportReport> import_csv_for_shop(std::int64_t shop_org_id, std::string_view text);
    Result<MarketImportReport> import_offers_for_shop(std::int64_t shop_org_id, const std::vector<RawOffer>& offers,
                                                      const std::vector<std::size_t>& lines);

    // The caller's own offers (merchants only), by id; withdrawn ones only when asked.
    Result<nlohmann::json> own_offers(const Principal& who, bool include_withdrawn, std::int64_t after_id,
                                      std::int64_t limit);
    // Withdraws one of the caller's standing offers; another shop's offer is "not found".
    Result<nlohmann::json> withdraw(const Principal& who, std::int64_t offer_id);

    Result<nlohmann::json> summary(const Principal& who, const OfferSummaryQuery& query);
    Result<nlohmann::json> summary(const OfferSummaryQuery& query);  // without a caller: the CLI

    // The latest month, not after the clock's, in which offers of at least min_shops shops stand (looking back at
    // most three years); nullopt when there is none. The default end of the offer pages' range.
    Result<std::optional<Period>> published_through();
    // range_or_default() (market_service.hpp) with published_through() as the end.
    Result<PeriodRange> range_or_default(std::optional<Period> from, std::optional<Period> to, int months);

  private:
    Status require_shop(const Principal& who);

    store::Database& db_;
    Clock clock_;
    MarketOptions options_;
};

Result<OfferGrouping> parse_offer_grouping(std::string_view text);  // model | type

}  // namespace yandian::app
