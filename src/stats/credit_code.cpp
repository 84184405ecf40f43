#include "stats/credit_code.hpp"

#include <fmt/format.h>

namespace yandian::stats {

namespace {

Error bad(std::string message) { return Error{ErrorCode::kInvalidArgument, std::move(message), "credit_code"}; }

std::string shown(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x21 && u < 0x7f) return fmt::format("'{}'", c);
    return fmt::format("byte 0x{:02X}", u);
}

}  // namespace

int credit_code_value(char c) {
    const auto at = kCreditCodeAlphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

Result<char> credit_code_check_character(std::string_view first17) {
    if (first17.size() != 17) {
        return tl::unexpected(bad(fmt::format("a check character needs 17 characters, got {}", first17.size())));
    }
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        const int v = credit_code_value(first17[i]);
        if (v < 0) {
            return tl::unexpected(bad(fmt::format("position {}: {} is not in the code's character set", i + 1,
                                                  shown(first17[i]))));
        }
        sum += v * kCreditCodeWeights[i];
    }
    return kCreditCodeAlphabet[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

Result<std::string> validate_credit_code(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (text.empty()) return tl::unexpected(bad("the unified social credit code is empty"));
    std::string code(text);
    for (char& c : code) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    for (std::size_t i = 0; i < code.size() && i < 18; ++i) {
        const char c = code[i];
        if (credit_code_value(c) >= 0) continue;
        if (c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V') {
            return tl::unexpected(bad(fmt::format(
                "position {}: '{}' is not used in unified social credit codes (GB 32100 leaves out I, O, Z, S and V)",
                i + 1, c)));
        }
        return tl::unexpected(
            bad(fmt::format("position {}: {} is not a digit or an allowed capital letter", i + 1, shown(c))));
    }
    if (code.size() != 18) {
        return tl::unexpected(
            bad(fmt::format("a unified social credit code has 18 characters, '{}' has {}", code, code.size())));
    }
    for (std::size_t i = 2; i < 8; ++i) {
        if (code[i] < '0' || code[i] > '9') {
            return tl::unexpected(bad(fmt::format(
                "position {}: '{}' in the administrative division code (positions 3-8), which is six digits", i + 1,
                code[i])));
        }
    }
    auto check = credit_code_check_character(std::string_view(code).substr(0, 17));
    if (!check) return tl::unexpected(check.error());
    if (*check != code[17]) {
        return tl::unexpected(bad(fmt::format(
            "position 18: check character '{}' does not match the first 17 characters of {} (expected '{}'); a "
            "character was probably mistyped",
            code[17], code, *check)));
    }
    return code;
}

}  // namespace yandian::stats
