// Fuzzes the readers of outside quality files: the sampling-results CSV (per-line errors naming line and column),
// the publication-window table and the working-day calendar. Any input is read or refused with an error; a kept
// sampling row is a checked sampling inspection with a canonical 18-character credit code.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "quality/calendar.hpp"
#include "quality/sampling_csv.hpp"
#include "quality/windows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto import = yandian::quality::parse_sampling_csv(text)) {
        for (const auto& row : import->rows) {
            if (row.credit_code.size() != 18 || row.line == 0) std::abort();
            if (row.entry.outcome != "pass" && row.entry.outcome != "fail") std::abort();
        }
        for (const auto& e : import->errors) {
            if (e.message.rfind("line ", 0) != 0) std::abort();
        }
    }
    (void)yandian::quality::parse_window_table(text);
    if (auto cal = yandian::quality::WorkingCalendar::parse(text)) {
        for (int year : cal->years()) {
            auto next = cal->add_working_days(yandian::days_from_civil(year, 1, 1), 1);
            (void)next;
        }
    }
    return 0;
}
