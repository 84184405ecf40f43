// Fuzzes the CSV vibration reader: any input gives a record of finite samples with a positive rate, or an error
// with a message.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/vibration/vibration_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    yandian::ingest::vibration::ReadOptions o;
    o.default_fs = 1000;
    auto r = yandian::ingest::vibration::read_csv(text, o);
    if (r) {
        if (r->samples.empty() || !(r->fs > 0)) std::abort();
        for (double v : r->samples) {
            if (!std::isfinite(v)) std::abort();
        }
    } else if (r.error().message.empty()) {
        std::abort();
    }
    return 0;
}
