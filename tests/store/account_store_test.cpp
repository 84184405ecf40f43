// The accounts store ports, one contract for both engines (SQLite and PostgreSQL, tests/store/engines.hpp): round
// trips, constraints, transactions and use from several threads.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "engines.hpp"

namespace yandian::store {
namespace {

class AccountStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        auto org =
            db().organisations().create({0, "Linqing Bearing Works", "manufacturer", "2026-11-29T10:00:00.000Z"});
        ASSERT_TRUE(org.has_value()) << org.error().message;
        org_ = *org;
    }

    UserRecord make_user(const std::string& login) {
        return UserRecord{0, org_.id, login, "Wang", "engineer", "$argon2id$x", false, "2026-11-29T10:01:00.000Z"};
    }

    Database& db() { return store_->db(); }
    std::unique_ptr<testing::EngineStore> store_;
    OrganisationRecord org_;
};

TEST_P(AccountStoreTest, OrganisationRoundTrip) {
    EXPECT_GT(org_.id, 0);
    auto found = db().organisations().find(org_.id);
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->name, "Linqing Bearing Works");
    EXPECT_EQ((*found)->kind, "manufacturer");
    EXPECT_EQ((*found)->created_at, "2026-11-29T10:00:00.000Z");
    EXPECT_FALSE(db().organisations().find(org_.id + 100)->has_value());
    EXPECT_EQ(*db().organisations().count(), 1);
}

TEST_P(AccountStoreTest, OrganisationCodesAreOptionalUniqueAndFoundByCode) {
    EXPECT_FALSE((*db().organisations().find(org_.id))->code.has_value());  // created without one
    auto zx = db().organisations().create({0, "Zhongxing", "manufacturer", "2026-11-29T10:00:01.000Z", "zx"});
    ASSERT_TRUE(zx.has_value()) << zx.error().message;
    auto other = db().organisations().create({0, "Other", "merchant", "2026-11-29T10:00:02.000Z", std::nullopt});
    ASSERT_TRUE(other.has_value()) << other.error().message;  // several organisations may have no code

    auto found = db().organisations().find_by_code("zx");
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->id, zx->id);
    EXPECT_EQ((*found)->code, std::optional<std::string>("zx"));
    EXPECT_FALSE(db().organisations().find_by_code("ZX")->has_value());  // codes are compared exactly
    EXPECT_FALSE(db().organisations().find_by_code("zy")->has_value());

    auto taken = db().organisations().create({0, "Impostor", "merchant", "2026-11-29T10:00:03.000Z", "zx"});
    ASSERT_FALSE(taken.has_value());
    EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(taken.error().field, "code");

    auto all = db().organisations().list();
    ASSERT_TRUE(all.has_value()) << all.error().message;
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].id, org_.id);
    EXPECT_EQ((*all)[1].code, std::optional<std::string>("zx"));
    EXPECT_FALSE((*all)[2].code.has_value());
}

TEST_P(AccountStoreTest, UserRoundTripUniqueLoginAndUnknownOrganisation) {
    auto user = db().users().create(make_user("wang.li"));
    ASSERT_TRUE(user.has_value()) << user.error().message;
    auto by_login = db().users().find_by_login("wang.li");
    ASSERT_TRUE(by_login.has_value() && by_login->has_value());
    EXPECT_EQ((*by_login)->id, user->id);
    EXPECT_EQ((*by_login)->role, "engineer");
    EXPECT_FALSE((*by_login)->disabled);

    auto duplicate = db().users().create(make_user("wang.li"));
    ASSERT_FALSE(duplicate.has_value());
    EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(duplicate.error().field, "login");

    UserRecord orphan = make_user("orphan");
    orphan.org_id = 999;
    auto refused = db().users().create(orphan);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(refused.error().field, "org_id");

    ASSERT_TRUE(db().users().set_disabled(user->id, true).has_value());
    ASSERT_TRUE(db().users().set_password_hash(user->id, "$argon2id$y").has_value());
    auto changed = db().users().find(user->id);
    EXPECT_TRUE((*changed)->disabled);
    EXPECT_EQ((*changed)->password_hash, "$argon2id$y");
    EXPECT_EQ(db().users().set_disabled(user->id + 50, true).error().code, ErrorCode::kNotFound);
}

TEST_P(AccountStoreTest, TokensRevokeKeepsTheFirstRevocationTime) {
    auto user = db().users().create(make_user("gauge.bot"));
    ASSERT_TRUE(user.has_value());
    TokenRecord record{0, org_.id, user->id, "gauge", "ydn_0123", "ab12", "2026-11-29T10:02:00.000Z", {}, {}};
    auto token = db().tokens().create(record);
    ASSERT_TRUE(token.has_value()) << token.error().message;
    ASSERT_TRUE(db().tokens().revoke(token->id, "2026-11-29T11:00:00.000Z").has_value());
    ASSERT_TRUE(db().tokens().revoke(token->id, "2026-11-29T12:00:00.000Z").has_value());
    auto found = db().tokens().find_by_secret("ab12");
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->revoked_at, std::optional<std::string>("2026-11-29T11:00:00.000Z"));
    EXPECT_FALSE((*found)->last_used_at.has_value());
    EXPECT_EQ(db().tokens().list_by_organisation(org_.id)->size(), 1U);
    EXPECT_EQ(db().tokens().list_by_organisation(org_.id + 1)->size(), 0U);
    EXPECT_EQ(db().tokens().revoke(token->id + 9, "2026-11-29T12:00:00.000Z").error().code, ErrorCode::kNotFound);
}

TEST_P(AccountStoreTest, SessionsExpireByTextTimeOrder) {
    auto user = db().users().create(make_user("li.na"));
    ASSERT_TRUE(db().sessions().create({"s1", user->id, "2026-11-29T10:00:00.000Z", "2026-11-29T22:00:00.000Z"}));
    ASSERT_TRUE(db().sessions().create({"s2", user->id, "2026-11-29T10:00:00.000Z", "2026-11-30T10:00:00.000Z"}));
    EXPECT_EQ(*db().sessions().remove_expired("2026-11-29T22:00:00.000Z"), 1);
    EXPECT_FALSE(db().sessions().find("s1")->has_value());
    EXPECT_TRUE(db().sessions().find("s2")->has_value());
    EXPECT_TRUE(*db().sessions().remove("s2"));
    EXPECT_FALSE(*db().sessions().remove("s2"));
}

TEST_P(AccountStoreTest, LoginFailuresWindowedByLoginAndAddress) {
    auto& f = db().login_failures();
    ASSERT_TRUE(f.record("wang.li", "10.0.0.1", "2026-11-29T10:00:00.000Z"));
    ASSERT_TRUE(f.record("wang.li", "10.0.0.2", "2026-11-29T10:05:00.000Z"));
    ASSERT_TRUE(f.record("zhao", "10.0.0.1", "2026-11-29T10:06:00.000Z"));
    EXPECT_EQ(f.since_for_login("wang.li", "2026-11-29T10:00:00.000Z")->size(), 2U);
    EXPECT_EQ(f.since_for_login("wang.li", "2026-11-29T10:00:00.001Z")->size(), 1U);
    auto from_address = f.since_for_address("10.0.0.1", "2026-11-29T09:00:00.000Z");
    ASSERT_EQ(from_address->size(), 2U);
    EXPECT_EQ((*from_address)[0], "2026-11-29T10:00:00.000Z");
    EXPECT_EQ(*f.prune("2026-11-29T10:05:00.000Z"), 1);
    ASSERT_TRUE(f.clear_for_login("wang.li"));
    EXPECT_EQ(f.since_for_login("wang.li", "2000-01-01T00:00:00.000Z")->size(), 0U);
    EXPECT_EQ(f.since_for_login("zhao", "2000-01-01T00:00:00.000Z")->size(), 1U);
}

TEST_P(AccountStoreTest, TransactionRollsBackEveryWriteWhenWorkFails) {
    auto failed = db().in_transaction([&]() -> Status {
        auto user = db().users().create(make_user("temp.user"));
        if (!user) return tl::unexpected(user.error());
        return fail(ErrorCode::kInvalidArgument, "second step failed");
    });
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().message, "second step failed");
    EXPECT_FALSE(db().users().find_by_login("temp.user")->has_value());

    auto committed = db().in_transaction([&]() -> Status {
        auto user = db().users().create(make_user("kept.user"));
        if (!user) return tl::unexpected(user.error());
        return {};
    });
    ASSERT_TRUE(committed.has_value());
    EXPECT_TRUE(db().users().find_by_login("kept.user")->has_value());
}

TEST_P(AccountStoreTest, WritesFromSeveralThreadsAllLandAndSurviveReopen) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 25;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                if (!db().users().create(make_user("u" + std::to_string(t) + "." + std::to_string(i)))) ++failures;
                if (!db().users().find_by_login("u0.0")) ++failures;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
    ASSERT_TRUE(store_->reopen().has_value());
    EXPECT_EQ(db().users().list_all()->size(), static_cast<std::size_t>(kThreads * kPerThread));
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
