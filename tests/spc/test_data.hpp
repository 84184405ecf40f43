#pragma once
// Loads the reference data sets of tests/spc/data with the product's own CSV reader.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv.hpp"

namespace yandian::spc::testing {

struct Grouped {
    std::vector<double> values;
    std::vector<std::string> ids;
};

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// tests/spc/data/<name>: columns subgroup,value.
inline Grouped load_grouped(const std::string& name) {
    const auto table = csv::parse(read_text(std::string(YANDIAN_SOURCE_DIR) + "/tests/spc/data/" + name));
    Grouped g;
    if (!table) return g;
    const auto sub = *table->column("subgroup");
    g.values = *csv::numeric_column(*table, "value");
    for (const auto& row : table->rows) g.ids.push_back(row[sub]);
    return g;
}

// The first `count` values of the piston-ring data (count = 125: the 25 trial subgroups).
inline Grouped pistonrings(std::size_t count = 200) {
    Grouped g = load_grouped("pistonrings.csv");
    g.values.resize(count);
    g.ids.resize(count);
    return g;
}

}  // namespace yandian::spc::testing
