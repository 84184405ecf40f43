#pragma once
// The scorecard pipeline on tables of text fields (as read from CSV): classing of each characteristic named in
// the spec, WoE/IV, optional variable filters, logistic regression of P(bad) on the WoE columns, points scaling,
// scores, probabilities and reason codes of every row, KS/AUC/Gini, and the stability of the score and of each
// characteristic from training to test. Pure: text in, values out.
//
// A field is missing when it is empty (after trimming spaces) or "NA"; missing values get their own bin.
// The target column must hold the bad value and exactly one other (good) value; the test set may hold only those.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/csv.hpp"
#include "common/result.hpp"
#include "credit/binning.hpp"
#include "credit/filters.hpp"
#include "credit/logistic.hpp"
#include "credit/metrics.hpp"
#include "credit/scaling.hpp"
#include "credit/woe.hpp"

namespace yandian::credit {

enum class BinningMode { kBreaks, kGroups, kAuto };

struct VariableSpec {
    std::string name;
    BinningMode mode = BinningMode::kAuto;
    std::vector<double> breaks;
    std::vector<std::vector<std::string>> groups;
};

struct ScorecardSpec {
    std::vector<VariableSpec> variables;
    Scaling scaling;
    AutoBinningOptions auto_binning;
    std::optional<FilterThresholds> filter;  // when set, failing characteristics stay out of the model
    std::size_t reasons = 3;                 // reason codes per row
    std::size_t psi_bins = 10;
};

struct DataSet {
    const csv::Table* table = nullptr;
    std::string source;  // how errors name it (the file path)
};

struct VariableResult {
    std::string name;
    BinningMode mode = BinningMode::kAuto;
    Binning binning;
    std::vector<std::string> labels;
    WoeTable woe;
    double missing_rate = 0;
    double identical_rate = 0;
    std::vector<std::string> dropped_because;  // filter reasons; empty = in the model
    std::optional<std::size_t> model_index;    // position among the model's characteristics
    std::vector<double> points;                // card points per bin (in the model only)
    std::vector<std::int64_t> test_counts;     // rows of the test set per bin
    std::optional<double> psi;                 // characteristic stability train → test
    std::optional<double> csi;
};

struct RowScore {
    std::size_t row = 0;   // 1-based data row in file order
    std::size_t line = 0;  // physical line of the CSV file
    bool bad = false;
    double score = 0;
    double p_bad = 0;
    std::vector<std::string> reasons;  // characteristic names, largest shortfall first
};

struct SetResult {
    std::vector<RowScore> rows;
    std::optional<Discrimination> metrics;  // absent when the set has no good or no bad
};

struct ScorecardResult {
    std::string target;
    std::string bad_value;
    std::string good_value;
    std::vector<VariableResult> variables;
    std::vector<std::size_t> model_variables;  // indices into variables, in coefficient order
    LogisticFit fit;
    Card card;  // card.points follows model_variables
    SetResult train;
    std::optional<SetResult> test;
    std::optional<ScorePsi> psi;
};

[[nodiscard]] Result<ScorecardResult> build_scorecard(const DataSet& train, const std::optional<DataSet>& test,
                                                      const std::string& target, const std::string& bad_value,
                                                      const ScorecardSpec& spec);

}  // namespace yandian::credit
