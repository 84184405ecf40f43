// The receivables store port, one contract for both engines (SQLite and PostgreSQL): every field round-trips; the
// database itself refuses a second receivable for the same invoice (buyer, number, amount), a second answer of the
// buyer, a second financing request with the same number, a request numbered n > 0 before request n - 1 was
// declined, an answer from a lender the request did not go to, and any UPDATE or DELETE of receivables and events;
// two handles inserting the same request at the same moment: exactly one wins; lists per supplier, buyer and
// lender; unknown organisations refused as not found.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "engines.hpp"
#include "store/postgres/connection.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store {
namespace {

class ReceivableStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        auto& orgs = store_->db().organisations();
        const std::string at = "2026-01-01T00:00:00.000Z";
        supplier_ = orgs.create(OrganisationRecord{0, "Star Bearings", "manufacturer", at, {}}).value().id;
        buyer_ = orgs.create(OrganisationRecord{0, "Harbin Axle Works", "manufacturer", at, {}}).value().id;
        lender_ = orgs.create(OrganisationRecord{0, "Linqing Rural Bank", "lender", at, {}}).value().id;
        other_lender_ = orgs.create(OrganisationRecord{0, "Liaocheng Bank", "lender", at, {}}).value().id;
        user_ = store_->db()
                    .users()
                    .create(UserRecord{0, supplier_, "star-admin", "Li", "admin", "$argon2id$x", false, at})
                    .value()
                    .id;
        r_ = &store_->db().receivables();
    }

    ReceivableRecord invoice(std::string number = "INV-0042", std::int64_t fen = 12'345'600) const {
        ReceivableRecord r;
        r.supplier_org_id = supplier_;
        r.buyer_org_id = buyer_;
        r.invoice_number = std::move(number);
        r.amount_fen = fen;
        r.issue_date = "2026-03-01";
        r.due_date = "2026-05-31";
        r.registration_number = "ZZ2026030200017";
        r.registered_on = "2026-03-02";
        r.registered_by = user_;
        r.registered_at = "2026-03-02T08:00:00.000Z";
        return r;
    }

    ReceivableEventRecord event(std::int64_t receivable, std::string kind, std::int64_t actor) const {
        ReceivableEventRecord e;
        e.receivable_id = receivable;
        e.kind = std::move(kind);
        e.actor_org_id = actor;
        e.on_date = "2026-03-03";
        e.recorded_at = "2026-03-03T08:00:00.000Z";
        return e;
    }

    ReceivableEventRecord financing(std::int64_t receivable, std::string kind, std::int64_t actor,
                                    std::int64_t lender, std::int64_t attempt) const {
        auto e = event(receivable, std::move(kind), actor);
        e.lender_org_id = lender;
        e.attempt = attempt;
        return e;
    }

    // Runs `sql` on a separate connection to the same store and says whether the database accepted it.
    bool raw_sql_accepted(const std::string& sql) {
        if (GetParam() == "sqlite") {
            auto lite = sqlite::Connection::open(store_->file());
            EXPECT_TRUE(lite);
            return lite && static_cast<bool>((*lite)->exec(sql));
        }
        auto pg = postgres::Connection::open(store_->url(), std::chrono::seconds(30));
        EXPECT_TRUE(pg) << pg.error().message;
        return pg && static_cast<bool>((*pg)->exec(sql));
    }

    std::unique_ptr<testing::EngineStore> store_;
    std::int64_t supplier_ = 0, buyer_ = 0, lender_ = 0, other_lender_ = 0, user_ = 0;
    ReceivableStore* r_ = nullptr;
};

TEST_P(ReceivableStoreTest, FieldsRoundTripAndListsPerParty) {
    auto added = r_->add_receivable(invoice());
    ASSERT_TRUE(added) << added.error().message;
    auto plain = invoice("INV-0043", 500);
    plain.registration_number.reset();
    plain.registered_by.reset();
    ASSERT_TRUE(r_->add_receivable(plain));
    ASSERT_TRUE(store_->reopen());  // what a restart sees
    r_ = &store_->db().receivables();
    auto found = r_->find_receivable(added->id);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->invoice_number, "INV-0042");
    EXPECT_EQ((*found)->amount_fen, 12'345'600);
    EXPECT_EQ((*found)->currency, "CNY");
    EXPECT_EQ((*found)->due_date, "2026-05-31");
    EXPECT_EQ((*found)->registration_number, "ZZ2026030200017");
    EXPECT_EQ((*found)->registered_by, user_);
    EXPECT_FALSE(*r_->find_receivable(added->id + 100));
    EXPECT_EQ(r_->receivables_of_supplier(supplier_)->size(), 2u);
    EXPECT_EQ(r_->receivables_on_buyer(buyer_)->size(), 2u);
    EXPECT_TRUE(r_->receivables_on_buyer(supplier_)->empty());
    EXPECT_TRUE(r_->receivables_for_lender(lender_)->empty());
    EXPECT_EQ(r_->all_receivables()->size(), 2u);

    ASSERT_TRUE(r_->append_event(event(added->id, "confirmed", buyer_)));
    ASSERT_TRUE(r_->append_event(financing(added->id, "financing_requested", supplier_, lender_, 0)));
    auto approve = financing(added->id, "financing_approved", lender_, lender_, 0);
    approve.amount_fen = 10'000'000;
    approve.rate_bp = 385;
    approve.tenor_days = 90;
    ASSERT_TRUE(r_->append_event(approve));
    auto overdue = event(added->id, "overdue", lender_);
    overdue.days_past_due = 3;
    overdue.on_date = "2026-06-03";
    ASSERT_TRUE(r_->append_event(overdue));
    auto events = r_->events_of(added->id);
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 4u);
    EXPECT_EQ((*events)[0].kind, "confirmed");
    EXPECT_FALSE((*events)[0].attempt);
    EXPECT_EQ((*events)[1].lender_org_id, lender_);
    EXPECT_EQ((*events)[2].amount_fen, 10'000'000);
    EXPECT_EQ((*events)[2].rate_bp, 385);
    EXPECT_EQ((*events)[2].tenor_days, 90);
    EXPECT_EQ((*events)[3].days_past_due, 3);
    EXPECT_EQ((*events)[3].on_date, "2026-06-03");
    EXPECT_LT((*events)[0].id, (*events)[3].id);
    auto for_lender = r_->receivables_for_lender(lender_);
    ASSERT_EQ(for_lender->size(), 1u);
    EXPECT_EQ((*for_lender)[0].id, added->id);
    EXPECT_TRUE(r_->receivables_for_lender(other_lender_)->empty());
}

TEST_P(ReceivableStoreTest, OneReceivablePerInvoice) {
    ASSERT_TRUE(r_->add_receivable(invoice()));
    auto again = r_->add_receivable(invoice());
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists) << again.error().message;
    // Another amount or another number is another invoice.
    EXPECT_TRUE(r_->add_receivable(invoice("INV-0042", 1)));
    EXPECT_TRUE(r_->add_receivable(invoice("INV-0044")));
    auto stranger = invoice("INV-0045");
    stranger.buyer_org_id = buyer_ + 1000;
    auto missing = r_->add_receivable(stranger);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound) << missing.error().message;
}

TEST_P(ReceivableStoreTest, DatabaseHoldsTheOnceOnlyRules) {
    const std::int64_t id = r_->add_receivable(invoice()).value().id;
    ASSERT_TRUE(r_->append_event(event(id, "confirmed", buyer_)));
    // The buyer answers once.
    auto answer = r_->append_event(event(id, "disputed", buyer_));
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, ErrorCode::kAlreadyExists);
    // Request 0 to one lender; a second request 0, to another lender or the same, is refused.
    ASSERT_TRUE(r_->append_event(financing(id, "financing_requested", supplier_, lender_, 0)));
    auto second = r_->append_event(financing(id, "financing_requested", supplier_, other_lender_, 0));
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
    EXPECT_FALSE(r_->append_event(financing(id, "financing_requested", supplier_, lender_, 0)));
    // Request 1 before request 0 was declined is refused by the trigger.
    auto early = r_->append_event(financing(id, "financing_requested", supplier_, other_lender_, 1));
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition) << early.error().message;
    EXPECT_NE(early.error().message.find("financed once"), std::string::npos) << early.error().message;
    // Only the lender the request went to answers it, once.
    auto foreign = r_->append_event(financing(id, "financing_declined", other_lender_, other_lender_, 0));
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().code, ErrorCode::kFailedPrecondition) << foreign.error().message;
    auto decline = financing(id, "financing_declined", lender_, lender_, 0);
    decline.reason = "outside our limits";
    ASSERT_TRUE(r_->append_event(decline));
    auto approve = financing(id, "financing_approved", lender_, lender_, 0);
    approve.amount_fen = 100;
    EXPECT_FALSE(r_->append_event(approve));
    // After the decline, request 1 is accepted, once.
    ASSERT_TRUE(r_->append_event(financing(id, "financing_requested", supplier_, other_lender_, 1)));
    EXPECT_FALSE(r_->append_event(financing(id, "financing_requested", supplier_, lender_, 1)));
    // A financing event without its number or lender does not fit the schema.
    auto bare = event(id, "financing_requested", supplier_);
    EXPECT_FALSE(r_->append_event(bare));
}

TEST_P(ReceivableStoreTest, TwoHandlesRequestAtOnceExactlyOneWins) {
    const std::int64_t id = r_->add_receivable(invoice()).value().id;
    ASSERT_TRUE(r_->append_event(event(id, "confirmed", buyer_)));
    // Separate handles: for SQLite separate connections to the file, for PostgreSQL separate sessions; the service's
    // own checks are not involved, only the database.
    constexpr int kHandles = 4;
    std::vector<std::unique_ptr<Database>> handles;
    for (int i = 0; i < kHandles; ++i) {
        auto db = Database::open(store_->url());
        ASSERT_TRUE(db) << db.error().message;
        handles.push_back(std::move(*db));
    }
    std::atomic<int> accepted{0}, refused{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kHandles; ++i) {
        threads.emplace_back([&, i] {
            while (!go.load()) std::this_thread::yield();
            auto done = handles[i]->receivables().append_event(
                financing(id, "financing_requested", supplier_, i % 2 == 0 ? lender_ : other_lender_, 0));
            if (done) {
                ++accepted;
            } else if (done.error().code == ErrorCode::kAlreadyExists) {
                ++refused;
            }
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(accepted.load(), 1);
    EXPECT_EQ(refused.load(), kHandles - 1);
    EXPECT_EQ(r_->events_of(id)->size(), 2u);
}

TEST_P(ReceivableStoreTest, SchemaRefusesUpdateAndDelete) {
    const std::int64_t id = r_->add_receivable(invoice()).value().id;
    ASSERT_TRUE(r_->append_event(event(id, "confirmed", buyer_)));
    if (GetParam() == "sqlite") store_->close();
    EXPECT_FALSE(raw_sql_accepted("UPDATE receivables SET amount_fen = 1"));
    EXPECT_FALSE(raw_sql_accepted("DELETE FROM receivables"));
    EXPECT_FALSE(raw_sql_accepted("UPDATE receivable_events SET kind = 'disputed'"));
    EXPECT_FALSE(raw_sql_accepted("DELETE FROM receivable_events"));
    if (GetParam() == "sqlite") {
        ASSERT_TRUE(store_->reopen());
        r_ = &store_->db().receivables();
    }
    auto events = r_->events_of(id);
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ((*events)[0].kind, "confirmed");
    EXPECT_EQ((*r_->find_receivable(id))->amount_fen, 12'345'600);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReceivableStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
