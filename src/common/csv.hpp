#pragma once
// RFC 4180 CSV reader: a header row, then records of string fields. Quoted fields may hold commas, doubled
// quotes and line breaks; lines end in LF or CRLF; a UTF-8 byte-order mark is skipped. Errors name the line
// (1-based, physical lines of the text) and the column (1-based field position).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::csv {

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // each has header.size() fields
    std::vector<std::size_t> row_lines;          // physical line where each record starts (1-based)

    // Position of the column with this header name (exact match after trimming spaces), if any.
    [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
    [[nodiscard]] std::size_t size() const { return rows.size(); }
};

struct ReadOptions {
    char delimiter = ',';
    bool skip_blank_lines = true;  // a line with nothing on it is not a record
    // The line number of the text's first line: a piece of a file parsed on its own (a header and one record)
    // reports the lines of the whole file.
    std::size_t first_line = 1;
};

// Parses the whole text. Fails on an empty text, an unterminated quote, a character after a closing quote,
// or a record whose field count differs from the header's.
[[nodiscard]] Result<Table> parse(std::string_view text, const ReadOptions& options = {});

// The end of the record starting at `pos` of a CSV body: the index of its final '\n' (outside quotes), or
// text.size() when it runs to the end. `lines` is set to the number of physical lines the record spans.
[[nodiscard]] std::size_t record_end(std::string_view text, std::size_t pos, std::size_t& lines);

// Parses a decimal number (leading/trailing spaces allowed, nothing else); the error names line and field.
[[nodiscard]] Result<double> parse_double(std::string_view text, std::size_t line, std::string_view field);

// A required column: fails naming the missing header.
[[nodiscard]] Result<std::size_t> require_column(const Table& table, std::string_view name);

// The numbers of one column, each parsed with parse_double.
[[nodiscard]] Result<std::vector<double>> numeric_column(const Table& table, std::string_view name);

// ---- writing

// One field as RFC 4180 writes it: quoted (with quotes doubled) when it holds a comma, a quote or a line break.
[[nodiscard]] std::string field(std::string_view text);
// A record: the fields, each written by field(), joined by commas and ended by "\n".
[[nodiscard]] std::string record(const std::vector<std::string>& fields);

}  // namespace yandian::csv
