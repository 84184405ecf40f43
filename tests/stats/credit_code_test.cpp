// Unified social credit codes (GB 32100-2015): real published codes pass; every one-character corruption and every
// swap of two neighbouring characters is refused, naming the position.
#include <gtest/gtest.h>

#include <string>

#include "stats/credit_code.hpp"

using namespace yandian;
using namespace yandian::stats;

namespace {

// Codes of real firms as their business-licence records publish them (National Enterprise Credit Information
// Publicity System, gsxt.gov.cn): Huawei Technologies Co., Ltd. (914403001922038216, also in the infobox of the
// zh.wikipedia article 華為, "機構代碼"), Tencent Technology (Shenzhen) Co., Ltd., Shenzhen Tencent Computer Systems
// Co., Ltd., Beijing Baidu Netcom Science and Technology Co., Ltd., Alibaba (China) Co., Ltd. and Beijing Xiaomi
// Technology Co., Ltd. None was computed here: each passing is a check of the weights and character set.
const char* const kRealCodes[] = {
    "914403001922038216", "9144030071526726XG", "91440300708461136T",
    "91110000802100433B", "91330100799655058B", "91110108551385082Q",
};

}  // namespace

TEST(CreditCode, StandardWeightsAreThreePowersModulo31) {
    // GB 32100-2015 clause 4.2: W_i = 3^(i-1) mod 31, i = 1..17; the character set has 31 characters.
    int w = 1;
    for (int i = 0; i < 17; ++i) {
        EXPECT_EQ(kCreditCodeWeights[i], w) << "weight " << i + 1;
        w = w * 3 % 31;
    }
    EXPECT_EQ(kCreditCodeAlphabet.size(), 31U);
    for (char c : std::string("IOZSV")) EXPECT_EQ(credit_code_value(c), -1) << c;
    EXPECT_EQ(credit_code_value('A'), 10);
    EXPECT_EQ(credit_code_value('Y'), 30);
}

TEST(CreditCode, RealPublishedCodesPass) {
    for (const char* code : kRealCodes) {
        auto ok = validate_credit_code(code);
        ASSERT_TRUE(ok.has_value()) << code << ": " << ok.error().message;
        EXPECT_EQ(*ok, code);
        auto check = credit_code_check_character(std::string_view(code).substr(0, 17));
        ASSERT_TRUE(check.has_value());
        EXPECT_EQ(*check, code[17]) << code;
    }
}

TEST(CreditCode, HandComputedCheckCharacter) {
    // 91440300708461136T: values 9,1,4,4,0,3,0,0,7,0,8,4,6,1,1,3,6 times the weights 1,3,9,27,19,26,16,17,20,29,25,
    // 13,8,24,10,30,28 = 9+3+36+108+0+78+0+0+140+0+200+52+48+24+10+90+168 = 966; 966 mod 31 = 5 (31*31 = 961);
    // 31 - 5 = 26, the 27th character of 0-9 A-H J-N P-R T-U W-Y: T.
    auto check = credit_code_check_character("91440300708461136");
    ASSERT_TRUE(check.has_value());
    EXPECT_EQ(*check, 'T');
}

TEST(CreditCode, LowerCaseAndSpacesAreAccepted) {
    auto ok = validate_credit_code("  9144030071526726xg ");
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
    EXPECT_EQ(*ok, "9144030071526726XG");
}

TEST(CreditCode, EveryOneCharacterCorruptionIsRefused) {
    int refused = 0;
    for (const char* real : kRealCodes) {
        for (std::size_t pos = 0; pos < 18; ++pos) {
            for (char c : kCreditCodeAlphabet) {
                if (c == real[pos]) continue;
                std::string bad(real);
                bad[pos] = c;
                auto r = validate_credit_code(bad);
                ASSERT_FALSE(r.has_value()) << bad << " (position " << pos + 1 << ") was accepted";
                EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
                EXPECT_EQ(r.error().field, "credit_code");
                ++refused;
            }
        }
    }
    EXPECT_EQ(refused, 6 * 18 * 30);
}

TEST(CreditCode, NeighbourSwapsAreRefused) {
    for (const char* real : kRealCodes) {
        for (std::size_t pos = 0; pos + 1 < 18; ++pos) {
            std::string bad(real);
            if (bad[pos] == bad[pos + 1]) continue;
            std::swap(bad[pos], bad[pos + 1]);
            EXPECT_FALSE(validate_credit_code(bad).has_value()) << bad;
        }
    }
}

TEST(CreditCode, ErrorsNameWhatIsWrong) {
    auto wrong_check = validate_credit_code("914403001922038217");
    ASSERT_FALSE(wrong_check.has_value());
    EXPECT_NE(wrong_check.error().message.find("position 18"), std::string::npos) << wrong_check.error().message;
    EXPECT_NE(wrong_check.error().message.find("expected '6'"), std::string::npos) << wrong_check.error().message;

    auto letter_o = validate_credit_code("9144030071526726OG");
    ASSERT_FALSE(letter_o.has_value());
    EXPECT_NE(letter_o.error().message.find("position 17: 'O'"), std::string::npos) << letter_o.error().message;
    EXPECT_NE(letter_o.error().message.find("leaves out I, O, Z, S and V"), std::string::npos);

    auto short_code = validate_credit_code("91440300192203821");
    ASSERT_FALSE(short_code.has_value());
    EXPECT_NE(short_code.error().message.find("has 17"), std::string::npos) << short_code.error().message;

    auto punct = validate_credit_code("91440300-922038216");
    ASSERT_FALSE(punct.has_value());
    EXPECT_NE(punct.error().message.find("position 9: '-'"), std::string::npos) << punct.error().message;

    auto division = validate_credit_code("91A40300192203821X");
    ASSERT_FALSE(division.has_value());
    EXPECT_NE(division.error().message.find("position 3"), std::string::npos) << division.error().message;

    EXPECT_FALSE(validate_credit_code("").has_value());
    EXPECT_FALSE(validate_credit_code("9144030019220382161").has_value());  // 19 characters
}
