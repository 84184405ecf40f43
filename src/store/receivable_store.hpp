#pragma once
// Store port of receivables financing (credit/receivable.hpp has the rules): receivables as their suppliers
// registered them, and each receivable's event log (confirmed, disputed, financing requested / approved / declined,
// repaid, overdue). Both are append-only: the database refuses UPDATE and DELETE (triggers), so a later event never
// overwrites an earlier one.
//
// The database itself holds the once-only rules, whatever the callers do and however many do it at once:
//  - one receivable per invoice: (buyer, invoice number, amount) is unique;
//  - the buyer answers once (one confirmed-or-disputed event per receivable);
//  - financed once: financing requests are numbered per receivable (attempt 0, 1, ...), one request per number
//    (unique index), and request n > 0 only after request n - 1 was declined (trigger); one answer per request,
//    from the lender it went to.
// A refused insert is kAlreadyExists (unique) or kFailedPrecondition (trigger). Dates are ISO 8601 days
// (YYYY-MM-DD), recorded_at/registered_at ISO 8601 UTC instants with milliseconds. Money in integer fen.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct ReceivableRecord {
    std::int64_t id = 0;
    std::int64_t supplier_org_id = 0;
    std::int64_t buyer_org_id = 0;
    std::string invoice_number;
    std::int64_t amount_fen = 0;
    std::string currency = "CNY";
    std::string issue_date;
    std::string due_date;
    std::optional<std::string> registration_number;  // at the national receivables platform
    std::string registered_on;
    std::optional<std::int64_t> registered_by;  // user id; none: the operator on the machine (CLI)
    std::string registered_at;
};

struct ReceivableEventRecord {
    std::int64_t id = 0;
    std::int64_t receivable_id = 0;
    std::string kind;  // confirmed | disputed | financing_requested | financing_approved | financing_declined |
                       // repaid | overdue
    std::int64_t actor_org_id = 0;
    std::optional<std::int64_t> actor_user_id;
    std::string on_date;
    std::optional<std::int64_t> attempt;        // financing events
    std::optional<std::int64_t> lender_org_id;  // financing events
    std::optional<std::int64_t> amount_fen;     // approved, repaid
    std::optional<std::int64_t> rate_bp;        // approved
    std::optional<std::int64_t> tenor_days;     // approved
    std::optional<std::int64_t> days_past_due;  // overdue
    std::optional<std::string> reason;          // disputed, declined
    std::string recorded_at;
};

class ReceivableStore {
  public:
    virtual ~ReceivableStore() = default;

    // kAlreadyExists when the buyer already has a receivable with this invoice number and amount; kNotFound (field
    // "organisation") when the supplier, the buyer or the user does not exist.
    virtual Result<ReceivableRecord> add_receivable(const ReceivableRecord& receivable) = 0;
    virtual Result<std::optional<ReceivableRecord>> find_receivable(std::int64_t id) = 0;
    // By id ascending.
    virtual Result<std::vector<ReceivableRecord>> receivables_of_supplier(std::int64_t supplier_org_id) = 0;
    virtual Result<std::vector<ReceivableRecord>> receivables_on_buyer(std::int64_t buyer_org_id) = 0;
    // The receivables with at least one financing request addressed to this lender.
    virtual Result<std::vector<ReceivableRecord>> receivables_for_lender(std::int64_t lender_org_id) = 0;
    // Every receivable (the operator on the machine).
    virtual Result<std::vector<ReceivableRecord>> all_receivables() = 0;

    // Appends one event; kAlreadyExists or kFailedPrecondition when a once-only rule above refuses it, kNotFound
    // for an unknown receivable, organisation or user.
    virtual Result<ReceivableEventRecord> append_event(const ReceivableEventRecord& event) = 0;
    // The events of one receivable, by id ascending.
    virtual Result<std::vector<ReceivableEventRecord>> events_of(std::int64_t receivable_id) = 0;
};

}  // namespace yandian::store
