#pragma once
// Internal to the market service (src/app/market_*.cpp): the text and time helpers its files share, and the
// normalised rows of a period range as columns, dictionary-encoded (MarketData), read through MarketService::Cache.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/market_service.hpp"
#include "market/period.hpp"

namespace yandian::app::market_detail {

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

inline constexpr std::int64_t kDayMs = 86'400'000;

inline std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// ---------------------------------------------------------------------------------------------------------------
// Analytics: the normalised rows of a period range as columns, dictionary-encoded.
// ---------------------------------------------------------------------------------------------------------------

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class Dict {
  public:
    std::uint32_t id(std::string_view s) {
        auto it = ids_.find(s);
        if (it != ids_.end()) return it->second;
        const auto id = static_cast<std::uint32_t>(names_.size());
        names_.emplace_back(s);
        ids_.emplace(names_.back(), id);
        return id;
    }
    const std::string& name(std::uint32_t id) const { return names_[id]; }
    std::uint32_t size() const { return static_cast<std::uint32_t>(names_.size()); }

  private:
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> ids_;
    std::vector<std::string> names_;
};

inline constexpr std::string_view kTiers[] = {"international", "chinese_top", "domestic", "unbranded"};

struct MarketData {
    market::PeriodKey first = 0;
    market::PeriodKey last = 0;
    std::vector<market::PeriodKey> period;
    std::vector<std::uint32_t> item, shop, region, channel;
    std::vector<std::int64_t> quantity, price, time_ms;
    // Monthly cells instead of rows (load_cells): each entry sums one shop's sales of a month; price and time_ms
    // are empty, value and transactions hold the sums.
    bool cells = false;
    std::vector<std::int64_t> value, transactions;
    [[nodiscard]] std::uint64_t n_transactions() const {
        if (!cells) return item.size();
        std::uint64_t n = 0;
        for (std::int64_t t : transactions) n += static_cast<std::uint64_t>(t);
        return n;
    }
    Dict canonical, type, size, series, regions, channels;
    std::vector<std::uint32_t> item_canonical, item_tier, item_type, item_size, item_series;
    std::vector<std::int64_t> shop_org;
    std::uint32_t n_items() const { return static_cast<std::uint32_t>(item_canonical.size()); }
    std::uint32_t n_shops() const { return static_cast<std::uint32_t>(shop_org.size()); }
};

struct Range {
    std::int64_t from_ms = 0;
    std::int64_t to_ms = 0;
    market::PeriodKey first = 0;
    market::PeriodKey last = 0;
};

Result<Range> range_of(Period from, Period to, Frequency f);
std::string period_label(market::PeriodKey key, Frequency f);

// A range's rows, read once per store version and shared by every statistic over that range.
struct RangeData {
    Range range;
    std::shared_ptr<const MarketData> data;
};

Result<RangeData> load_range(MarketService::Cache& cache, store::MarketStore& store, Period from, Period to,
                             Frequency f);

// Monthly statistics over whole months read the monthly cells (several times fewer than the rows); weekly ones the
// rows. Cached like the rows, per store version.
Result<RangeData> load_aggregable(MarketService::Cache& cache, store::MarketStore& store, Period from, Period to,
                                  Frequency f);

// Group of a row under a dimension, and the group's name.
struct Groups {
    std::vector<std::uint32_t> of_row;
    std::vector<std::string> names;
};

Groups groups_of(const MarketData& d, Dimension by);

}  // namespace yandian::app::market_detail

namespace yandian::app {

struct MarketService::Cache {
    std::mutex mutex;
    std::string version;
    std::int64_t from_ms = 0;
    std::int64_t to_ms = 0;
    Frequency frequency = Frequency::kMonth;
    std::shared_ptr<const market_detail::MarketData> data;
    // The monthly cells of the last month range read, with the store version they were read at.
    std::string cells_version;
    market::PeriodKey cells_first = 0;
    market::PeriodKey cells_last = -1;
    std::shared_ptr<const market_detail::MarketData> cells;
    // How far the data reaches (market_coverage.cpp), with the store version it was computed at.
    std::string coverage_version;
    MarketCoverage coverage;
};

}  // namespace yandian::app
