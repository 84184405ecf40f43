#pragma once
// Fine and coarse classing of one characteristic.
//
// Numeric bins are left-closed: breaks b1 < b2 < … < bn give [-inf,b1) [b1,b2) … [bn,inf). Categorical bins are
// groups of levels. A missing value (no value in the field) always goes to its own bin, placed after the others
// and labelled "missing"; it exists when the training data holds missing values.
//
// Automatic monotone binning (`auto_bin_numeric`, `auto_bin_categorical`):
//  1. Fine classes. Numeric: sorted values cut at the quantile positions ⌊k·n/F⌋ (k = 1…F−1, F fine classes,
//     default 20); the value found there is a break, duplicates and the minimum dropped, so each fine class holds
//     whole runs of equal values. Categorical: one fine class per level, ordered by bad rate (then by level).
//  2. Monotone trend. The pool-adjacent-violators algorithm merges neighbouring classes until the bad rate
//     rises strictly from left to right; it is run for a rising and a falling trend and the one keeping the
//     larger IV is kept (rising on a tie). Categorical classes, already ordered by bad rate, only lose ties.
//  3. Minimum share and pure bins. While a bin holds less than `min_share` of the rows, or has no good or no bad,
//     the smallest such bin (leftmost on a tie) is merged with the neighbour whose bad rate is closer (the left
//     one on a tie). Merging neighbours of a monotone sequence keeps it monotone.
//  4. At most `max_bins` bins: the adjacent pair whose merge loses the least IV is merged (leftmost when the losses
//     differ by less than 1e-12).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::credit {

enum class BinKind { kNumeric, kCategorical };

struct Binning {
    BinKind kind = BinKind::kNumeric;
    std::vector<double> breaks;                    // numeric: strictly increasing
    std::vector<std::vector<std::string>> groups;  // categorical: disjoint groups of levels
    bool missing_bin = false;                      // a last bin for missing values

    // Bins without the missing bin.
    [[nodiscard]] std::size_t value_bins() const {
        return kind == BinKind::kNumeric ? breaks.size() + 1 : groups.size();
    }
    [[nodiscard]] std::size_t bin_count() const { return value_bins() + (missing_bin ? 1 : 0); }
    // "[-inf,1400)", "[1400,1800)", …, "[9200,inf)"; groups as their levels joined by "%,%" (as R `scorecard`
    // writes them); "missing".
    [[nodiscard]] std::vector<std::string> labels() const;
    // The bin of a number (numeric binning), nullopt for a missing value without a missing bin.
    [[nodiscard]] std::optional<std::size_t> bin_of_number(std::optional<double> value) const;
    // The bin of a level (categorical binning), nullopt for a level in no group or a missing value without a bin.
    [[nodiscard]] std::optional<std::size_t> bin_of_level(const std::optional<std::string>& level) const;
};

// Checks breaks (finite, strictly increasing) or groups (non-empty, no level twice). `name` goes in the message.
[[nodiscard]] Status validate(const Binning& binning, const std::string& name);

// Shortest text that reads back as the same double ("1400", "2.5", "1e-07").
[[nodiscard]] std::string format_number(double value);

struct AutoBinningOptions {
    std::size_t fine_classes = 20;
    double min_share = 0.05;  // of the non-missing rows
    std::size_t max_bins = 8;
};

// Checks the options: fine_classes ≥ 2, 0 ≤ min_share < 0.5, max_bins ≥ 1.
[[nodiscard]] Status validate(const AutoBinningOptions& options);

// Monotone binning of a numeric characteristic from its non-missing values and outcomes (is_bad[i] true for a
// bad). The result has no missing bin; the caller adds one when the data has missing values.
[[nodiscard]] Result<Binning> auto_bin_numeric(std::span<const double> values, std::span<const int> is_bad,
                                               const AutoBinningOptions& options);

// Monotone grouping of the levels of a categorical characteristic (non-missing values only).
[[nodiscard]] Result<Binning> auto_bin_categorical(std::span<const std::string> levels, std::span<const int> is_bad,
                                                   const AutoBinningOptions& options);

}  // namespace yandian::credit
