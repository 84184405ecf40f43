#include "quality/sampling_csv.hpp"

#include <fmt/format.h>

#include "common/csv.hpp"
#include "stats/credit_code.hpp"

namespace yandian::quality {

Result<SamplingImport> parse_sampling_csv(std::string_view text) {
    auto table = csv::parse(text);
    if (!table) return tl::unexpected(table.error());
    static constexpr const char* kRequired[] = {"credit_code", "date", "product", "outcome", "source"};
    for (const char* name : kRequired) {
        if (auto c = csv::require_column(*table, name); !c) return tl::unexpected(c.error());
    }
    auto column = [&](const char* name) { return table->column(name); };
    const auto c_code = *column("credit_code"), c_date = *column("date"), c_product = *column("product"),
               c_outcome = *column("outcome"), c_source = *column("source");
    const auto c_batch = column("batch"), c_items = column("items"), c_retest = column("retest"),
               c_authority = column("authority"), c_report = column("report_no");
    SamplingImport out;
    for (std::size_t r = 0; r < table->rows.size(); ++r) {
        const auto& row = table->rows[r];
        const std::size_t line = table->row_lines[r];
        auto bad = [&](std::string_view col, const std::string& message) {
            out.errors.push_back(Error{ErrorCode::kInvalidArgument,
                                       fmt::format("line {}, column {}: {}", line, col, message), std::string(col)});
        };
        auto code = stats::validate_credit_code(row[c_code]);
        if (!code) {
            bad("credit_code", code.error().message);
            continue;
        }
        auto date = parse_iso_date(row[c_date], "date");
        if (!date) {
            bad("date", date.error().message);
            continue;
        }
        SamplingRow s;
        s.line = line;
        s.credit_code = *code;
        Entry& e = s.entry;
        e.kind = EntryKind::kSamplingInspection;
        e.date = *date;
        e.outcome = row[c_outcome];
        if (c_retest) e.retest = row[*c_retest];
        e.source = row[c_source];
        e.entered_by = "import";
        if (!row[c_product].empty()) e.fields["product"] = row[c_product];
        if (c_batch && !row[*c_batch].empty()) e.fields["batch"] = row[*c_batch];
        if (c_items && !row[*c_items].empty()) e.fields["items"] = row[*c_items];
        if (c_authority && !row[*c_authority].empty()) e.fields["authority"] = row[*c_authority];
        if (c_report && !row[*c_report].empty()) e.fields["report_no"] = row[*c_report];
        if (auto ok = check_entry(e, {}); !ok) {
            bad(ok.error().field, ok.error().message);
            continue;
        }
        out.rows.push_back(std::move(s));
    }
    return out;
}

}  // namespace yandian::quality
