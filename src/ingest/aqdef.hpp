#pragma once
// AQDEF / Q-DAS ASCII transfer format: reader and writer of .dfq files (description and values in one file) and
// of .dfd (description) + .dfx (values) pairs. Layout and K-field meanings: docs/ingest/aqdef.md.
//
// Lines are `Kxxxx value` or `Kxxxx/n value` (n = characteristic number for K0xxx/K2xxx/K8xxx, part number for
// K1xxx, 0 = all characteristics), or compact value lines: one line per measured part, characteristics separated
// by 0x0F, the fields of one value separated by 0x14 in the order K0001 K0002 K0004 K0005 K0006 K0007 K0008 K0010
// K0011 K0012. Dates `DD.MM.YYYY/HH:MM:SS` are local plant time, converted with AqdefOptions::utc_offset_minutes.
// Fields that are not mapped onto a typed member are kept verbatim (for the writer) and listed in
// AqdefFile::uninterpreted, never dropped silently.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "ingest/incoming.hpp"

namespace yandian::ingest {

// One K-field kept verbatim: key as "K2005", value text as written.
struct AqdefField {
    std::string key;
    std::string value;
};

struct AqdefCharacteristic {
    std::uint32_t index = 0;               // n of the /n suffix (1-based, numbered across the whole file)
    std::string number;                    // K2001
    std::string description;               // K2002
    int type = 0;                          // K2004: 0 variable, 1 attribute, 2 classified, 3 ordinal, 4 nominal
    std::optional<double> nominal;         // K2101
    std::optional<double> lower_limit;     // K2110
    std::optional<double> upper_limit;     // K2111
    std::string unit;                      // K2142
    std::optional<int> decimal_places;     // K2022
    std::vector<AqdefField> other_fields;  // every other K2xxx/K3xxx/K8xxx, in file order
    // The values: value K0001 (for attribute characteristics the number of defects K0021), attributes K0002,
    // time_ms K0004, part K0006 (batch / part id), operator_name K0008, gauge K0012, subgroup K0080.
    // values.errors: values that could not be read; ValueError::index is the 1-based line of the file.
    IncomingBatch values;
    // Parallel to values.values: the value's other K00xx fields (K0005 events, K0007 nest, K0010 machine,
    // K0011 process parameter, K0020 subgroup size, K0081 position, K0053 order, ...), in file order.
    std::vector<std::vector<AqdefField>> value_fields;
};

struct AqdefPart {
    std::uint32_t index = 0;               // n of K1xxx/n
    std::string number;                    // K1001
    std::string description;               // K1002
    std::vector<AqdefField> other_fields;  // every other K1xxx, in file order
    std::vector<AqdefCharacteristic> characteristics;
};

struct AqdefFile {
    std::vector<AqdefPart> parts;
    std::vector<AqdefField> other_fields;  // file-level fields other than K0100 (K0101, K5xxx ...), key with /n
    // Keys kept verbatim without interpretation, each once, with the line of first use: "K2005 (line 16)".
    std::vector<std::string> uninterpreted;
    // Things accepted but worth a look: K0100 disagreeing with the characteristics found, a field set twice.
    std::vector<std::string> warnings;

    [[nodiscard]] std::size_t characteristic_count() const;
    // The characteristic with this /n index, or nullptr.
    [[nodiscard]] const AqdefCharacteristic* characteristic(std::uint32_t index) const;
};

struct AqdefOptions {
    // Offset of the plant's local time from UTC, in minutes, used for K0004 dates. Default UTC+8 (China
    // Standard Time, no daylight saving: Linqing). Q-DAS files carry no zone of their own.
    int utc_offset_minutes = 8 * 60;
};

// Reads a .dfq text. Fails (naming the line and K-field) on a malformed K-field line, an unreadable description
// value (non-numeric K2101, ...), or a value for a characteristic that is not described. A value that cannot be
// read (non-numeric K0001, bad K0004 date) is left out and recorded in that characteristic's values.errors.
[[nodiscard]] Result<AqdefFile> read_aqdef(std::string_view dfq_text, const AqdefOptions& options = {});

// Reads a .dfd description and its .dfx values; errors name "dfd line N" or "dfx line N".
[[nodiscard]] Result<AqdefFile> read_aqdef(std::string_view dfd_text, std::string_view dfx_text,
                                           const AqdefOptions& options = {});

// Writes a .dfq (CRLF lines): K0100, per part its K1xxx/n fields, per characteristic its K2xxx/n fields
// (characteristics renumbered 1..N in order), then the values as K-field lines (K0001/n, K0002/n, K0004/n, ...),
// row by row. Times are written in whole seconds of local plant time.
[[nodiscard]] std::string write_aqdef(const AqdefFile& file, const AqdefOptions& options = {});

// Q-DAS date/time `DD.MM.YYYY/HH:MM:SS` (or `/HH:MM`) in local time at utc_offset_minutes → UTC milliseconds.
[[nodiscard]] Result<std::int64_t> parse_aqdef_time(std::string_view text, int utc_offset_minutes);
[[nodiscard]] std::string format_aqdef_time(std::int64_t utc_ms, int utc_offset_minutes);

}  // namespace yandian::ingest
