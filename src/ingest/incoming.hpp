#pragma once
// Measurements as they arrive from outside, before validation against their characteristic and storage.
// Every acquisition path (HTTP JSON/CSV, MQTT, AQDEF files, Modbus polling, CSV history import) produces
// these values; one ingest service then validates, stores durably, evaluates the run rules and pushes.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::ingest {

struct IncomingValue {
    double value = 0;
    std::optional<std::int64_t> time_ms;  // UTC milliseconds since the epoch; absent = time of arrival
    std::optional<std::string> subgroup;  // consecutive values with the same id form a subgroup
    std::optional<std::string> part;      // part serial number or lot
    std::optional<std::string> operator_name;
    std::optional<std::string> gauge;
    // Mark of the source, as AQDEF K0002: 0 a valid value; anything else (129 invalid, 255 placeholder, 256 delete on
    // import, 290 implausible, ...) keeps the value, listed and exported with its mark, out of the statistics.
    std::uint32_t attributes = 0;
    std::optional<double> size;  // attribute characteristics: units inspected in the sample (AQDEF K0020)
};

// A per-value problem found while reading a payload; the other values of the batch are kept.
struct ValueError {
    std::size_t index = 0;  // 0-based index of the value in the batch (or data line for files)
    std::string field;
    std::string message;
};

struct IncomingBatch {
    std::vector<IncomingValue> values;
    std::vector<ValueError> errors;
};

// Where a characteristic is addressed by name rather than id (MQTT topics, AQDEF files, Modbus maps).
struct CharacteristicKey {
    std::string organisation;  // organisation id or short name as in the MQTT topic
    std::string line;
    std::string characteristic;
};

// The ingest service as the adapters see it: returns only after the accepted values are durable
// (so an adapter may acknowledge its peer), or an error naming what was refused.
struct IngestResult {
    std::size_t accepted = 0;
    std::vector<ValueError> rejected;
};
using IngestSink = std::function<Result<IngestResult>(const CharacteristicKey&, const IncomingBatch&)>;

}  // namespace yandian::ingest
