#include "market/price_index.hpp"

#include <algorithm>
#include <string>

namespace yandian::market {

Result<IndexResult> compute_price_index(const TransactionColumns& rows, const IndexRequest& r) {
    if (r.last_period < r.first_period) {
        return fail(ErrorCode::kInvalidArgument, "last period is before the first", "last_period");
    }
    const std::int64_t periods = static_cast<std::int64_t>(r.last_period) - r.first_period + 1;
    if (periods > 100000) return fail(ErrorCode::kInvalidArgument, "too many periods", "last_period");
    LinkOptions o;
    o.first_period = r.first_period;
    o.n_periods = static_cast<std::int32_t>(periods);
    o.n_items = r.n_items;
    o.elementary = r.elementary;
    o.groupings = r.groupings;
    o.imputation = r.imputation;
    o.imputation_grouping = r.imputation_grouping;
    o.max_lag = 1;
    if (r.method == IndexMethod::kGeks) {
        if (r.geks_window < 2) return fail(ErrorCode::kInvalidArgument, "GEKS window must be at least 2", "window");
        o.max_lag = std::max<std::int32_t>(1, std::min<std::int32_t>(r.geks_window, o.n_periods) - 1);
    }
    auto matrix = build_link_matrix(rows, o);
    if (!matrix) return tl::unexpected(matrix.error());
    auto series = [&](std::uint32_t slot) {
        return r.method == IndexMethod::kChained
                   ? chain_series(*matrix, slot, r.formula, r.base)
                   : geks_series(*matrix, slot, GeksOptions{r.geks_window, r.splice, r.formula}, r.base);
    };
    IndexResult out;
    out.rows_outside_range = matrix->rows_outside_range;
    auto all = series(LinkMatrix::kAllItems);
    if (!all) return tl::unexpected(all.error());
    out.all_items = std::move(*all);
    for (std::size_t k = 0; k < r.groupings.size(); ++k) {
        std::vector<IndexSeries> groups;
        for (std::uint32_t g = 0; g < matrix->n_groups(k); ++g) {
            auto s = series(matrix->slot(k, g));
            if (!s) return tl::unexpected(s.error());
            groups.push_back(std::move(*s));
        }
        out.by_grouping.push_back(std::move(groups));
    }
    return out;
}

}  // namespace yandian::market
