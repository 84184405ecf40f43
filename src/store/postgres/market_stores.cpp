#include "store/postgres/market_stores.hpp"

#include <fmt/format.h>

#include <limits>
#include <mutex>

#include "store/market_rows.hpp"

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::int64_t kMaxDictionaryId = 50'000'000;  // ids index vectors: refuse absurd ones
// Blocks fetched per statement: bounds the memory a scan holds (a block is up to a few hundred kilobytes).
constexpr std::int64_t kBlocksPerPage = 64;

std::optional<std::string> null_if_empty(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

template <class T>
T& slot(std::vector<T>& v, std::int64_t id) {
    const auto i = static_cast<std::size_t>(id);
    if (i >= v.size()) v.resize(i + 1);
    return v[i];
}

constexpr std::string_view kDesignationColumns =
    "SELECT id, raw_designation, raw_key, coalesce(canonical, ''), coalesce(bearing_type, ''), "
    "coalesce(size_class, ''), coalesce(series, ''), implied_brand FROM market_designations";

MarketDesignation read_designation(const Rows& r, int i) {
    return MarketDesignation{static_cast<std::uint32_t>(r.int64(i, 0)),
                             std::string(r.text(i, 1)),
                             std::string(r.text(i, 2)),
                             std::string(r.text(i, 3)),
                             std::string(r.text(i, 4)),
                             std::string(r.text(i, 5)),
                             std::string(r.text(i, 6)),
                             std::string(r.text(i, 7))};
}

constexpr std::string_view kResolutionColumns =
    "SELECT raw_key, canonical, bearing_type, size_class, resolved_by, resolved_at, series FROM market_resolutions ";

DesignationResolution read_resolution(const Rows& r, int i) {
    return DesignationResolution{std::string(r.text(i, 0)),
                                 std::string(r.text(i, 1)),
                                 std::string(r.text(i, 2)),
                                 std::string(r.text(i, 3)),
                                 r.int64(i, 4),
                                 std::string(r.text(i, 5)),
                                 std::string(r.text(i, 6))};
}

// A read-only transaction that rolls back unless committed (also when a caller's callback throws).
class ReadTransaction {
  public:
    explicit ReadTransaction(Connection& c) : c_(c) {}
    Status begin() {
        auto ok = c_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        open_ = ok.has_value();
        return ok;
    }
    Status commit() {
        open_ = false;
        auto ok = c_.exec("COMMIT");
        if (!ok) (void)c_.exec("ROLLBACK");
        return ok;
    }
    ~ReadTransaction() {
        if (open_) (void)c_.exec("ROLLBACK");
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

  private:
    Connection& c_;
    bool open_ = false;
};

}  // namespace

Status PgMarketStore::lock_writers() {
    auto locked = c_.query("SELECT pg_advisory_xact_lock($1)", {kWriteLock});
    if (!locked) return tl::unexpected(locked.error());
    return {};
}

Status PgMarketStore::read_consistently(const std::function<Status(bool own)>& work) {
    if (c_.in_transaction()) return work(false);
    ReadTransaction transaction(c_);
    if (auto begun = transaction.begin(); !begun) return begun;
    if (auto done = work(true); !done) return done;
    return transaction.commit();
}

// ---- dictionaries

Result<std::uint32_t> PgMarketStore::intern(std::string_view table, std::string_view find_sql, std::string_view add_sql,
                                            const std::vector<Param>& add_params, std::string_view key) {
    Lock lock(c_.mutex());
    auto checked = [&](std::int64_t id) -> Result<std::uint32_t> {
        if (id <= 0 || id > kMaxDictionaryId) {
            return fail(ErrorCode::kInternal, fmt::format("{} dictionary is full", table), "id");
        }
        return static_cast<std::uint32_t>(id);
    };
    auto found = c_.query(find_sql, {key});
    if (!found) return tl::unexpected(found.error());
    if (!found->empty()) return checked(found->int64(0, 0));
    // A new entry commits without waiting for its WAL flush: no stored row refers to it before the rows' own
    // (synchronous) commit, which flushes the WAL up to itself, this entry included. So an import with thousands of
    // new spellings does not wait for a flush per spelling, and a crash can lose only entries no row uses.
    const bool own = !c_.in_transaction();
    if (own) {
        if (auto begun = c_.exec("BEGIN; SET LOCAL synchronous_commit = off"); !begun)
            return tl::unexpected(begun.error());
    }
    auto added = c_.query(add_sql, add_params);
    if (!added) {
        if (own) (void)c_.exec("ROLLBACK");
        return tl::unexpected(added.error());
    }
    std::int64_t id = 0;
    if (!added->empty()) {
        id = added->int64(0, 0);
    } else {  // another connection added it meanwhile
        auto again = c_.query(find_sql, {key});
        if (!again || again->empty()) {
            if (own) (void)c_.exec("ROLLBACK");
            if (!again) return tl::unexpected(again.error());
            return fail(ErrorCode::kUnavailable, fmt::format("{} entry vanished while added", table), "id");
        }
        id = again->int64(0, 0);
    }
    if (own) {
        if (auto committed = c_.exec("COMMIT"); !committed) {
            (void)c_.exec("ROLLBACK");
            return tl::unexpected(committed.error());
        }
    }
    dictionaries_.reset();
    return checked(id);
}

Result<std::uint32_t> PgMarketStore::intern_designation(const MarketDesignation& e) {
    const bool waiting = e.canonical.empty();
    return intern(
        "designation", "SELECT id FROM market_designations WHERE raw_designation = $1",
        "INSERT INTO market_designations (raw_designation, raw_key, canonical, bearing_type, size_class, "
        "series, implied_brand) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (raw_designation) DO NOTHING "
        "RETURNING id",
        {e.raw_designation, e.raw_key, null_if_empty(e.canonical),
         waiting ? std::nullopt : null_if_empty(e.bearing_type), waiting ? std::nullopt : null_if_empty(e.size_class),
         waiting ? std::nullopt : null_if_empty(e.series), e.implied_brand},
        e.raw_designation);
}

Result<std::uint32_t> PgMarketStore::intern_brand(const MarketBrand& e) {
    return intern("brand", "SELECT id FROM market_brands WHERE raw_brand = $1",
                  "INSERT INTO market_brands (raw_brand, brand, brand_tier) VALUES ($1, $2, $3) "
                  "ON CONFLICT (raw_brand) DO NOTHING RETURNING id",
                  {e.raw_brand, e.brand, e.tier}, e.raw_brand);
}

Result<std::uint32_t> PgMarketStore::intern_region(std::string_view name) {
    return intern("region", "SELECT id FROM market_regions WHERE name = $1",
                  "INSERT INTO market_regions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id", {name},
                  name);
}

Result<std::optional<MarketDesignation>> PgMarketStore::find_designation(std::string_view raw_designation) {
    Lock lock(c_.mutex());
    auto rows = c_.query(fmt::format("{} WHERE raw_designation = $1", kDesignationColumns), {raw_designation});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<MarketDesignation>{};
    return std::optional<MarketDesignation>{read_designation(*rows, 0)};
}

Result<std::shared_ptr<const MarketDictionaries>> PgMarketStore::dictionaries(bool committed) {
    auto stamped = c_.query(
        "SELECT coalesce((SELECT revision FROM market_revision WHERE id = 1), 0), "
        "(SELECT coalesce(max(id), 0) FROM market_designations), (SELECT coalesce(max(id), 0) FROM market_brands), "
        "(SELECT coalesce(max(id), 0) FROM market_regions)");
    if (!stamped) return tl::unexpected(stamped.error());
    const DictionaryStamp now{stamped->int64(0, 0), stamped->int64(0, 1), stamped->int64(0, 2), stamped->int64(0, 3)};
    if (dictionaries_ && now == stamp_) return dictionaries_;

    auto d = std::make_shared<MarketDictionaries>();
    auto designations = c_.query(kDesignationColumns);
    if (!designations) return tl::unexpected(designations.error());
    for (int i = 0; i < designations->size(); ++i) {
        const std::int64_t id = designations->int64(i, 0);
        if (id <= 0 || id > kMaxDictionaryId) continue;
        slot(d->designations, id) = read_designation(*designations, i);
    }
    auto brands = c_.query("SELECT id, raw_brand, brand, brand_tier FROM market_brands");
    if (!brands) return tl::unexpected(brands.error());
    for (int i = 0; i < brands->size(); ++i) {
        const std::int64_t id = brands->int64(i, 0);
        if (id <= 0 || id > kMaxDictionaryId) continue;
        slot(d->brands, id) = MarketBrand{static_cast<std::uint32_t>(id), std::string(brands->text(i, 1)),
                                          std::string(brands->text(i, 2)), std::string(brands->text(i, 3))};
    }
    auto regions = c_.query("SELECT id, name FROM market_regions");
    if (!regions) return tl::unexpected(regions.error());
    for (int i = 0; i < regions->size(); ++i) {
        const std::int64_t id = regions->int64(i, 0);
        if (id <= 0 || id > kMaxDictionaryId) continue;
        slot(d->regions, id) = std::string(regions->text(i, 1));
    }
    // Entries read inside a caller's transaction may yet be rolled back: use them, do not keep them.
    if (!committed) return std::shared_ptr<const MarketDictionaries>(std::move(d));
    dictionaries_ = std::move(d);
    stamp_ = now;
    return dictionaries_;
}

// ---- reading rows and cells

Result<std::vector<MarketTransactionRecord>> PgMarketStore::list_transactions(std::optional<std::int64_t> shop_org_id,
                                                                              std::int64_t from_ms, std::int64_t to_ms,
                                                                              std::int64_t after_id,
                                                                              std::int64_t limit) {
    Lock lock(c_.mutex());
    std::vector<MarketTransactionRecord> out;
    auto listed = read_consistently([&](bool own) -> Status {
        auto dict = dictionaries(own);
        if (!dict) return tl::unexpected(dict.error());
        const MarketDictionaries& d = **dict;
        MarketColumns c;
        std::int64_t after_block = std::numeric_limits<std::int64_t>::min();
        bool more = true;
        while (more && static_cast<std::int64_t>(out.size()) < limit) {
            auto page = c_.query(
                "SELECT shop_org_id, first_row_id, payload FROM market_blocks WHERE first_row_id + rows > $1 "
                "AND max_ms >= $2 AND min_ms < $3 AND ($4::bigint IS NULL OR shop_org_id = $4) AND first_row_id > $5 "
                "ORDER BY first_row_id LIMIT $6",
                {after_id, from_ms, to_ms, shop_org_id, after_block, kBlocksPerPage});
            if (!page) return tl::unexpected(page.error());
            more = page->size() == kBlocksPerPage;
            for (int b = 0; b < page->size() && static_cast<std::int64_t>(out.size()) < limit; ++b) {
                if (auto ok = decode_market_block(page->bytes(b, 2), c); !ok) return ok;
                const std::int64_t shop = page->int64(b, 0);
                const std::int64_t first = page->int64(b, 1);
                after_block = first;
                for (std::size_t i = 0; i < c.size() && static_cast<std::int64_t>(out.size()) < limit; ++i) {
                    const std::int64_t id = first + static_cast<std::int64_t>(i);
                    if (id <= after_id || c.time_ms[i] < from_ms || c.time_ms[i] >= to_ms) continue;
                    out.push_back(transaction_record(d, shop, first, c, i));
                }
            }
        }
        return {};
    });
    if (!listed) return tl::unexpected(listed.error());
    return out;
}

Result<std::int64_t> PgMarketStore::count_transactions(std::optional<std::int64_t> shop_org_id) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "SELECT coalesce(sum(rows), 0) FROM market_blocks WHERE $1::bigint IS NULL OR shop_org_id = $1", {shop_org_id});
    if (!rows) return tl::unexpected(rows.error());
    return rows->int64(0, 0);
}

Status PgMarketStore::scan(const MarketScanFilter& filter,
                           const std::function<void(const MarketDictionaries&, std::int64_t)>& dictionaries_read,
                           const std::function<void(std::int64_t, const MarketColumns&)>& rows) {
    Lock lock(c_.mutex());
    return read_consistently([&](bool own) -> Status {
        auto d = dictionaries(own);
        if (!d) return tl::unexpected(d.error());
        auto count = c_.query(
            "SELECT coalesce(sum(rows), 0) FROM market_blocks WHERE min_ms < $2 AND max_ms >= $1 "
            "AND ($3::bigint IS NULL OR shop_org_id = $3)",
            {filter.from_ms, filter.to_ms, filter.shop_org_id});
        if (!count) return tl::unexpected(count.error());
        dictionaries_read(**d, count->int64(0, 0));
        MarketColumns c;
        std::int64_t after = std::numeric_limits<std::int64_t>::min();
        while (true) {
            auto page = c_.query(
                "SELECT id, shop_org_id, payload FROM market_blocks WHERE min_ms < $2 AND max_ms >= $1 "
                "AND ($3::bigint IS NULL OR shop_org_id = $3) AND id > $4 ORDER BY id LIMIT $5",
                {filter.from_ms, filter.to_ms, filter.shop_org_id, after, kBlocksPerPage});
            if (!page) return tl::unexpected(page.error());
            for (int b = 0; b < page->size(); ++b) {
                if (auto ok = decode_market_block(page->bytes(b, 2), c); !ok) return ok;
                c.retain([&](std::size_t i) { return c.time_ms[i] >= filter.from_ms && c.time_ms[i] < filter.to_ms; });
                if (c.size() > 0) rows(page->int64(b, 1), c);
            }
            if (page->size() < kBlocksPerPage) return {};
            after = page->int64(page->size() - 1, 0);
        }
    });
}

Status PgMarketStore::scan_cells(const MarketCellFilter& filter,
                                 const std::function<void(const MarketDictionaries&, std::int64_t)>& dictionaries_read,
                                 const std::function<void(std::int64_t, const MarketCells&)>& cells) {
    Lock lock(c_.mutex());
    const auto from = static_cast<std::int64_t>(filter.from_month);
    const auto to = static_cast<std::int64_t>(filter.to_month);
    return read_consistently([&](bool own) -> Status {
        auto d = dictionaries(own);
        if (!d) return tl::unexpected(d.error());
        auto count = c_.query(
            "SELECT coalesce(sum(cells), 0) FROM market_cell_blocks WHERE first_month <= $2 AND last_month >= $1 "
            "AND ($3::bigint IS NULL OR shop_org_id = $3)",
            {from, to, filter.shop_org_id});
        if (!count) return tl::unexpected(count.error());
        dictionaries_read(**d, count->int64(0, 0));
        MarketCells c;
        std::int64_t after = std::numeric_limits<std::int64_t>::min();
        while (true) {
            auto page = c_.query(
                "SELECT id, shop_org_id, payload FROM market_cell_blocks WHERE first_month <= $2 AND last_month >= $1 "
                "AND ($3::bigint IS NULL OR shop_org_id = $3) AND id > $4 ORDER BY id LIMIT $5",
                {from, to, filter.shop_org_id, after, kBlocksPerPage});
            if (!page) return tl::unexpected(page.error());
            for (int b = 0; b < page->size(); ++b) {
                if (auto ok = decode_market_cells(page->bytes(b, 2), c); !ok) return ok;
                c.retain(
                    [&](std::size_t i) { return c.month[i] >= filter.from_month && c.month[i] <= filter.to_month; });
                if (c.size() > 0) cells(page->int64(b, 1), c);
            }
            if (page->size() < kBlocksPerPage) return {};
            after = page->int64(page->size() - 1, 0);
        }
    });
}

Result<std::string> PgMarketStore::version() {
    Lock lock(c_.mutex());
    auto rows = c_.query("SELECT revision FROM market_revision WHERE id = 1");
    if (!rows) return tl::unexpected(rows.error());
    return std::to_string(rows->empty() ? 0 : rows->int64(0, 0));
}

// ---- review queue and resolutions (text compared as bytes, as SQLite does: COLLATE "C")

Result<std::vector<ReviewQueueEntry>> PgMarketStore::review_queue(std::optional<std::int64_t> shop_org_id) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "SELECT min(d.raw_designation COLLATE \"C\"), d.raw_key, sum(w.rows), count(DISTINCT w.shop_org_id), "
        "min(w.first_ms) FROM market_waiting w JOIN market_designations d ON d.id = w.designation_id "
        "WHERE d.canonical IS NULL AND ($1::bigint IS NULL OR w.shop_org_id = $1) "
        "GROUP BY d.raw_key ORDER BY sum(w.rows) DESC, d.raw_key COLLATE \"C\"",
        {shop_org_id});
    if (!rows) return tl::unexpected(rows.error());
    std::vector<ReviewQueueEntry> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
        out.push_back(ReviewQueueEntry{std::string(rows->text(i, 0)), std::string(rows->text(i, 1)), rows->int64(i, 2),
                                       rows->int64(i, 3), rows->int64(i, 4)});
    }
    return out;
}

Result<std::optional<DesignationResolution>> PgMarketStore::find_resolution(std::string_view raw_key) {
    Lock lock(c_.mutex());
    auto rows = c_.query(fmt::format("{}WHERE raw_key = $1", kResolutionColumns), {raw_key});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<DesignationResolution>{};
    return std::optional<DesignationResolution>{read_resolution(*rows, 0)};
}

Result<std::vector<DesignationResolution>> PgMarketStore::list_resolutions() {
    Lock lock(c_.mutex());
    auto rows = c_.query(fmt::format("{}ORDER BY raw_key COLLATE \"C\"", kResolutionColumns));
    if (!rows) return tl::unexpected(rows.error());
    std::vector<DesignationResolution> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) out.push_back(read_resolution(*rows, i));
    return out;
}

Result<std::int64_t> PgMarketStore::resolve(const DesignationResolution& r) {
    Lock lock(c_.mutex());
    std::int64_t changed = 0;
    auto done = atomically(c_, [&]() -> Status {
        if (auto locked = lock_writers(); !locked) return locked;
        auto save = c_.query(
            "INSERT INTO market_resolutions (raw_key, canonical, bearing_type, size_class, resolved_by, resolved_at, "
            "series) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (raw_key) DO UPDATE SET canonical = "
            "excluded.canonical, bearing_type = excluded.bearing_type, size_class = excluded.size_class, resolved_by = "
            "excluded.resolved_by, resolved_at = excluded.resolved_at, series = excluded.series",
            {r.raw_key, r.canonical, r.bearing_type, r.size_class, r.resolved_by, r.resolved_at, r.series});
        if (!save) return tl::unexpected(save.error());
        auto count = c_.query(
            "SELECT coalesce(sum(w.rows), 0) FROM market_waiting w JOIN market_designations d ON d.id = "
            "w.designation_id WHERE d.raw_key = $1 AND d.canonical IS NULL",
            {r.raw_key});
        if (!count) return tl::unexpected(count.error());
        changed = count->int64(0, 0);
        auto clear = c_.query(
            "DELETE FROM market_waiting WHERE designation_id IN "
            "(SELECT id FROM market_designations WHERE raw_key = $1 AND canonical IS NULL)",
            {r.raw_key});
        if (!clear) return tl::unexpected(clear.error());
        auto apply = c_.query(
            "UPDATE market_designations SET canonical = $2, bearing_type = $3, size_class = $4, series = $5 "
            "WHERE canonical IS NULL AND raw_key = $1",
            {r.raw_key, r.canonical, r.bearing_type, r.size_class, r.series});
        if (!apply) return tl::unexpected(apply.error());
        auto bumped = c_.query("UPDATE market_revision SET revision = revision + 1 WHERE id = 1");
        if (!bumped) return tl::unexpected(bumped.error());
        return {};
    });
    dictionaries_.reset();
    if (!done) return tl::unexpected(done.error());
    return changed;
}

}  // namespace yandian::store::postgres
