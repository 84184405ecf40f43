#include "server/market_query.hpp"

#include <string>
#include <string_view>

namespace yandian::server {

namespace {

Result<std::optional<app::Period>> optional_month(const HttpRequest& request, std::string_view name) {
    const std::string* text = request.query_param(name);
    if (text == nullptr || text->empty()) return std::optional<app::Period>{};
    auto period = app::parse_period(*text, name);
    if (!period) return tl::unexpected(period.error());
    return std::optional<app::Period>{*period};
}

}  // namespace

Result<MonthRangeQuery> month_range_query(const HttpRequest& request) {
    auto from = optional_month(request, "from");
    if (!from) return tl::unexpected(from.error());
    auto to = optional_month(request, "to");
    if (!to) return tl::unexpected(to.error());
    return MonthRangeQuery{*from, *to};
}

}  // namespace yandian::server
