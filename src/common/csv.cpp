#include "common/csv.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <system_error>

namespace yandian::csv {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

tl::unexpected<Error> syntax_error(std::size_t line, std::size_t column, std::string_view what) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("line {}, column {}: {}", line, column, what),
                fmt::format("line {}", line));
}

}  // namespace

std::size_t record_end(std::string_view text, std::size_t pos, std::size_t& lines) {
    bool quoted = false;
    lines = 1;
    for (std::size_t i = pos; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') quoted = !quoted;
        if (c != '\n') continue;
        if (!quoted) return i;
        ++lines;
    }
    return text.size();
}

std::optional<std::size_t> Table::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (trim(header[i]) == name) return i;
    }
    return std::nullopt;
}

Result<Table> parse(std::string_view text, const ReadOptions& options) {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
        static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
        text.remove_prefix(3);
    }
    Table table;
    std::vector<std::string> record;
    std::string field;
    std::size_t line = options.first_line;  // current physical line
    std::size_t record_line = options.first_line;  // line where the current record started
    bool have_header = false;
    bool pending = false;  // a record has been started and not finished
    std::size_t i = 0;
    const std::size_t n = text.size();

    auto finish_record = [&]() -> Status {
        record.push_back(std::move(field));
        field.clear();
        const bool blank = record.size() == 1 && record[0].empty();
        if (blank && options.skip_blank_lines) {
            record.clear();
            return {};
        }
        if (!have_header) {
            table.header = std::move(record);
            have_header = true;
        } else {
            if (record.size() != table.header.size()) {
                return syntax_error(
                    record_line, std::min(record.size(), table.header.size()) + 1,
                    fmt::format("expected {} fields as in the header, found {}", table.header.size(), record.size()));
            }
            table.rows.push_back(std::move(record));
            table.row_lines.push_back(record_line);
        }
        record.clear();
        return {};
    };

    while (i < n) {
        // Start of a field.
        pending = true;
        const std::size_t column = record.size() + 1;
        if (text[i] == '"') {
            const std::size_t quote_line = line;
            ++i;
            bool closed = false;
            while (i < n) {
                const char c = text[i];
                if (c == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                if (c == '\n') ++line;
                field.push_back(c);
                ++i;
            }
            if (!closed) return syntax_error(quote_line, column, "quoted field is not closed");
            if (i < n && text[i] != options.delimiter && text[i] != '\n' && text[i] != '\r') {
                return syntax_error(line, column, "unexpected character after a closing quote");
            }
        } else {
            while (i < n && text[i] != options.delimiter && text[i] != '\n' && text[i] != '\r') {
                if (text[i] == '"') return syntax_error(line, column, "quote inside an unquoted field");
                field.push_back(text[i]);
                ++i;
            }
        }
        // End of a field: delimiter, line end or end of text.
        if (i >= n) break;
        if (text[i] == options.delimiter) {
            record.push_back(std::move(field));
            field.clear();
            ++i;
            if (i >= n) break;  // trailing delimiter: an empty last field, handled below
            continue;
        }
        if (text[i] == '\r') {
            ++i;
            if (i < n && text[i] == '\n') ++i;
        } else {
            ++i;  // '\n'
        }
        pending = false;
        if (auto st = finish_record(); !st) return tl::unexpected(st.error());
        ++line;
        record_line = line;
    }
    if (pending) {
        if (auto st = finish_record(); !st) return tl::unexpected(st.error());
    }
    if (!have_header)
        return fail(ErrorCode::kInvalidArgument, "line 1: empty file, a header row is required", "line 1");
    return table;
}

Result<double> parse_double(std::string_view text, std::size_t line, std::string_view field) {
    const std::string_view t = trim(text);
    double value = 0.0;
    const char* first = t.data();
    const char* last = t.data() + t.size();
    if (!t.empty() && *first == '+') {
        ++first;
        if (first != last && *first == '-') first = last;  // "+-" is not a number
    }
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (t.empty() || ec != std::errc{} || ptr != last || !std::isfinite(value)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("line {}, field '{}': '{}' is not a number", line, field, text), std::string(field));
    }
    return value;
}

Result<std::size_t> require_column(const Table& table, std::string_view name) {
    if (auto c = table.column(name)) return *c;
    std::string found;
    for (const std::string& h : table.header) found += (found.empty() ? "'" : ", '") + h + "'";
    std::string hint;
    for (char other : {';', '\t', '|'}) {
        if (table.header.size() == 1 && table.header[0].find(other) != std::string::npos) {
            hint = other == '\t' ? "; the header holds tabs: is the file tab-separated (--delimiter $'\\t')?"
                                 : fmt::format("; the header holds '{}': is the file separated by it (--delimiter '{}')?",
                                               other, other);
        }
    }
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("line 1: missing column '{}' in the header (found {}){}", name,
                            found.empty() ? "no columns" : found, hint),
                std::string(name));
}

Result<std::vector<double>> numeric_column(const Table& table, std::string_view name) {
    auto c = require_column(table, name);
    if (!c) return tl::unexpected(c.error());
    std::vector<double> out;
    out.reserve(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        auto v = parse_double(table.rows[r][*c], table.row_lines[r], name);
        if (!v) return tl::unexpected(v.error());
        out.push_back(*v);
    }
    return out;
}

std::string field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string record(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        out += field(fields[i]);
    }
    out += '\n';
    return out;
}

}  // namespace yandian::csv
