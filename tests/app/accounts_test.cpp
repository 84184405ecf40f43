// AccountService over a real SQLite store, with a fake clock and cheap argon2id settings.
#include "app/accounts.hpp"

#include <argon2.h>
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "../store/temp_dir.hpp"
#include "app/crypto.hpp"
#include "app/utc_time.hpp"
#include "store/database.hpp"

namespace yandian::app {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kPassword = "correct-horse-9";

class AccountsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = store::Database::open("sqlite:" + dir_.file("accounts.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        db_ = std::move(*opened);
        options_.session_lifetime = 1h;
        options_.max_failures_per_login = 3;
        options_.max_failures_per_address = 5;
        options_.failure_window = 10min;
        options_.argon2_time_cost = 1;
        options_.argon2_memory_kib = 64;
        options_.argon2_parallelism = 1;
        service_ = std::make_unique<AccountService>(*db_, options_, [this] { return now_.load(); });

        auto a = service_->create_organisation("Linqing Bearing Works", OrgKind::kManufacturer);
        auto b = service_->create_organisation("Yandian Trading", OrgKind::kMerchant);
        ASSERT_TRUE(a.has_value() && b.has_value());
        org_a_ = *a;
        org_b_ = *b;
        admin_a_ = make_user(org_a_.id, "admin.a", Role::kAdmin);
        viewer_a_ = make_user(org_a_.id, "viewer.a", Role::kViewer);
        admin_b_ = make_user(org_b_.id, "admin.b", Role::kAdmin);
    }

    User make_user(std::int64_t org, const std::string& login, Role role) {
        auto user = service_->create_user(org, login, kPassword, role, "Name of " + login);
        EXPECT_TRUE(user.has_value()) << user.error().message;
        return user.value_or(User{});
    }

    Principal session_principal(const std::string& login) {
        auto session = service_->login(login, kPassword, "192.0.2.1");
        EXPECT_TRUE(session.has_value()) << session.error().message;
        return session ? session->principal : Principal{};
    }

    void advance(std::chrono::milliseconds by) { now_.store(now_.load() + by); }

    testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    AccountOptions options_;
    // 2026-11-29T14:03:05.123Z (`date -u -d 2026-11-29T14:03:05Z +%s` = 1795960985).
    std::atomic<TimePoint> now_{TimePoint{std::chrono::seconds(1795960985) + std::chrono::milliseconds(123)}};
    std::unique_ptr<AccountService> service_;
    Organisation org_a_, org_b_;
    User admin_a_, viewer_a_, admin_b_;
};

// ---- names and validation

TEST(AccountNames, KindsAndRolesRoundTripAndUnknownNamesNameTheField) {
    for (auto kind :
         {OrgKind::kManufacturer, OrgKind::kMerchant, OrgKind::kLender, OrgKind::kAuthority, OrgKind::kAssociation}) {
        EXPECT_EQ(*parse_org_kind(to_string(kind)), kind);
    }
    for (auto role : {Role::kAdmin, Role::kEngineer, Role::kViewer, Role::kAnalyst})
        EXPECT_EQ(*parse_role(to_string(role)), role);
    EXPECT_EQ(to_string(OrgKind::kLender), "lender");
    EXPECT_EQ(parse_org_kind("bank").error().field, "kind");
    EXPECT_EQ(parse_role("root").error().field, "role");
    EXPECT_EQ(parse_role("Admin").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(AccountsTest, OrganisationNeedsANameAndRecordsTheClockTime) {
    EXPECT_EQ(org_a_.created_at, "2026-11-29T14:03:05.123Z");
    EXPECT_EQ(org_b_.kind, OrgKind::kMerchant);
    auto empty = service_->create_organisation("   ", OrgKind::kLender);
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(empty.error().field, "name");
}

TEST(OrganisationCodes, RuleKeepsCodesApartFromIds) {
    for (std::string_view good : {"zx", "lq-demo", "shop-001", "a1", "abcdefghijklmnopqrstuvwxyz012345"}) {
        EXPECT_TRUE(validate_org_code(good).has_value()) << good;
    }
    // Upper case, a leading digit (would read as an id), a trailing '-', too short, too long, other characters.
    for (std::string_view bad :
         {"ZX", "1zx", "12", "zx-", "z", "abcdefghijklmnopqrstuvwxyz0123456", "z x", "z_x", ""}) {
        auto ok = validate_org_code(bad);
        ASSERT_FALSE(ok.has_value()) << bad;
        EXPECT_EQ(ok.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(ok.error().field, "code");
    }
}

TEST_F(AccountsTest, OrganisationsAreFoundByIdOrByCode) {
    auto zx = service_->create_organisation("Zhongxing", OrgKind::kManufacturer, "zx");
    ASSERT_TRUE(zx.has_value()) << zx.error().message;
    EXPECT_EQ(zx->code, std::optional<std::string>("zx"));
    EXPECT_EQ(service_->find_organisation("zx")->id, zx->id);
    EXPECT_EQ(service_->find_organisation(std::to_string(zx->id))->id, zx->id);
    EXPECT_EQ(service_->find_organisation(std::to_string(org_a_.id))->id, org_a_.id);  // no code: by id only

    auto missing = service_->find_organisation("zy");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_NE(missing.error().message.find("id or its code"), std::string::npos) << missing.error().message;
    EXPECT_EQ(service_->find_organisation("9999").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->find_organisation("").error().code, ErrorCode::kNotFound);

    auto bad = service_->create_organisation("Bad", OrgKind::kMerchant, "Bad Code");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().field, "code");
    auto taken = service_->create_organisation("Second", OrgKind::kMerchant, "zx");
    ASSERT_FALSE(taken.has_value());
    EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);

    auto all = service_->list_organisations();
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ(all->back().code, std::optional<std::string>("zx"));
}

TEST_F(AccountsTest, UserValidationNamesTheField) {
    struct Case {
        std::string login, password, field;
    };
    for (const Case& c : std::vector<Case>{{"ab", "0123456789", "login"},
                                           {std::string(65, 'a'), "0123456789", "login"},
                                           {"Wang", "0123456789", "login"},
                                           {"wang li", "0123456789", "login"},
                                           {"wang.li", "012345678", "password"}}) {
        auto user = service_->create_user(org_a_.id, c.login, c.password, Role::kEngineer, "");
        ASSERT_FALSE(user.has_value()) << c.login;
        EXPECT_EQ(user.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(user.error().field, c.field) << c.login << " / " << c.password;
    }
    // Limits are inclusive: 3 and 64 characters of the allowed set, 10 characters of password
    // (counted as characters: ten Chinese characters are 30 bytes but 10 characters).
    EXPECT_TRUE(service_->create_user(org_a_.id, "a.b", "0123456789", Role::kEngineer, "").has_value());
    EXPECT_TRUE(service_->create_user(org_a_.id, std::string(62, 'x') + "_-", "轴承轴承轴承轴承轴承", Role::kViewer, "")
                    .has_value());
    EXPECT_EQ(service_->create_user(org_a_.id, "short.pw", "轴承轴承轴承轴承轴", Role::kViewer, "").error().field,
              "password");
    auto unknown_org = service_->create_user(999, "nobody", "0123456789", Role::kViewer, "");
    EXPECT_EQ(unknown_org.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(unknown_org.error().field, "org_id");
    auto duplicate = service_->create_user(org_b_.id, "admin.a", "0123456789", Role::kViewer, "");
    EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(duplicate.error().field, "login");
}

TEST_F(AccountsTest, PasswordsAreStoredAsArgon2idHashesWithTheConfiguredCost) {
    auto record = db_->users().find_by_login("admin.a");
    ASSERT_TRUE(record.has_value() && record->has_value());
    const std::string& hash = (*record)->password_hash;
    EXPECT_EQ(hash.rfind("$argon2id$v=19$m=64,t=1,p=1$", 0), 0U) << hash;
    EXPECT_EQ(hash.find(kPassword), std::string::npos);
    EXPECT_EQ(argon2_verify(hash.c_str(), kPassword.data(), kPassword.size(), Argon2_id), ARGON2_OK);
}

TEST_F(AccountsTest, OperatorLookupsAndListing) {
    auto all = service_->list_all_users();
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 3U);
    EXPECT_EQ((*all)[2].login, "admin.b");
    EXPECT_EQ((*all)[2].org_id, org_b_.id);
    EXPECT_EQ((*all)[0].display_name, "Name of admin.a");
    EXPECT_EQ(service_->find_user_by_login("viewer.a")->role, Role::kViewer);
    auto missing = service_->find_user_by_login("ghost");
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().field, "login");
}

TEST_F(AccountsTest, InitialiseRunsOnceOnANewStore) {
    testing::TempDir other;
    auto fresh = store::Database::open("sqlite:" + other.file("new.db"));
    ASSERT_TRUE(fresh.has_value());
    AccountService accounts(**fresh, options_, [this] { return now_.load(); });
    auto bad = accounts.initialise("Works", OrgKind::kManufacturer, "root", "short", "");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().field, "password");
    EXPECT_EQ(*(*fresh)->organisations().count(), 0);

    auto done = accounts.initialise("Works", OrgKind::kAssociation, "root", kPassword, "Operator");
    ASSERT_TRUE(done.has_value()) << done.error().message;
    EXPECT_EQ(done->organisation.kind, OrgKind::kAssociation);
    EXPECT_EQ(done->admin.role, Role::kAdmin);
    EXPECT_EQ(done->admin.org_id, done->organisation.id);

    auto again = accounts.initialise("Works 2", OrgKind::kManufacturer, "root2", kPassword, "");
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(*(*fresh)->organisations().count(), 1);
    EXPECT_EQ(accounts.list_all_users()->size(), 1U);
    // And the service's own store already had organisations.
    EXPECT_EQ(service_->initialise("X", OrgKind::kLender, "root3", kPassword, "").error().code,
              ErrorCode::kFailedPrecondition);
}

// ---- sessions

TEST_F(AccountsTest, LoginGivesASessionStoredOnlyAsItsSha256) {
    auto session = service_->login("admin.a", kPassword, "192.0.2.1");
    ASSERT_TRUE(session.has_value()) << session.error().message;
    EXPECT_TRUE(std::regex_match(session->secret, std::regex("[0-9a-f]{64}")));
    EXPECT_EQ(session->expires_at, "2026-11-29T15:03:05.123Z");  // one hour (session_lifetime) later
    EXPECT_EQ(session->max_age, std::chrono::seconds(3600));
    EXPECT_EQ(session->principal.user_id, admin_a_.id);
    EXPECT_EQ(session->principal.org_id, org_a_.id);
    EXPECT_EQ(session->principal.role, Role::kAdmin);
    EXPECT_EQ(session->principal.login, "admin.a");
    EXPECT_FALSE(session->principal.token_id.has_value());
    EXPECT_TRUE(db_->sessions().find(sha256_hex(session->secret))->has_value());
    EXPECT_FALSE(db_->sessions().find(session->secret)->has_value());

    auto who = service_->authenticate_session(session->secret);
    ASSERT_TRUE(who.has_value());
    EXPECT_EQ(who->user_id, admin_a_.id);
    EXPECT_EQ(service_->authenticate_session("not-a-secret").error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(service_->authenticate_session(std::string(64, 'a')).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AccountsTest, FailedLoginsLookTheSameWhetherOrNotTheLoginExists) {
    auto wrong_password = service_->login("admin.a", "wrong-password-1", "192.0.2.1");
    auto unknown_login = service_->login("nobody.here", "wrong-password-1", "192.0.2.1");
    ASSERT_FALSE(wrong_password.has_value());
    ASSERT_FALSE(unknown_login.has_value());
    EXPECT_EQ(wrong_password.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(unknown_login.error().code, wrong_password.error().code);
    EXPECT_EQ(unknown_login.error().message, wrong_password.error().message);
    EXPECT_EQ(unknown_login.error().field, wrong_password.error().field);
}

TEST_F(AccountsTest, SessionsExpireAfterTheirLifetime) {
    auto session = service_->login("viewer.a", kPassword, "192.0.2.1");
    ASSERT_TRUE(session.has_value());
    advance(1h - 1ms);
    EXPECT_TRUE(service_->authenticate_session(session->secret).has_value());
    advance(1ms);
    auto expired = service_->authenticate_session(session->secret);
    ASSERT_FALSE(expired.has_value());
    EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
    EXPECT_FALSE(db_->sessions().find(sha256_hex(session->secret))->has_value());  // removed once seen expired
}

TEST_F(AccountsTest, LogoutDeletesTheSession) {
    auto session = service_->login("viewer.a", kPassword, "192.0.2.1");
    ASSERT_TRUE(session.has_value());
    ASSERT_TRUE(service_->logout(session->secret).has_value());
    EXPECT_FALSE(db_->sessions().find(sha256_hex(session->secret))->has_value());
    EXPECT_EQ(service_->authenticate_session(session->secret).error().code, ErrorCode::kUnauthenticated);
    EXPECT_TRUE(service_->logout(session->secret).has_value());  // logging out twice is harmless
}

TEST_F(AccountsTest, DisabledUsersCannotLogInAndLoseTheirSessions) {
    auto session = service_->login("viewer.a", kPassword, "192.0.2.1");
    ASSERT_TRUE(session.has_value());
    ASSERT_TRUE(service_->set_user_disabled("viewer.a", true).has_value());
    EXPECT_EQ(service_->authenticate_session(session->secret).error().code, ErrorCode::kUnauthenticated);
    auto refused = service_->login("viewer.a", kPassword, "192.0.2.1");
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
    // A wrong password says nothing about the account's state.
    EXPECT_EQ(service_->login("viewer.a", "wrong-password-1", "192.0.2.1").error().message,
              "login or password is incorrect");
    ASSERT_TRUE(service_->set_user_disabled("viewer.a", false).has_value());
    EXPECT_TRUE(service_->login("viewer.a", kPassword, "192.0.2.1").has_value());
}

TEST_F(AccountsTest, PasswordChangeEndsSessionsAndReplacesThePassword) {
    auto session = service_->login("viewer.a", kPassword, "192.0.2.1");
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(service_->set_password("viewer.a", "short").error().field, "password");
    EXPECT_EQ(service_->set_password("ghost", "long-enough-1").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(service_->set_password("viewer.a", "a-new-passphrase").has_value());
    EXPECT_FALSE(service_->authenticate_session(session->secret).has_value());
    EXPECT_FALSE(service_->login("viewer.a", kPassword, "192.0.2.1").has_value());
    EXPECT_TRUE(service_->login("viewer.a", "a-new-passphrase", "192.0.2.1").has_value());
}

// ---- rate limiting (max 3 failures per login, 5 per address, in 10 minutes)

TEST_F(AccountsTest, FailuresPerLoginAreRateLimitedUntilTheWindowPasses) {
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(service_->login("admin.a", "wrong-password-1", "192.0.2." + std::to_string(10 + i)).error().code,
                  ErrorCode::kUnauthenticated);
        advance(1s);
    }
    // Even the right password is refused now, from any address.
    auto limited = service_->login("admin.a", kPassword, "198.51.100.7");
    ASSERT_FALSE(limited.has_value());
    EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(limited.error().field, "login");
    // First failure at 14:03:05.123; window 10 min: retry just after 14:13:05.123.
    EXPECT_NE(limited.error().message.find("2026-11-29T14:13:05.124Z"), std::string::npos) << limited.error().message;
    // Now 14:03:08.123, so the wait is 597.001 s, rounded up.
    EXPECT_NE(limited.error().message.find("in 598 s"), std::string::npos) << limited.error().message;

    advance(10min - 3s);  // 14:13:05.123: the first failure is still inside the window
    EXPECT_EQ(service_->login("admin.a", kPassword, "198.51.100.7").error().code, ErrorCode::kRateLimited);
    advance(1ms);
    EXPECT_TRUE(service_->login("admin.a", kPassword, "198.51.100.7").has_value());
}

TEST_F(AccountsTest, ParallelGuessesCannotExceedTheLimitPerLogin) {
    // A costlier hash (8 MiB) keeps each verification long enough for the guesses to overlap.
    AccountOptions slow = options_;
    slow.argon2_memory_kib = 8 * 1024;
    AccountService slow_service(*db_, slow, [this] { return now_.load(); });
    ASSERT_TRUE(slow_service.create_user(org_a_.id, "slow.user", kPassword, Role::kViewer, "").has_value());
    std::atomic<int> wrong{0}, limited{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2; ++i) {
                auto r = service_->login("slow.user", "wrong-password-1", "198.51.100." + std::to_string(t));
                if (r.has_value()) {
                    ++other;
                } else if (r.error().code == ErrorCode::kUnauthenticated) {
                    ++wrong;
                } else if (r.error().code == ErrorCode::kRateLimited) {
                    ++limited;
                } else {
                    ++other;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(wrong.load(), 3);  // max_failures_per_login
    EXPECT_EQ(limited.load(), 9);
    EXPECT_EQ(other.load(), 0);
}

TEST_F(AccountsTest, UnknownLoginsAreRateLimitedLikeRealOnes) {
    for (int i = 0; i < 3; ++i)
        (void)service_->login("ghost.user", "wrong-password-1", "203.0.113." + std::to_string(i));
    auto limited = service_->login("ghost.user", "wrong-password-1", "203.0.113.9");
    EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(limited.error().field, "login");
}

TEST_F(AccountsTest, FailuresPerAddressAreRateLimitedAcrossLogins) {
    const std::string address = "203.0.113.50";
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(service_->login("guess" + std::to_string(i), "wrong-password-1", address).error().code,
                  ErrorCode::kUnauthenticated);
    }
    auto limited = service_->login("admin.a", kPassword, address);
    ASSERT_FALSE(limited.has_value());
    EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(limited.error().field, "remote_address");
    EXPECT_TRUE(service_->login("admin.a", kPassword, "203.0.113.51").has_value());  // another address
    advance(10min + 1ms);
    EXPECT_TRUE(service_->login("admin.a", kPassword, address).has_value());
}

TEST_F(AccountsTest, SuccessfulLoginClearsThatLoginsFailures) {
    for (int i = 0; i < 2; ++i) (void)service_->login("admin.a", "wrong-password-1", "192.0.2.1");
    ASSERT_TRUE(service_->login("admin.a", kPassword, "192.0.2.1").has_value());
    for (int i = 0; i < 2; ++i) (void)service_->login("admin.a", "wrong-password-1", "192.0.2.1");
    EXPECT_TRUE(service_->login("admin.a", kPassword, "192.0.2.1").has_value());
}

// ---- API tokens

TEST_F(AccountsTest, TokensAreShownOnceStoredHashedAndAuthenticate) {
    auto made = service_->create_token_for("viewer.a", "gauge station 3");
    ASSERT_TRUE(made.has_value()) << made.error().message;
    EXPECT_TRUE(std::regex_match(made->secret, std::regex("ydn_[0-9a-f]{64}"))) << made->secret;
    EXPECT_EQ(made->token.prefix, made->secret.substr(0, 12));
    EXPECT_EQ(made->token.org_id, org_a_.id);
    EXPECT_EQ(made->token.user_id, viewer_a_.id);
    auto stored = db_->tokens().find(made->token.id);
    ASSERT_TRUE(stored.has_value() && stored->has_value());
    EXPECT_EQ((*stored)->secret_sha256, sha256_hex(made->secret));

    auto who = service_->authenticate_token(made->secret);
    ASSERT_TRUE(who.has_value()) << who.error().message;
    EXPECT_EQ(who->user_id, viewer_a_.id);
    EXPECT_EQ(who->org_id, org_a_.id);
    EXPECT_EQ(who->role, Role::kViewer);
    EXPECT_EQ(who->token_id, std::optional<std::int64_t>(made->token.id));
    EXPECT_EQ((*db_->tokens().find(made->token.id))->last_used_at, std::optional<std::string>(format_utc(now_.load())));

    EXPECT_EQ(service_->authenticate_token("ydn_" + std::string(64, '0')).error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(service_->authenticate_token(made->secret.substr(4)).error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(service_->create_token_for("viewer.a", "").error().field, "name");
    EXPECT_EQ(service_->create_token_for("ghost", "x").error().field, "login");
}

TEST_F(AccountsTest, RevokedTokensFail) {
    auto made = service_->create_token_for("admin.a", "erp export");
    ASSERT_TRUE(made.has_value());
    ASSERT_TRUE(service_->revoke_token_by_id(made->token.id).has_value());
    auto refused = service_->authenticate_token(made->secret);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
    auto listed = service_->list_tokens(session_principal("admin.a"));
    ASSERT_EQ(listed->size(), 1U);
    EXPECT_EQ((*listed)[0].revoked_at, std::optional<std::string>("2026-11-29T14:03:05.123Z"));
    EXPECT_EQ(service_->revoke_token_by_id(made->token.id + 100).error().code, ErrorCode::kNotFound);
}

TEST_F(AccountsTest, TokensOfDisabledUsersFailAndTokensCannotMintTokens) {
    auto made = service_->create_token_for("viewer.a", "script");
    ASSERT_TRUE(made.has_value());
    auto token_principal = service_->authenticate_token(made->secret);
    ASSERT_TRUE(token_principal.has_value());
    EXPECT_EQ(service_->create_token(*token_principal, "another").error().code, ErrorCode::kPermissionDenied);
    ASSERT_TRUE(service_->set_user_disabled("viewer.a", true).has_value());
    EXPECT_EQ(service_->authenticate_token(made->secret).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AccountsTest, RequestTokenActionsRespectRoles) {
    Principal admin = session_principal("admin.a");
    Principal viewer = session_principal("viewer.a");
    auto admins = service_->create_token(admin, "admin token");
    auto viewers = service_->create_token(viewer, "viewer token");
    ASSERT_TRUE(admins.has_value() && viewers.has_value());
    EXPECT_EQ(viewers->token.user_id, viewer_a_.id);
    EXPECT_EQ(service_->list_tokens(admin)->size(), 2U);
    auto own = service_->list_tokens(viewer);
    ASSERT_EQ(own->size(), 1U);
    EXPECT_EQ((*own)[0].id, viewers->token.id);
    EXPECT_EQ(service_->revoke_token(viewer, admins->token.id).error().code, ErrorCode::kPermissionDenied);
    EXPECT_TRUE(service_->authenticate_token(admins->secret).has_value());
    EXPECT_TRUE(service_->revoke_token(viewer, viewers->token.id).has_value());
    EXPECT_FALSE(service_->authenticate_token(viewers->secret).has_value());
    EXPECT_TRUE(service_->revoke_token(admin, admins->token.id).has_value());
    EXPECT_FALSE(service_->authenticate_token(admins->secret).has_value());
}

// ---- request actions: deny by default

TEST_F(AccountsTest, AdminsAddUsersToTheirOwnOrganisationOnly) {
    Principal admin = session_principal("admin.a");
    auto added = service_->add_user(admin, "engineer.a", kPassword, Role::kEngineer, "Engineer");
    ASSERT_TRUE(added.has_value()) << added.error().message;
    EXPECT_EQ(added->org_id, org_a_.id);
    auto denied = service_->add_user(session_principal("viewer.a"), "sneaky", kPassword, Role::kAdmin, "");
    ASSERT_FALSE(denied.has_value());
    EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
    EXPECT_FALSE(db_->users().find_by_login("sneaky")->has_value());
    EXPECT_EQ(service_->add_user(admin, "x", kPassword, Role::kViewer, "").error().field, "login");
}

TEST_F(AccountsTest, OwnOrganisationIsVisible) {
    Principal viewer = session_principal("viewer.a");
    auto org = service_->get_organisation(viewer, org_a_.id);
    ASSERT_TRUE(org.has_value());
    EXPECT_EQ(org->name, "Linqing Bearing Works");
    auto user = service_->get_user(viewer, admin_a_.id);
    ASSERT_TRUE(user.has_value());
    EXPECT_EQ(user->login, "admin.a");
    auto users = service_->list_users(viewer);
    ASSERT_TRUE(users.has_value());
    ASSERT_EQ(users->size(), 2U);
}

TEST_F(AccountsTest, AnotherOrganisationsObjectsAreNotFound) {
    Principal a = session_principal("admin.a");
    auto token_b = service_->create_token_for("admin.b", "b's token");
    ASSERT_TRUE(token_b.has_value());

    auto org = service_->get_organisation(a, org_b_.id);
    ASSERT_FALSE(org.has_value());
    EXPECT_EQ(org.error().code, ErrorCode::kNotFound);

    auto user = service_->get_user(a, admin_b_.id);
    ASSERT_FALSE(user.has_value());
    EXPECT_EQ(user.error().code, ErrorCode::kNotFound);
    // Indistinguishable from an id that does not exist at all.
    const std::int64_t absent = admin_b_.id + 1000;
    auto missing = service_->get_user(a, absent);
    EXPECT_EQ(user.error().message, "user " + std::to_string(admin_b_.id) + " not found");
    EXPECT_EQ(missing.error().message, "user " + std::to_string(absent) + " not found");

    auto revoke = service_->revoke_token(a, token_b->token.id);
    ASSERT_FALSE(revoke.has_value());
    EXPECT_EQ(revoke.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(service_->authenticate_token(token_b->secret).has_value());  // untouched

    auto users = service_->list_users(a);
    ASSERT_TRUE(users.has_value());
    EXPECT_EQ(users->size(), 2U);
    for (const User& u : *users) EXPECT_EQ(u.org_id, org_a_.id);
    auto tokens = service_->list_tokens(a);
    ASSERT_TRUE(tokens.has_value());
    EXPECT_TRUE(tokens->empty());

    // A token made for B's admin acts inside B only.
    auto b = service_->authenticate_token(token_b->secret);
    EXPECT_EQ(b->org_id, org_b_.id);
    EXPECT_EQ(service_->get_user(*b, admin_a_.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->get_organisation(*b, org_a_.id).error().code, ErrorCode::kNotFound);
}

TEST_F(AccountsTest, ConcurrentLoginsAndAuthenticationsAllSucceed) {
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                auto session = service_->login(t % 2 == 0 ? "admin.a" : "admin.b", kPassword, "192.0.2.1");
                if (!session || !service_->authenticate_session(session->secret)) ++failures;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace yandian::app
