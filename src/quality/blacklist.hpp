#pragma once
// The quality blacklist (市场监督管理严重违法失信名单, SAMR Order 44) of one firm as a history of events: a listing by
// an authority decision (grounds, decision number, date), and its removal by expiry of the listing period, by an
// approved repair (the firm applied with evidence after the minimum period; the authority decided with reasons),
// or by the decision being overturned (revoked by review or a court). Nothing is deleted: the state on a date is
// read from the history. The periods come from the publication-window table (list_entry / serious_dishonest):
// public_months is the listing period, repair_min_months the minimum time on the list before a repair.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/iso_date.hpp"
#include "common/result.hpp"

namespace yandian::quality {

enum class BlacklistAction { kListed, kRemovedExpiry, kRemovedRepair, kRemovedOverturned };

std::string_view action_name(BlacklistAction action);  // listed | expired | repaired | overturned
Result<BlacklistAction> parse_action(std::string_view text);

struct BlacklistEvent {
    std::int64_t id = 0;
    std::int64_t firm_id = 0;
    BlacklistAction action = BlacklistAction::kListed;
    DayNumber date = 0;
    std::string decision_no;  // the authority's decision
    std::string reasons;      // grounds of a listing; reasons of a removal
    std::string by;
};

struct BlacklistTerms {
    int period_months = 36;      // listing period (removal by expiry from the day it ends)
    int repair_min_months = 12;  // a repair is possible from this many months after listing
};

struct BlacklistState {
    bool listed = false;
    std::optional<BlacklistEvent> listing;   // the listing in force, or the last one
    std::optional<DayNumber> expires_on;     // of the listing in force: first day off the list by expiry
    std::optional<DayNumber> repair_from;    // of the listing in force: first day a repair may be approved
    std::optional<BlacklistEvent> removal;   // how the last listing ended, when it did
};

// The state on `day` of a firm with this history (any order; events dated after `day` are ignored). A listing
// whose period has run out is off the list from its expiry day even before the expiry is recorded.
BlacklistState blacklist_state(std::span<const BlacklistEvent> history, DayNumber day, const BlacklistTerms& terms);

// Whether `event` may follow `history` (kFailedPrecondition naming why not, kInvalidArgument for missing fields):
// listing a firm not on the list on that day, with grounds and a decision number; removal of a firm on the list,
// with a decision number and reasons; by expiry only from the expiry day, by repair only from the minimum period
// on; no event dated before the last one.
Status check_blacklist_event(std::span<const BlacklistEvent> history, const BlacklistEvent& event,
                             const BlacklistTerms& terms);

}  // namespace yandian::quality
