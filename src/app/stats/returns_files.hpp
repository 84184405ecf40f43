#pragma once
// The file formats of statistical returns: the returns workbook (.xlsx; a template per period and firm, filled in and
// uploaded) and the returns CSV. Reading turns a file into returns (firm code, period, figures) and per-cell issues
// that name where the bad cell is: 'Sheet "Returns" row 7 column C: ...' for a workbook, 'line 3, column value: ...'
// for CSV. What a figure means is checked later by stats::validate_return; the place of each figure is kept so those
// issues name the cell too.
//
// The "Returns" sheet of the workbook:
//   row 2: A "统一社会信用代码 Firm code",  B the firm's unified social credit code
//   row 3: A "企业名称 Firm",               B the firm's name (for the reader; not used on import)
//   row 4: A "报告期 Period",               B 2026-10 or 2026
//   row 5: A "指标版本 Indicators version", B the version of the indicator definitions
//   row 6: the column headings
//   row 7 on, one indicator a row: A code, B name, C value, D unit, E basis, F reason for a large change
// A row whose value cell is empty is an indicator not reported. The "Instructions" sheet says how to fill it in
// (zh and en). CSV: a header firm_code,period,indicator,value,unit,reason and one figure a line (several firms and
// periods may share a file; reason may be empty).
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ingest/workbook/workbook.hpp"
#include "stats/indicators.hpp"
#include "stats/returns.hpp"

namespace yandian::app {

inline constexpr const char* kReturnsSheet = "Returns";
inline constexpr int kReturnsFirstRow = 7;

struct FileIssue {
    std::string place;  // 'Sheet "Returns" row 7 column C' | 'line 3, column value' | the file
    std::string message;
};

// One return read from a file.
struct FiledReturn {
    std::string firm_code;
    std::string period;
    std::string place;  // where the return starts (the firm code's cell, or the first line)
    std::vector<stats::ReturnLine> lines;
    std::vector<std::string> places;  // where each line's figure is
    std::vector<FileIssue> issues;    // cells that could not be read: the return is refused when there is any
};

// The template workbook for one firm and period: the indicators of the period's frequency, values empty.
std::vector<ingest::workbook::OutSheet> returns_template(const stats::IndicatorSet& indicators, stats::Period period,
                                                         const std::string& firm_code, const std::string& firm_name);

// Reads a filled-in returns workbook. Fails (kInvalidArgument) when the bytes are not a workbook or have no
// "Returns" sheet; a bad cell is an issue of the return.
Result<FiledReturn> read_returns_workbook(std::string_view bytes);

// Reads a returns CSV: one return per firm code and period, in the order they first appear. Fails when the text is
// not CSV or lacks a column; a bad cell is an issue of the return it belongs to (or, when even the firm code or
// period cannot be read, of a return with an empty code).
Result<std::vector<FiledReturn>> read_returns_csv(std::string_view text);

}  // namespace yandian::app
