#pragma once
// German Credit (Statlog) from the shared public data folder, as the scorecard packages ship it
// (germancredit.csv, 1000 rows, creditability good/bad). Tests skip when the folder is absent.
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "common/csv.hpp"

namespace yandian::credit::testing {

inline std::string german_path() { return std::string(YANDIAN_SOURCE_DIR) + "/../shared/data/credit/germancredit.csv"; }

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::optional<csv::Table> german() {
    if (!std::filesystem::exists(german_path())) return std::nullopt;
    auto t = csv::parse(read_file(german_path()));
    if (!t) return std::nullopt;
    return *t;
}

// Rows [first, last) of a table, with their line numbers.
inline csv::Table slice(const csv::Table& t, std::size_t first, std::size_t last) {
    csv::Table out;
    out.header = t.header;
    for (std::size_t i = first; i < last && i < t.rows.size(); ++i) {
        out.rows.push_back(t.rows[i]);
        out.row_lines.push_back(t.row_lines[i]);
    }
    return out;
}

inline const char* kSkipGerman = "German Credit not found at ../shared/data/credit/germancredit.csv; skipped";

}  // namespace yandian::credit::testing
