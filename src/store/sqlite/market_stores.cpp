#include "store/sqlite/market_stores.hpp"

#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kTransactionColumns =
    "SELECT id, shop_org_id, time_ms, raw_designation, raw_key, raw_brand, quantity, unit_price_fen, channel, region, "
    "coalesce(canonical, ''), coalesce(bearing_type, ''), coalesce(size_class, ''), brand, brand_tier, row_key "
    "FROM market_transactions ";

MarketTransactionRecord read_transaction(const Statement& s) {
    MarketTransactionRecord r;
    r.id = s.column_int64(0);
    r.shop_org_id = s.column_int64(1);
    r.time_ms = s.column_int64(2);
    r.raw_designation = s.column_text(3);
    r.raw_key = s.column_text(4);
    r.raw_brand = s.column_text(5);
    r.quantity = s.column_int64(6);
    r.unit_price_fen = s.column_int64(7);
    r.channel = s.column_text(8);
    r.region = s.column_text(9);
    r.canonical = s.column_text(10);
    r.bearing_type = s.column_text(11);
    r.size_class = s.column_text(12);
    r.brand = s.column_text(13);
    r.brand_tier = s.column_text(14);
    r.row_key = s.column_int64(15);
    return r;
}

DesignationResolution read_resolution(const Statement& s) {
    return DesignationResolution{s.column_text(0), s.column_text(1),  s.column_text(2),
                                 s.column_text(3), s.column_int64(4), s.column_text(5)};
}

std::optional<std::string> null_if_empty(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

}  // namespace

Result<std::int64_t> SqliteMarketStore::insert_transactions(std::span<const MarketTransactionRecord> rows) {
    Lock lock(c_.mutex());
    std::int64_t inserted = 0;
    if (auto begun = c_.exec("SAVEPOINT market_insert"); !begun) return tl::unexpected(begun.error());
    auto rollback = [&](const Error& error) -> Result<std::int64_t> {
        (void)c_.exec("ROLLBACK TO market_insert; RELEASE market_insert");
        return tl::unexpected(error);
    };
    for (const MarketTransactionRecord& r : rows) {
        auto s = c_.prepare(
            "INSERT OR IGNORE INTO market_transactions (shop_org_id, row_key, time_ms, raw_designation, raw_key, "
            "raw_brand, quantity, unit_price_fen, channel, region, canonical, bearing_type, size_class, brand, "
            "brand_tier) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
        if (!s) return rollback(s.error());
        s->bind(1, r.shop_org_id)
            .bind(2, r.row_key)
            .bind(3, r.time_ms)
            .bind(4, std::string_view(r.raw_designation))
            .bind(5, std::string_view(r.raw_key))
            .bind(6, std::string_view(r.raw_brand))
            .bind(7, r.quantity)
            .bind(8, r.unit_price_fen)
            .bind(9, std::string_view(r.channel))
            .bind(10, std::string_view(r.region))
            .bind(11, null_if_empty(r.canonical))
            .bind(12, null_if_empty(r.bearing_type))
            .bind(13, null_if_empty(r.size_class))
            .bind(14, std::string_view(r.brand))
            .bind(15, std::string_view(r.brand_tier));
        if (auto done = s->run(); !done) return rollback(done.error());
        inserted += c_.changes();
    }
    if (auto released = c_.exec("RELEASE market_insert"); !released) return rollback(released.error());
    return inserted;
}

Result<std::vector<MarketTransactionRecord>> SqliteMarketStore::list_transactions(
    std::optional<std::int64_t> shop_org_id, std::int64_t from_ms, std::int64_t to_ms, std::int64_t after_id,
    std::int64_t limit) {
    Lock lock(c_.mutex());
    std::string sql(kTransactionColumns);
    sql += "WHERE id > ?1 AND time_ms >= ?2 AND time_ms < ?3 AND (?4 IS NULL OR shop_org_id = ?4) ORDER BY id LIMIT ?5";
    auto s = c_.prepare(sql);
    if (!s) return tl::unexpected(s.error());
    s->bind(1, after_id).bind(2, from_ms).bind(3, to_ms).bind(4, shop_org_id).bind(5, limit);
    return all_rows<MarketTransactionRecord>(*s, read_transaction);
}

Result<std::int64_t> SqliteMarketStore::count_transactions(std::optional<std::int64_t> shop_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT count(*) FROM market_transactions WHERE ?1 IS NULL OR shop_org_id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, shop_org_id);
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0);
}

Status SqliteMarketStore::scan(const MarketScanFilter& filter, const std::function<void(const MarketScanRow&)>& row) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT shop_org_id, time_ms, canonical, bearing_type, size_class, brand_tier, region, channel, quantity, "
        "unit_price_fen FROM market_transactions WHERE canonical IS NOT NULL AND time_ms >= ?1 AND time_ms < ?2 "
        "AND (?3 IS NULL OR shop_org_id = ?3)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, filter.from_ms).bind(2, filter.to_ms).bind(3, filter.shop_org_id);
    std::string canonical, type, size, tier, region, channel;
    while (true) {
        auto more = s->step();
        if (!more) return tl::unexpected(more.error());
        if (!*more) return {};
        canonical = s->column_text(2);
        type = s->column_text(3);
        size = s->column_text(4);
        tier = s->column_text(5);
        region = s->column_text(6);
        channel = s->column_text(7);
        row(MarketScanRow{s->column_int64(0), s->column_int64(1), canonical, type, size, tier, region, channel,
                          s->column_int64(8), s->column_int64(9)});
    }
}

Result<std::string> SqliteMarketStore::version() {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT (SELECT coalesce(max(id), 0) FROM market_transactions), "
        "(SELECT count(*) FROM market_transactions WHERE canonical IS NULL), "
        "(SELECT count(*) FROM market_resolutions), (SELECT coalesce(max(resolved_at), '') FROM market_resolutions)");
    if (!s) return tl::unexpected(s.error());
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return std::to_string(s->column_int64(0)) + "/" + std::to_string(s->column_int64(1)) + "/" +
           std::to_string(s->column_int64(2)) + "/" + s->column_text(3);
}

Result<std::vector<ReviewQueueEntry>> SqliteMarketStore::review_queue(std::optional<std::int64_t> shop_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT min(raw_designation), raw_key, count(*), count(DISTINCT shop_org_id), min(time_ms) "
        "FROM market_transactions WHERE canonical IS NULL AND (?1 IS NULL OR shop_org_id = ?1) "
        "GROUP BY raw_key ORDER BY count(*) DESC, raw_key");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, shop_org_id);
    return all_rows<ReviewQueueEntry>(*s, [](const Statement& r) {
        return ReviewQueueEntry{r.column_text(0), r.column_text(1), r.column_int64(2), r.column_int64(3),
                                r.column_int64(4)};
    });
}

Result<std::optional<DesignationResolution>> SqliteMarketStore::find_resolution(std::string_view raw_key) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT raw_key, canonical, bearing_type, size_class, resolved_by, resolved_at FROM market_resolutions "
        "WHERE raw_key = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, raw_key);
    return one_row<DesignationResolution>(*s, read_resolution);
}

Result<std::vector<DesignationResolution>> SqliteMarketStore::list_resolutions() {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT raw_key, canonical, bearing_type, size_class, resolved_by, resolved_at FROM market_resolutions "
        "ORDER BY raw_key");
    if (!s) return tl::unexpected(s.error());
    return all_rows<DesignationResolution>(*s, read_resolution);
}

Result<std::int64_t> SqliteMarketStore::resolve(const DesignationResolution& r) {
    Lock lock(c_.mutex());
    if (auto begun = c_.exec("SAVEPOINT market_resolve"); !begun) return tl::unexpected(begun.error());
    auto rollback = [&](const Error& error) -> Result<std::int64_t> {
        (void)c_.exec("ROLLBACK TO market_resolve; RELEASE market_resolve");
        return tl::unexpected(error);
    };
    auto save = c_.prepare(
        "INSERT INTO market_resolutions (raw_key, canonical, bearing_type, size_class, resolved_by, resolved_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (raw_key) DO UPDATE SET canonical = excluded.canonical, "
        "bearing_type = excluded.bearing_type, size_class = excluded.size_class, resolved_by = excluded.resolved_by, "
        "resolved_at = excluded.resolved_at");
    if (!save) return rollback(save.error());
    save->bind(1, std::string_view(r.raw_key))
        .bind(2, std::string_view(r.canonical))
        .bind(3, std::string_view(r.bearing_type))
        .bind(4, std::string_view(r.size_class))
        .bind(5, r.resolved_by)
        .bind(6, std::string_view(r.resolved_at));
    if (auto done = save->run(); !done) return rollback(done.error());
    auto apply = c_.prepare(
        "UPDATE market_transactions SET canonical = ?2, bearing_type = ?3, size_class = ?4 "
        "WHERE canonical IS NULL AND raw_key = ?1");
    if (!apply) return rollback(apply.error());
    apply->bind(1, std::string_view(r.raw_key))
        .bind(2, std::string_view(r.canonical))
        .bind(3, std::string_view(r.bearing_type))
        .bind(4, std::string_view(r.size_class));
    if (auto done = apply->run(); !done) return rollback(done.error());
    const std::int64_t changed = c_.changes();
    if (auto released = c_.exec("RELEASE market_resolve"); !released) return rollback(released.error());
    return changed;
}

}  // namespace yandian::store::sqlite
