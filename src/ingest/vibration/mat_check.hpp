#pragma once
// Structural check of a MATLAB level-5 MAT file (mat_check.cpp says what and why): every element, array and
// compressed block must fit in the bytes that hold it before libmatio is given the file.
#include <cstdint>
#include <string_view>

#include "common/result.hpp"

namespace yandian::ingest::vibration {

// `label` names the file in messages. `max_inflated` bounds the bytes all compressed elements may inflate to.
inline constexpr std::uint64_t kMaxMatInflated = 512ull << 20;
[[nodiscard]] Status check_mat_level5(std::string_view bytes, std::string_view label,
                                      std::uint64_t max_inflated = kMaxMatInflated);

}  // namespace yandian::ingest::vibration
