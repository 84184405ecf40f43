// Fuzzes the returns CSV reader: any text is read or refused with an error; every figure read keeps its place
// ("line N, column value") and every issue names a line and column.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "app/stats/returns_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto returns = yandian::app::read_returns_csv(text)) {
        for (const auto& r : *returns) {
            if (r.places.size() != r.lines.size()) std::abort();
            for (const auto& issue : r.issues) {
                if (issue.place.rfind("line ", 0) != 0 || issue.place.find(", column ") == std::string::npos) {
                    std::abort();
                }
            }
        }
    }
    return 0;
}
