#pragma once
// Measurement payloads as they arrive over HTTP and MQTT, parsed into an IncomingBatch.
//
// JSON: {"values":[{"value":12.003,"time":"2026-11-29T08:00:00.123Z","subgroup":"S17","part":"R-000123",
//        "operator":"wang","gauge":"G3"}, ...]}, or the bare array of such objects, or bare numbers [12.003, 12.004].
// CSV:  a header row naming the columns value (required), time, subgroup, part, operator, gauge, attributes, size;
//       one value per row.
// A value that cannot be read (non-numeric, not finite, bad timestamp, wrong type) becomes a ValueError with its
// 0-based index and field; the good values of the body are kept. A body that cannot be read as a whole (not JSON,
// wrong shape, no value column, more than max_values values) is a Result failure naming what was wrong.
// Fields: value (number, required), time (ISO 8601 with offset, or integer UTC milliseconds; absent = arrival),
// subgroup / part / operator / gauge (string; an integer is taken as its decimal text), attributes (the mark of the
// source as AQDEF K0002, an unsigned 32-bit integer: 0 valid, anything else keeps the value out of the statistics),
// size (attribute characteristics: units inspected, positive). Other keys and columns are ignored. JSON has no NaN
// or infinity; a number beyond the range of a double makes the JSON parser refuse the whole body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "ingest/incoming.hpp"

namespace yandian::ingest {

struct PayloadOptions {
    std::size_t max_values = 10000;  // more values in one body is refused whole (kPayloadTooLarge)
};

[[nodiscard]] Result<IncomingBatch> parse_json_measurements(std::string_view body, const PayloadOptions& options = {});
[[nodiscard]] Result<IncomingBatch> parse_csv_measurements(std::string_view body, const PayloadOptions& options = {});

// MQTT message payload: one object {"value":..,"time":..,...}, or a bare number, or any batch shape accepted by
// parse_json_measurements.
[[nodiscard]] Result<IncomingBatch> parse_mqtt_payload(std::string_view payload, const PayloadOptions& options = {});

// ISO 8601 date-time with a UTC offset → UTC milliseconds since the epoch. Accepts `YYYY-MM-DDTHH:MM:SS`, an
// optional fraction of 1–9 digits (truncated to milliseconds), then `Z` or `±HH:MM` / `±HHMM` / `±HH`.
// A time without an offset is refused (its zone would be a guess).
[[nodiscard]] Result<std::int64_t> parse_iso8601_ms(std::string_view text);
// UTC milliseconds → `YYYY-MM-DDTHH:MM:SS.mmmZ`.
[[nodiscard]] std::string format_iso8601_ms(std::int64_t utc_ms);

// Proleptic Gregorian calendar helpers (days counted from 1970-01-01).
struct CivilDate {
    int year = 1970;
    int month = 1;
    int day = 1;
};
[[nodiscard]] bool is_valid_date(int year, int month, int day);
[[nodiscard]] std::int64_t days_from_civil(int year, int month, int day);
[[nodiscard]] CivilDate civil_from_days(std::int64_t days);

}  // namespace yandian::ingest
