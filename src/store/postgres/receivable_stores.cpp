#include "store/postgres/receivable_stores.hpp"

#include <fmt/format.h>

#include <cctype>
#include <mutex>

#include "store/postgres/rows.hpp"

namespace yandian::store::postgres {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr std::string_view kReceivableColumns =
    "SELECT r.id, r.supplier_org_id, r.buyer_org_id, r.invoice_number, r.amount_fen, r.currency, r.issue_date, "
    "r.due_date, r.registration_number, r.registered_on, r.registered_by, r.registered_at FROM receivables r ";

ReceivableRecord read_receivable(const Rows& s, int i) {
    ReceivableRecord r;
    r.id = s.int64(i, 0);
    r.supplier_org_id = s.int64(i, 1);
    r.buyer_org_id = s.int64(i, 2);
    r.invoice_number = s.text(i, 3);
    r.amount_fen = s.int64(i, 4);
    r.currency = s.text(i, 5);
    r.issue_date = s.text(i, 6);
    r.due_date = s.text(i, 7);
    r.registration_number = s.optional_text(i, 8);
    r.registered_on = s.text(i, 9);
    r.registered_by = s.optional_int64(i, 10);
    r.registered_at = s.text(i, 11);
    return r;
}

ReceivableEventRecord read_event(const Rows& s, int i) {
    ReceivableEventRecord e;
    e.id = s.int64(i, 0);
    e.receivable_id = s.int64(i, 1);
    e.kind = s.text(i, 2);
    e.actor_org_id = s.int64(i, 3);
    e.actor_user_id = s.optional_int64(i, 4);
    e.on_date = s.text(i, 5);
    e.attempt = s.optional_int64(i, 6);
    e.lender_org_id = s.optional_int64(i, 7);
    e.amount_fen = s.optional_int64(i, 8);
    e.rate_bp = s.optional_int64(i, 9);
    e.tenor_days = s.optional_int64(i, 10);
    e.days_past_due = s.optional_int64(i, 11);
    e.reason = s.optional_text(i, 12);
    e.recorded_at = s.text(i, 13);
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

Result<ReceivableRecord> PgReceivableStore::add_receivable(const ReceivableRecord& r) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO receivables (supplier_org_id, buyer_org_id, invoice_number, amount_fen, currency, issue_date, "
        "due_date, registration_number, registered_on, registered_by, registered_at) VALUES ($1, $2, $3, $4, $5, $6, "
        "$7, $8, $9, $10, $11) RETURNING id",
        {r.supplier_org_id, r.buyer_org_id, r.invoice_number, r.amount_fen, r.currency, r.issue_date, r.due_date,
         r.registration_number, r.registered_on, r.registered_by, r.registered_at});
    if (!rows) return tl::unexpected(missing_reference(rows.error(), "supplier, buyer or user"));
    ReceivableRecord out = r;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::optional<ReceivableRecord>> PgReceivableStore::find_receivable(std::int64_t id) {
    Lock lock(c_.mutex());
    return first_row<ReceivableRecord>(c_.query(fmt::format("{}WHERE r.id = $1", kReceivableColumns), {id}),
                                       read_receivable);
}

Result<std::vector<ReceivableRecord>> PgReceivableStore::receivables_where(std::string_view where,
                                                                          std::int64_t value) {
    Lock lock(c_.mutex());
    const std::string sql = fmt::format("{}{} ORDER BY r.id", kReceivableColumns, where);
    if (where.find("$1") == std::string_view::npos) return every_row<ReceivableRecord>(c_.query(sql), read_receivable);
    return every_row<ReceivableRecord>(c_.query(sql, {value}), read_receivable);
}

Result<std::vector<ReceivableRecord>> PgReceivableStore::receivables_of_supplier(std::int64_t supplier_org_id) {
    return receivables_where("WHERE r.supplier_org_id = $1", supplier_org_id);
}

Result<std::vector<ReceivableRecord>> PgReceivableStore::receivables_on_buyer(std::int64_t buyer_org_id) {
    return receivables_where("WHERE r.buyer_org_id = $1", buyer_org_id);
}

Result<std::vector<ReceivableRecord>> PgReceivableStore::receivables_for_lender(std::int64_t lender_org_id) {
    return receivables_where(
        "WHERE r.id IN (SELECT e.receivable_id FROM receivable_events e WHERE e.lender_org_id = $1 AND e.kind = "
        "'financing_requested')",
        lender_org_id);
}

Result<std::vector<ReceivableRecord>> PgReceivableStore::all_receivables() { return receivables_where("", 0); }

Result<ReceivableEventRecord> PgReceivableStore::append_event(const ReceivableEventRecord& e) {
    Lock lock(c_.mutex());
    auto rows = c_.query(
        "INSERT INTO receivable_events (receivable_id, kind, actor_org_id, actor_user_id, on_date, attempt, "
        "lender_org_id, amount_fen, rate_bp, tenor_days, days_past_due, reason, recorded_at) VALUES ($1, $2, $3, $4, "
        "$5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        {e.receivable_id, e.kind, e.actor_org_id, e.actor_user_id, e.on_date, e.attempt, e.lender_org_id, e.amount_fen,
         e.rate_bp, e.tenor_days, e.days_past_due, e.reason, e.recorded_at});
    if (!rows) return tl::unexpected(missing_reference(rows.error(), "receivable, organisation or user"));
    ReceivableEventRecord out = e;
    out.id = rows->int64(0, 0);
    return out;
}

Result<std::vector<ReceivableEventRecord>> PgReceivableStore::events_of(std::int64_t receivable_id) {
    Lock lock(c_.mutex());
    return every_row<ReceivableEventRecord>(
        c_.query("SELECT id, receivable_id, kind, actor_org_id, actor_user_id, on_date, attempt, lender_org_id, "
                 "amount_fen, rate_bp, tenor_days, days_past_due, reason, recorded_at FROM receivable_events WHERE "
                 "receivable_id = $1 ORDER BY id",
                 {receivable_id}),
        read_event);
}

}  // namespace yandian::store::postgres
