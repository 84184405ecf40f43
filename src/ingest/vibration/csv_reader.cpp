// CSV vibration records: "# key=value" lines, an optional header, one column (value) or two (time, value).
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "common/csv.hpp"
#include "ingest/vibration/common_checks.hpp"
#include "ingest/vibration/vibration_file.hpp"

namespace yandian::ingest::vibration {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool looks_numeric(std::string_view field) {
    field = trim(field);
    if (field.empty()) return false;
    const char c = field.front();
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
}

}  // namespace

Result<VibrationRecord> read_csv(std::string_view text, const ReadOptions& options) {
    VibrationRecord r;
    r.format = "csv";
    // Metadata lines are blanked (line numbers stay those of the file).
    std::string body(text);
    std::size_t line_no = 0;
    std::size_t first_data_line = 0;
    for (std::size_t pos = 0; pos < body.size();) {
        ++line_no;
        std::size_t end = body.find('\n', pos);
        if (end == std::string::npos) end = body.size();
        const std::string_view line = trim(std::string_view(body).substr(pos, end - pos));
        if (!line.empty() && line.front() == '#') {
            const std::string_view kv = trim(line.substr(1));
            const auto eq = kv.find('=');
            if (eq != std::string_view::npos) {
                const std::string_view key = trim(kv.substr(0, eq));
                const std::string_view value = trim(kv.substr(eq + 1));
                const std::string field = fmt::format("line {}", line_no);
                if (key == "fs" || key == "rpm") {
                    auto v = csv::parse_double(value, line_no, key);
                    if (!v) return tl::unexpected(v.error());
                    if (!(*v > 0) || !std::isfinite(*v)) {
                        return fail(ErrorCode::kInvalidArgument,
                                    fmt::format("line {}: {} must be a positive number", line_no, key), field);
                    }
                    (key == "fs" ? r.fs : r.rpm.emplace()) = *v;
                } else if (key == "unit") {
                    auto u = monitor::parse_unit(value);
                    if (!u) return fail(ErrorCode::kInvalidArgument, fmt::format("line {}: {}", line_no, u.error().message), field);
                    r.unit = *u;
                } else if (key == "channel") {
                    r.channel = std::string(value);
                }
            }
            std::fill(body.begin() + static_cast<std::ptrdiff_t>(pos), body.begin() + static_cast<std::ptrdiff_t>(end),
                      ' ');
        } else if (!line.empty() && first_data_line == 0) {
            first_data_line = line_no;
        }
        pos = end + 1;
    }
    if (first_data_line == 0) return fail(ErrorCode::kInvalidArgument, "CSV: the record is empty", "samples");
    // Skip the blanked metadata lines before the first row so csv::parse sees its header or data first.
    std::size_t start = 0;
    for (std::size_t l = 1; l < first_data_line; ++l) start = body.find('\n', start) + 1;
    std::string_view rest = std::string_view(body).substr(start);
    const std::size_t offset = first_data_line - 1;  // physical lines before the parsed text
    // No header row: give one, and count lines from the row after it.
    std::string with_header;
    std::size_t header_lines = 0;
    {
        const std::string_view first = rest.substr(0, rest.find('\n'));
        if (looks_numeric(first.substr(0, first.find(',')))) {
            const bool two = first.find(',') != std::string_view::npos;
            with_header = std::string(two ? "time,value\n" : "value\n") + std::string(rest);
            rest = with_header;
            header_lines = 1;
        }
    }
    csv::ReadOptions ro;
    auto table = csv::parse(rest, ro);
    if (!table) {
        return fail(ErrorCode::kInvalidArgument, "CSV: " + table.error().message + fmt::format(
            " (counting from line {} of the file)", offset + 1 - header_lines), table.error().field);
    }
    const std::size_t cols = table->header.size();
    if (cols < 1 || cols > 2) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("CSV: {} columns; expected one (value) or two (time, value)", cols), "header");
    }
    r.samples.reserve(table->rows.size());
    std::vector<double> times;
    for (std::size_t i = 0; i < table->rows.size(); ++i) {
        const std::size_t line = table->row_lines[i] + offset - header_lines;
        const auto& row = table->rows[i];
        if (cols == 2) {
            auto t = csv::parse_double(row[0], line, table->header[0]);
            if (!t) return tl::unexpected(t.error());
            times.push_back(*t);
        }
        const std::string_view cell = trim(row[cols - 1]);
        if (cell == "NaN" || cell == "nan" || cell == "NAN") {
            return fail(ErrorCode::kInvalidArgument, fmt::format("CSV line {}: sample {} is NaN", line, i + 1),
                        fmt::format("line {}", line));
        }
        auto v = csv::parse_double(cell, line, table->header[cols - 1]);
        if (!v) return tl::unexpected(v.error());
        r.samples.push_back(*v);
    }
    if (cols == 2 && times.size() >= 2) {
        const double step = (times.back() - times.front()) / static_cast<double>(times.size() - 1);
        if (!(step > 0) || !std::isfinite(step)) {
            return fail(ErrorCode::kInvalidArgument, "CSV: the time column does not increase", "time");
        }
        for (std::size_t i = 1; i < times.size(); ++i) {
            const double dt = times[i] - times[i - 1];
            if (std::abs(dt - step) > 0.01 * step) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("CSV line {}: time step {} differs from the mean step {} by more than 1 %",
                                        table->row_lines[i] + offset - header_lines, dt, step),
                            "time");
            }
        }
        if (!(r.fs > 0)) r.fs = 1.0 / step;
    }
    if (r.channel.empty()) r.channel = "1";
    auto ok = detail::check_record(r, options, "CSV");
    if (!ok) return tl::unexpected(ok.error());
    return r;
}

}  // namespace yandian::ingest::vibration
