#pragma once
// FNV-1a 64 over the fields of a record, for identity keys that must stay the same across versions (a re-import
// recognises rows keyed by an earlier one): each string is followed by a 0x1f separator byte so ("ab", "c") and
// ("a", "bc") differ; integers are hashed as their 8 little-endian bytes.
#include <cstdint>
#include <string_view>

namespace yandian {

inline constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
inline constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

inline std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= kFnvPrime;
    }
    h ^= 0x1f;
    h *= kFnvPrime;
    return h;
}

inline std::uint64_t fnv1a(std::uint64_t h, std::int64_t v) {
    for (int i = 0; i < 8; ++i) {
        h ^= static_cast<std::uint64_t>(v >> (8 * i)) & 0xff;
        h *= kFnvPrime;
    }
    return h;
}

}  // namespace yandian
