#include "store/postgres/market_offer_stores.hpp"

#include <fmt/format.h>

#include <mutex>

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

MarketOfferRecord read_offer(const Rows& r, int i) {
    MarketOfferRecord o;
    o.id = r.int64(i, 0);
    o.shop_org_id = r.int64(i, 1);
    o.offer_key = r.int64(i, 2);
    o.raw_designation = r.text(i, 3);
    o.raw_key = r.text(i, 4);
    o.raw_brand = r.text(i, 5);
    o.unit_price_fen = r.int64(i, 6);
    o.quantity = r.int64(i, 7);
    o.min_order = r.int64(i, 8);
    o.channel = r.text(i, 9);
    o.valid_from_ms = r.int64(i, 10);
    o.valid_until_ms = r.int64(i, 11);
    o.canonical = r.text(i, 12);
    o.bearing_type = r.text(i, 13);
    o.size_class = r.text(i, 14);
    o.brand = r.text(i, 15);
    o.brand_tier = r.text(i, 16);
    o.posted_at_ms = r.int64(i, 17);
    o.withdrawn_at_ms = r.optional_int64(i, 18);
    return o;
}

std::optional<std::string> null_if_empty(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

}  // namespace

Result<std::int64_t> PgMarketOfferStore::insert_offers(std::span<const MarketOfferRecord> offers) {
    Lock lock(c_.mutex());
    std::int64_t inserted = 0;
    auto done = atomically(c_, [&]() -> Status {
        for (const MarketOfferRecord& r : offers) {
            auto rows = c_.query(
                "INSERT INTO market_offers (shop_org_id, offer_key, raw_designation, raw_key, raw_brand, "
                "unit_price_fen, quantity, min_order, channel, valid_from_ms, valid_until_ms, canonical, bearing_type, "
                "size_class, brand, brand_tier, posted_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                "$12, $13, $14, $15, $16, $17) ON CONFLICT (shop_org_id, offer_key) DO NOTHING",
                {r.shop_org_id, r.offer_key, r.raw_designation, r.raw_key, r.raw_brand, r.unit_price_fen, r.quantity,
                 r.min_order, r.channel, r.valid_from_ms, r.valid_until_ms, null_if_empty(r.canonical),
                 null_if_empty(r.bearing_type), null_if_empty(r.size_class), r.brand, r.brand_tier, r.posted_at_ms});
            if (!rows) return tl::unexpected(rows.error());
            inserted += rows->affected();
        }
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return inserted;
}

Result<std::vector<MarketOfferRecord>> PgMarketOfferStore::list_offers(const MarketOfferFilter& f) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "SELECT id, shop_org_id, offer_key, raw_designation, raw_key, raw_brand, unit_price_fen, quantity, min_order, "
        "channel, valid_from_ms, valid_until_ms, coalesce(canonical, ''), coalesce(bearing_type, ''), "
        "coalesce(size_class, ''), brand, brand_tier, posted_at_ms, withdrawn_at_ms FROM market_offers "
        "WHERE id > $1 AND ($2::bigint IS NULL OR shop_org_id = $2) AND ($3::bigint IS NULL OR valid_until_ms >= $3) "
        "AND ($4::bigint IS NULL OR valid_from_ms < $4) AND ($5 OR withdrawn_at_ms IS NULL) "
        "AND ($3::bigint IS NULL OR withdrawn_at_ms IS NULL OR withdrawn_at_ms > $3) ORDER BY id LIMIT $6",
        {f.after_id, f.shop_org_id, f.from_ms, f.to_ms, f.include_withdrawn ? "true" : "false", f.limit});
    if (!rows) return tl::unexpected(rows.error());
    std::vector<MarketOfferRecord> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) out.push_back(read_offer(*rows, i));
    return out;
}

Result<std::int64_t> PgMarketOfferStore::count_offers(std::optional<std::int64_t> shop_org_id) {
    Lock lock(c_.mutex());
    auto rows =
        c_.query("SELECT count(*) FROM market_offers WHERE $1::bigint IS NULL OR shop_org_id = $1", {shop_org_id});
    if (!rows) return tl::unexpected(rows.error());
    return rows->int64(0, 0);
}

Result<std::int64_t> PgMarketOfferStore::count_offering_shops(std::int64_t from_ms, std::int64_t to_ms) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "SELECT count(DISTINCT shop_org_id) FROM market_offers WHERE canonical IS NOT NULL AND valid_until_ms >= $1 "
        "AND valid_from_ms < $2 AND (withdrawn_at_ms IS NULL OR withdrawn_at_ms > $1)",
        {from_ms, to_ms});
    if (!rows) return tl::unexpected(rows.error());
    return rows->int64(0, 0);
}

Status PgMarketOfferStore::withdraw_offer(std::int64_t shop_org_id, std::int64_t offer_id, std::int64_t at_ms) {
    Lock lock(c_.mutex());
    auto found = c_.query("SELECT withdrawn_at_ms FROM market_offers WHERE id = $1 AND shop_org_id = $2",
                          {offer_id, shop_org_id});
    if (!found) return tl::unexpected(found.error());
    if (found->empty()) return fail(ErrorCode::kNotFound, fmt::format("offer {} not found", offer_id), "id");
    if (!found->is_null(0, 0)) {
        return fail(ErrorCode::kFailedPrecondition, fmt::format("offer {} is already withdrawn", offer_id), "id");
    }
    auto rows = c_.query(
        "UPDATE market_offers SET withdrawn_at_ms = $3 WHERE id = $1 AND shop_org_id = $2 AND withdrawn_at_ms IS NULL",
        {offer_id, shop_org_id, at_ms});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->affected() == 0) return fail(ErrorCode::kNotFound, fmt::format("offer {} not found", offer_id), "id");
    return {};
}

}  // namespace yandian::store::postgres
