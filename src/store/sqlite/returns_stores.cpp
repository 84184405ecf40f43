#include "store/sqlite/returns_stores.hpp"

#include <fmt/format.h>

#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

ReportPeriodRecord read_period(const Statement& s) {
    return ReportPeriodRecord{s.column_int64(0), s.column_text(1), s.column_text(2),
                              s.column_text(3),  s.column_text(4), s.column_text(5)};
}

constexpr std::string_view kPeriodColumns =
    "SELECT id, period, frequency, deadline, opened_by, opened_at FROM report_periods ";

ReturnRecord read_return(const Statement& s) {
    ReturnRecord r;
    r.id = s.column_int64(0);
    r.firm_id = s.column_int64(1);
    r.period = s.column_text(2);
    r.revision = static_cast<int>(s.column_int64(3));
    r.channel = s.column_text(4);
    r.reason = s.column_text(5);
    r.filed_by = s.column_text(6);
    r.filed_at = s.column_text(7);
    return r;
}

ReturnQueryRecord read_query(const Statement& s) {
    return ReturnQueryRecord{s.column_int64(0), s.column_int64(1), s.column_text(2), s.column_text(3),
                             s.column_text(4),  s.column_text(5),  s.column_text(6)};
}

}  // namespace

Result<ReportPeriodRecord> SqliteReturnStore::open_period(const ReportPeriodRecord& p) {
    Lock lock(c_.mutex());
    auto present = find_period(p.period);
    if (!present) return tl::unexpected(present.error());
    if (*present) {
        return fail(ErrorCode::kAlreadyExists,
                    fmt::format("period {} is open already (deadline {})", p.period, (*present)->deadline), "period");
    }
    auto s = c_.prepare(
        "INSERT INTO report_periods (period, frequency, deadline, opened_by, opened_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, std::string_view(p.period))
        .bind(2, std::string_view(p.frequency))
        .bind(3, std::string_view(p.deadline))
        .bind(4, std::string_view(p.opened_by))
        .bind(5, std::string_view(p.opened_at));
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    ReportPeriodRecord out = p;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<ReportPeriodRecord>> SqliteReturnStore::list_periods() {
    Lock lock(c_.mutex());
    auto s = c_.prepare(fmt::format("{}ORDER BY period", kPeriodColumns));
    if (!s) return tl::unexpected(s.error());
    return all_rows<ReportPeriodRecord>(*s, read_period);
}

Result<std::optional<ReportPeriodRecord>> SqliteReturnStore::find_period(std::string_view period) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(fmt::format("{}WHERE period = ?1", kPeriodColumns));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, period);
    return one_row<ReportPeriodRecord>(*s, read_period);
}

Status SqliteReturnStore::check_firm_and_period(std::int64_t firm_id, const std::string& period) {
    auto firm = c_.prepare("SELECT 1 FROM firms WHERE id = ?1");
    if (!firm) return tl::unexpected(firm.error());
    firm->bind(1, firm_id);
    auto found = firm->step();
    if (!found) return tl::unexpected(found.error());
    if (!*found) return fail(ErrorCode::kNotFound, fmt::format("firm {} not found", firm_id), "firm");
    auto open = find_period(period);
    if (!open) return tl::unexpected(open.error());
    if (!*open) return fail(ErrorCode::kNotFound, fmt::format("period {} is not open", period), "period");
    return {};
}

Result<ReturnRecord> SqliteReturnStore::add_return(const ReturnRecord& filed) {
    Lock lock(c_.mutex());
    ReturnRecord out = filed;
    if (auto begun = c_.exec("SAVEPOINT return_write"); !begun) return tl::unexpected(begun.error());
    auto done = [&]() -> Status {
        if (auto known = check_firm_and_period(filed.firm_id, filed.period); !known) return known;
        auto last = c_.prepare("SELECT coalesce(max(revision), 0) FROM stat_returns WHERE firm_id = ?1 AND period = ?2");
        if (!last) return tl::unexpected(last.error());
        last->bind(1, filed.firm_id).bind(2, std::string_view(filed.period));
        auto row = last->step();
        if (!row) return tl::unexpected(row.error());
        out.revision = static_cast<int>(last->column_int64(0)) + 1;
        auto s = c_.prepare(
            "INSERT INTO stat_returns (firm_id, period, revision, channel, reason, filed_by, filed_at) VALUES (?1, ?2, "
            "?3, ?4, ?5, ?6, ?7)");
        if (!s) return tl::unexpected(s.error());
        s->bind(1, filed.firm_id)
            .bind(2, std::string_view(filed.period))
            .bind(3, std::int64_t{out.revision})
            .bind(4, std::string_view(filed.channel))
            .bind(5, std::string_view(filed.reason))
            .bind(6, std::string_view(filed.filed_by))
            .bind(7, std::string_view(filed.filed_at));
        if (auto ran = s->run(); !ran) return ran;
        out.id = c_.last_insert_rowid();
        std::int64_t line_no = 0;
        for (const ReturnLineRecord& l : filed.lines) {
            auto li = c_.prepare(
                "INSERT INTO stat_return_lines (return_id, line_no, indicator, value, unit, reason) VALUES (?1, ?2, ?3, "
                "?4, ?5, ?6)");
            if (!li) return tl::unexpected(li.error());
            li->bind(1, out.id)
                .bind(2, ++line_no)
                .bind(3, std::string_view(l.indicator))
                .bind(4, l.value)
                .bind(5, std::string_view(l.unit))
                .bind(6, std::string_view(l.reason));
            if (auto ran = li->run(); !ran) return ran;
        }
        return {};
    }();
    if (!done) {
        (void)c_.exec("ROLLBACK TO return_write; RELEASE return_write");
        return tl::unexpected(done.error());
    }
    if (auto released = c_.exec("RELEASE return_write"); !released) return tl::unexpected(released.error());
    return out;
}

Result<std::vector<ReturnRecord>> SqliteReturnStore::list_returns(const ReturnFilter& f) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT r.id, r.firm_id, r.period, r.revision, r.channel, r.reason, r.filed_by, r.filed_at FROM stat_returns r "
        "WHERE (?1 IS NULL OR r.period = ?1) AND (?2 IS NULL OR r.firm_id = ?2) AND (?3 = 1 OR r.revision = (SELECT "
        "max(revision) FROM stat_returns x WHERE x.firm_id = r.firm_id AND x.period = r.period)) ORDER BY r.period, "
        "r.firm_id, r.revision");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, f.period).bind(2, f.firm_id).bind(3, std::int64_t{f.every_revision ? 1 : 0});
    auto returns = all_rows<ReturnRecord>(*s, read_return);
    if (!returns) return returns;
    for (ReturnRecord& r : *returns) {
        auto lines = c_.prepare(
            "SELECT indicator, value, unit, reason FROM stat_return_lines WHERE return_id = ?1 ORDER BY line_no");
        if (!lines) return tl::unexpected(lines.error());
        lines->bind(1, r.id);
        auto read = all_rows<ReturnLineRecord>(*lines, [](const Statement& l) {
            return ReturnLineRecord{l.column_text(0), l.column_double(1), l.column_text(2), l.column_text(3)};
        });
        if (!read) return tl::unexpected(read.error());
        r.lines = std::move(*read);
    }
    return returns;
}

Result<ReturnQueryRecord> SqliteReturnStore::add_query(const ReturnQueryRecord& q) {
    Lock lock(c_.mutex());
    if (auto known = check_firm_and_period(q.firm_id, q.period); !known) return tl::unexpected(known.error());
    auto s = c_.prepare(
        "INSERT INTO stat_return_queries (firm_id, period, indicator, note, asked_by, asked_at) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, q.firm_id)
        .bind(2, std::string_view(q.period))
        .bind(3, std::string_view(q.indicator))
        .bind(4, std::string_view(q.note))
        .bind(5, std::string_view(q.asked_by))
        .bind(6, std::string_view(q.asked_at));
    if (auto done = s->run(); !done) return tl::unexpected(done.error());
    ReturnQueryRecord out = q;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<ReturnQueryRecord>> SqliteReturnStore::list_queries(std::optional<std::int64_t> firm_id,
                                                                       const std::optional<std::string>& period) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT id, firm_id, period, indicator, note, asked_by, asked_at FROM stat_return_queries WHERE (?1 IS NULL OR "
        "firm_id = ?1) AND (?2 IS NULL OR period = ?2) ORDER BY id");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, firm_id).bind(2, period);
    return all_rows<ReturnQueryRecord>(*s, read_query);
}

}  // namespace yandian::store::sqlite
