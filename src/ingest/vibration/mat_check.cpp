// Structural check of a MATLAB level-5 MAT file before libmatio reads it.
//
// libmatio allocates what a header announces: a dimension of 2^31, a compressed element that inflates to gigabytes,
// a cell or struct claiming millions of fields. A file from outside (an upload) is therefore walked here first, with
// every size checked against the bytes that hold it, and refused with a message naming the element when anything
// does not fit. The layout is MathWorks' "MAT-File Format" (level 5): a 128-byte header, then tagged data elements
// (type, byte count; a "small" element packs up to 4 bytes into its tag); miMATRIX elements hold array flags,
// dimensions, a name and the data parts; miCOMPRESSED holds one zlib-deflated element.
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "ingest/vibration/mat_check.hpp"

namespace yandian::ingest::vibration {
namespace {

constexpr std::uint32_t kMiInt8 = 1, kMiUint8 = 2, kMiInt16 = 3, kMiUint16 = 4, kMiInt32 = 5, kMiUint32 = 6,
                        kMiSingle = 7, kMiDouble = 9, kMiInt64 = 12, kMiUint64 = 13, kMiMatrix = 14,
                        kMiCompressed = 15, kMiUtf8 = 16, kMiUtf16 = 17, kMiUtf32 = 18;
constexpr std::uint32_t kClassCell = 1, kClassStruct = 2, kClassObject = 3, kClassChar = 4, kClassSparse = 5,
                        kClassDouble = 6, kClassUint64 = 15;
constexpr int kMaxDepth = 16;

// Sizes no vibration record needs: a ceiling on what an upload may make the reader allocate.
constexpr std::uint64_t kMaxElements = 1ull << 28;

std::uint32_t le32(const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;  // level-5 "IM" files are little-endian, as is every machine this builds for
}

std::size_t type_size(std::uint32_t type) {
    switch (type) {
        case kMiInt8: case kMiUint8: case kMiUtf8: return 1;
        case kMiInt16: case kMiUint16: case kMiUtf16: return 2;
        case kMiInt32: case kMiUint32: case kMiSingle: case kMiUtf32: return 4;
        case kMiDouble: case kMiInt64: case kMiUint64: return 8;
        default: return 0;
    }
}

struct Element {
    std::uint32_t type = 0;
    std::string_view data;
    std::size_t next = 0;  // offset of the element after this one in its container
};

class Checker {
public:
    Checker(std::string_view label, std::uint64_t max_inflated) : label_(label), max_inflated_(max_inflated) {}

    Status top_level(std::string_view bytes) {
        std::size_t pos = 128;
        int variable = 0;
        while (pos < bytes.size()) {
            if (bytes.size() - pos < 8) return bad(fmt::format("{} stray bytes at the end of the file", bytes.size() - pos));
            auto e = element(bytes, pos, fmt::format("element at byte {}", pos));
            if (!e) return tl::unexpected(e.error());
            ++variable;
            const std::string where = fmt::format("variable {} (byte {})", variable, pos);
            if (e->type == kMiMatrix) {
                if (auto ok = matrix(e->data, where, 0); !ok) return ok;
            } else if (e->type == kMiCompressed) {
                if (auto ok = compressed(e->data, where); !ok) return ok;
            }
            pos = e->next;
        }
        return {};
    }

private:
    Status bad(std::string what, std::string_view kind = "corrupt") const {
        return fail(ErrorCode::kInvalidArgument, fmt::format("{}: {} MAT file: {}", label_, kind, what), "file");
    }

    // The element at `pos` of `in`; its announced size must fit in what is left of `in`.
    Result<Element> element(std::string_view in, std::size_t pos, const std::string& where) const {
        if (in.size() - pos < 8) return tl::unexpected(bad(where + ": tag cut short").error());
        const std::uint32_t first = le32(in.data() + pos);
        Element e;
        if ((first >> 16) != 0) {  // small data element: byte count in the upper half, data in the tag
            e.type = first & 0xffff;
            const std::uint32_t n = first >> 16;
            if (n > 4) return tl::unexpected(bad(fmt::format("{}: small element of {} bytes (at most 4)", where, n)).error());
            e.data = in.substr(pos + 4, n);
            e.next = pos + 8;
            return e;
        }
        e.type = first;
        const std::uint64_t n = le32(in.data() + pos + 4);
        const std::uint64_t left = in.size() - pos - 8;
        if (n > left) {
            return tl::unexpected(
                bad(fmt::format("{} announces {} bytes, {} remain", where, n, left), "truncated").error());
        }
        e.data = in.substr(pos + 8, n);
        // Elements are padded to 8 bytes, except compressed ones; padding may be missing at the very end.
        const std::uint64_t padded = e.type == kMiCompressed ? n : (n + 7) / 8 * 8;
        e.next = static_cast<std::size_t>(std::min<std::uint64_t>(pos + 8 + padded, in.size()));
        return e;
    }

    Status compressed(std::string_view deflated, const std::string& where) {
        std::string out;
        z_stream z{};
        if (inflateInit(&z) != Z_OK) return bad(where + ": cannot start zlib");
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
        z.avail_in = static_cast<uInt>(deflated.size());
        char buffer[1 << 16];
        int rc = Z_OK;
        while (rc == Z_OK) {
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof buffer;
            rc = inflate(&z, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END) break;
            out.append(buffer, sizeof buffer - z.avail_out);
            if (inflated_ + out.size() > max_inflated_) {
                inflateEnd(&z);
                return bad(fmt::format("{}: inflates to more than {} bytes", where, max_inflated_));
            }
            if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) break;  // input ends before the stream does
        }
        inflateEnd(&z);
        if (rc != Z_STREAM_END) return bad(where + ": compressed data is cut short or damaged");
        inflated_ += out.size();
        if (out.size() < 8) return bad(where + ": compressed element is empty");
        auto e = element(out, 0, where + " (inflated)");
        if (!e) return tl::unexpected(e.error());
        if (e->type == kMiMatrix) return matrix(e->data, where, 0);
        return {};
    }

    Status matrix(std::string_view m, const std::string& where, int depth) {
        if (depth > kMaxDepth) return bad(where + ": arrays nested more than 16 deep");
        if (m.empty()) return {};  // an empty array (MATLAB writes these inside cells)
        std::size_t pos = 0;
        auto next = [&](const char* what) -> Result<Element> {
            if (pos >= m.size()) return tl::unexpected(bad(fmt::format("{}: no {}", where, what)).error());
            auto e = element(m, pos, fmt::format("{}: {}", where, what));
            if (e) pos = e->next;
            return e;
        };
        auto flags = next("array flags");
        if (!flags) return tl::unexpected(flags.error());
        if (flags->type != kMiUint32 || flags->data.size() != 8) return bad(where + ": array flags are not 8 bytes of uint32");
        const std::uint32_t cls = le32(flags->data.data()) & 0xff;
        const bool complex = (le32(flags->data.data()) & 0x800) != 0;
        auto dims = next("dimensions");
        if (!dims) return tl::unexpected(dims.error());
        if (dims->type != kMiInt32 || dims->data.size() < 8 || dims->data.size() % 4 != 0) {
            return bad(where + ": dimensions are not two or more int32");
        }
        auto name = next("name");
        if (!name) return tl::unexpected(name.error());
        if (name->type != kMiInt8) return bad(where + ": the name is not int8 text");
        const std::string named = name->data.empty() ? where : fmt::format("{} '{}'", where, std::string(name->data.substr(0, 63)));
        std::uint64_t count = 1;
        for (std::size_t i = 0; i < dims->data.size(); i += 4) {
            const auto d = static_cast<std::int32_t>(le32(dims->data.data() + i));
            if (d < 0) return bad(fmt::format("{}: negative dimension {}", named, d));
            count *= static_cast<std::uint64_t>(d);
            if (count > kMaxElements) return bad(fmt::format("{}: more than {} elements announced", named, kMaxElements));
        }

        if ((cls >= kClassDouble && cls <= kClassUint64) || cls == kClassChar) {
            for (int part = 0; part < (complex ? 2 : 1); ++part) {
                auto data = next(part == 0 ? "real part" : "imaginary part");
                if (!data) return tl::unexpected(data.error());
                const std::size_t size = type_size(data->type);
                if (size == 0) return bad(fmt::format("{}: data of unknown type {}", named, data->type));
                if (data->data.size() / size < count) {
                    return bad(fmt::format("{}: {} elements announced, the data holds {}", named, count,
                                           data->data.size() / size));
                }
            }
            return {};
        }
        if (cls == kClassCell) {
            if (count * 8 > m.size() - pos) return bad(fmt::format("{}: {} cells announced, too few bytes", named, count));
            for (std::uint64_t i = 0; i < count; ++i) {
                auto cell = next("cell");
                if (!cell) return tl::unexpected(cell.error());
                if (cell->type != kMiMatrix) return bad(fmt::format("{}: cell {} is not an array", named, i + 1));
                if (auto ok = matrix(cell->data, fmt::format("{} cell {}", named, i + 1), depth + 1); !ok) return ok;
            }
            return {};
        }
        if (cls == kClassStruct || cls == kClassObject) {
            if (cls == kClassObject) {
                auto class_name = next("class name");
                if (!class_name) return tl::unexpected(class_name.error());
            }
            auto length = next("field name length");
            if (!length) return tl::unexpected(length.error());
            if (length->type != kMiInt32 || length->data.size() != 4) return bad(named + ": field name length is not an int32");
            const std::uint32_t len = le32(length->data.data());
            auto names = next("field names");
            if (!names) return tl::unexpected(names.error());
            if (len == 0 && !names->data.empty()) return bad(named + ": field names of length 0");
            const std::uint64_t fields = len == 0 ? 0 : names->data.size() / len;
            if (count * fields * 8 > m.size() - pos) {
                return bad(fmt::format("{}: {} x {} fields announced, too few bytes", named, count, fields));
            }
            for (std::uint64_t i = 0; i < count * fields; ++i) {
                auto field = next("field");
                if (!field) return tl::unexpected(field.error());
                if (field->type != kMiMatrix) return bad(fmt::format("{}: field {} is not an array", named, i + 1));
                if (auto ok = matrix(field->data, fmt::format("{} field {}", named, i + 1), depth + 1); !ok) return ok;
            }
            return {};
        }
        if (cls == kClassSparse) return bad(named + ": sparse arrays are not read (save the signal as a full vector)");
        return bad(fmt::format("{}: array class {} is not read (numeric, char, cell and struct arrays are)", named, cls));
    }

    std::string label_;
    std::uint64_t max_inflated_;
    std::uint64_t inflated_ = 0;
};

}  // namespace

Status check_mat_level5(std::string_view bytes, std::string_view label, std::uint64_t max_inflated) {
    const std::string name(label);
    if (bytes.size() < 128) {
        return fail(ErrorCode::kInvalidArgument, name + ": truncated MAT file (no 128-byte header)", "file");
    }
    if (bytes.substr(0, 10) == "MATLAB 7.3") {
        return fail(ErrorCode::kInvalidArgument,
                    name + ": MAT 7.3 (HDF5) files are not read; save the record with -v7 or -v6", "file");
    }
    const std::string_view endian = bytes.substr(126, 2);
    if (endian == "MI") return fail(ErrorCode::kInvalidArgument, name + ": big-endian MAT files are not read", "file");
    if (endian != "IM") return fail(ErrorCode::kInvalidArgument, name + ": not a level-5 MAT file (no IM mark at byte 126)", "file");
    if (bytes[124] != 0 || bytes[125] != 1) {
        return fail(ErrorCode::kInvalidArgument, name + ": not a level-5 MAT file (version is not 0x0100)", "file");
    }
    return Checker(label, max_inflated).top_level(bytes);
}

}  // namespace yandian::ingest::vibration
