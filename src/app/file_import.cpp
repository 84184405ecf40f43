#include "app/file_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "app/crypto.hpp"
#include "app/spc_service.hpp"
#include "common/csv.hpp"
#include "ingest/payload.hpp"
#include "store/database.hpp"

namespace yandian::app {

namespace {

constexpr std::size_t kCsvBatch = 10000;
constexpr std::uint32_t kAqdefInvalid = 129;  // K0002: value invalid
constexpr std::string_view kFields[] = {"value", "time", "subgroup", "part", "operator", "gauge"};

const ingest::AqdefField* find_field(const std::vector<ingest::AqdefField>& fields, std::string_view key) {
    for (const auto& f : fields) {
        if (f.key == key) return &f;
    }
    return nullptr;
}

Result<store::CharacteristicRecord> find_on_line(SpcService& spc, const Principal& who, std::int64_t line_id,
                                                 std::string_view code) {
    auto list = spc.list_characteristics(who);
    if (!list) return tl::unexpected(list.error());
    for (auto& a : *list) {
        if (a.characteristic.org_id == who.org_id && a.characteristic.line_id == line_id &&
            a.characteristic.code == code) {
            return std::move(a.characteristic);
        }
    }
    return fail(ErrorCode::kNotFound, fmt::format("characteristic '{}' not found", code), "code");
}

// The chart of an attribute characteristic (K2004 1): K0021 counts defects in samples of K0020 units. A p chart
// (fraction defective) when every count is at most its sample size, a u chart (defects per unit) when some count is
// larger, a c chart when no sample gives its size.
std::string attribute_chart_type(const ingest::AqdefCharacteristic& ch) {
    bool sized = false;
    bool above = false;
    for (const auto& v : ch.values.values) {
        if (!v.size) continue;
        sized = true;
        if (v.value > *v.size) above = true;
    }
    if (!sized) return "c";
    return above ? "u" : "p";
}

}  // namespace

std::string aqdef_code(const ingest::AqdefCharacteristic& c) {
    std::string code;
    for (char ch : c.number) {
        if (code.size() == 64) break;
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                        ch == '_' || ch == '.';
        code += ok ? ch : '-';
    }
    if (code.empty()) code = fmt::format("c{}", c.index);
    return code;
}

Result<ImportReport> import_aqdef(SpcService& spc, const Principal& who, std::int64_t line_id,
                                  std::string_view dfq_text, const ingest::AqdefOptions& options) {
    auto lines = spc.list_lines(who);
    if (!lines) return tl::unexpected(lines.error());
    if (std::none_of(lines->begin(), lines->end(), [&](const store::LineRecord& l) { return l.id == line_id; })) {
        return fail(ErrorCode::kNotFound, fmt::format("production line {} not found", line_id), "line_id");
    }
    auto file = ingest::read_aqdef(dfq_text, options);
    if (!file) return tl::unexpected(file.error());
    ImportReport report;
    report.sha256 = sha256_hex(dfq_text);
    report.warnings = file->warnings;
    for (const ingest::AqdefPart& part : file->parts) {
        for (const ingest::AqdefCharacteristic& ch : part.characteristics) {
            const std::string code = aqdef_code(ch);
            if (ch.type != 0 && ch.type != 1) {
                report.warnings.push_back(fmt::format(
                    "characteristic {} ('{}') is neither a variable nor an attribute (K2004 {}): not imported",
                    ch.index, code, ch.type));
                continue;
            }
            ImportedCharacteristic out;
            out.code = code;
            auto existing = find_on_line(spc, who, line_id, code);
            if (!existing && existing.error().code != ErrorCode::kNotFound) return tl::unexpected(existing.error());
            if (existing) {
                out.id = existing->id;
            } else {
                CharacteristicInput in;
                in.line_id = line_id;
                in.code = code;
                in.part_number = part.number;
                in.feature = ch.description.empty() ? code : ch.description;
                in.nominal = ch.nominal;
                in.lsl = ch.lower_limit;
                in.usl = ch.upper_limit;
                in.unit = ch.unit.empty() ? "mm" : ch.unit;
                if (ch.type == 1) {
                    in.chart_type = attribute_chart_type(ch);
                    in.unit = ch.unit.empty() ? "pcs" : ch.unit;
                } else if (const auto* k8500 = find_field(ch.other_fields, "K8500")) {
                    std::int64_t n = 0;
                    auto [end, ec] = std::from_chars(k8500->value.data(), k8500->value.data() + k8500->value.size(), n);
                    if (ec == std::errc() && end == k8500->value.data() + k8500->value.size() && n >= 1 && n <= 25) {
                        in.subgroup_size = n;
                    }
                }
                auto created = spc.create_characteristic(who, in);
                if (!created) {
                    Error e = created.error();
                    e.message = fmt::format("characteristic {} ('{}'): {}", ch.index, code, e.message);
                    return tl::unexpected(e);
                }
                out.id = created->id;
                out.created = true;
            }
            auto outcome =
                spc.ingest(who, out.id, ch.values, fmt::format("aqdef:{}:{}", report.sha256, code), "aqdef", false);
            if (!outcome) {
                Error e = outcome.error();
                e.message = fmt::format("characteristic {} ('{}'): {}", ch.index, code, e.message);
                return tl::unexpected(e);
            }
            out.accepted = outcome->accepted;
            out.replayed = outcome->replayed;
            out.rejected = outcome->rejected;
            report.characteristics.push_back(std::move(out));
        }
    }
    if (report.characteristics.empty() && file->characteristic_count() == 0) {
        return fail(ErrorCode::kInvalidArgument, "the AQDEF file describes no characteristic", "K2001");
    }
    return report;
}

Result<std::string> export_aqdef(store::Database& db, SpcService& spc, const Principal& who,
                                 std::int64_t characteristic_id, const ingest::AqdefOptions& options) {
    auto access = spc.read_characteristic(who, characteristic_id, "aqdef export");
    if (!access) return tl::unexpected(access.error());
    const store::CharacteristicRecord& c = access->characteristic;
    auto count = db.spc().count_measurements(c.id);
    if (!count) return tl::unexpected(count.error());
    auto stored = db.spc().measurements(c.id, 0, *count);
    if (!stored) return tl::unexpected(stored.error());
    ingest::AqdefFile file;
    ingest::AqdefPart part;
    part.index = 1;
    part.number = c.part_number;
    ingest::AqdefCharacteristic ch;
    ch.index = 1;
    ch.number = c.code;
    ch.description = c.feature;
    ch.nominal = c.nominal;
    ch.lower_limit = c.lsl;
    ch.upper_limit = c.usl;
    ch.unit = c.unit;
    const bool attribute = c.chart_type == "p" || c.chart_type == "np" || c.chart_type == "c" || c.chart_type == "u";
    ch.type = attribute ? 1 : 0;
    if (c.subgroup_size > 1) ch.other_fields.push_back({"K8500", std::to_string(c.subgroup_size)});
    ch.values.values.reserve(stored->size());
    for (const store::MeasurementRecord& m : *stored) {
        ingest::IncomingValue v;
        v.value = m.value;
        v.time_ms = m.time_ms;
        v.subgroup = m.subgroup;
        v.part = m.part;
        v.operator_name = m.operator_name;
        v.gauge = m.gauge;
        v.attributes = static_cast<std::uint32_t>(m.attributes);
        // An engineer's exclusion travels as K0002 129 (invalid: kept, not used in calculations) unless the source
        // marked the value itself; the reason stays in the event log.
        if (m.attributes == 0 && m.excluded_reason) v.attributes = kAqdefInvalid;
        v.size = m.sample_size;
        ch.values.values.push_back(std::move(v));
    }
    ch.value_fields.resize(ch.values.values.size());
    part.characteristics.push_back(std::move(ch));
    file.parts.push_back(std::move(part));
    return ingest::write_aqdef(file, options);
}

Result<std::vector<std::pair<std::string, std::string>>> parse_column_mapping(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view entry = text.substr(start, end - start);
        const std::size_t eq = entry.find('=');
        if (eq == std::string_view::npos || eq == 0 || eq + 1 == entry.size()) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("column mapping entry '{}' is not FIELD=COLUMN", entry), "map");
        }
        std::string field(entry.substr(0, eq));
        if (std::find(std::begin(kFields), std::end(kFields), field) == std::end(kFields)) {
            return fail(
                ErrorCode::kInvalidArgument,
                fmt::format("column mapping: unknown field '{}' (value, time, subgroup, part, operator, gauge)", field),
                "map");
        }
        out.emplace_back(std::move(field), std::string(entry.substr(eq + 1)));
        start = end + 1;
    }
    return out;
}

Result<ImportReport> import_csv(SpcService& spc, const Principal& who, std::int64_t characteristic_id,
                                std::string_view csv_text,
                                const std::vector<std::pair<std::string, std::string>>& mapping, char delimiter) {
    csv::ReadOptions read;
    read.delimiter = delimiter;
    auto table = csv::parse(csv_text, read);
    if (!table) return tl::unexpected(table.error());
    auto column_of = [&](std::string_view field) -> Result<std::optional<std::size_t>> {
        std::string name(field);
        bool mapped = false;
        for (const auto& [f, column] : mapping) {
            if (f == field) {
                name = column;
                mapped = true;
            }
        }
        auto at = table->column(name);
        if (!at && mapped) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("CSV has no column '{}' (mapped to {})", name, field),
                        std::string(field));
        }
        return at;
    };
    std::optional<std::size_t> columns[std::size(kFields)];
    for (std::size_t f = 0; f < std::size(kFields); ++f) {
        auto at = column_of(kFields[f]);
        if (!at) return tl::unexpected(at.error());
        columns[f] = *at;
    }
    if (!columns[0]) {
        return fail(ErrorCode::kInvalidArgument,
                    "CSV has no value column (name it 'value' or map it: --map value=COLUMN)", "value");
    }
    ImportReport report;
    report.sha256 = sha256_hex(csv_text);
    ImportedCharacteristic out;
    out.id = characteristic_id;
    std::size_t first = 0;
    std::size_t batch_no = 0;
    do {
        ingest::IncomingBatch batch;
        const std::size_t last = std::min(table->size(), first + kCsvBatch);
        for (std::size_t r = first; r < last; ++r) {
            const auto& row = table->rows[r];
            const std::size_t line = table->row_lines[r];
            const std::size_t index = r - first;
            auto value = csv::parse_double(row[*columns[0]], line, "value");
            if (!value) {
                batch.errors.push_back({index, "value", value.error().message});
                continue;
            }
            ingest::IncomingValue v;
            v.value = *value;
            if (columns[1] && !row[*columns[1]].empty()) {
                const std::string& text = row[*columns[1]];
                std::int64_t ms = 0;
                auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
                if (ec == std::errc() && end == text.data() + text.size()) {
                    v.time_ms = ms;
                } else if (auto iso = ingest::parse_iso8601_ms(text)) {
                    v.time_ms = *iso;
                } else {
                    batch.errors.push_back({index, "time", fmt::format("line {}: {}", line, iso.error().message)});
                    continue;
                }
            }
            std::optional<std::string>* targets[] = {&v.subgroup, &v.part, &v.operator_name, &v.gauge};
            for (std::size_t f = 2; f < std::size(kFields); ++f) {
                if (columns[f] && !row[*columns[f]].empty()) *targets[f - 2] = row[*columns[f]];
            }
            batch.values.push_back(std::move(v));
        }
        // Errors are reported by data row of the file (1-based).
        auto outcome =
            spc.ingest(who, characteristic_id, batch, fmt::format("csv:{}:{}", report.sha256, batch_no), "csv", false);
        if (!outcome) return tl::unexpected(outcome.error());
        out.accepted += outcome->accepted;
        out.replayed = outcome->replayed;
        for (const auto& e : batch.errors) out.rejected.push_back({first + e.index + 1, e.field, e.message});
        first = last;
        ++batch_no;
    } while (first < table->size());
    report.characteristics.push_back(std::move(out));
    return report;
}

}  // namespace yandian::app
