#include "credit/receivable.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

namespace yandian::credit {

namespace {

constexpr std::array<std::string_view, 7> kKindNames = {"confirmed",          "disputed", "financing_requested",
                                                        "financing_approved", "financing_declined", "repaid",
                                                        "overdue"};
constexpr std::array<std::string_view, 7> kStatusNames = {
    "registered", "confirmed", "disputed", "financing_requested", "financed", "overdue", "repaid"};
constexpr std::array<std::string_view, 5> kBucketNames = {"current", "1-30", "31-60", "61-90", ">90"};

// The verb of an event in a refusal: "cannot <verb> receivable 7 (invoice INV-1): ...".
std::string_view verb(ReceivableEventKind kind) {
    switch (kind) {
        case ReceivableEventKind::kConfirmed: return "confirm";
        case ReceivableEventKind::kDisputed: return "dispute";
        case ReceivableEventKind::kFinancingRequested: return "request financing of";
        case ReceivableEventKind::kFinancingApproved: return "approve financing of";
        case ReceivableEventKind::kFinancingDeclined: return "decline financing of";
        case ReceivableEventKind::kRepaid: return "record a repayment of";
        case ReceivableEventKind::kOverdue: return "record as overdue";
    }
    return "change";
}

std::string name_of(const Receivable& r) {
    return fmt::format("receivable {} (invoice {})", r.id, r.invoice_number);
}

bool printable(std::string_view text) {
    for (unsigned char ch : text) {
        if (ch < 0x20 || ch == 0x7f) return false;
    }
    return true;
}

Status check_text(std::string_view text, std::string_view what, std::string_view field) {
    if (text.empty() || text.size() > 64 || !printable(text) || text.front() == ' ' || text.back() == ' ') {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("{} must be 1 to 64 printable characters without spaces at either end", what),
                    std::string(field));
    }
    return {};
}

tl::unexpected<Error> refused(const Receivable& r, const ReceivableEvent& e, std::string_view why) {
    return fail(ErrorCode::kFailedPrecondition, fmt::format("cannot {} {}: {}", verb(e.kind), name_of(r), why),
                "state");
}

tl::unexpected<Error> not_yours(const Receivable& r, const ReceivableEvent& e, std::string_view who) {
    return fail(ErrorCode::kPermissionDenied,
                fmt::format("organisation {} cannot {} {}: only {} may", e.actor_org_id, verb(e.kind), name_of(r), who),
                "organisation");
}

std::string state_words(const ReceivableState& s) { return fmt::format("it is {}", to_string(s.status)); }

bool financed(const ReceivableState& s) {
    return s.status == ReceivableStatus::kFinanced || s.status == ReceivableStatus::kOverdue;
}

// The state after `e`, which check_next accepted.
void apply(const Receivable& r, ReceivableState& s, const ReceivableEvent& e) {
    s.last_event_on = e.on;
    switch (e.kind) {
        case ReceivableEventKind::kConfirmed: s.status = ReceivableStatus::kConfirmed; break;
        case ReceivableEventKind::kDisputed:
            s.status = ReceivableStatus::kDisputed;
            s.reason = e.reason;
            break;
        case ReceivableEventKind::kFinancingRequested:
            s.status = ReceivableStatus::kFinancingRequested;
            s.lender_org_id = e.lender_org_id;
            ++s.requests;
            break;
        case ReceivableEventKind::kFinancingApproved:
            s.status = ReceivableStatus::kFinanced;
            s.financed_fen = e.amount_fen;
            s.rate_bp = e.rate_bp;
            s.tenor_days = e.tenor_days;
            s.financed_on = e.on;
            break;
        case ReceivableEventKind::kFinancingDeclined:
            s.status = ReceivableStatus::kConfirmed;
            s.reason = e.reason;
            break;
        case ReceivableEventKind::kRepaid:
            s.repaid_fen += e.amount_fen;
            if (s.repaid_fen >= s.financed_fen) {
                s.status = ReceivableStatus::kRepaid;
                s.repaid_on = e.on;
            }
            break;
        case ReceivableEventKind::kOverdue: s.status = ReceivableStatus::kOverdue; break;
    }
    (void)r;
}

}  // namespace

std::string_view to_string(ReceivableEventKind kind) { return kKindNames.at(static_cast<std::size_t>(kind)); }
std::string_view to_string(ReceivableStatus status) { return kStatusNames.at(static_cast<std::size_t>(status)); }
std::string_view to_string(DpdBucket bucket) { return kBucketNames.at(static_cast<std::size_t>(bucket)); }

Result<ReceivableEventKind> parse_receivable_event_kind(std::string_view text) {
    for (std::size_t i = 0; i < kKindNames.size(); ++i) {
        if (text == kKindNames[i]) return static_cast<ReceivableEventKind>(i);
    }
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a receivable event; use one of {}", text.substr(0, 40),
                            fmt::join(kKindNames, ", ")),
                "kind");
}

DpdBucket dpd_bucket(std::int64_t days_past_due) {
    if (days_past_due <= 0) return DpdBucket::kCurrent;
    if (days_past_due <= 30) return DpdBucket::k1To30;
    if (days_past_due <= 60) return DpdBucket::k31To60;
    if (days_past_due <= 90) return DpdBucket::k61To90;
    return DpdBucket::kOver90;
}

Status validate_new_receivable(const Receivable& r) {
    if (r.supplier_org_id <= 0) return fail(ErrorCode::kInvalidArgument, "the receivable names no supplier", "supplier");
    if (r.buyer_org_id <= 0) return fail(ErrorCode::kInvalidArgument, "the receivable names no buyer", "buyer");
    if (r.buyer_org_id == r.supplier_org_id) {
        return fail(ErrorCode::kInvalidArgument, "a supplier cannot register a receivable on itself", "buyer");
    }
    if (auto ok = check_text(r.invoice_number, "the invoice number", "invoice"); !ok) return ok;
    if (r.amount_fen <= 0 || r.amount_fen > kMaxReceivableFen) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("the amount must be more than 0 and at most {} fen (RMB 10 bn); got {} fen",
                                kMaxReceivableFen, r.amount_fen),
                    "amount");
    }
    if (r.currency != "CNY") {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("currency '{}' is not accepted: receivables are in CNY", r.currency.substr(0, 8)),
                    "currency");
    }
    if (r.due_date < r.issue_date) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("the due date {} is before the issue date {}", format_iso_date(r.due_date),
                                format_iso_date(r.issue_date)),
                    "due");
    }
    if (r.registered_on < r.issue_date) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("the invoice is issued on {}, after the day it is registered ({})",
                                format_iso_date(r.issue_date), format_iso_date(r.registered_on)),
                    "issued");
    }
    if (r.registration_number) {
        if (auto ok = check_text(*r.registration_number, "the registration number", "registration"); !ok) return ok;
    }
    return {};
}

Status check_next(const Receivable& r, const ReceivableState& s, const ReceivableEvent& e) {
    const DayNumber earliest = s.last_event_on.value_or(r.registered_on);
    if (e.on < earliest) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("{}: {} is before the previous event of {} ({})", to_string(e.kind),
                                format_iso_date(e.on), name_of(r), format_iso_date(earliest)),
                    "date");
    }
    switch (e.kind) {
        case ReceivableEventKind::kConfirmed:
        case ReceivableEventKind::kDisputed:
            if (e.actor_org_id != r.buyer_org_id) return not_yours(r, e, "the buyer");
            if (s.status != ReceivableStatus::kRegistered) {
                return refused(r, e, fmt::format("the buyer has answered already ({})", state_words(s)));
            }
            if (e.kind == ReceivableEventKind::kDisputed && (e.reason.empty() || e.reason.size() > 2000)) {
                return fail(ErrorCode::kInvalidArgument, "a dispute gives its reason (1 to 2000 bytes)", "reason");
            }
            return {};
        case ReceivableEventKind::kFinancingRequested:
            if (e.actor_org_id != r.supplier_org_id) return not_yours(r, e, "the supplier");
            if (s.status == ReceivableStatus::kFinancingRequested || financed(s) ||
                s.status == ReceivableStatus::kRepaid) {
                return refused(r, e,
                               fmt::format("it is financed once only and a request to lender {} is {}",
                                           s.lender_org_id.value_or(0),
                                           s.status == ReceivableStatus::kFinancingRequested ? "live" : "approved"));
            }
            if (s.status != ReceivableStatus::kConfirmed) {
                return refused(r, e, fmt::format("only a receivable the buyer confirmed is financed; {}", state_words(s)));
            }
            if (e.on > r.due_date) {
                return refused(r, e, fmt::format("it fell due on {}", format_iso_date(r.due_date)));
            }
            if (e.lender_org_id <= 0 || e.lender_org_id == r.supplier_org_id || e.lender_org_id == r.buyer_org_id) {
                return fail(ErrorCode::kInvalidArgument, "name a lender other than the supplier and the buyer",
                            "lender");
            }
            if (e.attempt != s.requests) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("the request is number {} of {}, not {}", s.requests, name_of(r), e.attempt),
                            "attempt");
            }
            return {};
        case ReceivableEventKind::kFinancingApproved:
        case ReceivableEventKind::kFinancingDeclined:
            if (s.status != ReceivableStatus::kFinancingRequested) {
                return refused(r, e, fmt::format("no financing request is waiting for an answer; {}", state_words(s)));
            }
            if (e.actor_org_id != *s.lender_org_id) return not_yours(r, e, "the lender the request went to");
            if (e.attempt != s.requests - 1) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("the answer is to request number {}, not {}", s.requests - 1, e.attempt),
                            "attempt");
            }
            if (e.kind == ReceivableEventKind::kFinancingDeclined) {
                if (e.reason.empty() || e.reason.size() > 2000) {
                    return fail(ErrorCode::kInvalidArgument, "a decline gives its reason (1 to 2000 bytes)", "reason");
                }
                return {};
            }
            if (e.on > r.due_date) return refused(r, e, fmt::format("it fell due on {}", format_iso_date(r.due_date)));
            if (e.amount_fen <= 0 || e.amount_fen > r.amount_fen) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("the amount financed must be more than 0 and at most the receivable's {} fen; "
                                        "got {} fen",
                                        r.amount_fen, e.amount_fen),
                            "amount");
            }
            if (e.rate_bp <= 0 || e.rate_bp > kMaxRateBp) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("the annual rate must be more than 0 and at most {} basis points ({} %); got {}",
                                        kMaxRateBp, kMaxRateBp / 100, e.rate_bp),
                            "rate");
            }
            if (e.tenor_days <= 0 || e.tenor_days > kMaxTenorDays) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("the tenor must be 1 to {} days; got {}", kMaxTenorDays, e.tenor_days), "tenor");
            }
            return {};
        case ReceivableEventKind::kRepaid:
        case ReceivableEventKind::kOverdue: {
            if (!financed(s)) {
                return refused(r, e, fmt::format("only a financed receivable is repaid or overdue; {}", state_words(s)));
            }
            if (e.actor_org_id != *s.lender_org_id) return not_yours(r, e, "the lender that financed it");
            if (e.kind == ReceivableEventKind::kRepaid) {
                const std::int64_t outstanding = s.financed_fen - s.repaid_fen;
                if (e.amount_fen <= 0 || e.amount_fen > outstanding) {
                    return fail(ErrorCode::kInvalidArgument,
                                fmt::format("the repayment must be more than 0 and at most the {} fen outstanding; got "
                                            "{} fen",
                                            outstanding, e.amount_fen),
                                "amount");
                }
                return {};
            }
            if (e.on <= r.due_date) {
                return refused(r, e, fmt::format("it falls due on {}", format_iso_date(r.due_date)));
            }
            if (e.days_past_due != e.on - r.due_date) {
                return fail(ErrorCode::kInvalidArgument,
                            fmt::format("on {} the receivable is {} days past due, not {}", format_iso_date(e.on),
                                        e.on - r.due_date, e.days_past_due),
                            "days_past_due");
            }
            return {};
        }
    }
    return fail(ErrorCode::kInvalidArgument, "unknown receivable event", "kind");
}

Result<ReceivableState> state_of(const Receivable& r, std::span<const ReceivableEvent> events, DayNumber on_date) {
    ReceivableState s;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const ReceivableEvent& e = events[i];
        if (e.on > on_date) break;  // events are in order and never dated before the one they follow
        if (auto ok = check_next(r, s, e); !ok) {
            return fail(ok.error().code,
                        fmt::format("event {} ({}) of the log: {}", e.id, to_string(e.kind), ok.error().message),
                        ok.error().field);
        }
        apply(r, s, e);
    }
    if (financed(s)) {
        s.days_past_due = on_date > r.due_date ? on_date - r.due_date : 0;
        s.status = s.days_past_due > 0 ? ReceivableStatus::kOverdue : ReceivableStatus::kFinanced;
        s.bucket = dpd_bucket(s.days_past_due);
    }
    return s;
}

}  // namespace yandian::credit
