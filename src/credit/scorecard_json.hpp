#pragma once
// The scorecard spec as JSON (parsed with errors naming the key at fault) and the result as JSON and as a
// readable card. Text in, text out: no files.
//
// Spec:
//   {"variables": [{"name": "age", "breaks": [26, 35]},              numeric bins [-inf,26) [26,35) [35,inf)
//                  {"name": "housing", "groups": [["rent"], ["own", "for free"]]},
//                  {"name": "duration"}],                             automatic monotone binning
//    "scaling": {"points0": 600, "odds0": 19, "pdo": 50, "round": true},   odds0 = good:bad odds at points0
//    "auto_binning": {"fine_classes": 20, "min_share": 0.05, "max_bins": 8},    optional
//    "filter": {"min_iv": 0.02, "max_missing_rate": 0.95, "max_identical_rate": 0.95},   optional
//    "reasons": 3, "psi_bins": 10}                                                        optional
// Unknown keys are refused, so a misspelt key does not pass silently.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "credit/scorecard.hpp"

namespace yandian::credit {

[[nodiscard]] Result<ScorecardSpec> parse_spec(std::string_view text);

[[nodiscard]] nlohmann::ordered_json to_json(const ScorecardResult& result, const ScorecardSpec& spec);

[[nodiscard]] std::string card_text(const ScorecardResult& result, const ScorecardSpec& spec);

}  // namespace yandian::credit
