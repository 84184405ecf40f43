// The blacklist's removal paths (expiry, approved repair after the minimum period, decision overturned) with the
// terms of the bundled window table: listing period 36 months, repair from 12 months (SAMR Order 44). Dates are
// counted by hand: listed 2026-03-02 -> repair possible from 2027-03-02, expiry on 2029-03-02.
#include <gtest/gtest.h>

#include "quality/blacklist.hpp"

namespace yandian::quality {
namespace {

DayNumber d(const char* text) { return *parse_iso_date(text); }

const BlacklistTerms kTerms{36, 12};

BlacklistEvent event(std::int64_t id, BlacklistAction action, const char* date) {
    return BlacklistEvent{id, 9, action, d(date), "临市监信〔2026〕" + std::to_string(id) + "号",
                          action == BlacklistAction::kListed ? "counterfeit bearings sold as an international brand"
                                                             : "reasons",
                          "authority"};
}

TEST(Blacklist, ListingAndExpiry) {
    std::vector<BlacklistEvent> h{event(1, BlacklistAction::kListed, "2026-03-02")};
    EXPECT_FALSE(blacklist_state(h, d("2026-03-01"), kTerms).listed);
    auto s = blacklist_state(h, d("2026-03-02"), kTerms);
    EXPECT_TRUE(s.listed);
    EXPECT_EQ(format_iso_date(*s.expires_on), "2029-03-02");
    EXPECT_EQ(format_iso_date(*s.repair_from), "2027-03-02");
    EXPECT_TRUE(blacklist_state(h, d("2029-03-01"), kTerms).listed);
    // Off the list on the expiry day, even before the expiry is recorded.
    s = blacklist_state(h, d("2029-03-02"), kTerms);
    EXPECT_FALSE(s.listed);
    ASSERT_TRUE(s.removal);
    EXPECT_EQ(s.removal->action, BlacklistAction::kRemovedExpiry);
    // Recording the expiry: refused the day before, accepted on the day and after.
    auto early = check_blacklist_event(h, event(2, BlacklistAction::kRemovedExpiry, "2029-03-01"), kTerms);
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(early.error().message.find("2029-03-02"), std::string::npos) << early.error().message;
    EXPECT_TRUE(check_blacklist_event(h, event(2, BlacklistAction::kRemovedExpiry, "2029-03-02"), kTerms));
    EXPECT_TRUE(check_blacklist_event(h, event(2, BlacklistAction::kRemovedExpiry, "2029-03-05"), kTerms));
    h.push_back(event(2, BlacklistAction::kRemovedExpiry, "2029-03-05"));
    s = blacklist_state(h, d("2029-04-01"), kTerms);
    EXPECT_FALSE(s.listed);
    EXPECT_EQ(s.removal->id, 2);
}

TEST(Blacklist, RepairAfterTheMinimumPeriod) {
    std::vector<BlacklistEvent> h{event(1, BlacklistAction::kListed, "2026-03-02")};
    auto early = check_blacklist_event(h, event(2, BlacklistAction::kRemovedRepair, "2027-03-01"), kTerms);
    ASSERT_FALSE(early);
    EXPECT_NE(early.error().message.find("from 2027-03-02"), std::string::npos) << early.error().message;
    ASSERT_TRUE(check_blacklist_event(h, event(2, BlacklistAction::kRemovedRepair, "2027-03-02"), kTerms));
    h.push_back(event(2, BlacklistAction::kRemovedRepair, "2027-03-02"));
    EXPECT_TRUE(blacklist_state(h, d("2027-03-01"), kTerms).listed);
    auto s = blacklist_state(h, d("2027-03-02"), kTerms);
    EXPECT_FALSE(s.listed);
    EXPECT_EQ(s.removal->action, BlacklistAction::kRemovedRepair);
    // The history keeps both events; the listing is still known.
    EXPECT_EQ(s.listing->id, 1);
}

TEST(Blacklist, OverturnedAtAnyTime) {
    std::vector<BlacklistEvent> h{event(1, BlacklistAction::kListed, "2026-03-02")};
    ASSERT_TRUE(check_blacklist_event(h, event(2, BlacklistAction::kRemovedOverturned, "2026-04-10"), kTerms));
    h.push_back(event(2, BlacklistAction::kRemovedOverturned, "2026-04-10"));
    EXPECT_TRUE(blacklist_state(h, d("2026-04-09"), kTerms).listed);
    EXPECT_FALSE(blacklist_state(h, d("2026-04-10"), kTerms).listed);
    EXPECT_FALSE(blacklist_state(h, d("2026-04-11"), kTerms).listed);
    // Listed again later: a new listing with its own periods.
    ASSERT_TRUE(check_blacklist_event(h, event(3, BlacklistAction::kListed, "2026-06-01"), kTerms));
    h.push_back(event(3, BlacklistAction::kListed, "2026-06-01"));
    auto s = blacklist_state(h, d("2026-06-01"), kTerms);
    EXPECT_TRUE(s.listed);
    EXPECT_EQ(s.listing->id, 3);
    EXPECT_EQ(format_iso_date(*s.expires_on), "2029-06-01");
}

TEST(Blacklist, RefusedEvents) {
    std::vector<BlacklistEvent> h{event(1, BlacklistAction::kListed, "2026-03-02")};
    auto twice = check_blacklist_event(h, event(2, BlacklistAction::kListed, "2026-05-01"), kTerms);
    ASSERT_FALSE(twice);
    EXPECT_NE(twice.error().message.find("already on the blacklist"), std::string::npos);
    auto before = check_blacklist_event(h, event(2, BlacklistAction::kRemovedOverturned, "2026-03-01"), kTerms);
    ASSERT_FALSE(before);
    EXPECT_NE(before.error().message.find("before the firm's last"), std::string::npos) << before.error().message;
    auto nothing = check_blacklist_event({}, event(2, BlacklistAction::kRemovedOverturned, "2026-03-01"), kTerms);
    ASSERT_FALSE(nothing);
    EXPECT_NE(nothing.error().message.find("not on the blacklist"), std::string::npos);
    BlacklistEvent no_grounds = event(2, BlacklistAction::kListed, "2026-03-01");
    no_grounds.reasons.clear();
    auto g = check_blacklist_event({}, no_grounds, kTerms);
    ASSERT_FALSE(g);
    EXPECT_EQ(g.error().field, "grounds");
    BlacklistEvent no_decision = event(2, BlacklistAction::kListed, "2026-03-01");
    no_decision.decision_no.clear();
    EXPECT_EQ(check_blacklist_event({}, no_decision, kTerms).error().field, "decision");
}

}  // namespace
}  // namespace yandian::quality
