// Fuzzes the scorecard spec parser: any input either parses into a spec whose variables are named and whose
// breaks increase strictly, or fails with a message starting "spec:".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "credit/scorecard_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto spec = yandian::credit::parse_spec(text);
    if (!spec) {
        if (spec.error().message.rfind("spec: ", 0) != 0) std::abort();
        return 0;
    }
    if (spec->variables.empty()) std::abort();
    for (const auto& v : spec->variables) {
        if (v.name.empty()) std::abort();
        for (std::size_t i = 1; i < v.breaks.size(); ++i) {
            if (!(v.breaks[i] > v.breaks[i - 1])) std::abort();
        }
    }
    return 0;
}
