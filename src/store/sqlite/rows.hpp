#pragma once
// Reading result rows into records: at most one row, or all rows.
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "store/sqlite/connection.hpp"

namespace yandian::store::sqlite {

template <class T, class Read>
Result<std::optional<T>> one_row(Statement& statement, Read read) {
    auto row = statement.step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return std::optional<T>();
    return std::optional<T>(read(statement));
}

template <class T, class Read>
Result<std::vector<T>> all_rows(Statement& statement, Read read) {
    std::vector<T> out;
    while (true) {
        auto row = statement.step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return out;
        out.push_back(read(statement));
    }
}

// Runs a write that must touch exactly one row; kNotFound names `what` otherwise.
inline Status one_row_changed(Connection& c, Statement& statement, std::string_view what, std::int64_t id) {
    if (auto done = statement.run(); !done) return done;
    if (c.changes() == 0) return fail(ErrorCode::kNotFound, fmt::format("{} {} not found", what, id), "id");
    return {};
}

}  // namespace yandian::store::sqlite
