// The market offer store port, one contract for both engines (SQLite and PostgreSQL): duplicate-free inserts,
// the validity and withdrawal filters of list_offers, shops offering in a month, withdrawal rules.
#include <gtest/gtest.h>

#include "engines.hpp"

namespace yandian::store {
namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kNov1 = 20'758 * kDay;  // 2026-11-01T00:00Z: 20,758 days after 1970-01-01
constexpr std::int64_t kDec1 = kNov1 + 30 * kDay;

class MarketOfferStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        orgs_ = &store_->db().organisations();
        offers_ = &store_->db().market_offers();
        for (int i = 0; i < 3; ++i) {
            auto org = orgs_->create({0, "Shop " + std::to_string(i), "merchant", "2026-11-01T00:00:00.000Z"});
            ASSERT_TRUE(org.has_value()) << org.error().message;
            shops_.push_back(org->id);
        }
    }

    MarketOfferRecord offer(std::int64_t shop, std::int64_t key, std::int64_t from, std::int64_t until,
                            std::string canonical = "6205") {
        MarketOfferRecord r;
        r.shop_org_id = shop;
        r.offer_key = key;
        r.raw_designation = "6205-2rs";
        r.raw_key = "6205-2RS";
        r.raw_brand = "skf";
        r.unit_price_fen = 4580;
        r.quantity = 120;
        r.min_order = 10;
        r.channel = "offline";
        r.valid_from_ms = from;
        r.valid_until_ms = until;
        r.canonical = std::move(canonical);
        r.bearing_type = r.canonical.empty() ? "" : "deep_groove_ball";
        r.size_class = r.canonical.empty() ? "" : "small";
        r.brand = "SKF";
        r.brand_tier = "international";
        r.posted_at_ms = from;
        return r;
    }

    std::unique_ptr<testing::EngineStore> store_;
    OrganisationStore* orgs_ = nullptr;
    MarketOfferStore* offers_ = nullptr;
    std::vector<std::int64_t> shops_;
};

TEST_P(MarketOfferStoreTest, ReinsertedOffersAreSkippedAndRecordsRoundTrip) {
    // A negative key: offer keys are 64-bit hashes stored as signed integers.
    std::vector<MarketOfferRecord> batch = {offer(shops_[0], -7, kNov1, kDec1 - 1), offer(shops_[0], 8, kNov1, kDec1),
                                            offer(shops_[1], -7, kNov1, kDec1, "")};
    auto first = offers_->insert_offers(batch);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(*first, 3);
    auto again = offers_->insert_offers(batch);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, 0);
    EXPECT_EQ(*offers_->count_offers(std::nullopt), 3);
    EXPECT_EQ(*offers_->count_offers(shops_[0]), 2);
    auto listed = offers_->list_offers(MarketOfferFilter{shops_[0]});
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 2u);
    const MarketOfferRecord& a = (*listed)[0];
    EXPECT_EQ(a.offer_key, -7);
    EXPECT_EQ(a.raw_designation, "6205-2rs");
    EXPECT_EQ(a.unit_price_fen, 4580);
    EXPECT_EQ(a.valid_until_ms, kDec1 - 1);
    EXPECT_EQ(a.canonical, "6205");
    EXPECT_FALSE(a.withdrawn_at_ms.has_value());
    EXPECT_LT((*listed)[0].id, (*listed)[1].id);
    auto waiting = offers_->list_offers(MarketOfferFilter{shops_[1]});
    ASSERT_EQ(waiting->size(), 1u);
    EXPECT_EQ((*waiting)[0].canonical, "");  // waiting for review
    // An offer outside the table's rules (valid_until before valid_from) is refused, and nothing of its batch stays.
    auto bad =
        offers_->insert_offers(std::vector{offer(shops_[2], 1, kNov1, kNov1 + 1), offer(shops_[2], 2, kDec1, kNov1)});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(*offers_->count_offers(shops_[2]), 0);
}

TEST_P(MarketOfferStoreTest, ValidityWithdrawalAndShopsOfferingInAMonth) {
    ASSERT_TRUE(offers_->insert_offers(
        std::vector{offer(shops_[0], 1, kNov1, kDec1 - 1), offer(shops_[1], 1, kNov1 - 10 * kDay, kNov1 - 1),
                    offer(shops_[2], 1, kNov1 + kDay, kDec1 + 10 * kDay), offer(shops_[2], 2, kNov1, kDec1, "")}));
    // November: shops 0 and 2 (shop 1's offer ended on 31 October; shop 2's waiting offer does not count).
    EXPECT_EQ(*offers_->count_offering_shops(kNov1, kDec1), 2);
    MarketOfferFilter november;
    november.from_ms = kNov1;
    november.to_ms = kDec1;
    EXPECT_EQ(offers_->list_offers(november)->size(), 3u);

    const std::int64_t shop2_offer = (*offers_->list_offers(MarketOfferFilter{shops_[2]}))[0].id;
    // Withdrawn on 15 November: it stood in November, not in December.
    ASSERT_TRUE(offers_->withdraw_offer(shops_[2], shop2_offer, kNov1 + 14 * kDay));
    EXPECT_EQ(*offers_->count_offering_shops(kNov1, kDec1), 2);
    EXPECT_EQ(*offers_->count_offering_shops(kDec1, kDec1 + 31 * kDay), 0);
    MarketOfferFilter standing;
    standing.include_withdrawn = false;
    EXPECT_EQ(offers_->list_offers(standing)->size(), 3u);

    auto twice = offers_->withdraw_offer(shops_[2], shop2_offer, kNov1 + 15 * kDay);
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
    auto theirs = offers_->withdraw_offer(shops_[0], shop2_offer, kNov1 + 15 * kDay);  // another shop's offer
    ASSERT_FALSE(theirs.has_value());
    EXPECT_EQ(theirs.error().code, ErrorCode::kNotFound);
    MarketOfferFilter page;
    page.after_id = shop2_offer - 1;
    page.limit = 1;
    auto one = offers_->list_offers(page);
    ASSERT_EQ(one->size(), 1u);
    EXPECT_EQ((*one)[0].id, shop2_offer);
}

INSTANTIATE_TEST_SUITE_P(Engines, MarketOfferStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
