#include "ingest/payload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>

#include "common/csv.hpp"

namespace yandian::ingest {
namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

tl::unexpected<Error> bad_time(std::string_view text, std::string_view why) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not an ISO 8601 time: {}", text, why), "time");
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// Days from 1970-01-01: counted in 400-year eras of 146097 days, with the year starting on 1 March so that the
// leap day falls at its end (the method of H. Hinnant's "chrono-Compatible Low-Level Date Algorithms").
std::int64_t days_from_civil(int year, int month, int day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t year_of_era = y - era * 400;                               // [0, 399]
    const std::int64_t month_from_march = month > 2 ? month - 3 : month + 9;      // [0, 11]
    const std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;  // [0, 365]
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;  // 719468 = days from 0000-03-01 to 1970-01-01
}

CivilDate civil_from_days(std::int64_t days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t day_of_era = z - era * 146097;  // [0, 146096]
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;  // [0, 399]
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t month_from_march = (5 * day_of_year + 2) / 153;
    CivilDate date;
    date.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    date.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    date.year = static_cast<int>(year_of_era + era * 400 + (date.month <= 2 ? 1 : 0));
    return date;
}

Result<std::int64_t> parse_iso8601_ms(std::string_view text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (text.size() < 19 || !digits(text, 0, 4, year) || text[4] != '-' || !digits(text, 5, 2, month) ||
        text[7] != '-' || !digits(text, 8, 2, day)) {
        return bad_time(text, "expected YYYY-MM-DD at the start");
    }
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return bad_time(text, "expected 'T' after the date");
    if (!digits(text, 11, 2, hour) || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
        !digits(text, 17, 2, second)) {
        return bad_time(text, "expected HH:MM:SS after the date");
    }
    if (!is_valid_date(year, month, day)) return bad_time(text, "no such date");
    if (hour > 23 || minute > 59 || second > 59) return bad_time(text, "hour, minute or second out of range");
    std::size_t pos = 19;
    int millis = 0;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        std::size_t count = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (count < 3) millis = millis * 10 + (text[pos] - '0');
            ++count;
            ++pos;
        }
        if (count == 0 || count > 9) return bad_time(text, "the fraction of a second needs 1 to 9 digits");
        for (std::size_t i = count; i < 3; ++i) millis *= 10;
    }
    if (pos >= text.size()) return bad_time(text, "no UTC offset (Z or +HH:MM)");
    int offset_minutes = 0;
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        const int sign = text[pos] == '-' ? -1 : 1;
        int oh = 0, om = 0;
        if (!digits(text, pos + 1, 2, oh)) return bad_time(text, "bad UTC offset");
        pos += 3;
        if (pos < text.size()) {
            if (text[pos] == ':') ++pos;
            if (!digits(text, pos, 2, om)) return bad_time(text, "bad UTC offset");
            pos += 2;
        }
        if (oh > 23 || om > 59) return bad_time(text, "UTC offset out of range");
        offset_minutes = sign * (oh * 60 + om);
    } else {
        return bad_time(text, "no UTC offset (Z or +HH:MM)");
    }
    if (pos != text.size()) return bad_time(text, "unexpected characters after the UTC offset");
    const std::int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
                                 static_cast<std::int64_t>(offset_minutes) * 60;
    return seconds * 1000 + millis;
}

std::string format_iso8601_ms(std::int64_t utc_ms) {
    const std::int64_t days = floor_div(utc_ms, 86400000);
    const std::int64_t ms_of_day = utc_ms - days * 86400000;
    const CivilDate date = civil_from_days(days);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", date.year, date.month, date.day,
                       ms_of_day / 3600000, ms_of_day / 60000 % 60, ms_of_day / 1000 % 60, ms_of_day % 1000);
}

namespace {

using nlohmann::json;

constexpr std::size_t kMaxJsonDepth = 32;  // deeper bodies are refused before parsing
constexpr std::string_view kStringFields[] = {"subgroup", "part", "operator", "gauge"};

std::optional<std::string>& string_member(IncomingValue& v, std::string_view field) {
    if (field == "subgroup") return v.subgroup;
    if (field == "part") return v.part;
    if (field == "operator") return v.operator_name;
    return v.gauge;
}

// Nesting depth of a JSON text, counted outside strings; stops early once beyond the limit.
std::size_t json_depth(std::string_view text) {
    std::size_t depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > kMaxJsonDepth) break;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

std::string_view type_name(const json& j) {
    switch (j.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        default:
            return "a number";
    }
}

// Milliseconds since the epoch written as an integer (JSON number or CSV digits).
std::optional<std::int64_t> integer_ms(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
    return v;
}

// Reads one element of a JSON batch; a problem is returned as the ValueError of that index.
std::optional<ValueError> read_json_value(const json& item, std::size_t index, IncomingValue& out) {
    auto problem = [&](std::string field, std::string message) {
        return ValueError{index, std::move(field), std::move(message)};
    };
    const json* value = &item;
    if (item.is_object()) {
        auto it = item.find("value");
        if (it == item.end()) return problem("value", "missing 'value'");
        value = &*it;
    } else if (!item.is_number()) {
        return problem("value", fmt::format("expected a number or an object, found {}", type_name(item)));
    }
    if (!value->is_number()) return problem("value", fmt::format("'value' is {}, not a number", type_name(*value)));
    out.value = value->get<double>();
    if (!std::isfinite(out.value)) return problem("value", "'value' is not a finite number");
    if (!item.is_object()) return std::nullopt;

    if (auto it = item.find("time"); it != item.end() && !it->is_null()) {
        if (it->is_string()) {
            auto ms = parse_iso8601_ms(it->get_ref<const std::string&>());
            if (!ms) return problem("time", ms.error().message);
            out.time_ms = *ms;
        } else if (it->is_number_integer()) {
            out.time_ms = it->get<std::int64_t>();
        } else {
            return problem("time", fmt::format("'time' is {}, expected an ISO 8601 string or integer milliseconds",
                                               type_name(*it)));
        }
    }
    for (const std::string_view field : kStringFields) {
        auto it = item.find(field);
        if (it == item.end() || it->is_null()) continue;
        if (it->is_string()) {
            if (!it->get_ref<const std::string&>().empty()) string_member(out, field) = it->get<std::string>();
        } else if (it->is_number_integer()) {
            string_member(out, field) = it->dump();
        } else {
            return problem(std::string(field), fmt::format("'{}' is {}, expected a string", field, type_name(*it)));
        }
    }
    if (auto it = item.find("attributes"); it != item.end() && !it->is_null()) {
        if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 0xFFFFFFFFu) {
            return problem("attributes", "'attributes' must be an unsigned 32-bit integer");
        }
        out.attributes = it->get<std::uint32_t>();
    }
    if (auto it = item.find("size"); it != item.end() && !it->is_null()) {
        if (!it->is_number() || !std::isfinite(it->get<double>()) || !(it->get<double>() > 0)) {
            return problem("size", "'size' (units inspected) must be a positive number");
        }
        out.size = it->get<double>();
    }
    return std::nullopt;
}

Result<json> parse_json_body(std::string_view body) {
    if (json_depth(body) > kMaxJsonDepth) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("body nests deeper than {} levels", kMaxJsonDepth),
                    "body");
    }
    try {
        return json::parse(body);
    } catch (const json::exception& e) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("body is not JSON: {}", e.what()), "body");
    }
}

Result<IncomingBatch> read_json_items(const json& items, const PayloadOptions& options) {
    if (items.size() > options.max_values) {
        return fail(ErrorCode::kPayloadTooLarge,
                    fmt::format("{} values in one body, more than the maximum of {}", items.size(), options.max_values),
                    "values");
    }
    IncomingBatch batch;
    batch.values.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        IncomingValue v;
        if (auto problem = read_json_value(items[i], i, v)) {
            batch.errors.push_back(std::move(*problem));
        } else {
            batch.values.push_back(std::move(v));
        }
    }
    return batch;
}

Result<IncomingBatch> read_json_document(const json& doc, const PayloadOptions& options) {
    if (doc.is_array()) return read_json_items(doc, options);
    if (doc.is_object()) {
        auto it = doc.find("values");
        if (it == doc.end()) {
            return fail(ErrorCode::kInvalidArgument, "expected an array of values or an object with a 'values' array",
                        "values");
        }
        if (!it->is_array()) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("'values' is {}, not an array", type_name(*it)),
                        "values");
        }
        return read_json_items(*it, options);
    }
    return fail(
        ErrorCode::kInvalidArgument,
        fmt::format("body is {}; expected an array of values or an object with a 'values' array", type_name(doc)),
        "body");
}

}  // namespace

Result<IncomingBatch> parse_json_measurements(std::string_view body, const PayloadOptions& options) {
    auto doc = parse_json_body(body);
    if (!doc) return tl::unexpected(doc.error());
    return read_json_document(*doc, options);
}

Result<IncomingBatch> parse_mqtt_payload(std::string_view payload, const PayloadOptions& options) {
    auto doc = parse_json_body(payload);
    if (!doc) return tl::unexpected(doc.error());
    if (doc->is_number() || (doc->is_object() && doc->contains("value") && !doc->contains("values"))) {
        IncomingBatch batch;
        IncomingValue v;
        if (auto problem = read_json_value(*doc, 0, v)) {
            batch.errors.push_back(std::move(*problem));
        } else {
            batch.values.push_back(std::move(v));
        }
        return batch;
    }
    return read_json_document(*doc, options);
}

Result<IncomingBatch> parse_csv_measurements(std::string_view body, const PayloadOptions& options) {
    auto table = csv::parse(body);
    if (!table) return fail(table.error().code, "CSV body: " + table.error().message, table.error().field);
    auto value_column = csv::require_column(*table, "value");
    if (!value_column) return fail(value_column.error().code, "CSV body: " + value_column.error().message, "value");
    if (table->size() > options.max_values) {
        return fail(
            ErrorCode::kPayloadTooLarge,
            fmt::format("{} values in one body, more than the maximum of {}", table->size(), options.max_values),
            "values");
    }
    const auto time_column = table->column("time");
    const auto attributes_column = table->column("attributes");
    const auto size_column = table->column("size");
    std::optional<std::size_t> string_columns[std::size(kStringFields)];
    for (std::size_t f = 0; f < std::size(kStringFields); ++f) string_columns[f] = table->column(kStringFields[f]);

    IncomingBatch batch;
    batch.values.reserve(table->size());
    for (std::size_t r = 0; r < table->size(); ++r) {
        const auto& row = table->rows[r];
        const std::size_t line = table->row_lines[r];
        auto value = csv::parse_double(row[*value_column], line, "value");
        if (!value) {
            batch.errors.push_back({r, "value", value.error().message});
            continue;
        }
        IncomingValue v;
        v.value = *value;
        if (time_column) {
            const std::string& text = row[*time_column];
            if (!text.empty()) {
                if (auto ms = integer_ms(text)) {
                    v.time_ms = *ms;
                } else if (auto iso = parse_iso8601_ms(text)) {
                    v.time_ms = *iso;
                } else {
                    batch.errors.push_back({r, "time", fmt::format("line {}: {}", line, iso.error().message)});
                    continue;
                }
            }
        }
        for (std::size_t f = 0; f < std::size(kStringFields); ++f) {
            if (string_columns[f] && !row[*string_columns[f]].empty()) {
                string_member(v, kStringFields[f]) = row[*string_columns[f]];
            }
        }
        if (attributes_column && !row[*attributes_column].empty()) {
            const std::string& text = row[*attributes_column];
            std::uint32_t code = 0;
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
            if (ec != std::errc{} || ptr != text.data() + text.size()) {
                batch.errors.push_back(
                    {r, "attributes",
                     fmt::format("line {}: attributes '{}' is not an unsigned 32-bit integer", line, text)});
                continue;
            }
            v.attributes = code;
        }
        if (size_column && !row[*size_column].empty()) {
            auto size = csv::parse_double(row[*size_column], line, "size");
            if (!size || !(*size > 0)) {
                batch.errors.push_back({r, "size",
                                        size ? fmt::format("line {}: size (units inspected) must be positive", line)
                                             : size.error().message});
                continue;
            }
            v.size = *size;
        }
        batch.values.push_back(std::move(v));
    }
    return batch;
}

}  // namespace yandian::ingest
