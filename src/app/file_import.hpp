#pragma once
// File acquisition through the one ingest service: AQDEF (.dfq) import and export, and CSV history import with a
// column mapping. Each file's values are stored under an idempotency key derived from the file's SHA-256, so
// importing the same file again stores nothing twice.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/accounts.hpp"
#include "common/result.hpp"
#include "ingest/aqdef.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

class SpcService;

struct ImportedCharacteristic {
    std::int64_t id = 0;
    std::string code;
    bool created = false;      // created by this import
    std::size_t accepted = 0;  // values stored
    bool replayed = false;     // this file's values were stored before: nothing new
    std::vector<ingest::ValueError> rejected;
};

struct ImportReport {
    std::string sha256;
    std::vector<ImportedCharacteristic> characteristics;
    std::vector<std::string> warnings;
};

// The characteristic code an AQDEF characteristic gets: K2001 with every character outside A-Z a-z 0-9 . _ -
// replaced by '-', at most 64 characters; "c{n}" (n = the /n index) when K2001 is empty.
std::string aqdef_code(const ingest::AqdefCharacteristic& c);

// Reads a .dfq text and, on line `line_id` of the caller's organisation, creates the characteristics whose code is
// not there yet (feature K2002, nominal K2101, limits K2110/K2111, unit K2142, part K1001, subgroup size K8500 when
// given) and ingests their values (source "aqdef", key "aqdef:{sha256}:{code}") with their K0002 marks: a marked
// value is stored and listed but left out of the statistics. Attribute characteristics (K2004 1) become p charts
// (u when a count exceeds its sample size K0020, c when no sample gives a size); other types (K2004 2-4) are
// skipped with a warning. A file that cannot be read is refused whole, naming line and field.
Result<ImportReport> import_aqdef(SpcService& spc, const Principal& who, std::int64_t line_id,
                                  std::string_view dfq_text, const ingest::AqdefOptions& options = {});

// The characteristic's description and all its values as a .dfq text (K1001 part, K2001 code, K2002 feature,
// K2004 type, K2101/K2110/K2111/K2142, values with their K0002 mark, time, part, operator, gauge, subgroup; for an
// attribute characteristic K0020 units inspected and K0021 count). A value an engineer left out is written with
// K0002 129 (invalid) unless its source marked it. Read access is checked and logged like any read.
Result<std::string> export_aqdef(store::Database& db, SpcService& spc, const Principal& who,
                                 std::int64_t characteristic_id, const ingest::AqdefOptions& options = {});

// CSV history: `mapping` renames the file's columns to the fields value, time, subgroup, part, operator, gauge
// (pairs field → column, e.g. {"value","Durchmesser"}); `delimiter` ',' or ';'. Values go in batches of 10,000
// under the keys "csv:{sha256}:{batch}".
Result<ImportReport> import_csv(SpcService& spc, const Principal& who, std::int64_t characteristic_id,
                                std::string_view csv_text,
                                const std::vector<std::pair<std::string, std::string>>& mapping, char delimiter = ',');

// "value=Durchmesser,time=Zeit" → pairs; an error names a malformed entry or an unknown field.
Result<std::vector<std::pair<std::string, std::string>>> parse_column_mapping(std::string_view text);

}  // namespace yandian::app
