#pragma once
// Reading query results into records: at most one row, or all rows (the PostgreSQL twin of sqlite/rows.hpp).
#include <optional>
#include <vector>

#include "store/postgres/connection.hpp"

namespace yandian::store::postgres {

template <class T, class Read>
Result<std::optional<T>> first_row(Result<Rows> rows, Read read) {
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<T>();
    return std::optional<T>(read(*rows, 0));
}

template <class T, class Read>
Result<std::vector<T>> every_row(Result<Rows> rows, Read read) {
    if (!rows) return tl::unexpected(rows.error());
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) out.push_back(read(*rows, i));
    return out;
}

}  // namespace yandian::store::postgres
