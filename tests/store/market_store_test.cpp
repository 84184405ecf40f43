// The market store, one contract for both engines (SQLite and PostgreSQL, tests/store/engines.hpp): duplicate
// row keys are skipped (stored or within one call), rows come back with their dictionary strings, a resolution
// applies to the waiting designations of its key and to nothing else, monthly cells sum the rows. SQLite only: rows
// written by the 0003 schema are moved into blocks when the store opens, missing cells are rebuilt. And the block
// format round-trips.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <map>
#include <tuple>

#include "engines.hpp"
#include "store/market_block.hpp"

namespace yandian::store {
namespace {

constexpr std::int64_t kJan1 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kFeb1 = kJan1 + 31LL * 86'400'000;
constexpr std::int32_t kJan = 2026 * 12, kFeb = kJan + 1;  // month keys: year * 12 + month - 1

using CellSums = std::map<std::tuple<std::int64_t, std::int32_t, int>, std::array<std::int64_t, 3>>;

// Per (shop, month, channel): {quantity, value, transactions} summed over the cells the store hands out.
CellSums cell_sums(MarketStore& m, std::int32_t from, std::int32_t to) {
    CellSums out;
    auto ok = m.scan_cells(
        {from, to, std::nullopt}, [](const MarketDictionaries&, std::int64_t) {},
        [&](std::int64_t shop, const MarketCells& c) {
            for (std::size_t i = 0; i < c.size(); ++i) {
                auto& x = out[{shop, c.month[i], c.channel[i]}];
                x[0] += c.quantity[i];
                x[1] += c.value_fen[i];
                x[2] += c.transactions[i];
            }
        });
    EXPECT_TRUE(ok.has_value());
    return out;
}

class MarketStoreFixture : public ::testing::Test {
  protected:
    void start(const std::string& engine) {
        store_ = std::make_unique<testing::EngineStore>(engine);
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        open();
    }
    void open() {
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        if (!shops_.empty()) return;
        for (const char* name : {"Shop A", "Shop B"}) {
            auto org = db().organisations().create({0, name, "merchant", "2026-01-01T00:00:00.000Z"});
            ASSERT_TRUE(org.has_value());
            shops_.push_back(org->id);
        }
    }
    std::uint32_t designation(const std::string& raw, const std::string& canonical) {
        MarketDesignation d;
        d.raw_designation = raw;
        d.raw_key = raw;
        d.canonical = canonical;
        d.bearing_type = canonical.empty() ? "" : "deep_groove_ball";
        d.size_class = canonical.empty() ? "" : "small";
        d.series = canonical.empty() ? "" : "62";
        return *db().market().intern_designation(d);
    }
    MarketRow row(std::int64_t shop, std::int64_t key, std::uint32_t des, std::int64_t time_ms = kJan1) {
        MarketRow r;
        r.shop_org_id = shop;
        r.row_key = key;
        r.time_ms = time_ms;
        r.designation = des;
        r.raw_brand = r.brand = *db().market().intern_brand({0, "SKF", "SKF", "international"});
        r.region = *db().market().intern_region("山东");
        r.channel = 1;
        r.quantity = 2;
        r.unit_price_fen = 1250;
        return r;
    }
    std::int64_t scanned_rows(std::optional<std::int64_t> shop, bool normalised_only) {
        std::int64_t seen = 0;
        MarketDictionaries dict;
        auto ok = db().market().scan(
            {INT64_MIN, INT64_MAX, shop}, [&](const MarketDictionaries& d, std::int64_t) { dict = d; },
            [&](std::int64_t, const MarketColumns& c) {
                for (std::uint32_t d : c.designation) {
                    if (!normalised_only || !dict.designations.at(d).canonical.empty()) ++seen;
                }
            });
        EXPECT_TRUE(ok.has_value());
        return seen;
    }
    // Rows of two shops around the end of January; returns the cells they sum to.
    CellSums write_two_months() {
        MarketStore& m = db().market();
        const std::uint32_t des = designation("6205", "6205");
        std::vector<MarketRow> rows = {row(shops_[0], 1, des, kJan1), row(shops_[0], 2, des, kJan1 + 3'600'000),
                                       row(shops_[0], 3, des, kFeb1 - 1), row(shops_[0], 4, des, kFeb1),
                                       row(shops_[1], 5, des, kJan1)};
        rows[1].quantity = 5;
        rows[1].unit_price_fen = 1000;
        rows[2].channel = 0;  // 2026-01-31T23:59:59.999: still January, another channel
        EXPECT_EQ(*m.insert_rows(rows), 5);
        EXPECT_EQ(*m.insert_rows(rows), 0);  // duplicates add no cells
        // Shop A, January, online: 2 x 12.50 + 5 x 10.00 = 75.00 yuan, 7 pieces, 2 sales; offline: 1 sale of
        // 2 x 12.50.
        return {{{shops_[0], kJan, 1}, {7, 7500, 2}},
                {{shops_[0], kJan, 0}, {2, 2500, 1}},
                {{shops_[0], kFeb, 1}, {2, 2500, 1}},
                {{shops_[1], kJan, 1}, {2, 2500, 1}}};
    }
    Database& db() { return store_->db(); }
    std::unique_ptr<testing::EngineStore> store_;
    std::vector<std::int64_t> shops_;
};

class MarketStoreTest : public MarketStoreFixture, public ::testing::WithParamInterface<std::string> {
  protected:
    void SetUp() override { start(GetParam()); }
};

// Behaviour only SQLite stores have: older schemas written by earlier versions, and the file itself.
class SqliteMarketStoreTest : public MarketStoreFixture {
  protected:
    void SetUp() override { start("sqlite"); }
};

TEST_P(MarketStoreTest, DictionaryEntriesAreCreatedOnceAndKeepTheirNormalisation) {
    MarketStore& m = db().market();
    const std::uint32_t a = designation("6205", "6205");
    EXPECT_EQ(designation("6205", ""), a);  // the second normalisation does not replace the first
    EXPECT_NE(designation("6206", "6206"), a);
    auto found = m.find_designation("6205");
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->canonical, "6205");
    EXPECT_EQ((*found)->series, "62");
    EXPECT_FALSE(m.find_designation("6207")->has_value());
    EXPECT_EQ(*m.intern_region("河北"), *m.intern_region("河北"));
    EXPECT_NE(*m.intern_region("河北"), *m.intern_region("山东"));
}

TEST_P(MarketStoreTest, RowKeysMakeReimportsIdempotentPerShop) {
    MarketStore& m = db().market();
    const std::uint32_t des = designation("6205", "6205");
    std::vector<MarketRow> rows = {row(shops_[0], 1, des), row(shops_[0], 2, des), row(shops_[0], 2, des)};
    EXPECT_EQ(*m.insert_rows(rows), 2);  // a key twice in one call is one row
    EXPECT_EQ(*m.insert_rows(rows), 0);
    rows[0].shop_org_id = shops_[1];  // the same key in another shop is another row
    EXPECT_EQ(*m.insert_rows(rows), 1);
    EXPECT_EQ(*m.count_transactions(shops_[0]), 2);
    EXPECT_EQ(*m.count_transactions(std::nullopt), 3);
    auto listed = m.list_transactions(shops_[1], INT64_MIN, INT64_MAX, 0, 10);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().unit_price_fen, 1250);
    EXPECT_EQ(listed->front().region, "山东");
    EXPECT_EQ(listed->front().channel, "online");
    EXPECT_EQ(listed->front().brand_tier, "international");
    EXPECT_EQ(listed->front().raw_designation, "6205");

    // Keys survive a reopen (no cache): the same rows are still duplicates.
    open();
    EXPECT_EQ(*db().market().insert_rows(rows), 0);
    EXPECT_EQ(*db().market().count_transactions(std::nullopt), 3);
}

TEST_P(MarketStoreTest, ListingPagesByIdAndFiltersByTime) {
    MarketStore& m = db().market();
    const std::uint32_t des = designation("6205", "6205");
    std::vector<MarketRow> rows;
    for (int i = 0; i < 25; ++i) rows.push_back(row(shops_[0], 100 + i, des, kJan1 + i * 5LL * 86'400'000));
    ASSERT_EQ(*m.insert_rows(rows), 25);  // 125 days: several 30-day blocks
    std::vector<std::int64_t> ids;
    std::int64_t after = 0;
    while (true) {
        auto page = m.list_transactions(shops_[0], INT64_MIN, INT64_MAX, after, 7);
        ASSERT_TRUE(page.has_value());
        if (page->empty()) break;
        for (const auto& r : *page) ids.push_back(r.id);
        after = page->back().id;
    }
    ASSERT_EQ(ids.size(), 25u);
    for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_LT(ids[i - 1], ids[i]);
    // 10 days from day 20: days 20, 25 (the row at day 30 is outside the half-open range).
    auto window = m.list_transactions(shops_[0], kJan1 + 20LL * 86'400'000, kJan1 + 30LL * 86'400'000, 0, 100);
    ASSERT_EQ(window->size(), 2u);
    std::int64_t in_range = 0;
    ASSERT_TRUE(m.scan(
                     {kJan1 + 20LL * 86'400'000, kJan1 + 30LL * 86'400'000, std::nullopt},
                     [](const MarketDictionaries&, std::int64_t) {},
                     [&](std::int64_t, const MarketColumns& c) { in_range += static_cast<std::int64_t>(c.size()); })
                    .has_value());
    EXPECT_EQ(in_range, 2);
}

TEST_P(MarketStoreTest, SixtyFourBitKeysAndManyBlocksRoundTrip) {
    MarketStore& m = db().market();
    const std::uint32_t des = designation("6205", "6205");
    // Keys hashed to uint64 are stored as their int64 bit pattern, so they may be negative.
    std::vector<MarketRow> rows = {row(shops_[0], INT64_MIN, des), row(shops_[0], -1, des),
                                   row(shops_[0], static_cast<std::int64_t>(UINT64_MAX - 1), des),
                                   row(shops_[0], INT64_MAX, des)};
    // One row in each of 100 buckets: more blocks than a reader fetches at once.
    for (int i = 0; i < 100; ++i) rows.push_back(row(shops_[1], i, des, kJan1 + i * 30LL * 86'400'000));
    ASSERT_EQ(*m.insert_rows(rows), 104);
    EXPECT_EQ(*m.insert_rows(rows), 0);
    auto listed = m.list_transactions(shops_[0], INT64_MIN, INT64_MAX, 0, 10);
    ASSERT_EQ(listed->size(), 4u);
    EXPECT_EQ((*listed)[0].row_key, INT64_MIN);
    EXPECT_EQ((*listed)[2].row_key, -2);
    EXPECT_EQ((*listed)[3].row_key, INT64_MAX);
    std::int64_t after = 0, paged = 0;
    while (true) {
        auto page = m.list_transactions(shops_[1], INT64_MIN, INT64_MAX, after, 30);
        ASSERT_TRUE(page.has_value());
        if (page->empty()) break;
        for (std::size_t i = 0; i < page->size(); ++i) EXPECT_EQ((*page)[i].row_key, paged + static_cast<int>(i));
        paged += static_cast<std::int64_t>(page->size());
        after = page->back().id;
    }
    EXPECT_EQ(paged, 100);
    EXPECT_EQ(scanned_rows(std::nullopt, false), 104);
    std::int64_t sales = 0;
    for (const auto& [key, sums] : cell_sums(m, INT32_MIN, INT32_MAX)) sales += sums[2];
    EXPECT_EQ(sales, 104);
}

TEST_P(MarketStoreTest, ResolutionAppliesToWaitingRowsOfItsKeyOnly) {
    MarketStore& m = db().market();
    const std::uint32_t x = designation("X6205", ""), y = designation("Y6206", ""), ok = designation("6205", "6205");
    std::vector<MarketRow> rows = {row(shops_[0], 1, x), row(shops_[1], 2, x), row(shops_[0], 3, y),
                                   row(shops_[0], 4, ok)};
    const std::string before = *m.version();
    ASSERT_EQ(*m.insert_rows(rows), 4);
    EXPECT_NE(*m.version(), before);
    EXPECT_EQ(scanned_rows(std::nullopt, true), 1);  // waiting rows enter no aggregate
    auto queue = m.review_queue(std::nullopt);
    ASSERT_EQ(queue->size(), 2u);
    EXPECT_EQ(queue->front().raw_key, "X6205");  // most rows first
    EXPECT_EQ(queue->front().rows, 2);
    EXPECT_EQ(queue->front().shops, 2);
    EXPECT_EQ(m.review_queue(shops_[1])->size(), 1u);

    auto user =
        db().users().create({0, shops_[0], "keeper", "Keeper", "admin", "x", false, "2026-01-01T00:00:00.000Z"});
    ASSERT_TRUE(user.has_value());
    const std::string unresolved = *m.version();
    auto changed =
        m.resolve({"X6205", "6205", "deep_groove_ball", "small", user->id, "2026-01-02T00:00:00.000Z", "62"});
    ASSERT_TRUE(changed.has_value()) << changed.error().message;
    EXPECT_EQ(*changed, 2);
    EXPECT_NE(*m.version(), unresolved);
    EXPECT_EQ(scanned_rows(shops_[0], true), 2);  // shop A: its own resolved row and its normalised one
    ASSERT_EQ(m.review_queue(std::nullopt)->size(), 1u);
    EXPECT_EQ((*m.find_resolution("X6205"))->canonical, "6205");
    EXPECT_EQ((*m.find_resolution("X6205"))->series, "62");
    EXPECT_FALSE(m.find_resolution("Y6206")->has_value());
}

TEST_F(SqliteMarketStoreTest, RowsOfTheOlderOneRowPerTransactionTableMoveIntoBlocksOnOpen) {
    store_->close();
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(store_->file().c_str(), &raw), SQLITE_OK);
    const std::string insert =
        "INSERT INTO market_transactions (shop_org_id, row_key, time_ms, raw_designation, raw_key, raw_brand, "
        "quantity, "
        "unit_price_fen, channel, region, canonical, bearing_type, size_class, brand, brand_tier) VALUES "
        "(" +
        std::to_string(shops_[0]) +
        ", 11, 1767225600000, '6205 zz', '6205 ZZ', '', 3, 990, 'export', '河南', "
        "'6205-2Z', 'deep_groove_ball', 'small', '', 'unbranded'), "
        "(" +
        std::to_string(shops_[1]) +
        ", 12, 1767312000000, 'XYZ', 'XYZ', 'SKF', 1, 5000, 'offline', '', "
        "NULL, NULL, NULL, 'SKF', 'international')";
    ASSERT_EQ(sqlite3_exec(raw, insert.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
    sqlite3_close(raw);

    open();
    MarketStore& m = db().market();
    EXPECT_EQ(*m.count_transactions(std::nullopt), 2);
    auto a = m.list_transactions(shops_[0], INT64_MIN, INT64_MAX, 0, 10);
    ASSERT_EQ(a->size(), 1u);
    EXPECT_EQ(a->front().raw_designation, "6205 zz");
    EXPECT_EQ(a->front().canonical, "6205-2Z");
    EXPECT_EQ(a->front().channel, "export");
    EXPECT_EQ(a->front().quantity, 3);
    EXPECT_EQ(a->front().unit_price_fen, 990);
    EXPECT_EQ(a->front().region, "河南");
    EXPECT_EQ(a->front().row_key, 11);
    auto queue = m.review_queue(std::nullopt);
    ASSERT_EQ(queue->size(), 1u);
    EXPECT_EQ(queue->front().raw_key, "XYZ");
    // The moved keys still count as stored.
    const std::uint32_t des = designation("6205 zz", "");
    MarketRow again = row(shops_[0], 11, des, 1767225600000);
    EXPECT_EQ(*m.insert_rows(std::span(&again, 1)), 0);
    // A second open finds nothing left to move.
    open();
    EXPECT_EQ(*db().market().count_transactions(std::nullopt), 2);
}

TEST_P(MarketStoreTest, MonthlyCellsSumTheRows) {
    const CellSums expect = write_two_months();
    MarketStore& m = db().market();
    EXPECT_EQ(cell_sums(m, kJan, kFeb), expect);
    EXPECT_EQ(cell_sums(m, kFeb, kFeb).size(), 1u);
    EXPECT_EQ(market_month_of(kFeb1 - 1), kJan);
    EXPECT_EQ(market_month_of(kFeb1), kFeb);
}

TEST_F(SqliteMarketStoreTest, MonthlyCellsAreRebuiltWhenMissing) {
    const CellSums expect = write_two_months();
    ASSERT_EQ(cell_sums(db().market(), kJan, kFeb), expect);
    // A store whose rows have no cells (written before cells existed) gets them built when it opens.
    store_->close();
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(store_->file().c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "DELETE FROM market_cell_blocks", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
    open();
    EXPECT_EQ(cell_sums(db().market(), kJan, kFeb), expect);
}

TEST(MarketBlock, RoundTripsEveryColumnIncludingExtremeValues) {
    MarketColumns c;
    c.push_back({1, -1, INT64_MIN, 0, 0, 0, 0, 0, 1, 1});
    c.push_back({1, INT64_MAX, INT64_MAX, UINT32_MAX, 7, 8, 9, 2, INT64_MAX, 1});
    c.push_back({1, 42, 1'767'225'600'000, 3, 4, 5, 6, 1, 1000, 12345678});
    std::string bytes;
    encode_market_block(c, bytes);
    MarketColumns d;
    ASSERT_TRUE(decode_market_block(bytes, d).has_value());
    EXPECT_EQ(d.row_key, c.row_key);
    EXPECT_EQ(d.time_ms, c.time_ms);
    EXPECT_EQ(d.designation, c.designation);
    EXPECT_EQ(d.raw_brand, c.raw_brand);
    EXPECT_EQ(d.brand, c.brand);
    EXPECT_EQ(d.region, c.region);
    EXPECT_EQ(d.channel, c.channel);
    EXPECT_EQ(d.quantity, c.quantity);
    EXPECT_EQ(d.unit_price_fen, c.unit_price_fen);
    std::vector<std::int64_t> keys;
    ASSERT_TRUE(decode_market_block_keys(bytes, keys).has_value());
    EXPECT_EQ(keys, c.row_key);
}

TEST(MarketBlock, DamagedBlocksAreErrorsNamingTheColumn) {
    MarketColumns c;
    for (int i = 0; i < 10; ++i) c.push_back({1, i, 1'767'225'600'000 + i, 1, 1, 1, 1, 0, 2, 300});
    std::string bytes;
    encode_market_block(c, bytes);
    MarketColumns d;
    auto cut = decode_market_block(std::string_view(bytes).substr(0, bytes.size() - 3), d);
    ASSERT_FALSE(cut.has_value());
    EXPECT_NE(cut.error().message.find("unit_price_fen"), std::string::npos) << cut.error().message;
    std::string format = bytes;
    format[0] = 9;
    ASSERT_FALSE(decode_market_block(format, d).has_value());
    std::string extra = bytes + "x";
    auto trailing = decode_market_block(extra, d);
    ASSERT_FALSE(trailing.has_value());
    EXPECT_NE(trailing.error().message.find("end"), std::string::npos);
    std::string channel = bytes;
    // The channel column starts after keys (80 bytes), header (2), times (10 varints: 6 + 9 x 1 byte) and four
    // id columns of one byte per row (40): set the first channel to 7.
    const std::size_t at = 2 + 80 + (6 + 9) + 40;
    channel[at] = 7;
    auto bad = decode_market_block(channel, d);
    ASSERT_FALSE(bad.has_value());
    EXPECT_NE(bad.error().message.find("channel"), std::string::npos) << bad.error().message;
}

TEST(MarketBlock, CellBlocksRoundTripAndRefuseDamage) {
    MarketColumns rows;
    rows.push_back({1, 1, 1'767'225'600'000, 3, 4, 5, 6, 2, 10, 125});
    rows.push_back({1, 2, 1'767'225'600'000, 3, 4, 5, 6, 2, 1, 100});
    rows.push_back({1, 3, -86'400'000, 3, 4, 5, 6, 0, 1, 7});  // 1969-12-31: month key 1969 * 12 + 11
    MarketCellBuilder builder;
    builder.add(rows);
    const MarketCells& c = builder.cells();
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c.month[0], 2026 * 12);
    EXPECT_EQ(c.quantity[0], 11);
    EXPECT_EQ(c.value_fen[0], 1350);
    EXPECT_EQ(c.transactions[0], 2);
    EXPECT_EQ(c.month[1], 1969 * 12 + 11);
    std::string bytes;
    encode_market_cells(c, bytes);
    MarketCells d;
    ASSERT_TRUE(decode_market_cells(bytes, d).has_value());
    EXPECT_EQ(d.month, c.month);
    EXPECT_EQ(d.value_fen, c.value_fen);
    EXPECT_EQ(d.transactions, c.transactions);
    EXPECT_FALSE(decode_market_cells(std::string_view(bytes).substr(0, bytes.size() - 1), d).has_value());
    EXPECT_FALSE(decode_market_block(bytes, *std::make_unique<MarketColumns>()).has_value());  // not a row block
}

TEST(MarketBlock, BucketsAreThirtyDaysAndFloorNegativeTimes) {
    EXPECT_EQ(market_bucket_of(0), 0);
    EXPECT_EQ(market_bucket_of(30LL * 86'400'000 - 1), 0);
    EXPECT_EQ(market_bucket_of(30LL * 86'400'000), 1);
    EXPECT_EQ(market_bucket_of(-1), -1);
}

INSTANTIATE_TEST_SUITE_P(Engines, MarketStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
