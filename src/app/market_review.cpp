// Market service: a shop's own transactions, the review queue of unread designations, and their resolution.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/market_service.hpp"
#include "app/utc_time.hpp"
#include "store/database.hpp"

namespace yandian::app {

using nlohmann::json;

Result<json> MarketService::own_transactions(const Principal& who, std::int64_t after_id, std::int64_t limit) {
    if (auto ok = require_member(who); !ok) return tl::unexpected(ok.error());
    limit = std::clamp<std::int64_t>(limit, 1, 1000);
    auto rows = db_.market().list_transactions(who.org_id, INT64_MIN, INT64_MAX, after_id, limit);
    if (!rows) return tl::unexpected(rows.error());
    json list = json::array();
    for (const auto& r : *rows) {
        list.push_back({{"id", r.id},
                        {"time", format_market_time(r.time_ms)},
                        {"designation", r.raw_designation},
                        {"brand", r.raw_brand},
                        {"quantity", r.quantity},
                        {"unit_price", format_yuan(r.unit_price_fen)},
                        {"channel", r.channel},
                        {"region", r.region},
                        {"canonical", r.canonical.empty() ? json(nullptr) : json(r.canonical)},
                        {"bearing_type", r.bearing_type.empty() ? json(nullptr) : json(r.bearing_type)},
                        {"size_class", r.size_class.empty() ? json(nullptr) : json(r.size_class)},
                        {"normalised_brand", r.brand},
                        {"brand_tier", r.brand_tier},
                        {"waiting_review", r.canonical.empty()}});
    }
    auto total = db_.market().count_transactions(who.org_id);
    if (!total) return tl::unexpected(total.error());
    json out = {{"shop_org_id", who.org_id}, {"total", *total}, {"transactions", list}};
    if (!rows->empty() && static_cast<std::int64_t>(rows->size()) == limit) out["next_after_id"] = rows->back().id;
    return out;
}

Result<json> MarketService::review_queue(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    std::optional<std::int64_t> shop;
    if (*kind == OrgKind::kMerchant) {
        shop = who.org_id;
    } else if (*kind != OrgKind::kAssociation && *kind != OrgKind::kAuthority) {
        return fail(ErrorCode::kPermissionDenied, "the review queue is for shops, the association and the authority",
                    "org");
    }
    auto queue = db_.market().review_queue(shop);
    if (!queue) return tl::unexpected(queue.error());
    // Standing offers whose designation waits (no resolution reaches them yet) join the queue under the same key:
    // one resolution serves the sales and the offers written that way.
    auto resolved = db_.market().list_resolutions();
    if (!resolved) return tl::unexpected(resolved.error());
    std::set<std::string, std::less<>> resolved_keys;
    for (const auto& r : *resolved) resolved_keys.insert(r.raw_key);
    store::MarketOfferFilter standing;
    standing.shop_org_id = shop;
    standing.include_withdrawn = false;
    auto offers = db_.market_offers().list_offers(standing);
    if (!offers) return tl::unexpected(offers.error());
    struct WaitingOffers {
        std::string raw;
        std::int64_t offers = 0;
        std::set<std::int64_t> shops;
    };
    std::map<std::string, WaitingOffers, std::less<>> waiting_offers;
    for (const auto& o : *offers) {
        if (!o.canonical.empty() || resolved_keys.contains(o.raw_key)) continue;
        WaitingOffers& w = waiting_offers[o.raw_key];
        if (w.raw.empty()) w.raw = o.raw_designation;
        ++w.offers;
        w.shops.insert(o.shop_org_id);
    }
    json list = json::array();
    auto add_item = [&](const std::string& raw, const std::string& key, std::int64_t rows, std::int64_t shops,
                        std::optional<std::int64_t> first_time_ms) {
        json item = {{"raw", raw}, {"key", key}, {"rows", rows}, {"offers", 0}};
        if (auto it = waiting_offers.find(key); it != waiting_offers.end()) {
            item["offers"] = it->second.offers;
            shops = std::max<std::int64_t>(shops, static_cast<std::int64_t>(it->second.shops.size()));
        }
        if (shop) {
            item["first_time"] = first_time_ms ? json(format_market_time(*first_time_ms)) : json(nullptr);
        } else {
            // Analysts see how widespread a spelling is, never which shop wrote it.
            item["shops_at_least"] = std::min<std::int64_t>(shops, options_.min_shops);
        }
        auto reason = normalise_designation(raw);
        item["reason"] = reason ? "" : reason.error().message;
        list.push_back(std::move(item));
    };
    std::set<std::string, std::less<>> listed;
    for (const auto& e : *queue) {
        add_item(e.raw_designation, e.raw_key, e.rows, e.shops, e.first_time_ms);
        listed.insert(e.raw_key);
    }
    for (const auto& [key, w] : waiting_offers) {
        if (!listed.contains(key)) add_item(w.raw, key, 0, static_cast<std::int64_t>(w.shops.size()), std::nullopt);
    }
    return json{{"scope", shop ? "own" : "market"}, {"queue", list}};
}

Result<json> MarketService::resolve(const Principal& who, std::string_view raw, std::string_view canonical_text) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    const std::string key = fold_raw_designation(raw);
    if (key.empty()) return fail(ErrorCode::kInvalidArgument, "'raw' is empty", "raw");
    if (who.role == Role::kViewer) return fail(ErrorCode::kPermissionDenied, "viewers cannot resolve", "role");
    if (*kind == OrgKind::kMerchant) {
        auto own = review_queue(who);  // the shop's waiting sales and standing offers
        if (!own) return tl::unexpected(own.error());
        const json& items = own->at("queue");
        const bool mine = std::any_of(items.begin(), items.end(), [&](const json& e) { return e.at("key") == key; });
        if (!mine) {
            return fail(ErrorCode::kNotFound, fmt::format("'{}' is not waiting in your review queue", raw), "raw");
        }
    } else if (*kind != OrgKind::kAssociation && *kind != OrgKind::kAuthority) {
        return fail(ErrorCode::kPermissionDenied, "only shops, the association and the authority resolve designations",
                    "org");
    }
    auto n = normalise_designation(canonical_text);
    if (!n) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'canonical' is not a catalogue bearing: {}", n.error().message), "canonical");
    }
    store::DesignationResolution r{key,         n->canonical,         n->bearing_type, n->size_class,
                                   who.user_id, format_utc(clock_()), n->series};
    auto changed = db_.market().resolve(r);
    if (!changed) return tl::unexpected(changed.error());
    return json{{"raw", std::string(raw)},     {"key", key},
                {"canonical", n->canonical},   {"bearing_type", n->bearing_type},
                {"size_class", n->size_class}, {"rows_renormalised", *changed}};
}

}  // namespace yandian::app
