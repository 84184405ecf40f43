// Hashes and secrets against published reference values.
#include "app/crypto.hpp"

#include <argon2.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "app/utc_time.hpp"
#include "store/migrations.hpp"

namespace yandian::app {
namespace {

TEST(Sha256, FipsReferenceDigests) {
    // FIPS 180-2, Appendix B.1 ("abc"); the empty-message digest as printed by coreutils `sha256sum`.
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, EmbeddedMigrationChecksumsAreTheSha256OfTheirSql) {
    // The build computes them with CMake's file(SHA256); both must agree with OpenSSL.
    for (const auto& migration : store::sqlite_migrations()) {
        EXPECT_EQ(migration.checksum, sha256_hex(migration.sql)) << migration.version;
    }
}

TEST(RandomHex, LengthAlphabetAndNoRepeats) {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        auto hex = random_hex(32);
        ASSERT_TRUE(hex.has_value());
        ASSERT_EQ(hex->size(), 64U);
        EXPECT_EQ(hex->find_first_not_of("0123456789abcdef"), std::string::npos);
        seen.insert(*hex);
    }
    EXPECT_EQ(seen.size(), 50U);
}

TEST(Argon2id, ReferenceImplementationVector) {
    // phc-winner-argon2, src/test.c: argon2id v=19, t=2, m=256 KiB, p=1, password "password", salt "somesalt".
    auto encoded = argon2id_encode("password", "somesalt", Argon2Params{2, 256, 1});
    ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
    EXPECT_EQ(*encoded, "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4");
    EXPECT_TRUE(*verify_password(*encoded, "password"));
    EXPECT_FALSE(*verify_password(*encoded, "passwore"));
}

TEST(Argon2id, RandomSaltedHashesVerifyWithLibargon2AndDiffer) {
    Argon2Params cheap{1, 64, 1};
    auto a = hash_password("correct horse battery", cheap);
    auto b = hash_password("correct horse battery", cheap);
    ASSERT_TRUE(a.has_value() && b.has_value());
    EXPECT_NE(*a, *b);  // fresh salt each time
    EXPECT_EQ(a->rfind("$argon2id$v=19$m=64,t=1,p=1$", 0), 0U) << *a;
    // Checked by libargon2's own verifier, typed as argon2id.
    const std::string pwd = "correct horse battery";
    EXPECT_EQ(argon2_verify(a->c_str(), pwd.data(), pwd.size(), Argon2_id), ARGON2_OK);
    EXPECT_TRUE(*verify_password(*a, pwd));
    EXPECT_FALSE(*verify_password(*a, "correct horse battery!"));
}

TEST(Argon2id, NonArgon2idHashIsAnError) {
    // A well-formed argon2i (not argon2id) encoded hash: the store must only ever hold argon2id.
    auto result = verify_password(
        "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA", "password");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kInternal);
}

TEST(UtcTime, FormatsMillisecondsAgainstCoreutilsEpoch) {
    using namespace std::chrono;
    // `date -u -d 2026-11-29T14:03:05Z +%s` prints 1795960985.
    TimePoint t{seconds(1795960985) + milliseconds(123)};
    EXPECT_EQ(format_utc(t), "2026-11-29T14:03:05.123Z");
    EXPECT_EQ(format_utc(TimePoint{}), "1970-01-01T00:00:00.000Z");
    // `date -u -d 2000-02-29T23:59:59Z +%s` prints 951868799 (a leap day).
    EXPECT_EQ(format_utc(TimePoint{seconds(951868799) + microseconds(999999)}), "2000-02-29T23:59:59.999Z");
}

TEST(UtcTime, ParseRoundTripsAndRejectsOtherShapes) {
    auto t = parse_utc("2026-11-29T14:03:05.123Z");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count(), 1795960985123);
    for (const char* bad : {"2026-11-29T14:03:05Z", "2026-02-30T00:00:00.000Z", "2026-11-29 14:03:05.123Z",
                            "2026-11-29T24:00:00.000Z", "2026-11-29T14:03:05.123+08:00"}) {
        auto r = parse_utc(bad, "expires_at");
        ASSERT_FALSE(r.has_value()) << bad;
        EXPECT_EQ(r.error().field, "expires_at");
    }
}

}  // namespace
}  // namespace yandian::app
