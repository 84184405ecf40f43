// Writing .xlsx with libxlsxwriter.
#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>

#include "ingest/workbook/workbook.hpp"

namespace yandian::ingest::workbook {

Status write_workbook(const std::string& path, std::span<const OutSheet> sheets) {
    if (sheets.empty()) return fail(ErrorCode::kInvalidArgument, "a workbook needs at least one sheet", "sheets");
    for (const OutSheet& s : sheets) {
        if (s.name.empty() || s.name.size() > 31 || s.name.find_first_of("[]:*?/\\") != std::string::npos) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("sheet name \"{}\" is not 1-31 characters without []:*?/\\", s.name), "sheet");
        }
    }
    lxw_workbook* book = workbook_new(path.c_str());
    if (book == nullptr) return fail(ErrorCode::kInternal, fmt::format("cannot create the workbook {}", path), "path");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* wrap = workbook_add_format(book);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    Status result;
    for (const OutSheet& s : sheets) {
        lxw_worksheet* sheet = workbook_add_worksheet(book, s.name.c_str());
        if (sheet == nullptr) {
            result = fail(ErrorCode::kInvalidArgument, fmt::format("sheet name \"{}\" is refused (twice?)", s.name),
                          "sheet");
            break;
        }
        for (std::size_t c = 0; c < s.column_widths.size(); ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            worksheet_set_column(sheet, col, col, s.column_widths[c], nullptr);
        }
        for (std::size_t r = 0; r < s.rows.size() && result; ++r) {
            const bool is_bold = std::find(s.bold_rows.begin(), s.bold_rows.end(), static_cast<int>(r) + 1) !=
                                 s.bold_rows.end();
            for (std::size_t c = 0; c < s.rows[r].size(); ++c) {
                const auto row = static_cast<lxw_row_t>(r);
                const auto col = static_cast<lxw_col_t>(c);
                lxw_error e = LXW_NO_ERROR;
                if (const auto* text = std::get_if<std::string>(&s.rows[r][c])) {
                    e = worksheet_write_string(sheet, row, col, text->c_str(), is_bold ? bold : nullptr);
                } else if (const auto* number = std::get_if<double>(&s.rows[r][c])) {
                    e = worksheet_write_number(sheet, row, col, *number, is_bold ? bold : nullptr);
                }
                if (e != LXW_NO_ERROR) {
                    result = fail(ErrorCode::kInvalidArgument,
                                  fmt::format("{}: {}", cell_place(s.name, static_cast<int>(r) + 1,
                                                                   static_cast<int>(c) + 1),
                                              lxw_strerror(e)),
                                  "cell");
                    break;
                }
            }
        }
    }
    const lxw_error closed = workbook_close(book);
    if (!result) return result;
    if (closed != LXW_NO_ERROR) {
        return fail(ErrorCode::kInternal, fmt::format("cannot write the workbook {}: {}", path, lxw_strerror(closed)),
                    "path");
    }
    return {};
}

}  // namespace yandian::ingest::workbook
