#include "app/market_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "common/civil_date.hpp"
#include "store/market_store.hpp"

namespace yandian::app::market_detail {

namespace {

std::uint32_t tier_id(std::string_view t) {
    for (std::uint32_t i = 0; i < 4; ++i) {
        if (kTiers[i] == t) return i;
    }
    return 3;
}

market::PeriodKey period_of(std::int64_t time_ms, Frequency f) {
    const std::int64_t days = floor_div(time_ms, kDayMs);
    if (f == Frequency::kWeek) return static_cast<market::PeriodKey>(floor_div(days + 3, 7));
    const CivilDate c = civil_from_days(days);
    return static_cast<market::PeriodKey>(c.year * 12 + c.month - 1);
}

// Maps the store's dictionary ids of rows or cells to the ids of a MarketData: items (canonical bearing x brand
// tier, with type, size class and series), shops, regions and channels. Shared by the row and the cell loaders.
class IdMapper {
  public:
    static constexpr std::uint32_t kNone = UINT32_MAX;

    explicit IdMapper(MarketData& d) : d_(d) {}

    void set_dictionaries(const store::MarketDictionaries& dict) {
        const std::size_t nd = dict.designations.size();
        canonical_of_.assign(nd, kNone);
        type_of_.assign(nd, 0);
        size_of_.assign(nd, 0);
        series_of_.assign(nd, 0);
        for (const store::MarketDesignation& e : dict.designations) {
            if (e.id == 0 || e.canonical.empty()) continue;
            canonical_of_[e.id] = d_.canonical.id(e.canonical);
            type_of_[e.id] = d_.type.id(e.bearing_type);
            size_of_[e.id] = d_.size.id(e.size_class);
            // Designations without a series code (inch cone/cup sets) are grouped under their type.
            series_of_[e.id] =
                d_.series.id(e.series.empty() ? std::string_view(e.bearing_type) : std::string_view(e.series));
        }
        tier_of_.assign(dict.brands.size(), 3);
        for (const store::MarketBrand& b : dict.brands) {
            if (b.id != 0) tier_of_[b.id] = tier_id(b.tier);
        }
        region_names_ = dict.regions;
        region_of_.assign(region_names_.size(), kNone);
    }

    std::uint32_t shop(std::int64_t shop_org_id) {
        auto [it, fresh] = shop_ids_.emplace(shop_org_id, static_cast<std::uint32_t>(d_.shop_org.size()));
        if (fresh) d_.shop_org.push_back(shop_org_id);
        return it->second;
    }

    // Item id of a designation sold under a brand, or kNone while the designation waits for review.
    std::uint32_t item(std::uint32_t designation, std::uint32_t brand) {
        const std::uint32_t cid = designation < canonical_of_.size() ? canonical_of_[designation] : kNone;
        if (cid == kNone) return kNone;
        const std::uint32_t tid = brand < tier_of_.size() ? tier_of_[brand] : 3;
        const std::size_t slot = static_cast<std::size_t>(cid) * 4 + tid;
        if (slot >= item_of_.size()) item_of_.resize(slot + 64, 0);
        if (item_of_[slot] == 0) {
            d_.item_canonical.push_back(cid);
            d_.item_tier.push_back(tid);
            d_.item_type.push_back(type_of_[designation]);
            d_.item_size.push_back(size_of_[designation]);
            d_.item_series.push_back(series_of_[designation]);
            item_of_[slot] = static_cast<std::uint32_t>(d_.item_canonical.size());
        }
        return item_of_[slot] - 1;
    }

    std::uint32_t region(std::uint32_t id) {
        if (id >= region_of_.size()) region_of_.resize(id + 1, kNone);
        if (region_of_[id] == kNone) {
            region_of_[id] = d_.regions.id(id < region_names_.size() ? std::string_view(region_names_[id]) : "");
        }
        return region_of_[id];
    }

    std::uint32_t channel(std::uint8_t code) {
        const std::uint8_t ch = code < 3 ? code : 0;
        if (channel_of_[ch] == kNone) channel_of_[ch] = d_.channels.id(store::market_channel_name(ch));
        return channel_of_[ch];
    }

  private:
    MarketData& d_;
    std::vector<std::uint32_t> canonical_of_, type_of_, size_of_, series_of_, tier_of_, region_of_;
    std::vector<std::string> region_names_;  // copies: the store's dictionaries live only during the scan
    std::uint32_t channel_of_[3] = {kNone, kNone, kNone};
    std::vector<std::uint32_t> item_of_;  // canonical id * 4 + tier -> item id + 1 (0 = none yet)
    std::unordered_map<std::int64_t, std::uint32_t> shop_ids_;
};

Result<MarketData> load(store::MarketStore& store, const Range& range, Frequency f,
                        std::optional<std::int64_t> shop = std::nullopt) {
    MarketData d;
    d.first = range.first;
    d.last = range.last;
    IdMapper ids(d);
    // Period of each day of the range (at most ten years and two weeks), instead of a calendar conversion a row.
    const std::int64_t first_day = floor_div(range.from_ms, kDayMs);
    std::vector<market::PeriodKey> period_of_day(
        static_cast<std::size_t>(floor_div(range.to_ms - 1, kDayMs) - first_day + 1));
    for (std::size_t k = 0; k < period_of_day.size(); ++k) {
        period_of_day[k] = period_of((first_day + static_cast<std::int64_t>(k)) * kDayMs, f);
    }
    auto on_dictionaries = [&](const store::MarketDictionaries& dict, std::int64_t rows_at_most) {
        const auto n = static_cast<std::size_t>(std::max<std::int64_t>(rows_at_most, 0));
        for (auto* v : {&d.item, &d.shop, &d.region, &d.channel}) v->reserve(n);
        for (auto* v : {&d.quantity, &d.price, &d.time_ms}) v->reserve(n);
        d.period.reserve(n);
        ids.set_dictionaries(dict);
    };
    auto on_rows = [&](std::int64_t shop_org_id, const store::MarketColumns& c) {
        const std::uint32_t shop_id = ids.shop(shop_org_id);
        for (std::size_t i = 0; i < c.size(); ++i) {
            const std::uint32_t item = ids.item(c.designation[i], c.brand[i]);
            if (item == IdMapper::kNone) continue;  // waiting for review: in no aggregate
            d.period.push_back(period_of_day[static_cast<std::size_t>(floor_div(c.time_ms[i], kDayMs) - first_day)]);
            d.item.push_back(item);
            d.shop.push_back(shop_id);
            d.region.push_back(ids.region(c.region[i]));
            d.channel.push_back(ids.channel(c.channel[i]));
            d.quantity.push_back(c.quantity[i]);
            d.price.push_back(c.unit_price_fen[i]);
            d.time_ms.push_back(c.time_ms[i]);
        }
    };
    auto ok = store.scan(store::MarketScanFilter{range.from_ms, range.to_ms, shop}, on_dictionaries, on_rows);
    if (!ok) return tl::unexpected(ok.error());
    return d;
}

// The monthly cells of a month range (store::MarketStore::scan_cells) in the shape of MarketData: each entry one
// shop's sales of one month under one designation, brand, region and channel, with summed quantity and value.
Result<MarketData> load_cells(store::MarketStore& store, const Range& range) {
    MarketData d;
    d.first = range.first;
    d.last = range.last;
    d.cells = true;
    IdMapper ids(d);
    auto on_dictionaries = [&](const store::MarketDictionaries& dict, std::int64_t cells_at_most) {
        const auto n = static_cast<std::size_t>(std::max<std::int64_t>(cells_at_most, 0));
        for (auto* v : {&d.item, &d.shop, &d.region, &d.channel}) v->reserve(n);
        for (auto* v : {&d.quantity, &d.value, &d.transactions}) v->reserve(n);
        d.period.reserve(n);
        ids.set_dictionaries(dict);
    };
    auto on_cells = [&](std::int64_t shop_org_id, const store::MarketCells& c) {
        const std::uint32_t shop_id = ids.shop(shop_org_id);
        for (std::size_t i = 0; i < c.size(); ++i) {
            const std::uint32_t item = ids.item(c.designation[i], c.brand[i]);
            if (item == IdMapper::kNone) continue;  // waiting for review: in no aggregate
            d.period.push_back(c.month[i]);
            d.item.push_back(item);
            d.shop.push_back(shop_id);
            d.region.push_back(ids.region(c.region[i]));
            d.channel.push_back(ids.channel(c.channel[i]));
            d.quantity.push_back(c.quantity[i]);
            d.value.push_back(c.value_fen[i]);
            d.transactions.push_back(c.transactions[i]);
        }
    };
    auto ok =
        store.scan_cells(store::MarketCellFilter{range.first, range.last, std::nullopt}, on_dictionaries, on_cells);
    if (!ok) return tl::unexpected(ok.error());
    return d;
}

// The rows of the range from the cache when the store has not changed since they were read (no new row, no
// resolution: MarketStore::version), else from the store. Concurrent readers share one immutable copy.
Result<std::shared_ptr<const MarketData>> cached_load(MarketService::Cache& cache, store::MarketStore& store,
                                                      const Range& range, Frequency f) {
    auto version = store.version();
    if (!version) return tl::unexpected(version.error());
    std::lock_guard lock(cache.mutex);
    if (cache.data && cache.version == *version && cache.from_ms == range.from_ms && cache.to_ms == range.to_ms &&
        cache.frequency == f) {
        return cache.data;
    }
    auto loaded = load(store, range, f);
    if (!loaded) return tl::unexpected(loaded.error());
    cache.data = std::make_shared<const MarketData>(std::move(*loaded));
    cache.version = *version;
    cache.from_ms = range.from_ms;
    cache.to_ms = range.to_ms;
    cache.frequency = f;
    return cache.data;
}

}  // namespace

Result<Range> range_of(Period from, Period to, Frequency f) {
    auto a = market::month_key(from.year, from.month);
    if (!a) return tl::unexpected(a.error());
    auto b = market::month_key(to.year, to.month);
    if (!b) return tl::unexpected(b.error());
    if (*b < *a) return fail(ErrorCode::kInvalidArgument, "'to' is before 'from'", "to");
    if (*b - *a > 120) return fail(ErrorCode::kInvalidArgument, "at most 10 years at a time", "to");
    const market::YearMonth after = market::month_of_key(*b + 1);
    const std::int64_t from_day = market::days_from_civil(from.year, from.month, 1);
    const std::int64_t to_day = market::days_from_civil(after.year, after.month, 1);  // exclusive
    Range r;
    if (f == Frequency::kMonth) {
        r = Range{from_day * kDayMs, to_day * kDayMs, *a, *b};
    } else {
        // ISO weeks: week key k covers the days 7k - 3 .. 7k + 3 (the week of 1970-01-01 starts on Monday
        // 1969-12-29); the range covers whole weeks from the one holding the first day of `from` to the one
        // holding the last day of `to`.
        const auto first = static_cast<market::PeriodKey>(floor_div(from_day + 3, 7));
        const auto last = static_cast<market::PeriodKey>(floor_div(to_day - 1 + 3, 7));
        r = Range{(7LL * first - 3) * kDayMs, (7LL * (last + 1) - 3) * kDayMs, first, last};
    }
    return r;
}

std::string period_label(market::PeriodKey key, Frequency f) {
    if (f == Frequency::kWeek) {
        const market::IsoWeek w = market::iso_week_of_key(key);
        return fmt::format("{:04}-W{:02}", w.year, w.week);
    }
    const market::YearMonth m = market::month_of_key(key);
    return fmt::format("{:04}-{:02}", m.year, m.month);
}

Result<RangeData> load_range(MarketService::Cache& cache, store::MarketStore& store, Period from, Period to,
                             Frequency f) {
    auto range = range_of(from, to, f);
    if (!range) return tl::unexpected(range.error());
    auto data = cached_load(cache, store, *range, f);
    if (!data) return tl::unexpected(data.error());
    return RangeData{*range, std::move(*data)};
}

// Monthly statistics over whole months read the monthly cells (several times fewer than the rows); weekly ones the
// rows. Cached like the rows, per store version.
Result<RangeData> load_aggregable(MarketService::Cache& cache, store::MarketStore& store, Period from, Period to,
                                  Frequency f) {
    if (f != Frequency::kMonth) return load_range(cache, store, from, to, f);
    auto range = range_of(from, to, f);
    if (!range) return tl::unexpected(range.error());
    auto version = store.version();
    if (!version) return tl::unexpected(version.error());
    std::lock_guard lock(cache.mutex);
    if (!cache.cells || cache.cells_version != *version || cache.cells_first != range->first ||
        cache.cells_last != range->last) {
        auto loaded = load_cells(store, *range);
        if (!loaded) return tl::unexpected(loaded.error());
        cache.cells = std::make_shared<const MarketData>(std::move(*loaded));
        cache.cells_version = *version;
        cache.cells_first = range->first;
        cache.cells_last = range->last;
    }
    return RangeData{*range, cache.cells};
}

Groups groups_of(const MarketData& d, Dimension by) {
    Groups g;
    g.of_row.resize(d.item.size());
    auto from_items = [&](const std::vector<std::uint32_t>& of_item, auto name, std::uint32_t n) {
        for (std::size_t i = 0; i < d.item.size(); ++i) g.of_row[i] = of_item[d.item[i]];
        for (std::uint32_t k = 0; k < n; ++k) g.names.push_back(name(k));
    };
    switch (by) {
        case Dimension::kType:
            from_items(
                d.item_type, [&](std::uint32_t k) { return d.type.name(k); }, d.type.size());
            break;
        case Dimension::kSize:
            from_items(
                d.item_size, [&](std::uint32_t k) { return d.size.name(k); }, d.size.size());
            break;
        case Dimension::kTier:
            from_items(
                d.item_tier, [&](std::uint32_t k) { return std::string(kTiers[k]); }, 4);
            break;
        case Dimension::kSeries:
            from_items(
                d.item_series, [&](std::uint32_t k) { return d.series.name(k); }, d.series.size());
            break;
        case Dimension::kRegion:
            g.of_row = d.region;
            for (std::uint32_t k = 0; k < d.regions.size(); ++k) g.names.push_back(d.regions.name(k));
            break;
        case Dimension::kChannel:
            g.of_row = d.channel;
            for (std::uint32_t k = 0; k < d.channels.size(); ++k) g.names.push_back(d.channels.name(k));
            break;
        case Dimension::kAll:
            std::fill(g.of_row.begin(), g.of_row.end(), 0);
            g.names.push_back("all");
            break;
    }
    return g;
}

}  // namespace yandian::app::market_detail
