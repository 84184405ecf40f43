// MarketOfferService over a real SQLite store: offer import with per-line errors and duplicate-free re-import, the
// shop's own list and withdrawal, privacy between shops, and the offer aggregates (quartiles, premium over the
// transaction median, suppression under 5 shops). Every expected number is computed by hand in the comment beside
// it; quantiles are Hyndman & Fan (1996) type 7: h = (n - 1) p, Q = x_(floor h) + (h - floor h)(x_(floor h + 1) -
// x_(floor h)) on the sorted sample (0-based).
#include "app/market_offers.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../store/temp_dir.hpp"
#include "app/market_demo.hpp"
#include "app/market_service.hpp"
#include "store/database.hpp"

namespace yandian::app {
namespace {

using nlohmann::json;

class MarketOffersTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = store::Database::open("sqlite:" + dir_.file("offers.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        db_ = std::move(*opened);
        AccountOptions cheap;
        cheap.argon2_time_cost = 1;
        cheap.argon2_memory_kib = 8;
        accounts_ = std::make_unique<AccountService>(*db_, cheap, clock_);
        market_ = std::make_unique<MarketService>(*db_, clock_);
        offers_ = std::make_unique<MarketOfferService>(*db_, clock_);
    }

    Principal member(const std::string& org_name, OrgKind kind, Role role = Role::kAdmin) {
        auto org = accounts_->create_organisation(org_name, kind);
        EXPECT_TRUE(org.has_value());
        const std::string login = "user" + std::to_string(org->id) + (role == Role::kViewer ? "v" : "");
        auto user = accounts_->create_user(org->id, login, "password-long-1", role, login);
        EXPECT_TRUE(user.has_value()) << user.error().message;
        return Principal{user->id, org->id, role, login, std::nullopt};
    }

    // One offer valid through March 2026.
    void offer(const Principal& shop, const std::string& designation, const std::string& brand,
               const std::string& price, const std::string& from = "2026-03-01",
               const std::string& until = "2026-03-31") {
        json body = {{"offers",
                      {{{"designation", designation},
                        {"brand", brand},
                        {"unit_price", price},
                        {"quantity", 100},
                        {"min_order", 10},
                        {"valid_from", from},
                        {"valid_until", until}}}}};
        auto r = offers_->import_json(shop, body);
        ASSERT_TRUE(r.has_value()) << r.error().message;
        ASSERT_EQ(r->inserted, 1) << (r->errors.empty() ? "" : r->errors[0].message);
    }

    void sale(const Principal& shop, const std::string& designation, const std::string& brand,
              const std::string& price) {
        json body = {{"transactions",
                      {{{"time", "2026-03-15"},
                        {"designation", designation},
                        {"brand", brand},
                        {"quantity", 1},
                        {"unit_price", price}}}}};
        auto r = market_->import_json(shop, body);
        ASSERT_TRUE(r.has_value()) << r.error().message;
        ASSERT_EQ(r->inserted, 1);
    }

    // 1 790 000 000 s = 20717 days + 51 200 s; day 20454 is 2026-01-01 (market_service_test), + 263 days =
    // 2026-09-21; 51 200 s = 14:13:20. After March 2026, before October 2026.
    Clock clock_ = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000)); };
    testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<MarketService> market_;
    std::unique_ptr<MarketOfferService> offers_;
};

const json* find_cell(const json& summary, const std::string& key, const std::string& value, const std::string& tier) {
    for (const json& c : summary.at("cells")) {
        if (c.at(key) == value && c.at("brand_tier") == tier) return &c;
    }
    return nullptr;
}

TEST_F(MarketOffersTest, CsvImportReportsBadLinesAndReimportDoesNotDuplicate) {
    Principal shop = member("Shop A", OrgKind::kMerchant);
    const std::string csv =
        "designation,brand,unit_price,quantity,min_order,channel,valid_from,valid_until\n"  // line 1
        "6205-2RS,SKF,42.00,200,10,offline,2026-03-01,2026-03-31\n"                         // 2
        "6205-2RS,SKF,42.00,200,10,offline,2026-03-01,2026-03-31\n"                         // 3: same offer as 2
        "6206,NSK,abc,10,1,offline,2026-03-01,\n"                                           // 4: bad price
        "6206,NSK,30.00,10,50,offline,2026-03-01,\n"                                        // 5: min order > quantity
        "6207,ZWZ,30.00,10,1,online,2026-03-10,2026-03-01\n"                                // 6: until before from
        "6208,ZWZ,30.00,10,1,online,,\n"                                                    // 7: no valid_from
        "6209,ZWZ,30.00\n"                                                                  // 8: too few fields
        "\"6206 轴承(拆机)\",,25.00,5,,线上,2026-03-01,\n"                                  // 9: waits for review
        "6210,瓦轴,55.50,40,,,2026-03-01T08:00:00Z,2026-04-30\n";                           // 10
    auto first = offers_->import_csv(shop, csv);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(first->rows, 9);
    EXPECT_EQ(first->inserted, 3);    // lines 2, 9, 10
    EXPECT_EQ(first->duplicates, 1);  // line 3
    EXPECT_EQ(first->waiting_review, 1);
    ASSERT_EQ(first->errors.size(), 5u);
    EXPECT_EQ(first->errors[0].line, 4u);
    EXPECT_EQ(first->errors[0].field, "unit_price");
    EXPECT_EQ(first->errors[1].line, 5u);
    EXPECT_EQ(first->errors[1].field, "min_order");
    EXPECT_EQ(first->errors[2].line, 6u);
    EXPECT_EQ(first->errors[2].field, "valid_until");
    EXPECT_EQ(first->errors[3].line, 7u);
    EXPECT_EQ(first->errors[3].field, "valid_from");
    EXPECT_EQ(first->errors[4].line, 8u);
    // The record is read on its own (so the good ones are kept), and its message names its line in the file.
    EXPECT_EQ(first->errors[4].message, "line 8, column 4: expected 8 fields as in the header, found 3");

    auto again = offers_->import_csv(shop, csv);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->inserted, 0);
    EXPECT_EQ(again->duplicates, 4);     // lines 2, 3, 9, 10
    EXPECT_EQ(again->waiting_review, 1);  // line 9 again: rows read whose designation waits, stored or not

    auto own = offers_->own_offers(shop, false, 0, 100);
    ASSERT_TRUE(own.has_value()) << own.error().message;
    ASSERT_EQ(own->at("total"), 3);
    const json& list = own->at("offers");
    EXPECT_EQ(list[0].at("unit_price"), "42.00");
    EXPECT_EQ(list[0].at("brand_tier"), "international");
    EXPECT_EQ(list[0].at("min_order"), 10);
    // A date alone as valid_until means through the end of that day.
    EXPECT_EQ(list[0].at("valid_until"), "2026-03-31T23:59:59.999Z");
    EXPECT_EQ(list[0].at("status"), "expired");  // the clock is in September 2026
    EXPECT_TRUE(list[1].at("waiting_review").get<bool>());
    EXPECT_EQ(list[1].at("channel"), "online");
    EXPECT_EQ(list[1].at("min_order"), 1);  // empty minimum order = 1
    // No valid_until: 30 days from valid_from, 2026-03-01 + 30 d = 2026-03-31 00:00 exclusive.
    EXPECT_EQ(list[1].at("valid_until"), "2026-03-30T23:59:59.999Z");
    EXPECT_EQ(list[2].at("brand_tier"), "chinese_top");
    EXPECT_EQ(list[2].at("channel"), "offline");
    EXPECT_EQ(list[2].at("valid_from"), "2026-03-01T08:00:00.000Z");
}

TEST_F(MarketOffersTest, AShopPostsListsAndWithdrawsOnlyItsOwnOffers) {
    Principal a = member("Shop A", OrgKind::kMerchant);
    Principal b = member("Shop B", OrgKind::kMerchant);
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    Principal viewer = member("Shop C", OrgKind::kMerchant, Role::kViewer);
    offer(a, "6205", "SKF", "40.00");

    // A CSV row naming another shop, and a JSON row for another shop, are refused line by line.
    const std::string csv =
        "shop,designation,unit_price,quantity,valid_from\n" + std::to_string(b.org_id) + ",6205,41.00,5,2026-03-01\n";
    auto foreign = offers_->import_csv(a, csv);
    ASSERT_TRUE(foreign.has_value());
    EXPECT_EQ(foreign->inserted, 0);
    ASSERT_EQ(foreign->errors.size(), 1u);
    EXPECT_EQ(foreign->errors[0].line, 2u);
    EXPECT_EQ(foreign->errors[0].field, "shop");
    json body = {{"offers",
                  {{{"shop_org_id", b.org_id},
                    {"designation", "6205"},
                    {"unit_price", "41.00"},
                    {"quantity", 5},
                    {"valid_from", "2026-03-01"}}}}};
    auto foreign_json = offers_->import_json(a, body);
    ASSERT_TRUE(foreign_json.has_value());
    EXPECT_EQ(foreign_json->inserted, 0);
    ASSERT_EQ(foreign_json->errors.size(), 1u);
    EXPECT_EQ(foreign_json->errors[0].field, "shop_org_id");

    // Shop B sees none of A's offers and cannot withdraw them (not found, as if they did not exist).
    auto mine = offers_->own_offers(a, true, 0, 100);
    ASSERT_TRUE(mine.has_value());
    ASSERT_EQ(mine->at("offers").size(), 1u);
    const std::int64_t id = mine->at("offers")[0].at("id");
    auto theirs = offers_->own_offers(b, true, 0, 100);
    ASSERT_TRUE(theirs.has_value());
    EXPECT_EQ(theirs->at("total"), 0);
    EXPECT_TRUE(theirs->at("offers").empty());
    EXPECT_EQ(offers_->withdraw(b, id).error().code, ErrorCode::kNotFound);
    // Other parties have no offers of their own; viewers neither post nor withdraw.
    EXPECT_EQ(offers_->own_offers(analyst, false, 0, 10).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(offers_->import_json(analyst, body).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(offers_->import_csv(viewer, csv).error().code, ErrorCode::kPermissionDenied);

    auto withdrawn = offers_->withdraw(a, id);
    ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().message;
    EXPECT_EQ(withdrawn->at("status"), "withdrawn");
    EXPECT_EQ(withdrawn->at("withdrawn_at"), "2026-09-21T14:13:20.000Z");
    EXPECT_EQ(offers_->withdraw(a, id).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_TRUE(offers_->own_offers(a, false, 0, 100)->at("offers").empty());
    EXPECT_EQ(offers_->own_offers(a, true, 0, 100)->at("offers").size(), 1u);
}

TEST_F(MarketOffersTest, QuartilesAndPremiumMatchAHandComputationAndSmallCellsAreSuppressed) {
    std::vector<Principal> shops;
    for (int i = 0; i < 6; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);

    // Transactions of 6205-2RS x SKF (international) in March 2026 from five shops: 36, 38, 40, 40, 42 yuan.
    // Median of the 5 rows: h = 4 x 0.5 = 2 -> 40.00.
    const char* sold[] = {"36.00", "38.00", "40.00", "40.00", "42.00"};
    for (int i = 0; i < 5; ++i) sale(shops[i], "6205-2RS", "SKF", sold[i]);
    // 6207 x SKF sold by four shops only: its transaction median is not published.
    for (int i = 0; i < 4; ++i) sale(shops[i], "6207", "SKF", "50.00");

    // Offers of 6205-2RS x SKF: shop 0 asks 39 and 41 (its price: median of the two = 40.00), shops 1-4 ask 42,
    // 44, 46, 50. Shop prices sorted 40, 42, 44, 46, 50: q1 h = 1 -> 42, median h = 2 -> 44, q3 h = 3 -> 46.
    offer(shops[0], "6205-2RS", "SKF", "39.00");
    offer(shops[0], "6205-2RS", "skf", "41.00");
    const char* asked[] = {"42.00", "44.00", "46.00", "50.00"};
    for (int i = 1; i <= 4; ++i) offer(shops[static_cast<std::size_t>(i)], "6205-2RS", "SKF", asked[i - 1]);
    // Premiums over 40.00: 40/40-1 = 0, 0.05, 0.10, 0.15, 0.25 -> median 0.10.
    // 6206 x SKF from four shops (60, 62, 64, 66): suppressed.
    const char* asked6206[] = {"60.00", "62.00", "64.00", "66.00"};
    for (int i = 0; i < 4; ++i) offer(shops[static_cast<std::size_t>(i)], "6206", "SKF", asked6206[i]);
    // 6207 x SKF from five shops at 55: published, but without a transaction median (4 selling shops).
    for (int i = 0; i < 5; ++i) offer(shops[static_cast<std::size_t>(i)], "6207", "SKF", "55.00");
    // One shop quotes 6205-2RS x ZWZ (Chinese top tier): a one-shop cell.
    offer(shops[5], "6205-2RS", "ZWZ", "20.00");
    // Outside the range (May) and so not counted.
    offer(shops[0], "6205-2RS", "SKF", "100.00", "2026-05-01", "2026-05-31");

    OfferSummaryQuery q;
    q.from = {2026, 3};
    q.to = {2026, 3};
    auto by_model = offers_->summary(analyst, q);
    ASSERT_TRUE(by_model.has_value()) << by_model.error().message;
    EXPECT_EQ(by_model->at("min_shops"), 5);
    auto c6205 = normalise_designation("6205-2RS");
    ASSERT_TRUE(c6205.has_value());
    const json* m = find_cell(*by_model, "canonical", c6205->canonical, "international");
    ASSERT_NE(m, nullptr) << by_model->dump(2);
    EXPECT_FALSE(m->at("suppressed").get<bool>());
    EXPECT_EQ(m->at("shops"), 5);
    EXPECT_EQ(m->at("offers"), 6);
    EXPECT_EQ(m->at("quantity_available"), 600);
    EXPECT_EQ(m->at("q1"), "42.00");
    EXPECT_EQ(m->at("median"), "44.00");
    EXPECT_EQ(m->at("q3"), "46.00");
    EXPECT_EQ(m->at("transaction_median"), "40.00");
    EXPECT_DOUBLE_EQ(m->at("premium").get<double>(), 0.10);
    const json* m7 = find_cell(*by_model, "canonical", normalise_designation("6207")->canonical, "international");
    ASSERT_NE(m7, nullptr);
    EXPECT_EQ(m7->at("median"), "55.00");
    EXPECT_TRUE(m7->at("transaction_median").is_null());
    EXPECT_TRUE(m7->at("transactions_suppressed").get<bool>());
    EXPECT_TRUE(m7->at("premium").is_null());
    // 6206 x international and 6205 x chinese_top are not listed, only counted.
    EXPECT_EQ(find_cell(*by_model, "canonical", normalise_designation("6206")->canonical, "international"), nullptr);
    EXPECT_EQ(by_model->at("cells_suppressed"), 2);

    // One bearing asked for: its suppressed cells are shown as such.
    q.canonical = "6205 2rs";
    auto one = offers_->summary(analyst, q);
    ASSERT_TRUE(one.has_value()) << one.error().message;
    ASSERT_EQ(one->at("cells").size(), 2u);
    const json* zwz = find_cell(*one, "canonical", c6205->canonical, "chinese_top");
    ASSERT_NE(zwz, nullptr);
    EXPECT_TRUE(zwz->at("suppressed").get<bool>());
    EXPECT_TRUE(zwz->at("median").is_null());
    EXPECT_TRUE(zwz->at("shops").is_null());

    // By type: deep_groove_ball x international has shops 0-4 (5 shops). Shop prices pooled over its models:
    // 6205 40, 42, 44, 46, 50; 6206 60, 62, 64, 66; 6207 55 x 5. Sorted (14 values):
    // 40 42 44 46 50 55 55 55 55 55 60 62 64 66. q1 h = 13 x 0.25 = 3.25 -> 46 + 0.25 (50 - 46) = 47.00;
    // median h = 6.5 -> 55; q3 h = 9.75 -> 55 + 0.75 (60 - 55) = 58.75.
    // Premiums only where the transaction median is published (6205): 0, 0.05, 0.10, 0.15, 0.25 -> 0.10.
    q.canonical.reset();
    q.by = OfferGrouping::kType;
    auto by_type = offers_->summary(analyst, q);
    ASSERT_TRUE(by_type.has_value()) << by_type.error().message;
    const json* t = find_cell(*by_type, "bearing_type", "deep_groove_ball", "international");
    ASSERT_NE(t, nullptr) << by_type->dump(2);
    EXPECT_EQ(t->at("shops"), 5);
    EXPECT_EQ(t->at("models"), 3);
    EXPECT_EQ(t->at("q1"), "47.00");
    EXPECT_EQ(t->at("median"), "55.00");
    EXPECT_EQ(t->at("q3"), "58.75");
    EXPECT_DOUBLE_EQ(t->at("premium").get<double>(), 0.10);
    EXPECT_EQ(t->at("premium_shops"), 5);
    const json* top = find_cell(*by_type, "bearing_type", "deep_groove_ball", "chinese_top");
    ASSERT_NE(top, nullptr);
    EXPECT_TRUE(top->at("suppressed").get<bool>());
    EXPECT_TRUE(top->at("median").is_null());
    EXPECT_EQ(by_type->at("cells_suppressed"), 1);

    // The shops see the same aggregates as the analyst, nothing more.
    auto as_shop = offers_->summary(shops[5], q);
    ASSERT_TRUE(as_shop.has_value());
    EXPECT_EQ(*as_shop, *by_type);

    // May: only shop 0's offer, a one-shop cell.
    q.from = {2026, 5};
    q.to = {2026, 5};
    auto may = offers_->summary(analyst, q);
    ASSERT_TRUE(may.has_value());
    ASSERT_EQ(may->at("cells").size(), 1u);
    EXPECT_TRUE(may->at("cells")[0].at("suppressed").get<bool>());
}

TEST_F(MarketOffersTest, AWithdrawnOfferCountsOnlyWhileItStoodAndResolutionsApplyToWaitingOffers) {
    std::vector<Principal> shops;
    for (int i = 0; i < 5; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    for (int i = 0; i < 4; ++i) offer(shops[static_cast<std::size_t>(i)], "6205", "SKF", "40.00");
    // The fifth shop's offer for October 2026 (after the clock), withdrawn now, before it ever stood.
    offer(shops[4], "6205", "SKF", "40.00", "2026-10-01", "2026-10-31");
    for (int i = 0; i < 4; ++i)
        offer(shops[static_cast<std::size_t>(i)], "6205", "SKF", "40.00", "2026-10-01", "2026-10-31");
    auto list = offers_->own_offers(shops[4], false, 0, 10);
    ASSERT_TRUE(list.has_value());
    EXPECT_EQ(list->at("offers")[0].at("status"), "upcoming");
    ASSERT_TRUE(offers_->withdraw(shops[4], list->at("offers")[0].at("id")).has_value());
    OfferSummaryQuery q;
    q.from = {2026, 10};
    q.to = {2026, 10};
    q.by = OfferGrouping::kType;
    auto october = offers_->summary(analyst, q);
    ASSERT_TRUE(october.has_value());
    ASSERT_EQ(october->at("cells").size(), 1u);
    EXPECT_TRUE(october->at("cells")[0].at("suppressed").get<bool>());  // 4 shops left

    // The fifth shop's March offer is written so the catalogue cannot read it; once resolved it counts.
    json body = {{"offers",
                  {{{"designation", "6205 old stock"},
                    {"brand", "SKF"},
                    {"unit_price", "40.00"},
                    {"quantity", 10},
                    {"valid_from", "2026-03-01"}}}}};
    auto posted = offers_->import_json(shops[4], body);
    ASSERT_TRUE(posted.has_value());
    EXPECT_EQ(posted->waiting_review, 1);
    q.from = {2026, 3};
    q.to = {2026, 3};
    auto before = offers_->summary(analyst, q);
    ASSERT_TRUE(before.has_value());
    EXPECT_TRUE(before->at("cells")[0].at("suppressed").get<bool>());
    EXPECT_EQ(before->at("offers_waiting_review"), 1);
    ASSERT_TRUE(market_->resolve(analyst, "6205 old stock", "6205").has_value());
    auto after = offers_->summary(analyst, q);
    ASSERT_TRUE(after.has_value());
    EXPECT_FALSE(after->at("cells")[0].at("suppressed").get<bool>());
    EXPECT_EQ(after->at("cells")[0].at("shops"), 5);
    EXPECT_EQ(after->at("cells")[0].at("median"), "40.00");
    EXPECT_EQ(offers_->own_offers(shops[4], false, 0, 10)->at("offers")[0].at("canonical"),
              normalise_designation("6205")->canonical);
}

TEST_F(MarketOffersTest, AWaitingOfferIsInItsShopsReviewQueueAndTheShopResolvesIt) {
    // A shop with no sale of the spelling: its standing offer alone puts the spelling in the shop's queue (0 rows,
    // 1 offer); another shop does not see it; the analyst sees it counted without the shop; the shop resolves it.
    Principal a = member("Shop A", OrgKind::kMerchant);
    Principal b = member("Shop B", OrgKind::kMerchant);
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    json body = {{"offers",
                  {{{"designation", "Deep groove 6206 sealed"},
                    {"brand", "ZWZ"},
                    {"unit_price", "18.00"},
                    {"quantity", 50},
                    {"valid_from", "2026-09-01"},
                    {"valid_until", "2026-12-31"}}}}};
    auto posted = offers_->import_json(a, body);
    ASSERT_TRUE(posted.has_value());
    ASSERT_EQ(posted->waiting_review, 1);
    auto queue = market_->review_queue(a);
    ASSERT_TRUE(queue.has_value());
    ASSERT_EQ(queue->at("queue").size(), 1u);
    const json& item = queue->at("queue")[0];
    EXPECT_EQ(item.at("key"), "DEEP GROOVE 6206 SEALED");
    EXPECT_EQ(item.at("rows"), 0);
    EXPECT_EQ(item.at("offers"), 1);
    EXPECT_TRUE(market_->review_queue(b)->at("queue").empty());
    auto market = market_->review_queue(analyst);
    ASSERT_EQ(market->at("queue").size(), 1u);
    EXPECT_EQ(market->at("queue")[0].at("shops_at_least"), 1);
    EXPECT_FALSE(market->at("queue")[0].contains("first_time"));
    EXPECT_EQ(market_->resolve(b, "Deep groove 6206 sealed", "6206-2RS").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(market_->resolve(a, "Deep groove 6206 sealed", "6206-2RS").has_value());
    EXPECT_TRUE(market_->review_queue(a)->at("queue").empty());
    EXPECT_EQ(offers_->own_offers(a, false, 0, 10)->at("offers")[0].at("canonical"),
              normalise_designation("6206-2RS")->canonical);
}

TEST_F(MarketOffersTest, DemoShopsPostOffersOnceAndTheSummaryPublishesCells) {
    MarketDemoOptions small;
    small.shops = 12;
    small.models = 40;
    small.items_per_shop = 10;
    small.from = {2026, 1};
    small.to = {2026, 3};
    auto first = seed_market_demo(*db_, *accounts_, *market_, clock_, small);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    auto offers = db_->market_offers().count_offers(std::nullopt);
    ASSERT_TRUE(offers.has_value());
    EXPECT_GT(*offers, 12);  // every shop sold in the last three months, so each posts at least one offer
    ASSERT_TRUE(seed_market_demo(*db_, *accounts_, *market_, clock_, small).has_value());
    EXPECT_EQ(*db_->market_offers().count_offers(std::nullopt), *offers);

    // Offers stand from 2026-01-01 (the first of the last three months) to 2026-05-31 (two months after the range).
    OfferSummaryQuery q;
    q.from = {2026, 3};
    q.to = {2026, 3};
    q.by = OfferGrouping::kType;
    auto summary = offers_->summary(q);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    std::size_t published = 0;
    for (const json& c : summary->at("cells")) {
        if (c.at("suppressed").get<bool>()) continue;
        ++published;
        EXPECT_GE(c.at("shops").get<int>(), 5);
        // Quartiles in order.
        EXPECT_LE(std::stod(c.at("q1").get<std::string>()), std::stod(c.at("median").get<std::string>()));
        EXPECT_LE(std::stod(c.at("median").get<std::string>()), std::stod(c.at("q3").get<std::string>()));
    }
    EXPECT_GE(published, 1u) << summary->dump(2);
    q.from = {2025, 12};
    q.to = {2025, 12};
    EXPECT_TRUE(offers_->summary(q)->at("cells").empty());  // before any offer stood
    q.from = {2026, 5};
    q.to = {2026, 5};
    EXPECT_FALSE(offers_->summary(q)->at("cells").empty());
    q.from = {2026, 6};
    q.to = {2026, 6};
    EXPECT_TRUE(offers_->summary(q)->at("cells").empty());  // after every offer ended
}

}  // namespace
}  // namespace yandian::app
