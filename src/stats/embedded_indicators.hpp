#pragma once
// The CSV tables of data/stats/ (indicator definitions), compiled into the library by src/stats/CMakeLists.txt.
#include <span>
#include <string_view>

namespace yandian::stats::indicator_data {

struct EmbeddedTable {
    std::string_view name;  // file name without extension, e.g. "indicators"
    std::string_view text;  // the whole CSV file
};

std::span<const EmbeddedTable> embedded_tables();

}  // namespace yandian::stats::indicator_data
