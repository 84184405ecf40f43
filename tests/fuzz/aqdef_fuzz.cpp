// Fuzzes the AQDEF reader and writer: any input either fails with an error naming a line, or reads into a file
// whose written form reads back with the same parts, characteristics and number of values.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/aqdef.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // A NUL byte splits the input into a .dfd and a .dfx text for the pair reader.
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        auto pair = yandian::ingest::read_aqdef(text.substr(0, nul), text.substr(nul + 1));
        if (!pair && pair.error().message.find("line ") == std::string::npos &&
            pair.error().message.find("empty AQDEF") == std::string::npos) {
            std::abort();
        }
    }
    auto file = yandian::ingest::read_aqdef(text);
    if (!file) {
        const auto& message = file.error().message;
        if (message.find("line ") == std::string::npos && message.find("empty AQDEF") == std::string::npos) {
            std::abort();
        }
        return 0;
    }
    for (const auto& part : file->parts) {
        for (const auto& c : part.characteristics) {
            if (c.values.values.size() != c.value_fields.size()) std::abort();
        }
    }
    if (file->characteristic_count() == 0 && file->parts.empty()) return 0;
    auto again = yandian::ingest::read_aqdef(yandian::ingest::write_aqdef(*file));
    if (!again || again->parts.size() != file->parts.size()) std::abort();
    for (std::size_t p = 0; p < file->parts.size(); ++p) {
        const auto& a = file->parts[p].characteristics;
        const auto& b = again->parts[p].characteristics;
        if (a.size() != b.size()) std::abort();
        for (std::size_t c = 0; c < a.size(); ++c) {
            if (a[c].values.values.size() != b[c].values.values.size()) std::abort();
            if (a[c].number != b[c].number || a[c].unit != b[c].unit) std::abort();
        }
    }
    return 0;
}
