// Fuzzes the measurement payload parsers (JSON, MQTT JSON, CSV) and the ISO 8601 parser: any input either fails
// with a named error or gives a batch whose values are finite and whose error indexes lie inside the body.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/payload.hpp"

namespace {

void check(const yandian::Result<yandian::ingest::IncomingBatch>& batch) {
    if (!batch) {
        if (batch.error().message.empty()) std::abort();
        return;
    }
    for (const auto& v : batch->values) {
        if (!std::isfinite(v.value)) std::abort();
        if (v.size && !(std::isfinite(*v.size) && *v.size > 0)) std::abort();  // a sample size is positive
    }
    const std::size_t total = batch->values.size() + batch->errors.size();
    for (const auto& e : batch->errors) {
        if (e.index >= total || e.field.empty() || e.message.empty()) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    yandian::ingest::PayloadOptions options;
    options.max_values = 1000;
    check(yandian::ingest::parse_json_measurements(text, options));
    check(yandian::ingest::parse_mqtt_payload(text, options));
    check(yandian::ingest::parse_csv_measurements(text, options));
    if (auto ms = yandian::ingest::parse_iso8601_ms(text)) {
        // A parsed time formats back to a time that parses to the same instant (inside years 1..9998, where a
        // UTC offset cannot push the instant out of four-digit years).
        constexpr std::int64_t kDay = 86400000;
        if (*ms >= yandian::ingest::days_from_civil(1, 1, 1) * kDay &&
            *ms < yandian::ingest::days_from_civil(9999, 1, 1) * kDay) {
            auto back = yandian::ingest::parse_iso8601_ms(yandian::ingest::format_iso8601_ms(*ms));
            if (!back || *back != *ms) std::abort();
        }
    }
    return 0;
}
