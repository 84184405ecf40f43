// Fuzzes the MAT reader (libmatio needs a file: the input is written to a temporary file first). A record of
// finite samples, or an error with a message.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ingest/vibration/vibration_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/yandian_mat_fuzz_" + std::to_string(getpid()) + ".mat";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    yandian::ingest::vibration::ReadOptions o;
    o.default_fs = 1000;
    auto r = yandian::ingest::vibration::read_mat_file(path, o);
    if (r) {
        for (double v : r->samples) {
            if (!std::isfinite(v)) std::abort();
        }
    } else if (r.error().message.empty()) {
        std::abort();
    }
    return 0;
}
