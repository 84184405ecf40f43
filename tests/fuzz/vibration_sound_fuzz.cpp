// Fuzzes the sound-file reader (libsndfile over bytes in memory): a record of finite samples at a positive rate, or
// an error with a message; never more samples than the bytes could hold (at most eight per byte, as compressed
// encodings such as 4-bit ADPCM hold more than one).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/vibration/vibration_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto r = yandian::ingest::vibration::read_sound(bytes, {});
    if (r) {
        if (r->samples.empty() || !(r->fs > 0) || r->samples.size() > 8 * size + 1) std::abort();
        for (double v : r->samples) {
            if (!std::isfinite(v)) std::abort();
        }
    } else if (r.error().message.empty()) {
        std::abort();
    }
    return 0;
}
