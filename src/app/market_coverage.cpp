// How far the market data reaches, and the default range of a statistic taken from it (not from the calendar).
#include <fmt/format.h>

#include <climits>
#include <map>
#include <unordered_set>

#include "app/market_data.hpp"
#include "app/market_service.hpp"
#include "market/period.hpp"
#include "store/database.hpp"
#include "store/market_block.hpp"

namespace yandian::app {

namespace {

Period period_of(market::PeriodKey key) {
    const market::YearMonth m = market::month_of_key(key);
    return Period{m.year, m.month};
}

}  // namespace

Result<PeriodRange> range_or_default(std::optional<Period> from, std::optional<Period> to,
                                     std::optional<Period> through, int months, std::uint32_t min_shops) {
    if (from && to) return PeriodRange{*from, *to};
    if (!to) {
        if (!through) {
            return fail(ErrorCode::kNotFound,
                        fmt::format("no month has published market figures yet (each needs rows from at least {} "
                                    "shops); give 'from' and 'to'",
                                    min_shops),
                        "to");
        }
        to = through;
    }
    auto end = market::month_key(to->year, to->month);
    if (!end) return tl::unexpected(end.error());
    if (!from) from = period_of(*end - (std::max(months, 1) - 1));
    return PeriodRange{*from, *to};
}

Result<MarketCoverage> MarketService::coverage(const Principal& who) {
    auto kind = organisation_kind(db_, who.org_id);
    if (!kind) return tl::unexpected(kind.error());
    return coverage();
}

Result<MarketCoverage> MarketService::coverage() {
    // Every page asks for it: computed once per store version.
    auto version = db_.market().version();
    if (!version) return tl::unexpected(version.error());
    std::lock_guard lock(cache_->mutex);
    if (!cache_->coverage_version.empty() && cache_->coverage_version == *version) return cache_->coverage;
    // Distinct shops per month, from the monthly cells (several times fewer than the rows).
    std::map<market::PeriodKey, std::unordered_set<std::int64_t>> shops;
    store::MarketCellFilter all;
    all.from_month = 0;
    all.to_month = INT32_MAX;
    auto scanned = db_.market().scan_cells(
        all, [](const store::MarketDictionaries&, std::int64_t) {},
        [&shops](std::int64_t shop, const store::MarketCells& cells) {
            for (std::size_t i = 0; i < cells.size(); ++i) shops[cells.month[i]].insert(shop);
        });
    if (!scanned) return tl::unexpected(scanned.error());
    MarketCoverage c;
    c.min_shops = options_.min_shops;
    cache_->coverage_version = *version;
    if (shops.empty()) {
        cache_->coverage = c;
        return c;
    }
    c.first_month = period_of(shops.begin()->first);
    c.last_month = period_of(shops.rbegin()->first);
    for (auto it = shops.rbegin(); it != shops.rend(); ++it) {
        if (it->second.size() >= options_.min_shops) {
            c.published_through = period_of(it->first);
            break;
        }
    }
    cache_->coverage = c;
    return c;
}

Result<PeriodRange> MarketService::range_or_default(std::optional<Period> from, std::optional<Period> to, int months) {
    std::optional<Period> through;
    if (!to) {
        auto c = coverage();
        if (!c) return tl::unexpected(c.error());
        through = c->published_through;
    }
    return app::range_or_default(from, to, through, months, options_.min_shops);
}

}  // namespace yandian::app
