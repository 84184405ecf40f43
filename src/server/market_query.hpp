#pragma once
// Query parameters shared by the market routes (statistics and offers): the month range ?from=YYYY-MM&to=YYYY-MM.
// Either end may be left out; the service then takes it from the data (the latest month with published figures).
#include <optional>

#include "app/market_service.hpp"
#include "common/result.hpp"
#include "server/http_types.hpp"

namespace yandian::server {

struct MonthRangeQuery {
    std::optional<app::Period> from;
    std::optional<app::Period> to;
};

// Absent or empty parameters are nullopt; a present one must be YYYY-MM (kInvalidArgument naming it otherwise).
Result<MonthRangeQuery> month_range_query(const HttpRequest& request);

}  // namespace yandian::server
