#pragma once
// Store port of the market offers: the asking prices shops post, as written and as normalised through the
// catalogue. An offer whose `canonical` is empty waits until its raw designation is resolved; withdrawn offers are
// kept (with the time of withdrawal) so the market's history of asking prices stays as it was.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct MarketOfferRecord {
    std::int64_t id = 0;
    std::int64_t shop_org_id = 0;
    std::int64_t offer_key = 0;  // identity within the shop: a re-posted identical offer is skipped
    std::string raw_designation;
    std::string raw_key;  // folded raw designation, as MarketTransactionRecord::raw_key
    std::string raw_brand;
    std::int64_t unit_price_fen = 0;
    std::int64_t quantity = 0;  // available
    std::int64_t min_order = 1;
    std::string channel;  // offline | online | export
    std::int64_t valid_from_ms = 0;
    std::int64_t valid_until_ms = 0;  // inclusive
    std::string canonical;            // "" = waiting for review
    std::string bearing_type;
    std::string size_class;
    std::string brand;
    std::string brand_tier;  // international | chinese_top | domestic | unbranded
    std::int64_t posted_at_ms = 0;
    std::optional<std::int64_t> withdrawn_at_ms;
};

struct MarketOfferFilter {
    std::optional<std::int64_t> shop_org_id;  // one shop's offers, or all
    // Offers valid at some instant of [from_ms, to_ms): valid_from < to, valid_until >= from, and not withdrawn
    // before from. Empty bounds: no time condition.
    std::optional<std::int64_t> from_ms;
    std::optional<std::int64_t> to_ms;
    bool include_withdrawn = true;
    std::int64_t after_id = 0;
    std::int64_t limit = INT64_MAX;
};

class MarketOfferStore {
  public:
    virtual ~MarketOfferStore() = default;

    // Inserts the offers in one transaction; an offer whose (shop_org_id, offer_key) is stored is skipped.
    // Returns the number inserted.
    virtual Result<std::int64_t> insert_offers(std::span<const MarketOfferRecord> offers) = 0;
    // By id ascending.
    virtual Result<std::vector<MarketOfferRecord>> list_offers(const MarketOfferFilter& filter) = 0;
    virtual Result<std::int64_t> count_offers(std::optional<std::int64_t> shop_org_id) = 0;
    // Distinct shops with a normalised offer standing at some instant of [from_ms, to_ms) (a withdrawn offer stands
    // until its withdrawal): how many shops a month's published offer figures could rest on.
    virtual Result<std::int64_t> count_offering_shops(std::int64_t from_ms, std::int64_t to_ms) = 0;
    // Marks the shop's standing offer withdrawn at `at_ms`; kNotFound when the shop has no offer with this id
    // (another shop's offer included), kFailedPrecondition when it is already withdrawn.
    virtual Status withdraw_offer(std::int64_t shop_org_id, std::int64_t offer_id, std::int64_t at_ms) = 0;
};

}  // namespace yandian::store
