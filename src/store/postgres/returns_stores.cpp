#include "store/postgres/returns_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/postgres/rows.hpp"

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kPeriodColumns =
    "SELECT id, period, frequency, deadline, opened_by, opened_at FROM report_periods ";

ReportPeriodRecord read_period(const Rows& r, int i) {
    return ReportPeriodRecord{r.int64(i, 0),           std::string(r.text(i, 1)), std::string(r.text(i, 2)),
                              std::string(r.text(i, 3)), std::string(r.text(i, 4)), std::string(r.text(i, 5))};
}

ReturnRecord read_return(const Rows& r, int i) {
    ReturnRecord out;
    out.id = r.int64(i, 0);
    out.firm_id = r.int64(i, 1);
    out.period = r.text(i, 2);
    out.revision = static_cast<int>(r.int64(i, 3));
    out.channel = r.text(i, 4);
    out.reason = r.text(i, 5);
    out.filed_by = r.text(i, 6);
    out.filed_at = r.text(i, 7);
    return out;
}

ReturnQueryRecord read_query(const Rows& r, int i) {
    return ReturnQueryRecord{r.int64(i, 0),           r.int64(i, 1),           std::string(r.text(i, 2)),
                             std::string(r.text(i, 3)), std::string(r.text(i, 4)), std::string(r.text(i, 5)),
                             std::string(r.text(i, 6))};
}

}  // namespace

Result<ReportPeriodRecord> PgReturnStore::open_period(const ReportPeriodRecord& p) {
    Lock lock(c_.mutex());
    auto present = find_period(p.period);
    if (!present) return tl::unexpected(present.error());
    if (*present) {
        return fail(ErrorCode::kAlreadyExists,
                    fmt::format("period {} is open already (deadline {})", p.period, (*present)->deadline), "period");
    }
    auto rows = c_.query(
        "INSERT INTO report_periods (period, frequency, deadline, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING id",
        {p.period, p.frequency, p.deadline, p.opened_by, p.opened_at});
    if (!rows) return tl::unexpected(rows.error());
    ReportPeriodRecord out = p;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::vector<ReportPeriodRecord>> PgReturnStore::list_periods() {
    Lock lock(c_.mutex());
    return every_row<ReportPeriodRecord>(c_.query(fmt::format("{}ORDER BY period", kPeriodColumns), {}), read_period);
}

Result<std::optional<ReportPeriodRecord>> PgReturnStore::find_period(std::string_view period) {
    Lock lock(c_.mutex());
    return first_row<ReportPeriodRecord>(c_.query(fmt::format("{}WHERE period = $1", kPeriodColumns), {period}),
                                         read_period);
}

Status PgReturnStore::check_firm_and_period(std::int64_t firm_id, const std::string& period) {
    auto firm = c_.query("SELECT 1 FROM firms WHERE id = $1", {firm_id});
    if (!firm) return tl::unexpected(firm.error());
    if (firm->empty()) return fail(ErrorCode::kNotFound, fmt::format("firm {} not found", firm_id), "firm");
    auto open = find_period(period);
    if (!open) return tl::unexpected(open.error());
    if (!*open) return fail(ErrorCode::kNotFound, fmt::format("period {} is not open", period), "period");
    return {};
}

Result<ReturnRecord> PgReturnStore::add_return(const ReturnRecord& filed) {
    Lock lock(c_.mutex());
    ReturnRecord out = filed;
    auto done = atomically(c_, [&]() -> Status {
        if (auto known = check_firm_and_period(filed.firm_id, filed.period); !known) return known;
        // Revisions of one firm and period are numbered one after the other: concurrent filings wait on the firm's
        // row, so two never take the same number.
        auto locked = c_.query("SELECT id FROM firms WHERE id = $1 FOR UPDATE", {filed.firm_id});
        if (!locked) return tl::unexpected(locked.error());
        auto last = c_.query("SELECT coalesce(max(revision), 0) FROM stat_returns WHERE firm_id = $1 AND period = $2",
                             {filed.firm_id, filed.period});
        if (!last) return tl::unexpected(last.error());
        out.revision = static_cast<int>(last->int64(0, 0)) + 1;
        auto rows = c_.query(
            "INSERT INTO stat_returns (firm_id, period, revision, channel, reason, filed_by, filed_at) VALUES ($1, $2, "
            "$3, $4, $5, $6, $7) RETURNING id",
            {filed.firm_id, filed.period, out.revision, filed.channel, filed.reason, filed.filed_by, filed.filed_at});
        if (!rows) return tl::unexpected(rows.error());
        out.id = rows->int64(0, 0);
        std::int64_t line_no = 0;
        for (const ReturnLineRecord& l : filed.lines) {
            auto li = c_.query(
                "INSERT INTO stat_return_lines (return_id, line_no, indicator, value, unit, reason) VALUES ($1, $2, $3, "
                "$4, $5, $6)",
                {out.id, ++line_no, l.indicator, l.value, l.unit, l.reason});
            if (!li) return tl::unexpected(li.error());
        }
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return out;
}

Result<std::vector<ReturnRecord>> PgReturnStore::list_returns(const ReturnFilter& f) {
    Lock lock(c_.mutex());
    auto returns = every_row<ReturnRecord>(
        c_.query("SELECT r.id, r.firm_id, r.period, r.revision, r.channel, r.reason, r.filed_by, r.filed_at FROM "
                 "stat_returns r WHERE ($1::text IS NULL OR r.period = $1) AND ($2::bigint IS NULL OR r.firm_id = $2) "
                 "AND ($3::bigint = 1 OR r.revision = (SELECT max(revision) FROM stat_returns x WHERE x.firm_id = "
                 "r.firm_id AND x.period = r.period)) ORDER BY r.period, r.firm_id, r.revision",
                 {f.period, f.firm_id, std::int64_t{f.every_revision ? 1 : 0}}),
        read_return);
    if (!returns) return returns;
    for (ReturnRecord& r : *returns) {
        auto lines = every_row<ReturnLineRecord>(
            c_.query("SELECT indicator, value, unit, reason FROM stat_return_lines WHERE return_id = $1 ORDER BY "
                     "line_no",
                     {r.id}),
            [](const Rows& l, int i) {
                return ReturnLineRecord{std::string(l.text(i, 0)), l.number(i, 1), std::string(l.text(i, 2)),
                                        std::string(l.text(i, 3))};
            });
        if (!lines) return tl::unexpected(lines.error());
        r.lines = std::move(*lines);
    }
    return returns;
}

Result<ReturnQueryRecord> PgReturnStore::add_query(const ReturnQueryRecord& q) {
    Lock lock(c_.mutex());
    if (auto known = check_firm_and_period(q.firm_id, q.period); !known) return tl::unexpected(known.error());
    auto rows = c_.query(
        "INSERT INTO stat_return_queries (firm_id, period, indicator, note, asked_by, asked_at) VALUES ($1, $2, $3, "
        "$4, $5, $6) RETURNING id",
        {q.firm_id, q.period, q.indicator, q.note, q.asked_by, q.asked_at});
    if (!rows) return tl::unexpected(rows.error());
    ReturnQueryRecord out = q;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::vector<ReturnQueryRecord>> PgReturnStore::list_queries(std::optional<std::int64_t> firm_id,
                                                                   const std::optional<std::string>& period) {
    Lock lock(c_.mutex());
    return every_row<ReturnQueryRecord>(
        c_.query("SELECT id, firm_id, period, indicator, note, asked_by, asked_at FROM stat_return_queries WHERE "
                 "($1::bigint IS NULL OR firm_id = $1) AND ($2::text IS NULL OR period = $2) ORDER BY id",
                 {firm_id, period}),
        read_query);
}

}  // namespace yandian::store::postgres
