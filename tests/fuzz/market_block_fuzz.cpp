// Fuzzes the decoders of the stored market blocks (rows and monthly cells): bytes read back from a damaged store
// either fail with an error naming what is wrong or decode to columns of equal length that survive an encode and a
// second decode unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "store/market_block.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    yandian::store::MarketColumns rows;
    if (auto ok = yandian::store::decode_market_block(bytes, rows); ok) {
        const std::size_t n = rows.size();
        if (rows.time_ms.size() != n || rows.designation.size() != n || rows.channel.size() != n ||
            rows.unit_price_fen.size() != n) {
            std::abort();
        }
        std::string again;
        yandian::store::encode_market_block(rows, again);
        yandian::store::MarketColumns back;
        if (!yandian::store::decode_market_block(again, back)) std::abort();
        if (back.row_key != rows.row_key || back.time_ms != rows.time_ms || back.designation != rows.designation ||
            back.raw_brand != rows.raw_brand || back.brand != rows.brand || back.region != rows.region ||
            back.channel != rows.channel || back.quantity != rows.quantity ||
            back.unit_price_fen != rows.unit_price_fen) {
            std::abort();
        }
    } else if (ok.error().message.empty()) {
        std::abort();
    }
    yandian::store::MarketCells cells;
    if (auto ok = yandian::store::decode_market_cells(bytes, cells); ok) {
        const std::size_t n = cells.size();
        if (cells.designation.size() != n || cells.value_fen.size() != n || cells.transactions.size() != n) {
            std::abort();
        }
        std::string again;
        yandian::store::encode_market_cells(cells, again);
        yandian::store::MarketCells back;
        if (!yandian::store::decode_market_cells(again, back)) std::abort();
        if (back.month != cells.month || back.designation != cells.designation || back.brand != cells.brand ||
            back.region != cells.region || back.channel != cells.channel || back.quantity != cells.quantity ||
            back.value_fen != cells.value_fen || back.transactions != cells.transactions) {
            std::abort();
        }
    } else if (ok.error().message.empty()) {
        std::abort();
    }
    return 0;
}
