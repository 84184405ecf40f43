// Fuzzes the returns workbook reader: any bytes are read as an .xlsx (libzip + expat, bounded) or refused with an
// error; never a crash, a leak or an allocation beyond the reader's limits (the run's RSS limit catches a zip bomb
// or a part lying about its size that got through). A return read keeps one place per figure, each naming its
// sheet, row and column.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "app/stats/returns_files.hpp"
#include "ingest/workbook/workbook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (auto r = yandian::app::read_returns_workbook(bytes)) {
        if (r->places.size() != r->lines.size()) std::abort();
        for (const auto& place : r->places) {
            if (place.rfind("Sheet \"Returns\" row ", 0) != 0) std::abort();
        }
        for (const auto& issue : r->issues) {
            if (issue.place.rfind("Sheet \"Returns\" row ", 0) != 0) std::abort();
        }
    }
    // The generic reader on small limits too: every refusal is an error value.
    yandian::ingest::workbook::ReadLimits small;
    small.max_part_bytes = 4096;
    small.max_total_bytes = 16384;
    small.max_cells = 64;
    if (auto book = yandian::ingest::workbook::read_workbook(bytes, small)) {
        std::size_t cells = 0;
        for (const auto& s : book->sheets) cells += s.cells.size();
        if (cells > small.max_cells) std::abort();
    }
    return 0;
}
