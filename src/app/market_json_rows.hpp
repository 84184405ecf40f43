#pragma once
// The rows of a JSON import of sales or offers: body[key] must be an array of objects whose fields are read as text
// (strings, or integers where allowed); a row of the wrong shape is refused by its index and the others go on.
// Shared by MarketService::import_json and MarketOfferService::import_json.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/market_service.hpp"

namespace yandian::app {

template <class Raw>
struct JsonRows {
    std::vector<Raw> rows;
    std::vector<std::size_t> indexes;     // of each accepted row in the array
    std::vector<MarketRowError> refused;  // rows of the wrong shape, by index
};

// fill(row, index, raw, text) reads one object into `raw` through text(name, out, allow_number) and may refuse the
// row by returning an error; a field of the wrong type refuses it too ("unit_price" with its own message).
template <class Raw, class Fill>
Result<JsonRows<Raw>> read_json_rows(const nlohmann::json& body, std::string_view key, std::string_view array_message,
                                     std::string_view object_message, Fill fill) {
    auto it = body.find(key);
    if (it == body.end() || !it->is_array())
        return fail(ErrorCode::kInvalidArgument, std::string(array_message), std::string(key));
    JsonRows<Raw> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const nlohmann::json& row = (*it)[i];
        if (!row.is_object()) {
            out.refused.push_back(MarketRowError{i, std::string(key), std::string(object_message)});
            continue;
        }
        Raw raw;
        std::string bad_field;
        auto text = [&](std::string_view name, std::string& field, bool allow_number) {
            read_text_field(row, name, field, allow_number, bad_field);
        };
        if (std::optional<MarketRowError> refusal = fill(row, i, raw, text)) {
            out.refused.push_back(std::move(*refusal));
            continue;
        }
        if (!bad_field.empty()) {
            out.refused.push_back(MarketRowError{i, bad_field,
                                                 bad_field == "unit_price"
                                                     ? "'unit_price' must be a decimal string in yuan (\"12.50\")"
                                                     : fmt::format("'{}' has the wrong type", bad_field)});
            continue;
        }
        out.rows.push_back(std::move(raw));
        out.indexes.push_back(i);
    }
    return out;
}

// The import's report with the refused rows counted and listed, errors in index order.
inline MarketImportReport with_refused(MarketImportReport report, const std::vector<MarketRowError>& refused) {
    report.rows += static_cast<std::int64_t>(refused.size());
    report.errors.insert(report.errors.end(), refused.begin(), refused.end());
    std::sort(report.errors.begin(), report.errors.end(),
              [](const MarketRowError& a, const MarketRowError& b) { return a.line < b.line; });
    return report;
}

}  // namespace yandian::app
