#include "store/store_copy.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace yandian::store {

namespace {

// Parents before children, as the foreign keys require. market_transactions (the row table of SQLite stores from
// before 0005) is not copied: opening the store moved its rows into blocks, and it must be empty.
constexpr const char* kTables[] = {
    "organisations",
    "users",
    "api_tokens",
    "sessions",
    "login_failures",
    "plants",
    "lines",
    "characteristics",
    "gauges",
    "ingest_batches",
    "measurements",
    "events",
    "grants",
    "grant_access_log",
    "market_resolutions",
    "market_offers",
    "market_designations",
    "market_brands",
    "market_regions",
    "market_blocks",
    "market_waiting",
    "market_revision",
    "market_cell_blocks",
    "firms",
    "firm_history",
    "plan_targets",
    "plan_actuals",
    "monitor_assets",
    "monitor_records",
    "monitor_record_plots",
    "monitor_alarms",
    "quality_entries",
    "quality_grades",
    "quality_blacklist",
    "quality_objections",
    "credit_consents",
    "credit_consent_revocations",
    "credit_report_reads",
    "credit_objections",
    "credit_objection_answers",
    "report_periods",
    "stat_returns",
    "stat_return_lines",
    "stat_return_queries",
    "furnaces",
    "furnace_zones",
    "furnace_recipes",
    "furnace_loads",
    "furnace_tus",
    "furnace_sat",
    "receivables",
    "receivable_events",
};

constexpr std::size_t kRowsPerInsert = 500;

enum class Kind { kText, kInteger, kReal, kBoolean, kBytes };

struct Column {
    std::string name;
    Kind kind = Kind::kText;
};

Result<std::vector<Column>> target_columns(postgres::Connection& pg, const std::string& table) {
    auto rows = pg.query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND "
        "table_name = $1 ORDER BY ordinal_position",
        {table});
    if (!rows) return tl::unexpected(rows.error());
    std::vector<Column> columns;
    for (int i = 0; i < rows->size(); ++i) {
        const std::string type(rows->text(i, 1));
        Kind kind = Kind::kText;
        if (type == "bigint" || type == "integer" || type == "smallint") kind = Kind::kInteger;
        if (type == "double precision" || type == "real" || type == "numeric") kind = Kind::kReal;
        if (type == "boolean") kind = Kind::kBoolean;
        if (type == "bytea") kind = Kind::kBytes;
        columns.push_back(Column{std::string(rows->text(i, 0)), kind});
    }
    if (columns.empty()) {
        return fail(ErrorCode::kFailedPrecondition, fmt::format("the PostgreSQL store has no table {}", table), "to");
    }
    return columns;
}

Result<std::int64_t> count_pg(postgres::Connection& pg, const std::string& table) {
    auto rows = pg.query(fmt::format("SELECT count(*) FROM {}", table));
    if (!rows) return tl::unexpected(rows.error());
    return rows->int64(0, 0);
}

Result<std::int64_t> count_sqlite(sqlite::Connection& lite, const std::string& table) {
    auto s = lite.prepare(fmt::format("SELECT count(*) FROM {}", table));
    if (!s) return tl::unexpected(s.error());
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0);
}

postgres::Param value_of(const sqlite::Statement& s, int i, Kind kind) {
    switch (kind) {
        case Kind::kBytes:
            return postgres::Param::bytes(s.column_blob(i));
        case Kind::kInteger:
            return postgres::Param(s.column_optional_int64(i));
        case Kind::kReal:
            return postgres::Param(s.column_optional_double(i));
        case Kind::kBoolean: {
            auto v = s.column_optional_int64(i);
            if (!v) return postgres::Param(std::nullopt);
            return postgres::Param(*v != 0 ? "true" : "false");
        }
        case Kind::kText:
            break;
    }
    return postgres::Param(s.column_optional_text(i));
}

// Copies one table in statements of kRowsPerInsert rows; returns the rows copied.
Result<std::int64_t> copy_table(sqlite::Connection& lite, postgres::Connection& pg, const std::string& table) {
    auto columns = target_columns(pg, table);
    if (!columns) return tl::unexpected(columns.error());
    std::string names;
    for (const Column& c : *columns) names += (names.empty() ? "" : ", ") + c.name;
    // market_revision holds one row that the migrations already made: it is replaced, not added.
    if (table == "market_revision") {
        if (auto cleared = pg.query("DELETE FROM market_revision"); !cleared) return tl::unexpected(cleared.error());
    }
    // Rows in their order of insertion; WITHOUT ROWID tables (sessions, market_waiting) in primary-key order.
    const bool without_rowid = table == "sessions" || table == "market_waiting";
    auto select =
        lite.prepare(fmt::format("SELECT {} FROM {}{}", names, table, without_rowid ? "" : " ORDER BY rowid"));
    if (!select) return tl::unexpected(select.error());
    const std::size_t width = columns->size();
    std::vector<postgres::Param> params;
    params.reserve(width * kRowsPerInsert);
    std::int64_t copied = 0;
    auto flush = [&]() -> Status {
        if (params.empty()) return {};
        const std::size_t rows = params.size() / width;
        std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ", table, names);  // ids as they were
        for (std::size_t r = 0; r < rows; ++r) {
            sql += r == 0 ? "(" : ", (";
            for (std::size_t c = 0; c < width; ++c) sql += fmt::format("{}${}", c == 0 ? "" : ", ", r * width + c + 1);
            sql += ")";
        }
        auto done = pg.query(sql, params);
        if (!done) {
            Error e = done.error();
            e.message = fmt::format("copying {}: {}", table, e.message);
            return tl::unexpected(std::move(e));
        }
        copied += static_cast<std::int64_t>(rows);
        params.clear();
        return {};
    };
    while (true) {
        auto row = select->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        for (std::size_t c = 0; c < width; ++c)
            params.push_back(value_of(*select, static_cast<int>(c), (*columns)[c].kind));
        if (params.size() >= width * kRowsPerInsert) {
            if (auto done = flush(); !done) return tl::unexpected(done.error());
        }
    }
    if (auto done = flush(); !done) return tl::unexpected(done.error());
    // Identity columns continue after the copied ids.
    auto identity = pg.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 "
        "AND is_identity = 'YES'",
        {table});
    if (!identity) return tl::unexpected(identity.error());
    for (int i = 0; i < identity->size(); ++i) {
        const std::string column(identity->text(i, 0));
        auto set =
            pg.query(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', '{1}'), coalesce(max({1}), 0) + 1, "
                                 "false) FROM {0}",
                                 table, column));
        if (!set) return tl::unexpected(set.error());
    }
    return copied;
}

}  // namespace

Result<StoreCopyReport> copy_store(sqlite::SqliteDatabase& from, postgres::PostgresDatabase& to) {
    auto from_version = from.schema_version();
    if (!from_version) return tl::unexpected(from_version.error());
    auto to_version = to.schema_version();
    if (!to_version) return tl::unexpected(to_version.error());
    if (*from_version != *to_version) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("the SQLite store is at schema version {}, the PostgreSQL store at {}", *from_version,
                                *to_version),
                    "to");
    }
    sqlite::Connection& lite = from.connection();
    postgres::Connection& pg = to.connection();
    std::lock_guard lite_lock(lite.mutex());
    if (auto legacy = count_sqlite(lite, "market_transactions"); !legacy || *legacy != 0) {
        return fail(ErrorCode::kFailedPrecondition, "the SQLite store still holds rows of the 0003 transaction table",
                    "from");
    }

    StoreCopyReport report;
    // Source counts, and whether the target is empty or already a copy of the source.
    std::vector<std::int64_t> source_counts;
    bool empty = true;
    bool same = true;
    for (const char* table : kTables) {
        auto n = count_sqlite(lite, table);
        if (!n) return tl::unexpected(n.error());
        auto m = count_pg(pg, table);
        if (!m) return tl::unexpected(m.error());
        source_counts.push_back(*n);
        // The migrations make market_revision's one row: it does not make the target "not empty".
        if (std::string_view(table) != "market_revision" && *m != 0) empty = false;
        if (*m != *n) same = false;
    }
    if (!empty) {
        if (!same) {
            for (std::size_t i = 0; i < std::size(kTables); ++i) {
                auto m = count_pg(pg, kTables[i]);
                if (m && *m != source_counts[i] && (std::string_view(kTables[i]) != "market_revision")) {
                    return fail(ErrorCode::kFailedPrecondition,
                                fmt::format("the PostgreSQL store already holds other data ({}: {} rows, the SQLite "
                                            "store has {}); copy into an empty database",
                                            kTables[i], *m, source_counts[i]),
                                "to");
                }
            }
        }
        report.already_copied = true;
        for (std::size_t i = 0; i < std::size(kTables); ++i) report.tables.emplace_back(kTables[i], source_counts[i]);
        return report;
    }

    auto copied = postgres::in_transaction(pg, [&]() -> Status {
        for (std::size_t i = 0; i < std::size(kTables); ++i) {
            const std::string table = kTables[i];
            auto n = copy_table(lite, pg, table);
            if (!n) return tl::unexpected(n.error());
            auto check = count_pg(pg, table);
            if (!check) return tl::unexpected(check.error());
            if (*n != source_counts[i] || *check != source_counts[i]) {
                return fail(ErrorCode::kInternal,
                            fmt::format("{}: {} rows in the SQLite store, {} copied, {} in PostgreSQL; nothing was "
                                        "kept",
                                        table, source_counts[i], *n, *check),
                            "to");
            }
            report.tables.emplace_back(table, *check);
        }
        return {};
    });
    if (!copied) return tl::unexpected(copied.error());
    return report;
}

}  // namespace yandian::store
