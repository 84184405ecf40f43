// Fuzzes the CSV reader: any input either parses into a rectangular table or fails with a line-naming error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto table = yandian::csv::parse(text);
    if (table) {
        if (table->rows.size() != table->row_lines.size()) std::abort();
        for (const auto& row : table->rows) {
            if (row.size() != table->header.size()) std::abort();
            for (const auto& field : row) (void)yandian::csv::parse_double(field, 1, "f");
        }
    } else if (table.error().message.find("line ") == std::string::npos) {
        std::abort();
    }
    return 0;
}
