// The SQLite market store: duplicate row keys are skipped, scans see normalised rows only, and a resolution applies
// to the waiting rows of its key and to nothing else.
#include <gtest/gtest.h>

#include "store/database.hpp"
#include "temp_dir.hpp"

namespace yandian::store {
namespace {

MarketTransactionRecord row(std::int64_t shop, std::int64_t key, std::string raw, std::string canonical) {
    MarketTransactionRecord r;
    r.shop_org_id = shop;
    r.row_key = key;
    r.time_ms = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
    r.raw_designation = raw;
    r.raw_key = raw;
    r.raw_brand = "SKF";
    r.quantity = 2;
    r.unit_price_fen = 1250;
    r.channel = "offline";
    r.region = "山东";
    r.canonical = canonical;
    r.bearing_type = canonical.empty() ? "" : "deep_groove_ball";
    r.size_class = canonical.empty() ? "" : "small";
    r.brand = "SKF";
    r.brand_tier = "international";
    return r;
}

class MarketStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto db = Database::open("sqlite:" + dir_.file("m.db"));
        ASSERT_TRUE(db.has_value()) << db.error().message;
        db_ = std::move(*db);
        for (const char* name : {"Shop A", "Shop B"}) {
            auto org = db_->organisations().create({0, name, "merchant", "2026-01-01T00:00:00.000Z"});
            ASSERT_TRUE(org.has_value());
            shops_.push_back(org->id);
        }
    }
    testing::TempDir dir_;
    std::unique_ptr<Database> db_;
    std::vector<std::int64_t> shops_;
};

TEST_F(MarketStoreTest, RowKeysMakeReimportsIdempotentPerShop) {
    MarketStore& m = db_->market();
    std::vector<MarketTransactionRecord> rows = {row(shops_[0], 1, "6205", "6205"), row(shops_[0], 2, "6205", "6205")};
    EXPECT_EQ(*m.insert_transactions(rows), 2);
    EXPECT_EQ(*m.insert_transactions(rows), 0);
    rows[0].shop_org_id = shops_[1];  // the same key in another shop is another row
    EXPECT_EQ(*m.insert_transactions(rows), 1);
    EXPECT_EQ(*m.count_transactions(shops_[0]), 2);
    EXPECT_EQ(*m.count_transactions(std::nullopt), 3);
    auto listed = m.list_transactions(shops_[1], INT64_MIN, INT64_MAX, 0, 10);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().unit_price_fen, 1250);
    EXPECT_EQ(listed->front().region, "山东");
}

TEST_F(MarketStoreTest, ResolutionAppliesToWaitingRowsOfItsKeyOnly) {
    MarketStore& m = db_->market();
    std::vector<MarketTransactionRecord> rows = {row(shops_[0], 1, "X6205", ""), row(shops_[1], 2, "X6205", ""),
                                                 row(shops_[0], 3, "Y6206", ""), row(shops_[0], 4, "6205", "6205")};
    ASSERT_EQ(*m.insert_transactions(rows), 4);
    std::int64_t seen = 0;
    ASSERT_TRUE(m.scan({INT64_MIN, INT64_MAX, std::nullopt}, [&](const MarketScanRow&) { ++seen; }).has_value());
    EXPECT_EQ(seen, 1);  // waiting rows enter no aggregate
    auto queue = m.review_queue(std::nullopt);
    ASSERT_EQ(queue->size(), 2u);
    EXPECT_EQ(queue->front().raw_key, "X6205");  // most rows first
    EXPECT_EQ(queue->front().rows, 2);
    EXPECT_EQ(queue->front().shops, 2);
    EXPECT_EQ(m.review_queue(shops_[1])->size(), 1u);

    auto user =
        db_->users().create({0, shops_[0], "keeper", "Keeper", "admin", "x", false, "2026-01-01T00:00:00.000Z"});
    ASSERT_TRUE(user.has_value());
    auto changed = m.resolve({"X6205", "6205", "deep_groove_ball", "small", user->id, "2026-01-02T00:00:00.000Z"});
    ASSERT_TRUE(changed.has_value()) << changed.error().message;
    EXPECT_EQ(*changed, 2);
    seen = 0;
    ASSERT_TRUE(m.scan({INT64_MIN, INT64_MAX, shops_[0]}, [&](const MarketScanRow& r) {
                     EXPECT_EQ(r.canonical, "6205");
                     ++seen;
                 }).has_value());
    EXPECT_EQ(seen, 2);  // shop A: its own resolved row and its normalised one
    ASSERT_EQ(m.review_queue(std::nullopt)->size(), 1u);
    EXPECT_EQ((*m.find_resolution("X6205"))->canonical, "6205");
    EXPECT_FALSE(m.find_resolution("Y6206")->has_value());
}

}  // namespace
}  // namespace yandian::store
