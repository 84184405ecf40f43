#include "store/market_rows.hpp"

#include <algorithm>
#include <string>
#include <type_traits>
#include <unordered_map>

namespace yandian::store {

namespace {

struct PartitionHash {
    std::size_t operator()(const MarketPartition& p) const {
        return std::hash<std::int64_t>{}(p.first * 1'000'003 + p.second);
    }
};

template <class Entries>
const auto& entry(const Entries& v, std::uint32_t id) {
    static const std::remove_cvref_t<decltype(v[0])> kNone{};
    return id < v.size() ? v[id] : kNone;
}

}  // namespace

std::vector<std::pair<MarketPartition, std::vector<std::size_t>>> group_by_partition(std::span<const MarketRow> rows) {
    std::vector<std::pair<MarketPartition, std::vector<std::size_t>>> groups;
    std::unordered_map<MarketPartition, std::size_t, PartitionHash> group_of;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const MarketPartition p{rows[i].shop_org_id, market_bucket_of(rows[i].time_ms)};
        auto [it, fresh] = group_of.emplace(p, groups.size());
        if (fresh) groups.emplace_back(p, std::vector<std::size_t>{});
        groups[it->second].second.push_back(i);
    }
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return groups;
}

MarketTransactionRecord transaction_record(const MarketDictionaries& d, std::int64_t shop, std::int64_t first_id,
                                           const MarketColumns& c, std::size_t i) {
    const MarketDesignation& des = entry(d.designations, c.designation[i]);
    const MarketBrand& raw_brand = entry(d.brands, c.raw_brand[i]);
    const MarketBrand& brand = entry(d.brands, c.brand[i]);
    MarketTransactionRecord r;
    r.id = first_id + static_cast<std::int64_t>(i);
    r.shop_org_id = shop;
    r.time_ms = c.time_ms[i];
    r.raw_designation = des.raw_designation;
    r.raw_key = des.raw_key;
    r.raw_brand = raw_brand.raw_brand;
    r.quantity = c.quantity[i];
    r.unit_price_fen = c.unit_price_fen[i];
    r.channel = std::string(market_channel_name(c.channel[i]));
    r.region = entry(d.regions, c.region[i]);
    r.canonical = des.canonical;
    r.bearing_type = des.bearing_type;
    r.size_class = des.size_class;
    r.brand = brand.brand;
    r.brand_tier = brand.tier;
    r.row_key = c.row_key[i];
    return r;
}

}  // namespace yandian::store
