#pragma once
// Variable filters before modelling (the defaults of R `scorecard::var_filter`): a characteristic is kept when
// its IV ≥ min_iv, its missing rate ≤ max_missing_rate and its identical rate ≤ max_identical_rate.
// Missing rate = share of rows without a value; identical rate = share of rows holding its most frequent value.
#include <string>
#include <vector>

namespace yandian::credit {

struct FilterThresholds {
    double min_iv = 0.02;
    double max_missing_rate = 0.95;
    double max_identical_rate = 0.95;
};

struct FilterInput {
    double iv = 0;
    double missing_rate = 0;
    double identical_rate = 0;
};

// Empty when the characteristic passes; otherwise one sentence per failed threshold.
[[nodiscard]] std::vector<std::string> filter_reasons(const FilterInput& input, const FilterThresholds& thresholds);

}  // namespace yandian::credit
