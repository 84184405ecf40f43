#pragma once
// Supervision sampling results from a CSV file (as an authority exports them): one sampled batch per line.
//
//   credit_code,date,product,batch,items,outcome,retest,authority,report_no,source
//   91371581MA3C5GXX7C,2026-03-10,6205-2RS deep groove ball bearing,B2026-031,radial clearance;noise,fail,requested,临清市市场监督管理局,LQ-2026-017,2026 Q1 county sampling
//
// credit_code is the firm's unified social credit code (GB 32100, validated with its check character); outcome is
// pass or fail; retest is empty, requested, pass or fail (only after a fail); retest, authority and report_no may be
// empty columns. Each bad line gives an error naming its line and column; the good lines are kept.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "quality/entry.hpp"

namespace yandian::quality {

struct SamplingRow {
    std::size_t line = 0;
    std::string credit_code;  // canonical
    Entry entry;              // kind sampling_inspection; firm_id, id, by and window left to the caller
};

struct SamplingImport {
    std::vector<SamplingRow> rows;
    std::vector<Error> errors;  // one per bad line: "line 3, column date: ..."
};

// Fails as a whole only when the text is not CSV or a required column is missing.
Result<SamplingImport> parse_sampling_csv(std::string_view text);

}  // namespace yandian::quality
