#pragma once
// Spreadsheet workbooks (.xlsx, Office Open XML SpreadsheetML, ECMA-376): reading from the bytes of a file, writing
// a file. Reading unzips with libzip and parses the XML parts with expat; writing uses libxlsxwriter. No zip or XML
// is hand-written.
//
// Reading is bounded: every part of the archive is refused when its stated or its actual uncompressed size passes
// the limit (a zip bomb, or an entry lying about its size, is refused before or while reading, never allocated in
// full); the cell count and the number of sheets are bounded too; DOCTYPE declarations (entity expansion) are
// refused. Cells keep what the file says: shared strings, inline strings, formula string results, numbers, booleans,
// error values; an empty cell (or one absent from the file) reads as empty.
#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace yandian::ingest::workbook {

struct Cell {
    enum class Kind { kEmpty, kText, kNumber, kBoolean, kError };
    Kind kind = Kind::kEmpty;
    std::string text;  // the text (kText), the error value (kError) or the number as written (kNumber)
    double number = 0;  // kNumber; 0/1 for kBoolean
};

struct Sheet {
    std::string name;
    std::map<std::pair<int, int>, Cell> cells;  // (row, column), both from 1; empty cells are not kept

    // The cell at row/column (from 1), or an empty cell.
    [[nodiscard]] const Cell& at(int row, int column) const;
    [[nodiscard]] int last_row() const;  // 0 when the sheet has no cell
};

struct Workbook {
    std::vector<Sheet> sheets;  // in the workbook's order

    [[nodiscard]] const Sheet* sheet(std::string_view name) const;
};

struct ReadLimits {
    std::size_t max_part_bytes = 32U << 20;   // one uncompressed part (sheet, shared strings...)
    std::size_t max_total_bytes = 96U << 20;  // all parts read
    std::size_t max_cells = 2'000'000;
    std::size_t max_sheets = 256;
};

// Reads a workbook from the bytes of an .xlsx file. kInvalidArgument names what is wrong (not a zip archive, a
// missing part, bad XML with its part and line, a part too large, a shared string index out of range with its cell).
Result<Workbook> read_workbook(std::string_view bytes, const ReadLimits& limits = {});

// "A" for 1, "Z" for 26, "AA" for 27, ... "XFD" for 16384.
std::string column_name(int column);
// 'Sheet "Returns" row 7 column C': where a cell is, as errors say it.
std::string cell_place(std::string_view sheet, int row, int column);

// ---- writing

using OutCell = std::variant<std::monostate, std::string, double>;

struct OutSheet {
    std::string name;
    std::vector<std::vector<OutCell>> rows;  // row 1 first
    std::vector<double> column_widths;       // in characters, column A first; unset columns keep the default
    std::vector<int> bold_rows;              // rows (from 1) written in bold
};

// Writes the sheets as an .xlsx file at `path` (replaced if present). kInvalidArgument for a sheet name Excel
// refuses; kInternal naming the path when the file cannot be written.
Status write_workbook(const std::string& path, std::span<const OutSheet> sheets);

}  // namespace yandian::ingest::workbook
