// libFuzzer target for the designation parser and the size-query reader. Beyond "no crash, no hang" it checks
// that every accepted designation has a canonical form that reads back and is stable after one step.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "catalog/catalog.hpp"
#include "catalog/designation.hpp"
#include "catalog/equivalents.hpp"

using namespace yandian::catalog;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = parse_designation(text);
    if (parsed) {
        const std::string first = canonical(*parsed);
        (void)to_old_code(*parsed);
        (void)equivalents(*parsed);
        auto again = parse_designation(first);
        if (!again) std::abort();  // a canonical form must read back
        const std::string second = canonical(*again);
        auto third = parse_designation(second);
        if (!third || canonical(*third) != second) std::abort();  // and be stable
    } else if (parsed.error().message.empty() || parsed.error().field.empty()) {
        std::abort();  // every rejection names the part and its position
    }
    ParseOptions old;
    old.force_old_system = true;
    (void)parse_designation(text, old);
    (void)parse_size_query(text);
    return 0;
}
