#include "store/sqlite/market_offer_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

MarketOfferRecord read_offer(const Statement& s) {
    MarketOfferRecord r;
    r.id = s.column_int64(0);
    r.shop_org_id = s.column_int64(1);
    r.offer_key = s.column_int64(2);
    r.raw_designation = s.column_text(3);
    r.raw_key = s.column_text(4);
    r.raw_brand = s.column_text(5);
    r.unit_price_fen = s.column_int64(6);
    r.quantity = s.column_int64(7);
    r.min_order = s.column_int64(8);
    r.channel = s.column_text(9);
    r.valid_from_ms = s.column_int64(10);
    r.valid_until_ms = s.column_int64(11);
    r.canonical = s.column_text(12);
    r.bearing_type = s.column_text(13);
    r.size_class = s.column_text(14);
    r.brand = s.column_text(15);
    r.brand_tier = s.column_text(16);
    r.posted_at_ms = s.column_int64(17);
    r.withdrawn_at_ms = s.column_optional_int64(18);
    return r;
}

std::optional<std::string> null_if_empty(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

}  // namespace

Result<std::int64_t> SqliteMarketOfferStore::insert_offers(std::span<const MarketOfferRecord> offers) {
    Lock lock(c_.mutex());
    std::int64_t inserted = 0;
    if (auto begun = c_.exec("SAVEPOINT market_offer_insert"); !begun) return tl::unexpected(begun.error());
    auto rollback = [&](const Error& error) -> Result<std::int64_t> {
        (void)c_.exec("ROLLBACK TO market_offer_insert; RELEASE market_offer_insert");
        return tl::unexpected(error);
    };
    for (const MarketOfferRecord& r : offers) {
        auto s = c_.prepare(
            // ON CONFLICT names the duplicate it skips; OR IGNORE would also drop a row that breaks a CHECK.
            "INSERT INTO market_offers (shop_org_id, offer_key, raw_designation, raw_key, raw_brand, "
            "unit_price_fen, quantity, min_order, channel, valid_from_ms, valid_until_ms, canonical, bearing_type, "
            "size_class, brand, brand_tier, posted_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
            "?13, ?14, ?15, ?16, ?17) ON CONFLICT (shop_org_id, offer_key) DO NOTHING");
        if (!s) return rollback(s.error());
        s->bind(1, r.shop_org_id)
            .bind(2, r.offer_key)
            .bind(3, std::string_view(r.raw_designation))
            .bind(4, std::string_view(r.raw_key))
            .bind(5, std::string_view(r.raw_brand))
            .bind(6, r.unit_price_fen)
            .bind(7, r.quantity)
            .bind(8, r.min_order)
            .bind(9, std::string_view(r.channel))
            .bind(10, r.valid_from_ms)
            .bind(11, r.valid_until_ms)
            .bind(12, null_if_empty(r.canonical))
            .bind(13, null_if_empty(r.bearing_type))
            .bind(14, null_if_empty(r.size_class))
            .bind(15, std::string_view(r.brand))
            .bind(16, std::string_view(r.brand_tier))
            .bind(17, r.posted_at_ms);
        if (auto done = s->run(); !done) return rollback(done.error());
        inserted += c_.changes();
    }
    if (auto released = c_.exec("RELEASE market_offer_insert"); !released) return rollback(released.error());
    return inserted;
}

Result<std::vector<MarketOfferRecord>> SqliteMarketOfferStore::list_offers(const MarketOfferFilter& f) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT id, shop_org_id, offer_key, raw_designation, raw_key, raw_brand, unit_price_fen, quantity, min_order, "
        "channel, valid_from_ms, valid_until_ms, coalesce(canonical, ''), coalesce(bearing_type, ''), "
        "coalesce(size_class, ''), brand, brand_tier, posted_at_ms, withdrawn_at_ms FROM market_offers "
        "WHERE id > ?1 AND (?2 IS NULL OR shop_org_id = ?2) AND (?3 IS NULL OR valid_until_ms >= ?3) "
        "AND (?4 IS NULL OR valid_from_ms < ?4) AND (?5 = 1 OR withdrawn_at_ms IS NULL) "
        "AND (?3 IS NULL OR withdrawn_at_ms IS NULL OR withdrawn_at_ms > ?3) ORDER BY id LIMIT ?6");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, f.after_id)
        .bind(2, f.shop_org_id)
        .bind(3, f.from_ms)
        .bind(4, f.to_ms)
        .bind(5, std::int64_t{f.include_withdrawn ? 1 : 0})
        .bind(6, f.limit);
    return all_rows<MarketOfferRecord>(*s, read_offer);
}

Result<std::int64_t> SqliteMarketOfferStore::count_offers(std::optional<std::int64_t> shop_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT count(*) FROM market_offers WHERE ?1 IS NULL OR shop_org_id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, shop_org_id);
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0);
}

Result<std::int64_t> SqliteMarketOfferStore::count_offering_shops(std::int64_t from_ms, std::int64_t to_ms) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT count(DISTINCT shop_org_id) FROM market_offers WHERE canonical IS NOT NULL AND valid_until_ms >= ?1 "
        "AND valid_from_ms < ?2 AND (withdrawn_at_ms IS NULL OR withdrawn_at_ms > ?1)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, from_ms).bind(2, to_ms);
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0);
}

Status SqliteMarketOfferStore::withdraw_offer(std::int64_t shop_org_id, std::int64_t offer_id, std::int64_t at_ms) {
    Lock lock(c_.mutex());
    auto find = c_.prepare("SELECT withdrawn_at_ms FROM market_offers WHERE id = ?1 AND shop_org_id = ?2");
    if (!find) return tl::unexpected(find.error());
    find->bind(1, offer_id).bind(2, shop_org_id);
    auto row = find->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return fail(ErrorCode::kNotFound, fmt::format("offer {} not found", offer_id), "id");
    if (find->column_optional_int64(0)) {
        return fail(ErrorCode::kFailedPrecondition, fmt::format("offer {} is already withdrawn", offer_id), "id");
    }
    auto s = c_.prepare(
        "UPDATE market_offers SET withdrawn_at_ms = ?3 WHERE id = ?1 AND shop_org_id = ?2 AND withdrawn_at_ms IS NULL");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, offer_id).bind(2, shop_org_id).bind(3, at_ms);
    return one_row_changed(c_, *s, "offer", offer_id);
}

}  // namespace yandian::store::sqlite
