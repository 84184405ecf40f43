// MATLAB level-5 MAT files through libmatio.
#include <fmt/format.h>
#include <matio.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>
#include <memory>
#include <string>
#include <vector>

#include "ingest/vibration/common_checks.hpp"
#include "ingest/vibration/mat_check.hpp"
#include "ingest/vibration/vibration_file.hpp"

namespace yandian::ingest::vibration {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// matio reports through a process-wide log function; the last message of this thread's read is kept for the error.
thread_local std::string last_matio_message;
void matio_log(int /*level*/, char* message) { last_matio_message = message != nullptr ? message : ""; }

struct MatCloser {
    void operator()(mat_t* m) const { Mat_Close(m); }
};
struct VarFreer {
    void operator()(matvar_t* v) const { Mat_VarFree(v); }
};
using MatPtr = std::unique_ptr<mat_t, MatCloser>;
using VarPtr = std::unique_ptr<matvar_t, VarFreer>;

std::size_t element_count(const matvar_t* v) {
    if (v->rank <= 0 || v->dims == nullptr) return 0;
    std::size_t n = 1;
    for (int i = 0; i < v->rank; ++i) n *= v->dims[i];
    return n;
}

// The numeric values of a real variable of any numeric class, converted to double.
Result<std::vector<double>> numeric_values(const matvar_t* v, const std::string& name) {
    if (v->isComplex) return fail(ErrorCode::kInvalidArgument, "variable " + name + " is complex", name);
    const std::size_t n = element_count(v);
    if (n > 0 && v->data == nullptr) {
        return fail(ErrorCode::kInvalidArgument, "variable " + name + " has no data (truncated file?)", name);
    }
    const std::size_t elem = v->data_size > 0 ? static_cast<std::size_t>(v->data_size) : 0;
    if (n > 0 && (elem == 0 || v->nbytes < n * elem)) {
        return fail(ErrorCode::kInvalidArgument, "variable " + name + " is shorter than its dimensions (truncated file?)",
                    name);
    }
    std::vector<double> out(n);
    auto copy = [&](auto tag) {
        using T = decltype(tag);
        for (std::size_t i = 0; i < n; ++i) {
            T value;
            std::memcpy(&value, static_cast<const char*>(v->data) + i * sizeof(T), sizeof(T));
            out[i] = static_cast<double>(value);
        }
    };
    switch (v->class_type) {
        case MAT_C_DOUBLE: copy(double{}); break;
        case MAT_C_SINGLE: copy(float{}); break;
        case MAT_C_INT8: copy(std::int8_t{}); break;
        case MAT_C_UINT8: copy(std::uint8_t{}); break;
        case MAT_C_INT16: copy(std::int16_t{}); break;
        case MAT_C_UINT16: copy(std::uint16_t{}); break;
        case MAT_C_INT32: copy(std::int32_t{}); break;
        case MAT_C_UINT32: copy(std::uint32_t{}); break;
        case MAT_C_INT64: copy(std::int64_t{}); break;
        case MAT_C_UINT64: copy(std::uint64_t{}); break;
        default:
            return fail(ErrorCode::kInvalidArgument, "variable " + name + " is not a numeric array", name);
    }
    if (elem != 0) {
        // The class decides the element size matio stored; a mismatch means an unexpected layout.
        const std::size_t expected = v->class_type == MAT_C_DOUBLE ? 8 : 0;
        if (expected != 0 && elem != expected) {
            return fail(ErrorCode::kInvalidArgument, "variable " + name + " has an unexpected element size", name);
        }
    }
    return out;
}

struct VarInfo {
    std::string name;
    std::size_t count = 0;
    bool numeric = false;
};

}  // namespace

Result<VibrationRecord> read_mat_file(const std::string& path, const ReadOptions& options) {
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) return fail(ErrorCode::kNotFound, path + ": cannot open the file", "file");
        std::ostringstream bytes;
        bytes << in.rdbuf();
        if (auto ok = check_mat_level5(bytes.str(), path); !ok) return tl::unexpected(ok.error());
    }
    Mat_LogInitFunc("yandian", matio_log);
    last_matio_message.clear();
    MatPtr mat(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
    if (!mat) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("{}: not a readable MAT file{}", path,
                                last_matio_message.empty() ? "" : " (" + last_matio_message + ")"),
                    "file");
    }
    // List the variables (header only).
    std::vector<VarInfo> vars;
    for (;;) {
        VarPtr info(Mat_VarReadNextInfo(mat.get()));
        if (!info) break;
        if (info->name == nullptr) continue;
        VarInfo vi;
        vi.name = info->name;
        vi.count = element_count(info.get());
        vi.numeric = info->class_type >= MAT_C_DOUBLE && info->class_type <= MAT_C_UINT64 && !info->isComplex;
        vars.push_back(vi);
        if (vars.size() > 10000) break;
    }
    if (vars.empty()) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("{}: no variables in the MAT file{}", path,
                                last_matio_message.empty() ? "" : " (" + last_matio_message + ")"),
                    "file");
    }
    std::string names;
    for (const auto& v : vars) names += (names.empty() ? "" : ", ") + v.name;

    const auto is_signal = [](const VarInfo& v) { return v.numeric && v.count > 1; };
    std::string want = options.channel;
    std::transform(want.begin(), want.end(), want.begin(), [](unsigned char c) { return std::toupper(c); });
    const VarInfo* chosen = nullptr;
    std::string channel;
    if (want.empty() || want == "DE" || want == "FE" || want == "BA") {
        const std::string ch = want.empty() ? "DE" : want;
        for (const auto& v : vars) {
            if (is_signal(v) && ends_with(v.name, "_" + ch + "_time")) {
                if (chosen != nullptr) {
                    return fail(ErrorCode::kInvalidArgument,
                                fmt::format("{}: more than one variable ends in _{}_time ({}, {}); name the variable "
                                            "with --channel",
                                            path, ch, chosen->name, v.name),
                                "channel");
                }
                chosen = &v;
                channel = ch;
            }
        }
        if (chosen == nullptr && want.empty()) {
            // No DE channel: take the only signal, if there is exactly one.
            for (const auto& v : vars) {
                if (!is_signal(v)) continue;
                if (chosen != nullptr) {
                    chosen = nullptr;
                    break;
                }
                chosen = &v;
                channel = v.name;
            }
        }
        if (chosen == nullptr) {
            return fail(ErrorCode::kNotFound,
                        fmt::format("{}: no signal variable for channel {} (a name ending in _{}_time); variables: {}",
                                    path, want.empty() ? "DE" : want, want.empty() ? "DE" : want, names),
                        "channel");
        }
    } else {
        for (const auto& v : vars) {
            if (v.name == options.channel) chosen = &v;
        }
        if (chosen == nullptr) {
            return fail(ErrorCode::kNotFound,
                        fmt::format("{}: unknown variable or channel '{}' (channels DE, FE, BA); variables: {}", path,
                                    options.channel, names),
                        "channel");
        }
        if (!is_signal(*chosen)) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("{}: variable {} is not a real numeric vector", path, chosen->name), "channel");
        }
        channel = chosen->name;
    }
    const auto read_values = [&](const std::string& name) -> Result<std::vector<double>> {
        last_matio_message.clear();
        VarPtr var(Mat_VarRead(mat.get(), name.c_str()));
        if (!var) {
            return fail(ErrorCode::kInvalidArgument,
                        fmt::format("{}: variable {} could not be read (truncated file?){}", path, name,
                                    last_matio_message.empty() ? "" : " (" + last_matio_message + ")"),
                        name);
        }
        return numeric_values(var.get(), name);
    };
    VibrationRecord r;
    r.format = "mat";
    r.channel = channel;
    r.variable = chosen->name;
    auto samples = read_values(chosen->name);
    if (!samples) return tl::unexpected(samples.error());
    r.samples = std::move(*samples);
    for (const auto& v : vars) {
        if (!v.numeric || v.count != 1) continue;
        if (ends_with(v.name, "RPM") || ends_with(v.name, "rpm")) {
            auto rpm = read_values(v.name);
            if (rpm && !rpm->empty() && (*rpm)[0] > 0 && std::isfinite((*rpm)[0])) r.rpm = (*rpm)[0];
        } else if (v.name == "fs" || v.name == "Fs" || v.name == "sr" || v.name == "sample_rate") {
            auto fs = read_values(v.name);
            if (fs && !fs->empty()) r.fs = (*fs)[0];
        }
    }
    auto ok = detail::check_record(r, options, path);
    if (!ok) return tl::unexpected(ok.error());
    return r;
}

}  // namespace yandian::ingest::vibration
