// The credit store port, one contract for both engines (SQLite and PostgreSQL): consents kept with their revocation
// as a separate event (the consent row never changes; a second revocation is refused and the first stands); consents
// listed per firm and per lender; unknown organisations and users refused as not found; the access log in reading
// order per firm, with and without a consent; objections filed and answered once, both texts kept; every record
// survives a reopen (what a restart sees).
#include <gtest/gtest.h>

#include "engines.hpp"

namespace yandian::store {
namespace {

class CreditStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        auto& orgs = store_->db().organisations();
        firm_ = orgs.create(OrganisationRecord{0, "Star Bearings", "merchant", "2026-01-01T00:00:00.000Z", {}}).value();
        other_ = orgs.create(OrganisationRecord{0, "Moon Bearings", "merchant", "2026-01-01T00:00:00.000Z", {}}).value();
        lender_ = orgs.create(OrganisationRecord{0, "Linqing Rural Bank", "lender", "2026-01-01T00:00:00.000Z", {}})
                      .value();
        firm_user_ = store_->db()
                         .users()
                         .create(UserRecord{0, firm_.id, "star-admin", "Li", "admin", "$argon2id$x", false,
                                            "2026-01-01T00:00:00.000Z"})
                         .value()
                         .id;
        lender_user_ = store_->db()
                           .users()
                           .create(UserRecord{0, lender_.id, "bank-officer", "Zhao", "viewer", "$argon2id$x", false,
                                              "2026-01-01T00:00:00.000Z"})
                           .value()
                           .id;
        credit_ = &store_->db().credit();
    }

    ConsentRecord consent(std::string purpose = "credit_assessment") const {
        ConsentRecord c;
        c.firm_org_id = firm_.id;
        c.lender_org_id = lender_.id;
        c.purpose = std::move(purpose);
        c.valid_from = "2026-03-01T00:00:00.000Z";
        c.valid_until = "2026-09-01T00:00:00.000Z";
        c.granted_by = firm_user_;
        c.granted_at = "2026-03-01T08:00:00.000Z";
        return c;
    }

    std::unique_ptr<testing::EngineStore> store_;
    OrganisationRecord firm_, other_, lender_;
    std::int64_t firm_user_ = 0, lender_user_ = 0;
    CreditStore* credit_ = nullptr;
};

TEST_P(CreditStoreTest, ConsentAndItsRevocationAreSeparateEvents) {
    auto granted = credit_->add_consent(consent());
    ASSERT_TRUE(granted) << granted.error().message;
    EXPECT_GT(granted->id, 0);
    EXPECT_FALSE(granted->revoked_at);
    auto second = credit_->add_consent(consent("loan_monitoring"));
    ASSERT_TRUE(second);

    auto revoked = credit_->revoke_consent(granted->id, firm_user_, "2026-04-02T09:30:00.000Z");
    ASSERT_TRUE(revoked) << revoked.error().message;
    EXPECT_EQ(revoked->revoked_at, "2026-04-02T09:30:00.000Z");
    EXPECT_EQ(revoked->revoked_by, firm_user_);
    // The first revocation stands: a second one is refused and changes nothing.
    auto again = credit_->revoke_consent(granted->id, std::nullopt, "2026-05-01T00:00:00.000Z");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
    auto missing = credit_->revoke_consent(granted->id + 100, firm_user_, "2026-05-01T00:00:00.000Z");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(store_->reopen());
    credit_ = &store_->db().credit();
    auto found = credit_->find_consent(granted->id);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->purpose, "credit_assessment");
    EXPECT_EQ((*found)->valid_from, "2026-03-01T00:00:00.000Z");
    EXPECT_EQ((*found)->valid_until, "2026-09-01T00:00:00.000Z");
    EXPECT_EQ((*found)->granted_at, "2026-03-01T08:00:00.000Z");
    EXPECT_EQ((*found)->revoked_at, "2026-04-02T09:30:00.000Z");
    auto of_firm = credit_->consents_of_firm(firm_.id);
    ASSERT_TRUE(of_firm);
    ASSERT_EQ(of_firm->size(), 2u);
    EXPECT_EQ((*of_firm)[0].id, granted->id);
    EXPECT_TRUE((*of_firm)[0].revoked_at);
    EXPECT_FALSE((*of_firm)[1].revoked_at);
    auto for_lender = credit_->consents_for_lender(lender_.id);
    ASSERT_TRUE(for_lender);
    EXPECT_EQ(for_lender->size(), 2u);
    EXPECT_TRUE(credit_->consents_of_firm(other_.id).value().empty());
    EXPECT_TRUE(credit_->consents_for_lender(firm_.id).value().empty());
    EXPECT_FALSE(credit_->find_consent(9999).value());
}

TEST_P(CreditStoreTest, BadConsentsAreRefused) {
    ConsentRecord unknown = consent();
    unknown.lender_org_id = 9999;
    auto refused = credit_->add_consent(unknown);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kNotFound) << refused.error().message;
    ConsentRecord self = consent();
    self.lender_org_id = firm_.id;
    EXPECT_FALSE(credit_->add_consent(self));  // a firm does not consent to itself (CHECK)
    ConsentRecord purpose = consent("marketing");
    EXPECT_FALSE(credit_->add_consent(purpose));  // purposes are a closed list (CHECK)
    ConsentRecord backwards = consent();
    backwards.valid_until = backwards.valid_from;
    EXPECT_FALSE(credit_->add_consent(backwards));
    EXPECT_TRUE(credit_->consents_of_firm(firm_.id).value().empty());
}

TEST_P(CreditStoreTest, AccessLogInReadingOrder) {
    auto c = credit_->add_consent(consent()).value();
    auto own = credit_->log_read(
        ReportReadRecord{0, firm_.id, firm_.id, firm_user_, std::nullopt, "2026-03-02T10:00:00.000Z", "api"});
    ASSERT_TRUE(own) << own.error().message;
    auto lender = credit_->log_read(
        ReportReadRecord{0, firm_.id, lender_.id, lender_user_, c.id, "2026-03-03T11:00:00.000Z", "api"});
    ASSERT_TRUE(lender);
    auto cli = credit_->log_read(
        ReportReadRecord{0, firm_.id, lender_.id, std::nullopt, c.id, "2026-03-04T12:00:00.000Z", "cli"});
    ASSERT_TRUE(cli);
    (void)credit_->log_read(ReportReadRecord{0, other_.id, other_.id, std::nullopt, std::nullopt,
                                             "2026-03-04T12:00:00.000Z", "cli"});
    auto bad = credit_->log_read(
        ReportReadRecord{0, firm_.id, lender_.id, lender_user_, c.id + 50, "2026-03-05T12:00:00.000Z", "api"});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(store_->reopen());
    auto log = store_->db().credit().reads_of_firm(firm_.id);
    ASSERT_TRUE(log);
    ASSERT_EQ(log->size(), 3u);
    EXPECT_EQ((*log)[0].reader_org_id, firm_.id);
    EXPECT_FALSE((*log)[0].consent_id);
    EXPECT_EQ((*log)[1].reader_org_id, lender_.id);
    EXPECT_EQ((*log)[1].reader_user_id, lender_user_);
    EXPECT_EQ((*log)[1].consent_id, c.id);
    EXPECT_EQ((*log)[1].read_at, "2026-03-03T11:00:00.000Z");
    EXPECT_FALSE((*log)[2].reader_user_id);
    EXPECT_EQ((*log)[2].channel, "cli");
}

TEST_P(CreditStoreTest, ObjectionFiledAndAnsweredOnce) {
    auto filed = credit_->file_objection(CreditObjectionRecord{0, firm_.id, "sales.stability_cv",
                                                         "February was a closed month (Spring Festival)", firm_user_,
                                                         "2026-03-05T09:00:00.000Z", {}, {}, {}});
    ASSERT_TRUE(filed) << filed.error().message;
    EXPECT_FALSE(filed->answer);
    auto answered = credit_->answer_objection(filed->id, "Checked: the figure follows the stated method; a note is "
                                              "added to the report.", std::nullopt, "2026-03-09T15:00:00.000Z");
    ASSERT_TRUE(answered) << answered.error().message;
    auto twice = credit_->answer_objection(filed->id, "other", std::nullopt, "2026-03-10T15:00:00.000Z");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(credit_->answer_objection(filed->id + 9, "x", std::nullopt, "2026-03-10T15:00:00.000Z").error().code,
              ErrorCode::kNotFound);
    auto open = credit_->file_objection(CreditObjectionRecord{0, other_.id, "quality.alarm_rate", "gauge fault",
                                                        std::nullopt, "2026-03-06T09:00:00.000Z", {}, {}, {}});
    ASSERT_TRUE(open);
    EXPECT_FALSE(credit_->file_objection(CreditObjectionRecord{0, firm_.id, "", "empty figure", firm_user_,
                                                         "2026-03-06T09:00:00.000Z", {}, {}, {}}));

    ASSERT_TRUE(store_->reopen());
    credit_ = &store_->db().credit();
    auto mine = credit_->objections(firm_.id);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].text, "February was a closed month (Spring Festival)");
    EXPECT_EQ((*mine)[0].figure, "sales.stability_cv");
    EXPECT_EQ((*mine)[0].filed_by, firm_user_);
    EXPECT_EQ((*mine)[0].answered_at, "2026-03-09T15:00:00.000Z");
    EXPECT_NE((*mine)[0].answer->find("stated method"), std::string::npos);
    EXPECT_FALSE((*mine)[0].answered_by);
    auto all = credit_->objections(std::nullopt);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 2u);
    EXPECT_FALSE((*all)[1].answer);
    EXPECT_FALSE((*all)[1].filed_by);
}

INSTANTIATE_TEST_SUITE_P(Engines, CreditStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
