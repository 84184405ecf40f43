#pragma once
// A receivable's life as events that are never overwritten (docs/credit/receivables.md).
//
//   registered (supplier, on a buyer) ─┬─ confirmed (buyer) ── financing requested (supplier, one lender)
//                                      └─ disputed (buyer, reason)       │
//                         ┌──────────────────────────────────────────────┤
//                         │ declined (that lender, reason): back to confirmed, another request may follow
//                         └ approved (that lender: amount ≤ receivable, rate, tenor) = financed
//                              ── repaid (lender: date, amount; several repayments add up) = repaid when in full
//                              ── overdue (lender: days past due on a date; the receivable stays financed)
//
// A receivable is financed once: at any time at most one financing request is live (requested, not yet answered)
// or approved. Requests are numbered per receivable (attempt 0, 1, ...); a new request takes the next number only
// after the previous one was declined. The store holds the same rule as a unique index on (receivable, attempt), so
// two requests made at once cannot both be accepted (store/receivable_store.hpp).
//
// Money in integer fen (1 yuan = 100 fen), currency CNY only; dates are day numbers (common/iso_date.hpp). The state
// on a date replays the events up to that date; nothing here reads a clock.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/iso_date.hpp"
#include "common/result.hpp"

namespace yandian::credit {

enum class ReceivableEventKind {
    kConfirmed,
    kDisputed,
    kFinancingRequested,
    kFinancingApproved,
    kFinancingDeclined,
    kRepaid,
    kOverdue,
};

std::string_view to_string(ReceivableEventKind kind);  // "confirmed", "disputed", "financing_requested", ...
// kInvalidArgument (field "kind") listing the accepted names otherwise.
Result<ReceivableEventKind> parse_receivable_event_kind(std::string_view text);

// Largest amount of one receivable: RMB 10 bn (10^12 fen); anything larger is a typing error.
inline constexpr std::int64_t kMaxReceivableFen = 1'000'000'000'000LL;
// Longest tenor of a financing and highest annual rate (basis points: 1 bp = 0.01 %). 2400 bp = 24 % a year is above
// what licensed lenders charge (the judicial cap is four times the one-year LPR, 4 x 3.0 % in 2025).
inline constexpr int kMaxTenorDays = 720;
inline constexpr int kMaxRateBp = 2400;

struct Receivable {
    std::int64_t id = 0;
    std::int64_t supplier_org_id = 0;  // the creditor, who registers it
    std::int64_t buyer_org_id = 0;     // the debtor, who confirms or disputes it
    std::string invoice_number;
    std::int64_t amount_fen = 0;
    std::string currency = "CNY";
    DayNumber issue_date = 0;
    DayNumber due_date = 0;
    // Registration number at the national receivables platform (中征应收账款融资服务平台), when registered there.
    std::optional<std::string> registration_number;
    DayNumber registered_on = 0;
};

// Fields of a new receivable: supplier and buyer set and different, invoice number 1-64 printable characters without
// spaces at either end, 0 < amount <= kMaxReceivableFen, currency CNY, issue <= due, registered on or after the issue
// date, registration number (when given) 1-64 printable characters. kInvalidArgument naming the field otherwise.
[[nodiscard]] Status validate_new_receivable(const Receivable& receivable);

struct ReceivableEvent {
    std::int64_t id = 0;
    ReceivableEventKind kind = ReceivableEventKind::kConfirmed;
    std::int64_t actor_org_id = 0;  // the organisation that acted
    DayNumber on = 0;               // the day it happened
    // Financing events: the request's number for this receivable (0 for the first request, 1 after one decline, ...)
    // and the lender it is addressed to.
    int attempt = 0;
    std::int64_t lender_org_id = 0;
    std::int64_t amount_fen = 0;  // approved: the amount financed; repaid: the amount repaid
    int rate_bp = 0;              // approved: annual rate in basis points
    int tenor_days = 0;           // approved
    int days_past_due = 0;        // overdue: days past the due date on `on`
    std::string reason;           // disputed, declined
};

enum class ReceivableStatus { kRegistered, kConfirmed, kDisputed, kFinancingRequested, kFinanced, kOverdue, kRepaid };
std::string_view to_string(ReceivableStatus status);  // "registered", ..., "financing_requested", "financed", ...

// Days-past-due buckets of a lender's portfolio: current (not past due), 1-30, 31-60, 61-90, more than 90 days.
enum class DpdBucket { kCurrent, k1To30, k31To60, k61To90, kOver90 };
std::string_view to_string(DpdBucket bucket);  // "current", "1-30", "31-60", "61-90", ">90"
[[nodiscard]] DpdBucket dpd_bucket(std::int64_t days_past_due);

struct ReceivableState {
    ReceivableStatus status = ReceivableStatus::kRegistered;
    int requests = 0;  // financing requests made so far; the next one takes this number as its attempt
    // The live or approved request, when there is one (and the last one after a decline, for the record).
    std::optional<std::int64_t> lender_org_id;
    std::int64_t financed_fen = 0;
    int rate_bp = 0;
    int tenor_days = 0;
    std::optional<DayNumber> financed_on;
    std::int64_t repaid_fen = 0;
    std::optional<DayNumber> repaid_on;  // the day the financing was repaid in full
    std::int64_t days_past_due = 0;      // financed and not repaid: days past the due date on the day asked about
    DpdBucket bucket = DpdBucket::kCurrent;
    std::string reason;  // of the dispute or the last decline
    std::optional<DayNumber> last_event_on;
};

// Whether `next` may follow the events summed up in `state`: who may do what, in which state, with which values.
// kPermissionDenied naming the party when the actor may not do it (a buyer requesting financing, another lender
// approving); kFailedPrecondition naming the refused transition and the state ("cannot confirm receivable 7 (invoice
// INV-1): it is disputed"); kInvalidArgument naming the field for a bad value (amount above the receivable, rate out
// of range, empty reason, a date before the previous event).
[[nodiscard]] Status check_next(const Receivable& receivable, const ReceivableState& state,
                                const ReceivableEvent& next);

// The state on `on_date`: the events of that day and before, in order, each checked as check_next does (an event
// log that breaks the rules is an error naming the event). A financed receivable past its due date and not repaid in
// full is overdue with its days past due counted to `on_date`.
[[nodiscard]] Result<ReceivableState> state_of(const Receivable& receivable, std::span<const ReceivableEvent> events,
                                               DayNumber on_date);

}  // namespace yandian::credit
