#pragma once
// The unified social credit code (统一社会信用代码) of GB 32100-2015 "Coding rule of the unified social credit
// identifier for legal entities and other organizations":
//   position 1      registration authority code (登记管理部门代码)
//   position 2      organisation category code (机构类别代码)
//   positions 3-8   administrative division code of the registering authority (GB/T 2260, six digits)
//   positions 9-17  organisation code (主体标识码, GB 11714)
//   position 18     check character
// Every character is one of the 31 of the standard's character set: the digits 0-9 and the capital letters without
// I, O, Z, S and V (values 0-30 in the order 0123456789ABCDEFGHJKLMNPQRTUWXY). The check character C18 is the one of
// value 31 - (sum of C_i * W_i for i = 1..17 mod 31), with 31 read as 0, and the weights W_i = 3^(i-1) mod 31
// (1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28), as clause 4.2 of the standard states them.
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace yandian::stats {

inline constexpr std::string_view kCreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
inline constexpr int kCreditCodeWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

// The value (0-30) of a character of the code's character set, or -1 for any other character.
int credit_code_value(char c);

// The check character for the first 17 characters of a code; kInvalidArgument when `first17` is not 17 characters
// of the character set (naming the first bad position).
Result<char> credit_code_check_character(std::string_view first17);

// Validates a code as written by a user: surrounding spaces are ignored and lower-case letters are read as capitals
// (the code is printed in capitals). Returns the code in its canonical form (18 capitals and digits). Errors
// (kInvalidArgument, field "credit_code") name what is wrong: the length, the position (1-based) and the character
// outside the character set (an I, O, Z, S or V says so), a non-digit in the division code, or a check character
// that does not match (naming the expected one).
Result<std::string> validate_credit_code(std::string_view text);

}  // namespace yandian::stats
