#pragma once
// Checks shared by the vibration readers.
#include <cmath>
#include <fmt/format.h>
#include <string>

#include "ingest/vibration/vibration_file.hpp"

namespace yandian::ingest::vibration::detail {

// Empty record, non-finite samples, rate: the record leaves a reader only if it passes.
inline Status check_record(VibrationRecord& r, const ReadOptions& o, std::string_view what) {
    if (r.samples.empty()) return fail(ErrorCode::kInvalidArgument, fmt::format("{}: the record is empty", what), "samples");
    for (std::size_t i = 0; i < r.samples.size(); ++i) {
        if (!std::isfinite(r.samples[i])) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("{}: sample {} is {}", what, i + 1, std::isnan(r.samples[i]) ? "NaN" : "infinite"),
                        fmt::format("sample {}", i + 1));
        }
    }
    if (o.fs) {
        r.fs = *o.fs;
        r.fs_source = "given";
    } else if (r.fs > 0) {
        r.fs_source = "file";
    } else if (o.default_fs) {
        r.fs = *o.default_fs;
        r.fs_source = "default";
    }
    if (!(r.fs > 0) || !std::isfinite(r.fs)) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("{}: no sampling rate in the file; give it (--fs)", what),
                    "fs");
    }
    if (o.unit) r.unit = *o.unit;
    return {};
}

}  // namespace yandian::ingest::vibration::detail
