#include "quality/blacklist.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace yandian::quality {

namespace {

constexpr std::string_view kActionNames[] = {"listed", "expired", "repaired", "overturned"};

std::vector<BlacklistEvent> in_order(std::span<const BlacklistEvent> history) {
    std::vector<BlacklistEvent> out(history.begin(), history.end());
    std::stable_sort(out.begin(), out.end(), [](const BlacklistEvent& a, const BlacklistEvent& b) {
        return a.date != b.date ? a.date < b.date : a.id < b.id;
    });
    return out;
}

}  // namespace

std::string_view action_name(BlacklistAction action) { return kActionNames[static_cast<std::size_t>(action)]; }

Result<BlacklistAction> parse_action(std::string_view text) {
    for (std::size_t i = 0; i < std::size(kActionNames); ++i) {
        if (kActionNames[i] == text) return static_cast<BlacklistAction>(i);
    }
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("action: '{}' is not one of listed, expired, repaired, overturned", text), "action");
}

BlacklistState blacklist_state(std::span<const BlacklistEvent> history, DayNumber day, const BlacklistTerms& terms) {
    BlacklistState s;
    for (const BlacklistEvent& e : in_order(history)) {
        if (e.date > day) break;
        if (e.action == BlacklistAction::kListed) {
            s.listing = e;
            s.removal.reset();
        } else if (s.listing && !s.removal) {
            s.removal = e;
        }
    }
    if (s.listing) {
        const DayNumber expires = add_months(s.listing->date, terms.period_months);
        if (!s.removal) {
            s.listed = day < expires;
            s.expires_on = expires;
            s.repair_from = add_months(s.listing->date, terms.repair_min_months);
            if (!s.listed) {  // ran out before the expiry was recorded
                BlacklistEvent ended;
                ended.firm_id = s.listing->firm_id;
                ended.action = BlacklistAction::kRemovedExpiry;
                ended.date = expires;
                ended.reasons = "listing period ended";
                s.removal = ended;
            }
        }
    }
    return s;
}

Status check_blacklist_event(std::span<const BlacklistEvent> history, const BlacklistEvent& e,
                             const BlacklistTerms& terms) {
    if (e.decision_no.empty()) {
        return fail(ErrorCode::kInvalidArgument, "decision: every blacklist event names the authority's decision",
                    "decision");
    }
    if (e.reasons.empty()) {
        return fail(ErrorCode::kInvalidArgument,
                    e.action == BlacklistAction::kListed ? "grounds: a listing states its grounds"
                                                         : "reasons: a removal states its reasons",
                    e.action == BlacklistAction::kListed ? "grounds" : "reasons");
    }
    for (const BlacklistEvent& h : history) {
        if (h.date > e.date) {
            return fail(ErrorCode::kFailedPrecondition,
                        fmt::format("date: {} is before the firm's last blacklist event ({} on {})",
                                    format_iso_date(e.date), action_name(h.action), format_iso_date(h.date)),
                        "date");
        }
    }
    const BlacklistState s = blacklist_state(history, e.date, terms);
    const std::string on = format_iso_date(e.date);
    if (e.action == BlacklistAction::kListed) {
        if (s.listed) {
            return fail(ErrorCode::kFailedPrecondition,
                        fmt::format("the firm is already on the blacklist on {} (decision {} of {})", on,
                                    s.listing->decision_no, format_iso_date(s.listing->date)),
                        "firm");
        }
        return {};
    }
    if (!s.listed) {
        // An expiry may still be recorded for a listing that ran out and was not yet closed.
        const bool unrecorded_expiry = e.action == BlacklistAction::kRemovedExpiry && s.removal &&
                                       s.removal->id == 0 && s.removal->action == BlacklistAction::kRemovedExpiry;
        if (unrecorded_expiry) return {};
        return fail(ErrorCode::kFailedPrecondition, fmt::format("the firm is not on the blacklist on {}", on), "firm");
    }
    if (e.action == BlacklistAction::kRemovedExpiry) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("the listing of {} runs until {}: removal by expiry is possible from that day",
                                format_iso_date(s.listing->date), format_iso_date(*s.expires_on)),
                    "date");
    }
    if (e.action == BlacklistAction::kRemovedRepair && e.date < *s.repair_from) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("a repair can be approved from {} ({} months after the listing of {}), not on {}",
                                format_iso_date(*s.repair_from), terms.repair_min_months,
                                format_iso_date(s.listing->date), on),
                    "date");
    }
    return {};
}

}  // namespace yandian::quality
