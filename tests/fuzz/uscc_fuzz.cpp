// libFuzzer target for the unified social credit code (USCC) validator (firm add takes codes from people). Beyond "no
// crash", an accepted code must be 18 characters of the code's set, read back unchanged, and carry the check character
// its first 17 give; a rejection must name what was wrong.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "stats/credit_code.hpp"

using namespace yandian::stats;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto code = validate_credit_code(text);
    if (code) {
        if (code->size() != 18) std::abort();
        for (char c : *code) {
            if (credit_code_value(c) < 0) std::abort();
        }
        auto again = validate_credit_code(*code);
        if (!again || *again != *code) std::abort();
        auto check = credit_code_check_character(std::string_view(*code).substr(0, 17));
        if (!check || *check != (*code)[17]) std::abort();
    } else if (code.error().message.empty() || code.error().field != "credit_code") {
        std::abort();
    }
    return 0;
}
