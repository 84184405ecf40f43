#pragma once
// The data files of data/quality/ (rule set, publication windows, calendar), compiled into the library by
// src/quality/CMakeLists.txt.
#include <span>
#include <string_view>

namespace yandian::quality::detail {

struct EmbeddedTable {
    std::string_view name;  // file name without extension, e.g. "rules-v1"
    std::string_view text;  // the whole file
};

std::span<const EmbeddedTable> embedded_tables();

}  // namespace yandian::quality::detail
