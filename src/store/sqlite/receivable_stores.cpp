#include "store/sqlite/receivable_stores.hpp"

#include <fmt/format.h>

#include <cctype>
#include <mutex>

#include "store/sqlite/rows.hpp"

namespace yandian::store::sqlite {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kReceivableColumns =
    "SELECT r.id, r.supplier_org_id, r.buyer_org_id, r.invoice_number, r.amount_fen, r.currency, r.issue_date, "
    "r.due_date, r.registration_number, r.registered_on, r.registered_by, r.registered_at FROM receivables r ";

ReceivableRecord read_receivable(const Statement& s) {
    ReceivableRecord r;
    r.id = s.column_int64(0);
    r.supplier_org_id = s.column_int64(1);
    r.buyer_org_id = s.column_int64(2);
    r.invoice_number = s.column_text(3);
    r.amount_fen = s.column_int64(4);
    r.currency = s.column_text(5);
    r.issue_date = s.column_text(6);
    r.due_date = s.column_text(7);
    r.registration_number = s.column_optional_text(8);
    r.registered_on = s.column_text(9);
    r.registered_by = s.column_optional_int64(10);
    r.registered_at = s.column_text(11);
    return r;
}

ReceivableEventRecord read_event(const Statement& s) {
    ReceivableEventRecord e;
    e.id = s.column_int64(0);
    e.receivable_id = s.column_int64(1);
    e.kind = s.column_text(2);
    e.actor_org_id = s.column_int64(3);
    e.actor_user_id = s.column_optional_int64(4);
    e.on_date = s.column_text(5);
    e.attempt = s.column_optional_int64(6);
    e.lender_org_id = s.column_optional_int64(7);
    e.amount_fen = s.column_optional_int64(8);
    e.rate_bp = s.column_optional_int64(9);
    e.tenor_days = s.column_optional_int64(10);
    e.days_past_due = s.column_optional_int64(11);
    e.reason = s.column_optional_text(12);
    e.recorded_at = s.column_text(13);
    return e;
}

// A foreign-key failure names what does not exist (other constraint failures stay as they are).
Error missing_reference(Error e, std::string_view what) {
    std::string lower = e.message;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (e.code == ErrorCode::kFailedPrecondition && lower.find("foreign key") != std::string::npos) {
        e.code = ErrorCode::kNotFound;
        e.message = fmt::format("{} not found ({})", what, e.message);
        e.field = "organisation";
    }
    return e;
}

}  // namespace

Result<ReceivableRecord> SqliteReceivableStore::add_receivable(const ReceivableRecord& r) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO receivables (supplier_org_id, buyer_org_id, invoice_number, amount_fen, currency, issue_date, "
        "due_date, registration_number, registered_on, registered_by, registered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10, ?11)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, r.supplier_org_id)
        .bind(2, r.buyer_org_id)
        .bind(3, std::string_view(r.invoice_number))
        .bind(4, r.amount_fen)
        .bind(5, std::string_view(r.currency))
        .bind(6, std::string_view(r.issue_date))
        .bind(7, std::string_view(r.due_date))
        .bind(8, r.registration_number)
        .bind(9, std::string_view(r.registered_on))
        .bind(10, r.registered_by)
        .bind(11, std::string_view(r.registered_at));
    if (auto done = s->run(); !done) return tl::unexpected(missing_reference(done.error(), "supplier, buyer or user"));
    ReceivableRecord out = r;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::optional<ReceivableRecord>> SqliteReceivableStore::find_receivable(std::int64_t id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(fmt::format("{}WHERE r.id = ?1", kReceivableColumns));
    if (!s) return tl::unexpected(s.error());
    s->bind(1, id);
    return one_row<ReceivableRecord>(*s, read_receivable);
}

Result<std::vector<ReceivableRecord>> SqliteReceivableStore::receivables_where(std::string_view where,
                                                                              std::int64_t value) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(fmt::format("{}{} ORDER BY r.id", kReceivableColumns, where));
    if (!s) return tl::unexpected(s.error());
    if (where.find("?1") != std::string_view::npos) s->bind(1, value);
    return all_rows<ReceivableRecord>(*s, read_receivable);
}

Result<std::vector<ReceivableRecord>> SqliteReceivableStore::receivables_of_supplier(std::int64_t supplier_org_id) {
    return receivables_where("WHERE r.supplier_org_id = ?1", supplier_org_id);
}

Result<std::vector<ReceivableRecord>> SqliteReceivableStore::receivables_on_buyer(std::int64_t buyer_org_id) {
    return receivables_where("WHERE r.buyer_org_id = ?1", buyer_org_id);
}

Result<std::vector<ReceivableRecord>> SqliteReceivableStore::receivables_for_lender(std::int64_t lender_org_id) {
    return receivables_where(
        "WHERE r.id IN (SELECT e.receivable_id FROM receivable_events e WHERE e.lender_org_id = ?1 AND e.kind = "
        "'financing_requested')",
        lender_org_id);
}

Result<std::vector<ReceivableRecord>> SqliteReceivableStore::all_receivables() { return receivables_where("", 0); }

Result<ReceivableEventRecord> SqliteReceivableStore::append_event(const ReceivableEventRecord& e) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "INSERT INTO receivable_events (receivable_id, kind, actor_org_id, actor_user_id, on_date, attempt, "
        "lender_org_id, amount_fen, rate_bp, tenor_days, days_past_due, reason, recorded_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, e.receivable_id)
        .bind(2, std::string_view(e.kind))
        .bind(3, e.actor_org_id)
        .bind(4, e.actor_user_id)
        .bind(5, std::string_view(e.on_date))
        .bind(6, e.attempt)
        .bind(7, e.lender_org_id)
        .bind(8, e.amount_fen)
        .bind(9, e.rate_bp)
        .bind(10, e.tenor_days)
        .bind(11, e.days_past_due)
        .bind(12, e.reason)
        .bind(13, std::string_view(e.recorded_at));
    if (auto done = s->run(); !done) {
        return tl::unexpected(missing_reference(done.error(), "receivable, organisation or user"));
    }
    ReceivableEventRecord out = e;
    out.id = c_.last_insert_rowid();
    return out;
}

Result<std::vector<ReceivableEventRecord>> SqliteReceivableStore::events_of(std::int64_t receivable_id) {
    Lock lock(c_.mutex());
    auto s = c_.prepare(
        "SELECT id, receivable_id, kind, actor_org_id, actor_user_id, on_date, attempt, lender_org_id, amount_fen, "
        "rate_bp, tenor_days, days_past_due, reason, recorded_at FROM receivable_events WHERE receivable_id = ?1 "
        "ORDER BY id");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, receivable_id);
    return all_rows<ReceivableEventRecord>(*s, read_event);
}

}  // namespace yandian::store::sqlite
