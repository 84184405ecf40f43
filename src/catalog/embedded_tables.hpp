#pragma once
// The CSV tables of data/, compiled into the library by src/catalog/CMakeLists.txt.
#include <span>
#include <string_view>

namespace yandian::catalog::detail {

struct EmbeddedTable {
    std::string_view name;  // file name without extension, e.g. "iso15_radial"
    std::string_view text;  // the whole CSV file
};

std::span<const EmbeddedTable> embedded_tables();

}  // namespace yandian::catalog::detail
