#include "store/sqlite/market_stores.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "store/market_rows.hpp"
#include "store/sqlite/rows.hpp"

namespace yandian::store {

std::string_view market_channel_name(std::uint8_t channel) {
    switch (channel) {
        case 1:
            return "online";
        case 2:
            return "export";
        default:
            return "offline";
    }
}

}  // namespace yandian::store

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::size_t kMaxCachedKeys = 4'000'000;
constexpr std::uint32_t kMaxDictionaryId = 50'000'000;  // ids index vectors: refuse absurd ones

std::optional<std::string> null_if_empty(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

DesignationResolution read_resolution(const Statement& s) {
    DesignationResolution r{s.column_text(0),  s.column_text(1), s.column_text(2), s.column_text(3),
                            s.column_int64(4), s.column_text(5), s.column_text(6)};
    return r;
}

// Dictionary entries are written with synchronous=NORMAL: in WAL mode their commit is not fsynced by itself, but
// every frame before a later synchronous=FULL commit is made durable by that commit's fsync, and no row refers to
// an entry before the rows' own (FULL) commit. So an import with thousands of new spellings does not pay an fsync
// per spelling, and a crash can lose only entries no stored row uses.
class DeferredSync {
  public:
    explicit DeferredSync(Connection& c) : c_(c), active_(!c.in_transaction()) {
        if (active_) active_ = c_.exec("PRAGMA synchronous = NORMAL").has_value();
    }
    ~DeferredSync() {
        if (active_) (void)c_.exec("PRAGMA synchronous = FULL");
    }
    DeferredSync(const DeferredSync&) = delete;
    DeferredSync& operator=(const DeferredSync&) = delete;

  private:
    Connection& c_;
    bool active_;
};

// A savepoint that rolls back unless released.
class Savepoint {
  public:
    Savepoint(Connection& c, std::string name) : c_(c), name_(std::move(name)) {}
    Status begin() {
        auto ok = c_.exec("SAVEPOINT " + name_);
        if (ok) open_ = true;
        return ok;
    }
    Status release() {
        auto ok = c_.exec("RELEASE " + name_);
        if (ok) open_ = false;
        return ok;
    }
    ~Savepoint() {
        if (open_) (void)c_.exec("ROLLBACK TO " + name_ + "; RELEASE " + name_);
    }
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;

  private:
    Connection& c_;
    std::string name_;
    bool open_ = false;
};

template <class T>
T& slot(std::vector<T>& v, std::int64_t id) {
    const auto i = static_cast<std::size_t>(id);
    if (i >= v.size()) v.resize(i + 1);
    return v[i];
}

}  // namespace

Status SqliteMarketStore::bump_revision() {
    auto s = c_.prepare("UPDATE market_revision SET revision = revision + 1 WHERE id = 1");
    if (!s) return tl::unexpected(s.error());
    return s->run();
}

Result<std::uint32_t> SqliteMarketStore::intern_designation(const MarketDesignation& e) {
    Lock lock(c_.mutex());
    auto find = c_.prepare("SELECT id FROM market_designations WHERE raw_designation = ?1");
    if (!find) return tl::unexpected(find.error());
    find->bind(1, std::string_view(e.raw_designation));
    auto row = find->step();
    if (!row) return tl::unexpected(row.error());
    if (*row) return static_cast<std::uint32_t>(find->column_int64(0));
    DeferredSync deferred(c_);
    auto add = c_.prepare(
        "INSERT INTO market_designations (raw_designation, raw_key, canonical, bearing_type, size_class, series, "
        "implied_brand) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!add) return tl::unexpected(add.error());
    add->bind(1, std::string_view(e.raw_designation))
        .bind(2, std::string_view(e.raw_key))
        .bind(3, null_if_empty(e.canonical))
        .bind(4, null_if_empty(e.canonical.empty() ? std::string() : e.bearing_type))
        .bind(5, null_if_empty(e.canonical.empty() ? std::string() : e.size_class))
        .bind(6, null_if_empty(e.canonical.empty() ? std::string() : e.series))
        .bind(7, std::string_view(e.implied_brand));
    if (auto done = add->run(); !done) return tl::unexpected(done.error());
    dictionaries_.reset();
    const std::int64_t id = c_.last_insert_rowid();
    if (id <= 0 || id > kMaxDictionaryId) return fail(ErrorCode::kInternal, "designation dictionary is full", "id");
    return static_cast<std::uint32_t>(id);
}

Result<std::optional<MarketDesignation>> SqliteMarketStore::find_designation(std::string_view raw_designation) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT id, raw_designation, raw_key, coalesce(canonical, ''), coalesce(bearing_type, ''), "
        "coalesce(size_class, ''), coalesce(series, ''), implied_brand FROM market_designations "
        "WHERE raw_designation = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, raw_designation);
    return one_row<MarketDesignation>(*s, [](const Statement& r) {
        return MarketDesignation{static_cast<std::uint32_t>(r.column_int64(0)),
                                 r.column_text(1),
                                 r.column_text(2),
                                 r.column_text(3),
                                 r.column_text(4),
                                 r.column_text(5),
                                 r.column_text(6),
                                 r.column_text(7)};
    });
}

Result<std::uint32_t> SqliteMarketStore::intern_brand(const MarketBrand& e) {
    Lock lock(c_.mutex());
    auto find = c_.prepare("SELECT id FROM market_brands WHERE raw_brand = ?1");
    if (!find) return tl::unexpected(find.error());
    find->bind(1, std::string_view(e.raw_brand));
    auto row = find->step();
    if (!row) return tl::unexpected(row.error());
    if (*row) return static_cast<std::uint32_t>(find->column_int64(0));
    DeferredSync deferred(c_);
    auto add = c_.prepare("INSERT INTO market_brands (raw_brand, brand, brand_tier) VALUES (?1, ?2, ?3)");
    if (!add) return tl::unexpected(add.error());
    add->bind(1, std::string_view(e.raw_brand)).bind(2, std::string_view(e.brand)).bind(3, std::string_view(e.tier));
    if (auto done = add->run(); !done) return tl::unexpected(done.error());
    dictionaries_.reset();
    const std::int64_t id = c_.last_insert_rowid();
    if (id <= 0 || id > kMaxDictionaryId) return fail(ErrorCode::kInternal, "brand dictionary is full", "id");
    return static_cast<std::uint32_t>(id);
}

Result<std::uint32_t> SqliteMarketStore::intern_region(std::string_view name) {
    Lock lock(c_.mutex());
    auto find = c_.prepare("SELECT id FROM market_regions WHERE name = ?1");
    if (!find) return tl::unexpected(find.error());
    find->bind(1, name);
    auto row = find->step();
    if (!row) return tl::unexpected(row.error());
    if (*row) return static_cast<std::uint32_t>(find->column_int64(0));
    DeferredSync deferred(c_);
    auto add = c_.prepare("INSERT INTO market_regions (name) VALUES (?1)");
    if (!add) return tl::unexpected(add.error());
    add->bind(1, name);
    if (auto done = add->run(); !done) return tl::unexpected(done.error());
    dictionaries_.reset();
    const std::int64_t id = c_.last_insert_rowid();
    if (id <= 0 || id > kMaxDictionaryId) return fail(ErrorCode::kInternal, "region dictionary is full", "id");
    return static_cast<std::uint32_t>(id);
}

Result<std::shared_ptr<const MarketDictionaries>> SqliteMarketStore::cached_dictionaries() {
    if (dictionaries_) return dictionaries_;
    auto d = std::make_shared<MarketDictionaries>();
    auto designations = c_.prepare(
        "SELECT id, raw_designation, raw_key, coalesce(canonical, ''), coalesce(bearing_type, ''), "
        "coalesce(size_class, ''), coalesce(series, ''), implied_brand FROM market_designations");
    if (!designations) return tl::unexpected(designations.error());
    while (true) {
        auto row = designations->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const std::int64_t id = designations->column_int64(0);
        if (id <= 0 || id > kMaxDictionaryId) continue;
        slot(d->designations, id) = MarketDesignation{static_cast<std::uint32_t>(id), designations->column_text(1),
                                                      designations->column_text(2),   designations->column_text(3),
                                                      designations->column_text(4),   designations->column_text(5),
                                                      designations->column_text(6),   designations->column_text(7)};
    }
    auto brands = c_.prepare("SELECT id, raw_brand, brand, brand_tier FROM market_brands");
    if (!brands) return tl::unexpected(brands.error());
    while (true) {
        auto row = brands->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const std::int64_t id = brands->column_int64(0);
        if (id <= 0 || id > kMaxDictionaryId) continue;
        slot(d->brands, id) = MarketBrand{static_cast<std::uint32_t>(id), brands->column_text(1),
                                          brands->column_text(2), brands->column_text(3)};
    }
    auto regions = c_.prepare("SELECT id, name FROM market_regions");
    if (!regions) return tl::unexpected(regions.error());
    while (true) {
        auto row = regions->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const std::int64_t id = regions->column_int64(0);
        if (id <= 0 || id > kMaxDictionaryId) continue;
        slot(d->regions, id) = regions->column_text(1);
    }
    // Entries read inside an open transaction may yet be rolled back: use them, do not keep them.
    if (c_.in_transaction()) return std::shared_ptr<const MarketDictionaries>(std::move(d));
    dictionaries_ = std::move(d);
    return dictionaries_;
}

Result<const std::vector<std::int64_t>*> SqliteMarketStore::stored_keys(Partition partition) {
    if (auto it = keys_.find(partition); it != keys_.end()) {
        // Keys appended since the last lookup are sorted now, not at every insert (most partitions are written
        // once and never looked up again).
        if (!std::is_sorted(it->second.begin(), it->second.end())) std::sort(it->second.begin(), it->second.end());
        return &it->second;
    }
    auto s = c_.prepare("SELECT payload FROM market_blocks WHERE shop_org_id = ?1 AND bucket = ?2");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, partition.first).bind(2, partition.second);
    std::vector<std::int64_t> keys, block;
    while (true) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        if (auto ok = decode_market_block_keys(s->column_blob(0), block); !ok) return tl::unexpected(ok.error());
        keys.insert(keys.end(), block.begin(), block.end());
    }
    std::sort(keys.begin(), keys.end());
    if (cached_keys_ + keys.size() > kMaxCachedKeys) {
        keys_.clear();
        cached_keys_ = 0;
    }
    cached_keys_ += keys.size();
    return &keys_.emplace(partition, std::move(keys)).first->second;
}

Result<std::int64_t> SqliteMarketStore::insert_rows(std::span<const MarketRow> rows) {
    Lock lock(c_.mutex());
    if (rows.empty()) return std::int64_t{0};
    const auto groups = group_by_partition(rows);
    Savepoint savepoint(c_, "market_insert");
    if (auto ok = savepoint.begin(); !ok) return tl::unexpected(ok.error());

    std::int64_t next_row_id = 1;
    {
        auto last = c_.prepare("SELECT first_row_id + rows FROM market_blocks ORDER BY first_row_id DESC LIMIT 1");
        if (!last) return tl::unexpected(last.error());
        auto has_last = last->step();
        if (!has_last) return tl::unexpected(has_last.error());
        if (*has_last) next_row_id = last->column_int64(0);
    }
    std::unordered_map<std::uint32_t, bool> waiting;
    struct WaitingCount {
        std::int64_t rows = 0;
        std::int64_t first_ms = INT64_MAX;
    };
    std::map<std::pair<std::uint32_t, std::int64_t>, WaitingCount> waiting_rows;

    std::vector<std::pair<Partition, std::vector<std::int64_t>>> written_keys;
    MarketColumns block;
    // The new rows of the shop being written (partitions come ordered by shop), summed into its cells.
    MarketCellBuilder shop_cells;
    std::int64_t shop_of_rows = 0;
    auto flush_cells = [&]() -> Status {
        auto ok = insert_cells(shop_of_rows, shop_cells.cells());
        shop_cells.clear();
        return ok;
    };
    std::string payload;
    std::int64_t inserted = 0;
    for (const auto& [partition, indices] : groups) {
        if (partition.first != shop_of_rows) {
            if (auto ok = flush_cells(); !ok) return tl::unexpected(ok.error());
            shop_of_rows = partition.first;
        }
        auto stored = stored_keys(partition);
        if (!stored) return tl::unexpected(stored.error());
        // Rows whose key is neither stored nor taken by an earlier row of this call, in their order (a flat set of
        // the keys taken); their keys are what the key cache learns.
        std::vector<char> keep(indices.size(), 0);
        std::vector<std::int64_t> new_keys;
        new_keys.reserve(indices.size());
        {
            std::size_t size = 16;
            while (size < indices.size() * 2) size *= 2;
            std::vector<std::int64_t> taken(size);
            std::vector<char> used(size, 0);
            for (std::size_t k = 0; k < indices.size(); ++k) {
                const std::int64_t key = rows[indices[k]].row_key;
                if (!(*stored)->empty() && std::binary_search((*stored)->begin(), (*stored)->end(), key)) continue;
                std::size_t h =
                    static_cast<std::size_t>((static_cast<std::uint64_t>(key) * 0x9e3779b97f4a7c15ULL) >> 20) &
                    (size - 1);
                while (used[h] != 0 && taken[h] != key) h = (h + 1) & (size - 1);
                if (used[h] != 0) continue;
                used[h] = 1;
                taken[h] = key;
                keep[k] = 1;
                new_keys.push_back(key);
            }
        }
        block.clear();
        std::int64_t min_ms = INT64_MAX, max_ms = INT64_MIN;
        for (std::size_t k = 0; k < indices.size(); ++k) {
            if (keep[k] == 0) continue;
            const MarketRow& r = rows[indices[k]];
            block.push_back(r);
            min_ms = std::min(min_ms, r.time_ms);
            max_ms = std::max(max_ms, r.time_ms);
            auto [w, unknown] = waiting.emplace(r.designation, false);
            if (unknown) {
                auto waiting_of = c_.prepare("SELECT canonical IS NULL FROM market_designations WHERE id = ?1");
                if (!waiting_of) return tl::unexpected(waiting_of.error());
                waiting_of->bind(1, static_cast<std::int64_t>(r.designation));
                auto found = waiting_of->step();
                if (!found) return tl::unexpected(found.error());
                if (!*found) {
                    return fail(ErrorCode::kInternal,
                                fmt::format("designation {} is not in the dictionary", r.designation), "designation");
                }
                w->second = waiting_of->column_int64(0) != 0;
            }
            if (w->second) {
                WaitingCount& count = waiting_rows[{r.designation, r.shop_org_id}];
                ++count.rows;
                count.first_ms = std::min(count.first_ms, r.time_ms);
            }
        }
        if (block.size() == 0) continue;
        payload.clear();
        encode_market_block(block, payload);
        auto add = c_.prepare(
            "INSERT INTO market_blocks (shop_org_id, bucket, first_row_id, rows, min_ms, max_ms, payload) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!add) return tl::unexpected(add.error());
        add->bind(1, partition.first)
            .bind(2, partition.second)
            .bind(3, next_row_id)
            .bind(4, static_cast<std::int64_t>(block.size()))
            .bind(5, min_ms)
            .bind(6, max_ms)
            .bind_blob(7, payload);
        if (auto done = add->run(); !done) return tl::unexpected(done.error());
        next_row_id += static_cast<std::int64_t>(block.size());
        inserted += static_cast<std::int64_t>(block.size());
        written_keys.emplace_back(partition, std::move(new_keys));
        shop_cells.add(block);
    }
    if (auto ok = flush_cells(); !ok) return tl::unexpected(ok.error());
    if (!waiting_rows.empty()) {
        for (const auto& [key, c] : waiting_rows) {
            auto count = c_.prepare(
                "INSERT INTO market_waiting (designation_id, shop_org_id, rows, first_ms) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (designation_id, shop_org_id) DO UPDATE SET rows = rows + excluded.rows, "
                "first_ms = min(first_ms, excluded.first_ms)");
            if (!count) return tl::unexpected(count.error());
            count->bind(1, static_cast<std::int64_t>(key.first))
                .bind(2, key.second)
                .bind(3, c.rows)
                .bind(4, c.first_ms);
            if (auto done = count->run(); !done) return tl::unexpected(done.error());
        }
    }
    if (inserted > 0) {
        if (auto ok = bump_revision(); !ok) return tl::unexpected(ok.error());
    }
    if (auto ok = savepoint.release(); !ok) return tl::unexpected(ok.error());
    if (c_.in_transaction()) {
        // An enclosing transaction may still roll back: forget rather than remember keys that may not stay.
        keys_.clear();
        cached_keys_ = 0;
        return inserted;
    }
    for (auto& [partition, added] : written_keys) {
        auto it = keys_.find(partition);
        if (it == keys_.end()) continue;
        it->second.insert(it->second.end(), added.begin(), added.end());  // sorted at the next lookup
        cached_keys_ += added.size();
    }
    if (cached_keys_ > kMaxCachedKeys) {
        keys_.clear();
        cached_keys_ = 0;
    }
    return inserted;
}

Result<std::vector<MarketTransactionRecord>> SqliteMarketStore::list_transactions(
    std::optional<std::int64_t> shop_org_id, std::int64_t from_ms, std::int64_t to_ms, std::int64_t after_id,
    std::int64_t limit) {
    Lock lock(c_.mutex());
    auto dict = cached_dictionaries();
    if (!dict) return tl::unexpected(dict.error());
    const MarketDictionaries& d = **dict;
    auto s = c_.prepare(
        "SELECT shop_org_id, first_row_id, payload FROM market_blocks WHERE first_row_id + rows > ?1 "
        "AND max_ms >= ?2 AND min_ms < ?3 AND (?4 IS NULL OR shop_org_id = ?4) ORDER BY first_row_id");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, after_id).bind(2, from_ms).bind(3, to_ms).bind(4, shop_org_id);
    std::vector<MarketTransactionRecord> out;
    MarketColumns c;
    while (static_cast<std::int64_t>(out.size()) < limit) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        if (auto ok = decode_market_block(s->column_blob(2), c); !ok) return tl::unexpected(ok.error());
        const std::int64_t shop = s->column_int64(0);
        const std::int64_t first = s->column_int64(1);
        for (std::size_t i = 0; i < c.size() && static_cast<std::int64_t>(out.size()) < limit; ++i) {
            const std::int64_t id = first + static_cast<std::int64_t>(i);
            if (id <= after_id || c.time_ms[i] < from_ms || c.time_ms[i] >= to_ms) continue;
            out.push_back(transaction_record(d, shop, first, c, i));
        }
    }
    return out;
}

Result<std::int64_t> SqliteMarketStore::count_transactions(std::optional<std::int64_t> shop_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT coalesce(sum(rows), 0) FROM market_blocks WHERE ?1 IS NULL OR shop_org_id = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, shop_org_id);
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0);
}

Status SqliteMarketStore::scan(const MarketScanFilter& filter,
                               const std::function<void(const MarketDictionaries&, std::int64_t)>& dictionaries,
                               const std::function<void(std::int64_t, const MarketColumns&)>& rows) {
    Lock lock(c_.mutex());
    auto d = cached_dictionaries();
    if (!d) return tl::unexpected(d.error());
    std::int64_t at_most = 0;
    {
        auto count = c_.prepare(
            "SELECT coalesce(sum(rows), 0) FROM market_blocks WHERE min_ms < ?2 AND max_ms >= ?1 "
            "AND (?3 IS NULL OR shop_org_id = ?3)");
        if (!count) return tl::unexpected(count.error());
        count->bind(1, filter.from_ms).bind(2, filter.to_ms).bind(3, filter.shop_org_id);
        auto counted = count->step();
        if (!counted) return tl::unexpected(counted.error());
        at_most = count->column_int64(0);
    }
    dictionaries(**d, at_most);
    auto s = c_.prepare(
        "SELECT shop_org_id, payload FROM market_blocks WHERE min_ms < ?2 AND max_ms >= ?1 "
        "AND (?3 IS NULL OR shop_org_id = ?3)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, filter.from_ms).bind(2, filter.to_ms).bind(3, filter.shop_org_id);
    MarketColumns c;
    while (true) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        if (auto ok = decode_market_block(s->column_blob(1), c); !ok) return tl::unexpected(ok.error());
        c.retain([&](std::size_t i) { return c.time_ms[i] >= filter.from_ms && c.time_ms[i] < filter.to_ms; });
        if (c.size() > 0) rows(s->column_int64(0), c);
    }
    return {};
}

Status SqliteMarketStore::insert_cells(std::int64_t shop, const MarketCells& cells) {
    if (cells.size() == 0) return {};
    const auto [first, last] = std::minmax_element(cells.month.begin(), cells.month.end());
    std::string payload;
    encode_market_cells(cells, payload);
    auto add = c_.prepare(
        "INSERT INTO market_cell_blocks (shop_org_id, first_month, last_month, cells, payload) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!add) return tl::unexpected(add.error());
    add->bind(1, shop)
        .bind(2, static_cast<std::int64_t>(*first))
        .bind(3, static_cast<std::int64_t>(*last))
        .bind(4, static_cast<std::int64_t>(cells.size()))
        .bind_blob(5, payload);
    return add->run();
}

Status SqliteMarketStore::scan_cells(const MarketCellFilter& filter,
                                     const std::function<void(const MarketDictionaries&, std::int64_t)>& dictionaries,
                                     const std::function<void(std::int64_t, const MarketCells&)>& cells) {
    Lock lock(c_.mutex());
    auto d = cached_dictionaries();
    if (!d) return tl::unexpected(d.error());
    std::int64_t at_most = 0;
    {
        auto count = c_.prepare(
            "SELECT coalesce(sum(cells), 0) FROM market_cell_blocks WHERE first_month <= ?2 AND last_month >= ?1 "
            "AND (?3 IS NULL OR shop_org_id = ?3)");
        if (!count) return tl::unexpected(count.error());
        count->bind(1, static_cast<std::int64_t>(filter.from_month))
            .bind(2, static_cast<std::int64_t>(filter.to_month))
            .bind(3, filter.shop_org_id);
        auto counted = count->step();
        if (!counted) return tl::unexpected(counted.error());
        at_most = count->column_int64(0);
    }
    dictionaries(**d, at_most);
    auto s = c_.prepare(
        "SELECT shop_org_id, payload FROM market_cell_blocks WHERE first_month <= ?2 AND last_month >= ?1 "
        "AND (?3 IS NULL OR shop_org_id = ?3)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, static_cast<std::int64_t>(filter.from_month))
        .bind(2, static_cast<std::int64_t>(filter.to_month))
        .bind(3, filter.shop_org_id);
    MarketCells c;
    while (true) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        if (auto ok = decode_market_cells(s->column_blob(1), c); !ok) return tl::unexpected(ok.error());
        c.retain([&](std::size_t i) { return c.month[i] >= filter.from_month && c.month[i] <= filter.to_month; });
        if (c.size() > 0) cells(s->column_int64(0), c);
    }
    return {};
}

Status SqliteMarketStore::build_missing_cells() {
    Lock lock(c_.mutex());
    {
        auto tables = c_.prepare(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('market_blocks', "
            "'market_cell_blocks')");
        if (!tables) return tl::unexpected(tables.error());
        auto counted = tables->step();
        if (!counted) return tl::unexpected(counted.error());
        if (tables->column_int64(0) != 2) return {};
    }
    {
        auto missing =
            c_.prepare("SELECT EXISTS (SELECT 1 FROM market_blocks) AND NOT EXISTS (SELECT 1 FROM market_cell_blocks)");
        if (!missing) return tl::unexpected(missing.error());
        auto row = missing->step();
        if (!row) return tl::unexpected(row.error());
        if (missing->column_int64(0) == 0) return {};
    }
    if (auto begun = c_.exec("BEGIN IMMEDIATE"); !begun) return begun;
    auto work = [&]() -> Status {
        std::vector<std::pair<std::int64_t, std::string>> blocks;
        {
            auto s = c_.prepare("SELECT shop_org_id, payload FROM market_blocks ORDER BY shop_org_id, id");
            if (!s) return tl::unexpected(s.error());
            while (true) {
                auto row = s->step();
                if (!row) return tl::unexpected(row.error());
                if (!*row) break;
                blocks.emplace_back(s->column_int64(0), std::string(s->column_blob(1)));
            }
        }
        MarketColumns block;
        MarketCellBuilder cells;
        std::int64_t shop = 0;
        for (std::size_t b = 0; b <= blocks.size(); ++b) {
            if (b == blocks.size() || blocks[b].first != shop) {
                if (auto ok = insert_cells(shop, cells.cells()); !ok) return ok;
                cells.clear();
                if (b == blocks.size()) break;
                shop = blocks[b].first;
            }
            if (auto ok = decode_market_block(blocks[b].second, block); !ok) return ok;
            cells.add(block);
        }
        return {};
    };
    Status result = work();
    if (!result) {
        (void)c_.exec("ROLLBACK");
        return result;
    }
    if (auto committed = c_.exec("COMMIT"); !committed) {
        (void)c_.exec("ROLLBACK");
        return committed;
    }
    return {};
}

Result<std::string> SqliteMarketStore::version() {
    Lock lock(c_.mutex());
    auto s = c_.prepare("SELECT revision FROM market_revision WHERE id = 1");
    if (!s) return tl::unexpected(s.error());
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return std::to_string(*row ? s->column_int64(0) : 0);
}

Result<std::vector<ReviewQueueEntry>> SqliteMarketStore::review_queue(std::optional<std::int64_t> shop_org_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT min(d.raw_designation), d.raw_key, sum(w.rows), count(DISTINCT w.shop_org_id), min(w.first_ms) "
        "FROM market_waiting w JOIN market_designations d ON d.id = w.designation_id "
        "WHERE d.canonical IS NULL AND (?1 IS NULL OR w.shop_org_id = ?1) "
        "GROUP BY d.raw_key ORDER BY sum(w.rows) DESC, d.raw_key");
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
        "SELECT raw_key, canonical, bearing_type, size_class, resolved_by, resolved_at, series FROM "
        "market_resolutions WHERE raw_key = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, raw_key);
    return one_row<DesignationResolution>(*s, read_resolution);
}

Result<std::vector<DesignationResolution>> SqliteMarketStore::list_resolutions() {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT raw_key, canonical, bearing_type, size_class, resolved_by, resolved_at, series FROM "
        "market_resolutions ORDER BY raw_key");
    if (!s) return tl::unexpected(s.error());
    return all_rows<DesignationResolution>(*s, read_resolution);
}

Result<std::int64_t> SqliteMarketStore::resolve(const DesignationResolution& r) {
    Lock lock(c_.mutex());
    Savepoint savepoint(c_, "market_resolve");
    if (auto ok = savepoint.begin(); !ok) return tl::unexpected(ok.error());
    auto save = c_.prepare(
        "INSERT INTO market_resolutions (raw_key, canonical, bearing_type, size_class, resolved_by, resolved_at, "
        "series) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (raw_key) DO UPDATE SET canonical = "
        "excluded.canonical, bearing_type = excluded.bearing_type, size_class = excluded.size_class, resolved_by = "
        "excluded.resolved_by, resolved_at = excluded.resolved_at, series = excluded.series");
    if (!save) return tl::unexpected(save.error());
    save->bind(1, std::string_view(r.raw_key))
        .bind(2, std::string_view(r.canonical))
        .bind(3, std::string_view(r.bearing_type))
        .bind(4, std::string_view(r.size_class))
        .bind(5, r.resolved_by)
        .bind(6, std::string_view(r.resolved_at))
        .bind(7, std::string_view(r.series));
    if (auto done = save->run(); !done) return tl::unexpected(done.error());
    auto count = c_.prepare(
        "SELECT coalesce(sum(w.rows), 0) FROM market_waiting w JOIN market_designations d ON d.id = "
        "w.designation_id WHERE d.raw_key = ?1 AND d.canonical IS NULL");
    if (!count) return tl::unexpected(count.error());
    count->bind(1, std::string_view(r.raw_key));
    auto counted = count->step();
    if (!counted) return tl::unexpected(counted.error());
    const std::int64_t changed = count->column_int64(0);
    auto clear = c_.prepare(
        "DELETE FROM market_waiting WHERE designation_id IN "
        "(SELECT id FROM market_designations WHERE raw_key = ?1 AND canonical IS NULL)");
    if (!clear) return tl::unexpected(clear.error());
    clear->bind(1, std::string_view(r.raw_key));
    if (auto done = clear->run(); !done) return tl::unexpected(done.error());
    auto apply = c_.prepare(
        "UPDATE market_designations SET canonical = ?2, bearing_type = ?3, size_class = ?4, series = ?5 "
        "WHERE canonical IS NULL AND raw_key = ?1");
    if (!apply) return tl::unexpected(apply.error());
    apply->bind(1, std::string_view(r.raw_key))
        .bind(2, std::string_view(r.canonical))
        .bind(3, std::string_view(r.bearing_type))
        .bind(4, std::string_view(r.size_class))
        .bind(5, std::string_view(r.series));
    if (auto done = apply->run(); !done) return tl::unexpected(done.error());
    if (auto ok = bump_revision(); !ok) return tl::unexpected(ok.error());
    dictionaries_.reset();
    if (auto ok = savepoint.release(); !ok) return tl::unexpected(ok.error());
    return changed;
}

Status SqliteMarketStore::convert_legacy_rows() {
    Lock lock(c_.mutex());
    bool legacy = false;
    {
        // Stores opened with another set of migrations (tests of the migration runner) may lack the tables.
        auto tables = c_.prepare(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('market_transactions', "
            "'market_blocks')");
        if (!tables) return tl::unexpected(tables.error());
        auto counted = tables->step();
        if (!counted) return tl::unexpected(counted.error());
        if (tables->column_int64(0) != 2) return {};
    }
    {
        auto any = c_.prepare("SELECT EXISTS (SELECT 1 FROM market_transactions)");
        if (!any) return tl::unexpected(any.error());
        auto has = any->step();
        if (!has) return tl::unexpected(has.error());
        legacy = any->column_int64(0) != 0;
    }
    if (!legacy) return {};
    if (auto begun = c_.exec("BEGIN IMMEDIATE"); !begun) return begun;
    auto work = [&]() -> Status {
        auto s = c_.prepare(
            "SELECT shop_org_id, row_key, time_ms, raw_designation, raw_key, raw_brand, quantity, unit_price_fen, "
            "channel, region, coalesce(canonical, ''), coalesce(bearing_type, ''), coalesce(size_class, ''), brand, "
            "brand_tier FROM market_transactions ORDER BY id");
        if (!s) return tl::unexpected(s.error());
        // Read all first: interning and inserting use other statements on the same connection.
        std::vector<MarketTransactionRecord> old;
        while (true) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            MarketTransactionRecord r;
            r.shop_org_id = s->column_int64(0);
            r.row_key = s->column_int64(1);
            r.time_ms = s->column_int64(2);
            r.raw_designation = s->column_text(3);
            r.raw_key = s->column_text(4);
            r.raw_brand = s->column_text(5);
            r.quantity = s->column_int64(6);
            r.unit_price_fen = s->column_int64(7);
            r.channel = s->column_text(8);
            r.region = s->column_text(9);
            r.canonical = s->column_text(10);
            r.bearing_type = s->column_text(11);
            r.size_class = s->column_text(12);
            r.brand = s->column_text(13);
            r.brand_tier = s->column_text(14);
            old.push_back(std::move(r));
        }
        std::vector<MarketRow> rows;
        rows.reserve(old.size());
        for (const MarketTransactionRecord& r : old) {
            auto des = intern_designation(
                MarketDesignation{0, r.raw_designation, r.raw_key, r.canonical, r.bearing_type, r.size_class, "", ""});
            if (!des) return tl::unexpected(des.error());
            auto raw_brand = intern_brand(MarketBrand{0, r.raw_brand, r.brand, r.brand_tier});
            if (!raw_brand) return tl::unexpected(raw_brand.error());
            std::uint32_t brand = *raw_brand;
            if (r.raw_brand.empty() && !r.brand.empty()) {
                auto implied = intern_brand(MarketBrand{0, r.brand, r.brand, r.brand_tier});
                if (!implied) return tl::unexpected(implied.error());
                brand = *implied;
            }
            auto region = intern_region(r.region);
            if (!region) return tl::unexpected(region.error());
            const std::uint8_t channel = r.channel == "online" ? 1 : r.channel == "export" ? 2 : 0;
            rows.push_back(MarketRow{r.shop_org_id, r.row_key, r.time_ms, *des, *raw_brand, brand, *region, channel,
                                     r.quantity, r.unit_price_fen});
        }
        if (auto inserted = insert_rows(rows); !inserted) return tl::unexpected(inserted.error());
        return c_.exec("DELETE FROM market_transactions");
    };
    Status result = work();
    if (!result) {
        (void)c_.exec("ROLLBACK");
        keys_.clear();
        cached_keys_ = 0;
        dictionaries_.reset();
        return result;
    }
    if (auto committed = c_.exec("COMMIT"); !committed) {
        (void)c_.exec("ROLLBACK");
        return committed;
    }
    return {};
}

}  // namespace yandian::store::sqlite
