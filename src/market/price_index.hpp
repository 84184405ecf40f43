#pragma once
// One-call form of the Yandian bearing price index for the application layer: transactions in, the all-items series
// and the sub-index series of every grouping out, chained or GEKS, base period = 100.
#include <cstdint>
#include <vector>

#include "common/result.hpp"
#include "market/panel.hpp"
#include "market/series.hpp"

namespace yandian::market {

enum class IndexMethod { kChained, kGeks };

struct IndexRequest {
    PeriodKey first_period = 0;  // base period (= 100)
    PeriodKey last_period = 0;   // inclusive
    std::uint32_t n_items = 0;
    ElementaryFormula elementary = ElementaryFormula::kJevons;
    IndexFormula formula = IndexFormula::kTornqvist;  // chained: any; GEKS: Tornqvist or Fisher
    IndexMethod method = IndexMethod::kChained;
    std::int32_t geks_window = 13;
    Splice splice = Splice::kMean;
    std::vector<Grouping> groupings;  // sub-indices: bearing type, size class, brand tier...
    Imputation imputation = Imputation::kImplicit;
    std::size_t imputation_grouping = 0;
    double base = 100.0;
};

struct IndexResult {
    IndexSeries all_items;
    std::vector<std::vector<IndexSeries>> by_grouping;  // [grouping][group]
    std::uint64_t rows_outside_range = 0;
};

Result<IndexResult> compute_price_index(const TransactionColumns& rows, const IndexRequest& request);

}  // namespace yandian::market
