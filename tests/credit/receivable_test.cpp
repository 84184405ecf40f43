// A receivable's life (credit/receivable.hpp): every allowed transition, every refused one with the party and state
// it names, and days past due counted by hand on the calendar (each test says how).
#include "credit/receivable.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace yandian::credit {
namespace {

constexpr std::int64_t kSupplier = 11;
constexpr std::int64_t kBuyer = 12;
constexpr std::int64_t kLender = 13;
constexpr std::int64_t kOtherLender = 14;

// 2026-03-01 is day 20513: 2026-01-01 is day 20454 (56 years of 365 days + 14 leap days 1972..2024), + 31 + 28.
constexpr DayNumber k20260301 = 20513;
constexpr DayNumber k20260531 = k20260301 + 31 + 30 + 30;  // due date: March 31 days, April 30, May 30 more

Receivable invoice() {
    Receivable r;
    r.id = 7;
    r.supplier_org_id = kSupplier;
    r.buyer_org_id = kBuyer;
    r.invoice_number = "INV-2026-0042";
    r.amount_fen = 12'345'600;  // RMB 123,456.00
    r.issue_date = k20260301;
    r.due_date = k20260531;
    r.registered_on = k20260301 + 1;
    r.registration_number = "ZZ2026030200017";
    return r;
}

ReceivableEvent ev(ReceivableEventKind kind, std::int64_t actor, DayNumber on) {
    ReceivableEvent e;
    e.kind = kind;
    e.actor_org_id = actor;
    e.on = on;
    return e;
}

ReceivableEvent confirm(DayNumber on = k20260301 + 2) { return ev(ReceivableEventKind::kConfirmed, kBuyer, on); }
ReceivableEvent request(std::int64_t lender, int attempt, DayNumber on = k20260301 + 3) {
    auto e = ev(ReceivableEventKind::kFinancingRequested, kSupplier, on);
    e.lender_org_id = lender;
    e.attempt = attempt;
    return e;
}
ReceivableEvent approve(std::int64_t lender, int attempt, std::int64_t fen, DayNumber on = k20260301 + 5) {
    auto e = ev(ReceivableEventKind::kFinancingApproved, lender, on);
    e.attempt = attempt;
    e.lender_org_id = lender;
    e.amount_fen = fen;
    e.rate_bp = 385;  // 3.85 % a year
    e.tenor_days = 90;
    return e;
}
ReceivableEvent decline(std::int64_t lender, int attempt, DayNumber on = k20260301 + 4) {
    auto e = ev(ReceivableEventKind::kFinancingDeclined, lender, on);
    e.attempt = attempt;
    e.lender_org_id = lender;
    e.reason = "buyer outside our limits";
    return e;
}
ReceivableEvent repay(std::int64_t fen, DayNumber on) {
    auto e = ev(ReceivableEventKind::kRepaid, kLender, on);
    e.amount_fen = fen;
    return e;
}

ReceivableState state(const std::vector<ReceivableEvent>& events, DayNumber on) {
    auto s = state_of(invoice(), events, on);
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : ReceivableState{};
}

// The error of `next` after `events`.
Error refusal(const std::vector<ReceivableEvent>& events, const ReceivableEvent& next) {
    auto s = state_of(invoice(), events, next.on);
    EXPECT_TRUE(s) << s.error().message;
    auto ok = check_next(invoice(), *s, next);
    EXPECT_FALSE(ok) << "expected " << to_string(next.kind) << " to be refused";
    return ok ? Error{} : ok.error();
}

TEST(Receivable, WholeCycleRepaidOnTheDueDate) {
    std::vector<ReceivableEvent> log{confirm(), request(kLender, 0), approve(kLender, 0, 10'000'000)};
    auto s = state(log, k20260301 + 10);
    EXPECT_EQ(s.status, ReceivableStatus::kFinanced);
    EXPECT_EQ(s.financed_fen, 10'000'000);
    EXPECT_EQ(s.lender_org_id, kLender);
    EXPECT_EQ(s.rate_bp, 385);
    EXPECT_EQ(s.requests, 1);
    log.push_back(repay(4'000'000, k20260531 - 10));
    EXPECT_EQ(state(log, k20260531).status, ReceivableStatus::kFinanced);
    EXPECT_EQ(state(log, k20260531).repaid_fen, 4'000'000);
    log.push_back(repay(6'000'000, k20260531));
    s = state(log, k20260531 + 100);
    EXPECT_EQ(s.status, ReceivableStatus::kRepaid);
    EXPECT_EQ(s.repaid_on, k20260531);
    EXPECT_EQ(s.days_past_due, 0);
    EXPECT_EQ(s.bucket, DpdBucket::kCurrent);
}

TEST(Receivable, StateOnADateSeesOnlyEventsUpToIt) {
    std::vector<ReceivableEvent> log{confirm(k20260301 + 2), request(kLender, 0, k20260301 + 3)};
    EXPECT_EQ(state(log, k20260301 + 1).status, ReceivableStatus::kRegistered);
    EXPECT_EQ(state(log, k20260301 + 2).status, ReceivableStatus::kConfirmed);
    EXPECT_EQ(state(log, k20260301 + 3).status, ReceivableStatus::kFinancingRequested);
}

TEST(Receivable, OverdueDaysAndBucketsCountedOnTheCalendar) {
    std::vector<ReceivableEvent> log{confirm(), request(kLender, 0), approve(kLender, 0, 10'000'000)};
    // Due 2026-05-31. 2026-06-01 is 1 day past due; 2026-06-30 is 30; 2026-07-01 is 31; 2026-07-30 is 60;
    // 2026-07-31 is 61; 2026-08-29 is 90; 2026-08-30 is 91 (June 30 days, July 31, August 31).
    struct Case {
        DayNumber on;
        std::int64_t dpd;
        DpdBucket bucket;
    };
    for (const Case& c : {Case{k20260531, 0, DpdBucket::kCurrent}, Case{k20260531 + 1, 1, DpdBucket::k1To30},
                          Case{k20260531 + 30, 30, DpdBucket::k1To30}, Case{k20260531 + 31, 31, DpdBucket::k31To60},
                          Case{k20260531 + 60, 60, DpdBucket::k31To60}, Case{k20260531 + 61, 61, DpdBucket::k61To90},
                          Case{k20260531 + 90, 90, DpdBucket::k61To90}, Case{k20260531 + 91, 91, DpdBucket::kOver90}}) {
        auto s = state(log, c.on);
        EXPECT_EQ(s.days_past_due, c.dpd) << format_iso_date(c.on);
        EXPECT_EQ(s.bucket, c.bucket) << format_iso_date(c.on);
        EXPECT_EQ(s.status, c.dpd > 0 ? ReceivableStatus::kOverdue : ReceivableStatus::kFinanced);
    }
    EXPECT_EQ(format_iso_date(k20260531 + 91), "2026-08-30");
    // The lender records it overdue on 2026-06-15: 15 days past due; a partial repayment still leaves it overdue.
    auto overdue = ev(ReceivableEventKind::kOverdue, kLender, k20260531 + 15);
    overdue.days_past_due = 15;
    log.push_back(overdue);
    log.push_back(repay(1'000'000, k20260531 + 20));
    auto s = state(log, k20260531 + 40);
    EXPECT_EQ(s.status, ReceivableStatus::kOverdue);
    EXPECT_EQ(s.days_past_due, 40);
    EXPECT_EQ(s.bucket, DpdBucket::k31To60);
    // Repaid in full late: repaid, no longer past due.
    log.push_back(repay(9'000'000, k20260531 + 45));
    s = state(log, k20260531 + 50);
    EXPECT_EQ(s.status, ReceivableStatus::kRepaid);
    EXPECT_EQ(s.days_past_due, 0);
}

TEST(Receivable, DeclineLetsTheSupplierAskAnotherLender) {
    std::vector<ReceivableEvent> log{confirm(), request(kLender, 0), decline(kLender, 0)};
    auto s = state(log, k20260301 + 4);
    EXPECT_EQ(s.status, ReceivableStatus::kConfirmed);
    EXPECT_EQ(s.reason, "buyer outside our limits");
    EXPECT_EQ(s.requests, 1);
    log.push_back(request(kOtherLender, 1, k20260301 + 6));
    auto a = approve(kOtherLender, 1, 12'345'600, k20260301 + 7);
    log.push_back(a);
    s = state(log, k20260301 + 7);
    EXPECT_EQ(s.status, ReceivableStatus::kFinanced);
    EXPECT_EQ(s.lender_org_id, kOtherLender);
}

TEST(Receivable, FinancedOnceRefusals) {
    const std::vector<ReceivableEvent> live{confirm(), request(kLender, 0)};
    // A second lender, or the same one again, while a request is live.
    auto e = refusal(live, request(kOtherLender, 1));
    EXPECT_EQ(e.code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(e.message.find("invoice INV-2026-0042"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("financed once"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("live"), std::string::npos) << e.message;
    EXPECT_EQ(refusal(live, request(kLender, 1)).code, ErrorCode::kFailedPrecondition);
    // ... or once approved, or once repaid.
    const std::vector<ReceivableEvent> approved{confirm(), request(kLender, 0), approve(kLender, 0, 100)};
    e = refusal(approved, request(kOtherLender, 1, k20260301 + 6));
    EXPECT_NE(e.message.find("approved"), std::string::npos) << e.message;
    auto repaid = approved;
    repaid.push_back(repay(100, k20260301 + 8));
    EXPECT_EQ(refusal(repaid, request(kOtherLender, 1, k20260301 + 9)).code, ErrorCode::kFailedPrecondition);
}

TEST(Receivable, EveryOtherRefusedTransition) {
    const std::vector<ReceivableEvent> none;
    const std::vector<ReceivableEvent> confirmed{confirm()};
    const std::vector<ReceivableEvent> live{confirm(), request(kLender, 0)};
    const std::vector<ReceivableEvent> approved{confirm(), request(kLender, 0), approve(kLender, 0, 100)};
    auto disputed = ev(ReceivableEventKind::kDisputed, kBuyer, k20260301 + 2);
    disputed.reason = "goods returned";
    const std::vector<ReceivableEvent> dispute_log{disputed};

    // Who: only the buyer confirms or disputes; only the supplier requests; only the addressed lender answers; only
    // the financing lender records repayment or overdue.
    EXPECT_EQ(refusal(none, ev(ReceivableEventKind::kConfirmed, kSupplier, k20260301 + 2)).code,
              ErrorCode::kPermissionDenied);
    auto d = disputed;
    d.actor_org_id = kLender;
    EXPECT_EQ(refusal(none, d).code, ErrorCode::kPermissionDenied);
    auto r = request(kLender, 0);
    r.actor_org_id = kBuyer;
    EXPECT_EQ(refusal(confirmed, r).code, ErrorCode::kPermissionDenied);
    auto e = refusal(live, approve(kOtherLender, 0, 100));
    EXPECT_EQ(e.code, ErrorCode::kPermissionDenied);
    EXPECT_NE(e.message.find("only the lender the request went to"), std::string::npos) << e.message;
    EXPECT_EQ(refusal(live, decline(kOtherLender, 0)).code, ErrorCode::kPermissionDenied);
    auto foreign_repay = repay(50, k20260301 + 8);
    foreign_repay.actor_org_id = kSupplier;
    EXPECT_EQ(refusal(approved, foreign_repay).code, ErrorCode::kPermissionDenied);

    // Which state: answered twice; financing of a registered or disputed receivable; an answer without a live
    // request; repayment or overdue before financing.
    e = refusal(confirmed, confirm(k20260301 + 3));
    EXPECT_EQ(e.code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(e.message, "cannot confirm receivable 7 (invoice INV-2026-0042): the buyer has answered already (it is "
                         "confirmed)");
    EXPECT_EQ(refusal(dispute_log, confirm(k20260301 + 3)).code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refusal(confirmed, disputed).code, ErrorCode::kFailedPrecondition);
    e = refusal(none, request(kLender, 0));
    EXPECT_EQ(e.code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(e.message.find("it is registered"), std::string::npos) << e.message;
    EXPECT_NE(refusal(dispute_log, request(kLender, 0)).message.find("it is disputed"), std::string::npos);
    EXPECT_EQ(refusal(confirmed, approve(kLender, 0, 100)).code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refusal(confirmed, decline(kLender, 0)).code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refusal(approved, approve(kLender, 0, 100, k20260301 + 6)).code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refusal(approved, decline(kLender, 0, k20260301 + 6)).code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refusal(live, repay(100, k20260301 + 6)).code, ErrorCode::kFailedPrecondition);
    auto overdue = ev(ReceivableEventKind::kOverdue, kLender, k20260531 + 3);
    overdue.days_past_due = 3;
    EXPECT_EQ(refusal(confirmed, overdue).code, ErrorCode::kFailedPrecondition);
    auto repaid = approved;
    repaid.push_back(repay(100, k20260301 + 8));
    EXPECT_EQ(refusal(repaid, repay(1, k20260301 + 9)).code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refusal(repaid, overdue).code, ErrorCode::kFailedPrecondition);
    // Past the due date: no request, no approval, and overdue only after it.
    EXPECT_NE(refusal(confirmed, request(kLender, 0, k20260531 + 1)).message.find("fell due on 2026-05-31"),
              std::string::npos);
    EXPECT_EQ(refusal(live, approve(kLender, 0, 100, k20260531 + 1)).code, ErrorCode::kFailedPrecondition);
    auto early = ev(ReceivableEventKind::kOverdue, kLender, k20260531);
    EXPECT_NE(refusal(approved, early).message.find("falls due on 2026-05-31"), std::string::npos);

    // Values: approval above the receivable, rate and tenor out of range, empty reasons, repayment above what is
    // outstanding, a wrong days-past-due, a lender that is a party, a wrong request number, a date going back.
    auto field = [&](const std::vector<ReceivableEvent>& log, const ReceivableEvent& next) {
        auto err = refusal(log, next);
        EXPECT_EQ(err.code, ErrorCode::kInvalidArgument) << err.message;
        return err.field;
    };
    EXPECT_EQ(field(live, approve(kLender, 0, 12'345'601)), "amount");
    EXPECT_EQ(field(live, approve(kLender, 0, 0)), "amount");
    auto a = approve(kLender, 0, 100);
    a.rate_bp = 0;
    EXPECT_EQ(field(live, a), "rate");
    a.rate_bp = kMaxRateBp + 1;
    EXPECT_EQ(field(live, a), "rate");
    a = approve(kLender, 0, 100);
    a.tenor_days = kMaxTenorDays + 1;
    EXPECT_EQ(field(live, a), "tenor");
    auto no_reason = decline(kLender, 0);
    no_reason.reason.clear();
    EXPECT_EQ(field(live, no_reason), "reason");
    auto silent = disputed;
    silent.reason.clear();
    EXPECT_EQ(field(none, silent), "reason");
    EXPECT_EQ(field(approved, repay(101, k20260301 + 8)), "amount");
    EXPECT_EQ(field(approved, repay(0, k20260301 + 8)), "amount");
    overdue.days_past_due = 4;
    EXPECT_EQ(field(approved, overdue), "days_past_due");
    EXPECT_EQ(field(confirmed, request(kBuyer, 0)), "lender");
    EXPECT_EQ(field(confirmed, request(kSupplier, 0)), "lender");
    EXPECT_EQ(field(confirmed, request(kLender, 1)), "attempt");
    EXPECT_EQ(field(live, approve(kLender, 1, 100)), "attempt");
    EXPECT_EQ(field(confirmed, ev(ReceivableEventKind::kConfirmed, kBuyer, k20260301)), "date");
}

TEST(Receivable, BrokenLogIsAnErrorNamingTheEvent) {
    auto bad = approve(kLender, 0, 100);
    bad.id = 99;
    auto s = state_of(invoice(), std::vector<ReceivableEvent>{confirm(), bad}, k20260531);
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("event 99 (financing_approved)"), std::string::npos) << s.error().message;
}

TEST(Receivable, NewReceivableFields) {
    EXPECT_TRUE(validate_new_receivable(invoice()));
    auto field = [](auto change) {
        Receivable r = invoice();
        change(r);
        auto ok = validate_new_receivable(r);
        EXPECT_FALSE(ok);
        return ok ? std::string() : ok.error().field;
    };
    EXPECT_EQ(field([](Receivable& r) { r.buyer_org_id = r.supplier_org_id; }), "buyer");
    EXPECT_EQ(field([](Receivable& r) { r.supplier_org_id = 0; }), "supplier");
    EXPECT_EQ(field([](Receivable& r) { r.invoice_number.clear(); }), "invoice");
    EXPECT_EQ(field([](Receivable& r) { r.invoice_number = " INV"; }), "invoice");
    EXPECT_EQ(field([](Receivable& r) { r.invoice_number = std::string(65, 'x'); }), "invoice");
    EXPECT_EQ(field([](Receivable& r) { r.invoice_number = "INV\n1"; }), "invoice");
    EXPECT_EQ(field([](Receivable& r) { r.amount_fen = 0; }), "amount");
    EXPECT_EQ(field([](Receivable& r) { r.amount_fen = kMaxReceivableFen + 1; }), "amount");
    EXPECT_EQ(field([](Receivable& r) { r.currency = "USD"; }), "currency");
    EXPECT_EQ(field([](Receivable& r) { r.due_date = r.issue_date - 1; }), "due");
    EXPECT_EQ(field([](Receivable& r) { r.registered_on = r.issue_date - 1; }), "issued");
    EXPECT_EQ(field([](Receivable& r) { r.registration_number = ""; }), "registration");
    EXPECT_EQ(to_string(dpd_bucket(-3)), "current");
    EXPECT_EQ(to_string(dpd_bucket(91)), ">90");
    EXPECT_EQ(parse_receivable_event_kind("financing_declined"), ReceivableEventKind::kFinancingDeclined);
    EXPECT_FALSE(parse_receivable_event_kind("paid"));
}

}  // namespace
}  // namespace yandian::credit
