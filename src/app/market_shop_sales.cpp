// One shop's monthly sales by channel, from the monthly cells of its rows.
#include <map>
#include <utility>

#include "app/market_service.hpp"
#include "store/database.hpp"

namespace yandian::app {

Result<std::vector<ShopMonthSales>> MarketService::shop_month_sales(std::int64_t shop_org_id, int from_month,
                                                                    int to_month) {
    std::map<std::pair<int, std::uint8_t>, ShopMonthSales> sums;
    store::MarketCellFilter filter;
    filter.from_month = from_month;
    filter.to_month = to_month;
    filter.shop_org_id = shop_org_id;
    auto scanned = db_.market().scan_cells(
        filter, [](const store::MarketDictionaries&, std::int64_t) {},
        [&](std::int64_t, const store::MarketCells& cells) {
            for (std::size_t i = 0; i < cells.size(); ++i) {
                auto& slot = sums[{cells.month[i], cells.channel[i]}];
                slot.month = cells.month[i];
                slot.channel = std::string(store::market_channel_name(cells.channel[i]));
                slot.value_fen += cells.value_fen[i];
                slot.transactions += cells.transactions[i];
            }
        });
    if (!scanned) return tl::unexpected(scanned.error());
    std::vector<ShopMonthSales> out;
    out.reserve(sums.size());
    for (auto& [key, value] : sums) out.push_back(std::move(value));
    return out;
}

}  // namespace yandian::app
