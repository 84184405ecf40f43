// Size class: 规模以上 = annual main-business revenue of 20 million yuan (2000万元) or more (NBS threshold since 2011).
#include <gtest/gtest.h>

#include "stats/size_class.hpp"

using namespace yandian::stats;

TEST(SizeClass, ThresholdIsTwentyMillionYuan) {
    EXPECT_EQ(kAboveDesignatedRevenueFen, 2'000'000'000LL);  // 2000万元 = 20,000,000 yuan = 2e9 fen
    EXPECT_EQ(size_class_of(2'000'000'000LL), SizeClass::kAboveDesignated);
    EXPECT_EQ(size_class_of(1'999'999'999LL), SizeClass::kBelowDesignated);
    EXPECT_EQ(size_class_of(0), SizeClass::kBelowDesignated);
}

TEST(SizeClass, ALowerBoundOnlyProvesAboveSize) {
    // The key-enterprise table gives bearing-business revenue: 华钢 2969万元 (above), 九星 1000万元 (the firm's whole
    // main-business revenue may still reach 2000万元: unknown).
    EXPECT_EQ(size_class_from_lower_bound(2969LL * 10000 * 100), SizeClass::kAboveDesignated);
    EXPECT_EQ(size_class_from_lower_bound(1000LL * 10000 * 100), SizeClass::kUnknown);
}

TEST(SizeClass, NamesRoundTrip) {
    for (SizeClass c : {SizeClass::kAboveDesignated, SizeClass::kBelowDesignated, SizeClass::kUnknown}) {
        auto back = parse_size_class(to_string(c));
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(*back, c);
    }
    auto bad = parse_size_class("large");
    ASSERT_FALSE(bad.has_value());
    EXPECT_NE(bad.error().message.find("'large'"), std::string::npos);
}
