// Fuzzes the quality rule-set parser: any input either parses into a rule set whose items' maxima add up to 100,
// whose grade bands fall to 0 and whose vetoes cap at one of its grades — and which rates an empty file — or
// fails with a message starting "rules:".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "quality/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto rules = yandian::quality::parse_rules(text);
    if (!rules) {
        if (rules.error().message.rfind("rules: ", 0) != 0) std::abort();
        return 0;
    }
    int total = 0;
    for (const auto& item : rules->items) total += item.max;
    if (total != 100 || rules->grades.empty() || rules->grades.back().min != 0) std::abort();
    const auto r = yandian::quality::rate({}, *rules, 20'000, {36, 12});
    if (r.score < 0 || r.score > 100 || r.grade.empty()) std::abort();
    return 0;
}
