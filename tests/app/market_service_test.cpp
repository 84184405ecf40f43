// MarketService over a real SQLite store: normalisation, import with per-line errors and duplicate-free re-import,
// the review queue, disclosure control (4 vs 5 shops) and privacy by kind of organisation. Every expected number
// is computed by hand in the comment beside it.
#include "app/market_service.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>

#include <cmath>
#include <nlohmann/json.hpp>

#include "../store/temp_dir.hpp"
#include "app/market_demo.hpp"
#include "market/holt_winters.hpp"
#include "store/database.hpp"

namespace yandian::app {
namespace {

using nlohmann::json;

class MarketTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = store::Database::open("sqlite:" + dir_.file("market.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        db_ = std::move(*opened);
        AccountOptions cheap;
        cheap.argon2_time_cost = 1;
        cheap.argon2_memory_kib = 8;
        accounts_ = std::make_unique<AccountService>(*db_, cheap, clock_);
        market_ = std::make_unique<MarketService>(*db_, clock_);
    }

    Principal member(const std::string& org_name, OrgKind kind, Role role = Role::kAdmin) {
        auto org = accounts_->create_organisation(org_name, kind);
        EXPECT_TRUE(org.has_value());
        const std::string login = "user" + std::to_string(org->id);
        auto user = accounts_->create_user(org->id, login, "password-long-1", role, login);
        EXPECT_TRUE(user.has_value()) << user.error().message;
        return Principal{user->id, org->id, role, login, std::nullopt};
    }

    Clock clock_ = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000)); };
    testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<MarketService> market_;
};

TEST(MarketNormalise, BrandsAndTiers) {
    EXPECT_EQ(classify_brand("skf").brand, "SKF");
    EXPECT_EQ(classify_brand("skf").tier, BrandTier::kInternational);
    EXPECT_EQ(classify_brand("Schaeffler").brand, "FAG");
    EXPECT_EQ(classify_brand("斯凯孚").brand, "SKF");
    EXPECT_EQ(classify_brand("JTEKT").brand, "KOYO");
    EXPECT_EQ(classify_brand("瓦轴").brand, "ZWZ");
    EXPECT_EQ(classify_brand("瓦轴").tier, BrandTier::kChineseTop);
    EXPECT_EQ(classify_brand("c&u").tier, BrandTier::kChineseTop);
    EXPECT_EQ(classify_brand("NSK 日本").brand, "NSK");
    EXPECT_EQ(classify_brand("临清星").tier, BrandTier::kDomestic);
    EXPECT_EQ(classify_brand("skfx").tier, BrandTier::kDomestic);  // not SKF: a different name
    EXPECT_EQ(classify_brand("").tier, BrandTier::kUnbranded);
    EXPECT_EQ(classify_brand(" 无牌 ").tier, BrandTier::kUnbranded);
}

TEST(MarketNormalise, DesignationsThroughTheCatalogue) {
    // 6205: deep-groove ball, d 25, D 52 mm (ISO 15 dimension series 02) -> small (28 <= D <= 55).
    auto a = normalise_designation("6205-2RS");
    ASSERT_TRUE(a.has_value()) << a.error().message;
    auto b = normalise_designation(" 6205 2rs ");
    ASSERT_TRUE(b.has_value()) << b.error().message;
    EXPECT_EQ(a->canonical, b->canonical);
    EXPECT_EQ(a->bearing_type, "deep_groove_ball");
    EXPECT_EQ(a->size_class, "small");
    // NU2210: cylindrical roller, d 50, D 90 mm (ISO 15 series 22) -> medium_small (60..115).
    auto c = normalise_designation("NU2210E");
    ASSERT_TRUE(c.has_value()) << c.error().message;
    EXPECT_EQ(c->bearing_type, "cylindrical_roller");
    EXPECT_EQ(c->size_class, "medium_small");
    // 608: D 22 mm -> micro.
    auto d = normalise_designation("608ZZ");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->size_class, "micro");
    EXPECT_FALSE(normalise_designation("6206 轴承(拆机)").has_value());
    EXPECT_FALSE(normalise_designation("").has_value());
    EXPECT_EQ(fold_raw_designation("  foo   Bar "), "FOO BAR");
}

TEST(MarketNormalise, MoneyAndTime) {
    EXPECT_EQ(*parse_yuan("12.50"), 1250);
    EXPECT_EQ(*parse_yuan("12.5"), 1250);
    EXPECT_EQ(*parse_yuan(" 12 "), 1200);
    EXPECT_EQ(*parse_yuan("0.05"), 5);
    EXPECT_FALSE(parse_yuan("1.005").has_value());
    EXPECT_FALSE(parse_yuan("-1").has_value());
    EXPECT_FALSE(parse_yuan("0").has_value());
    EXPECT_FALSE(parse_yuan("1,5").has_value());
    EXPECT_EQ(format_yuan(1250), "12.50");
    EXPECT_EQ(format_yuan(5), "0.05");
    // 2026-01-01 is day 20454 since 1970-01-01 (56 years, 14 leap days: 56*365+14).
    EXPECT_EQ(*parse_market_time("2026-01-01"), 20454LL * 86'400'000);
    EXPECT_EQ(*parse_market_time("2026-01-01T01:02:03.004Z"), 20454LL * 86'400'000 + 3'723'004);
    EXPECT_EQ(*parse_market_time("2026-01-01 01:02"), 20454LL * 86'400'000 + 3'720'000);
    EXPECT_EQ(format_market_time(20454LL * 86'400'000 + 3'723'004), "2026-01-01T01:02:03.004Z");
    EXPECT_FALSE(parse_market_time("2026-02-29").has_value());  // 2026 is not a leap year
    EXPECT_TRUE(parse_market_time("2024-02-29").has_value());   // Gregorian leap years: by 4, not by 100 unless by 400
    EXPECT_TRUE(parse_market_time("2000-02-29").has_value());
    EXPECT_FALSE(parse_market_time("2100-02-29").has_value());
    EXPECT_FALSE(parse_market_time("2026-04-31").has_value());
    EXPECT_TRUE(parse_market_time("2026-12-31").has_value());
    EXPECT_FALSE(parse_market_time("01/02/2026").has_value());
}

TEST_F(MarketTest, CsvImportReportsBadRowsByLineAndReimportDoesNotDuplicate) {
    Principal shop = member("Shop A", OrgKind::kMerchant);
    const std::string csv =
        "time,designation,brand,quantity,unit_price,channel,region\n"   // line 1
        "2026-01-05,6205-2RS,SKF,10,35.50,offline,山东\n"               // 2
        "2026-01-05,6205-2RS,SKF,10,35.50,offline,山东\n"               // 3: same as 2, a second sale
        "2026-01-06,6206,NSK,x,1.00,offline,\n"                         // 4: bad quantity
        "2026-01-07,6206,NSK,1,1.00,by mule,\n"                         // 5: bad channel
        "\"2026-01-08\",\"6207\",\"ZWZ\",2,\"80\",export,\"东南亚\"\n"  // 6
        "2026-01-09,6208,,1\n";                                         // 7: too few fields
    auto first = market_->import_csv(shop, csv);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(first->rows, 6);
    EXPECT_EQ(first->inserted, 3);
    ASSERT_EQ(first->errors.size(), 3u);
    EXPECT_EQ(first->errors[0].line, 4u);
    EXPECT_EQ(first->errors[0].field, "quantity");
    EXPECT_EQ(first->errors[1].line, 5u);
    EXPECT_EQ(first->errors[1].field, "channel");
    EXPECT_EQ(first->errors[2].line, 7u);

    auto again = market_->import_csv(shop, csv);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->inserted, 0);
    EXPECT_EQ(again->duplicates, 3);
    auto rows = market_->own_transactions(shop, 0, 100);
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->at("total"), 3);
    EXPECT_EQ(rows->at("transactions")[0].at("unit_price"), "35.50");
    EXPECT_EQ(rows->at("transactions")[2].at("brand_tier"), "chinese_top");

    // Chunked reading gives the same line numbers: one record per chunk.
    MarketService small_batches(*db_, clock_, MarketOptions{5, 1});
    Principal other = member("Shop B", OrgKind::kMerchant);
    auto chunked = small_batches.import_csv(other, csv);
    ASSERT_TRUE(chunked.has_value());
    ASSERT_EQ(chunked->errors.size(), 3u);
    EXPECT_EQ(chunked->errors[2].line, 7u);
    EXPECT_EQ(chunked->inserted, 3);
}

TEST_F(MarketTest, ManyIdenticalLinesAreManySalesAndStillImportOnce) {
    // 300 identical lines: 300 sales (more than the 255 an occurrence slot counts inline), none again on re-import.
    Principal shop = member("Shop A", OrgKind::kMerchant);
    std::string csv = "time,designation,brand,quantity,unit_price\n";
    for (int i = 0; i < 300; ++i) csv += "2026-03-01,6204,SKF,1,20.00\n";
    auto first = market_->import_csv(shop, csv);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(first->inserted, 300);
    auto again = market_->import_csv(shop, csv);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->inserted, 0);
    EXPECT_EQ(again->duplicates, 300);
}

TEST_F(MarketTest, MarketWideFileIsReadInParallelSlicesWithTheSameLinesAndKeysAsPerShopImports) {
    // Over 8 MB, so the file is read in 4 MB slices by two threads. Rows cycle over three shops; line L (from 2)
    // sells quantity 1 + L % 7 of 6205 at 10.00 + (L % 13) yuan; every 50,000th line names an unknown shop and line
    // 140,001 has a bad quantity: errors must carry their physical line numbers across slice boundaries.
    std::vector<Principal> shops;
    for (int i = 0; i < 3; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    const std::string header = "shop,time,designation,brand,quantity,unit_price,channel,region\n";
    std::string all = header;
    std::vector<std::string> per_shop(3, "time,designation,brand,quantity,unit_price,channel,region\n");
    std::vector<std::int64_t> expected_rows(3, 0);
    std::int64_t expected_quantity = 0;
    const std::size_t last_line = 175'001;
    for (std::size_t line = 2; line <= last_line; ++line) {
        const std::size_t s = line % 3;
        const std::string rest =
            fmt::format("2026-{:02}-{:02} 10:{:02},6205,SKF,{},{}.00,offline,山东\n", 1 + line % 6, 1 + line % 28,
                        line % 60, line == 140'001 ? std::string("x") : std::to_string(1 + line % 7), 10 + line % 13);
        if (line % 50'000 == 0) {
            all += "999999," + rest;
            continue;
        }
        all += std::to_string(shops[s].org_id) + "," + rest;
        if (line == 140'001) continue;
        per_shop[s] += rest;
        ++expected_rows[s];
        expected_quantity += static_cast<std::int64_t>(1 + line % 7);
    }
    ASSERT_GT(all.size(), 8u << 20);
    auto report = market_->import_csv_market_wide(all);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    EXPECT_EQ(report->rows, static_cast<std::int64_t>(last_line - 1));
    ASSERT_EQ(report->errors.size(), 4u);
    EXPECT_EQ(report->errors[0].line, 50'000u);
    EXPECT_EQ(report->errors[0].field, "shop");
    EXPECT_EQ(report->errors[1].line, 100'000u);
    EXPECT_EQ(report->errors[2].line, 140'001u);
    EXPECT_EQ(report->errors[2].field, "quantity");
    EXPECT_EQ(report->errors[3].line, 150'000u);
    EXPECT_EQ(report->inserted, expected_rows[0] + expected_rows[1] + expected_rows[2]);
    for (int s = 0; s < 3; ++s) {
        EXPECT_EQ(*db_->market().count_transactions(shops[s].org_id), expected_rows[s]);
        // The same rows imported by their shop are recognised as already stored: same keys either way.
        auto again = market_->import_csv(shops[s], per_shop[s]);
        ASSERT_TRUE(again.has_value());
        EXPECT_EQ(again->inserted, 0);
        EXPECT_EQ(again->duplicates, expected_rows[s]);
    }
    AggregateQuery q;
    q.from = {2026, 1};
    q.to = {2026, 6};
    q.by = Dimension::kAll;
    q.by_period = false;
    auto total = market_->turnover(analyst, q);
    ASSERT_TRUE(total.has_value());
    // Three shops only: the one cell is suppressed (fewer than 5 shops), so check the volume through the store.
    EXPECT_TRUE(total->at("cells")[0].at("suppressed").get<bool>());
    std::int64_t quantity = 0;
    ASSERT_TRUE(db_->market()
                    .scan(
                        {INT64_MIN, INT64_MAX, std::nullopt}, [](const store::MarketDictionaries&, std::int64_t) {},
                        [&](std::int64_t, const store::MarketColumns& c) {
                            for (std::int64_t x : c.quantity) quantity += x;
                        })
                    .has_value());
    EXPECT_EQ(quantity, expected_quantity);
}

TEST_F(MarketTest, MarketWideImportNeedsAShopColumnNamingMerchants) {
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    auto no_column = market_->import_csv_market_wide("time,designation,quantity,unit_price\n2026-01-05,6205,1,1.00\n");
    ASSERT_FALSE(no_column.has_value());
    EXPECT_NE(no_column.error().message.find("'shop'"), std::string::npos);
    auto report =
        market_->import_csv_market_wide("shop,time,designation,quantity,unit_price\n" + std::to_string(analyst.org_id) +
                                        ",2026-01-05,6205,1,1.00\nabc,2026-01-05,6205,1,1.00\n");
    ASSERT_TRUE(report.has_value());
    ASSERT_EQ(report->errors.size(), 2u);
    EXPECT_NE(report->errors[0].message.find("not a shop"), std::string::npos) << report->errors[0].message;
    EXPECT_EQ(report->errors[1].line, 3u);
    EXPECT_EQ(report->inserted, 0);
}

TEST_F(MarketTest, TopFastestAndNewModelsByHand) {
    // Five shops, January to April 2026 (halves: Jan-Feb and Mar-Apr). Each shop sells
    //   6205 SKF: 2 pcs at 10.00 in January and 4 pcs at 10.00 in March -> turnover 5 x 60.00 = 300.00, 30 pcs,
    //             growth 20 / 10 - 1 = 1.0;
    //   6206 SKF: 1 pc at 100.00 every month -> 2,000.00, 20 pcs, growth 10 / 10 - 1 = 0;
    //   6207 NSK: 1 pc at 50.00 in March and April only -> 500.00, new in the second half;
    // and three of them sell 6208 (3 shops: suppressed, counted in models_suppressed).
    std::vector<Principal> shops;
    for (int i = 0; i < 5; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    for (std::size_t i = 0; i < shops.size(); ++i) {
        std::string csv =
            "time,designation,brand,quantity,unit_price\n"
            "2026-01-10,6205,SKF,2,10.00\n2026-03-10,6205,SKF,4,10.00\n";
        for (int m = 1; m <= 4; ++m) csv += fmt::format("2026-{:02}-12,6206,SKF,1,100.00\n", m);
        csv += "2026-03-14,6207,NSK,1,50.00\n2026-04-14,6207,NSK,1,50.00\n";
        if (i < 3) csv += "2026-02-01,6208,SKF,1,70.00\n";
        auto r = market_->import_csv(shops[i], csv);
        ASSERT_TRUE(r.has_value() && r->errors.empty());
    }
    auto m = market_->top_models(analyst, {2026, 1}, {2026, 4}, 10);
    ASSERT_TRUE(m.has_value()) << m.error().message;
    const json& top = m->at("top_by_turnover");
    ASSERT_EQ(top.size(), 3u);
    EXPECT_EQ(top[0].at("canonical"), "6206");
    EXPECT_EQ(top[0].at("turnover"), "2000.00");
    EXPECT_EQ(top[0].at("quantity"), 20);
    EXPECT_EQ(top[1].at("canonical"), "6207");
    EXPECT_EQ(top[1].at("turnover"), "500.00");
    EXPECT_EQ(top[2].at("canonical"), "6205");
    EXPECT_EQ(top[2].at("turnover"), "300.00");
    EXPECT_EQ(m->at("models_suppressed"), 1);
    const json& fastest = m->at("fastest_moving");
    ASSERT_EQ(fastest.size(), 2u);  // 6207 has no published first half
    EXPECT_EQ(fastest[0].at("canonical"), "6205");
    EXPECT_DOUBLE_EQ(fastest[0].at("growth").get<double>(), 1.0);
    EXPECT_EQ(fastest[0].at("quantity_first_half"), 10);
    EXPECT_EQ(fastest[1].at("canonical"), "6206");
    EXPECT_DOUBLE_EQ(fastest[1].at("growth").get<double>(), 0.0);
    ASSERT_EQ(m->at("new_models").size(), 1u);
    EXPECT_EQ(m->at("new_models")[0].at("canonical"), "6207");
}

TEST_F(MarketTest, ForecastFitsTheMonthlyVolumesOfEachType) {
    // 30 months (2024-05 .. 2026-10) of deep groove ball sales by five shops, with a yearly pattern: shop i sells
    // q(t) = 10 + i + 4 * (t % 12 == 1) - 3 * (t % 12 == 7) + t / 6 pieces in month t. The service must hand the
    // monthly totals to the Holt-Winters core: its forecast equals the core's on the totals summed here.
    std::vector<Principal> shops;
    for (int i = 0; i < 5; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    constexpr int kMonths = 30;
    std::vector<double> totals(kMonths, 0.0);
    for (std::size_t i = 0; i < shops.size(); ++i) {
        std::string csv = "time,designation,brand,quantity,unit_price\n";
        for (int t = 0; t < kMonths; ++t) {
            const int key = 2024 * 12 + 4 + t;  // 2024-05 + t
            const int q = 10 + static_cast<int>(i) + (t % 12 == 1 ? 4 : 0) - (t % 12 == 7 ? 3 : 0) + t / 6;
            csv += fmt::format("{:04}-{:02}-05,6205,SKF,{},20.00\n", key / 12, key % 12 + 1, q);
            totals[static_cast<std::size_t>(t)] += q;
        }
        auto r = market_->import_csv(shops[i], csv);
        ASSERT_TRUE(r.has_value() && r->errors.empty());
    }
    auto f = market_->forecast(analyst, {2024, 5}, {2026, 10}, 3, 3);
    ASSERT_TRUE(f.has_value()) << f.error().message;
    ASSERT_EQ(f->at("types").size(), 1u);
    const json& type = f->at("types")[0];
    EXPECT_EQ(type.at("type"), "deep_groove_ball");
    ASSERT_FALSE(type.at("suppressed").get<bool>());
    for (int t = 0; t < kMonths; ++t) {
        EXPECT_DOUBLE_EQ(type.at("history")[static_cast<std::size_t>(t)].at("quantity").get<double>(),
                         totals[static_cast<std::size_t>(t)]);
    }
    auto fit = market::holt_winters_fit(totals, 12, market::Seasonality::kMultiplicative);
    ASSERT_TRUE(fit.has_value());
    const auto ahead = market::holt_winters_forecast(*fit, 3);
    ASSERT_EQ(type.at("forecast").size(), 3u);
    EXPECT_EQ(type.at("forecast")[0].at("period"), "2026-11");
    for (std::size_t h = 0; h < 3; ++h) {
        EXPECT_DOUBLE_EQ(type.at("forecast")[h].at("quantity").get<double>(), std::round(ahead[h]));
    }
    auto held = market::holt_winters_holdout(totals, 12, market::Seasonality::kMultiplicative, 3);
    ASSERT_TRUE(held.has_value());
    EXPECT_DOUBLE_EQ(type.at("holdout").at("mape_percent").get<double>(), std::round(held->error.mape * 100) / 100);
}

TEST_F(MarketTest, JsonImportWantsMoneyAsDecimalStrings) {
    Principal shop = member("Shop A", OrgKind::kMerchant);
    json body = {{"transactions",
                  {{{"time", "2026-03-01"}, {"designation", "6205"}, {"quantity", 2}, {"unit_price", "10.00"}},
                   {{"time", "2026-03-01"}, {"designation", "6205"}, {"quantity", 2}, {"unit_price", 10.0}}}}};
    auto report = market_->import_json(shop, body);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    EXPECT_EQ(report->inserted, 1);
    ASSERT_EQ(report->errors.size(), 1u);
    EXPECT_EQ(report->errors[0].line, 1u);
    EXPECT_EQ(report->errors[0].field, "unit_price");
}

TEST_F(MarketTest, ResolvingOnceRenormalisesWaitingRowsAndLaterImports) {
    Principal shop = member("Shop A", OrgKind::kMerchant);
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    const std::string csv =
        "time,designation,quantity,unit_price\n"
        "2026-01-05,Bearing 6205 old stock,1,10.00\n"
        "2026-01-06,bearing  6205 OLD stock,2,10.00\n"
        "2026-01-07,6205,3,10.00\n";
    auto report = market_->import_csv(shop, csv);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    EXPECT_EQ(report->waiting_review, 2);
    auto queue = market_->review_queue(shop);
    ASSERT_TRUE(queue.has_value());
    ASSERT_EQ(queue->at("queue").size(), 1u);  // both spellings fold to one key
    EXPECT_EQ(queue->at("queue")[0].at("rows"), 2);

    // A shop cannot resolve a spelling that is not in its own queue; an unreadable target is refused.
    Principal other = member("Shop B", OrgKind::kMerchant);
    EXPECT_EQ(market_->resolve(other, "bearing 6205 old stock", "6205").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(market_->resolve(analyst, "bearing 6205 old stock", "no such").error().code, ErrorCode::kInvalidArgument);

    auto resolved = market_->resolve(analyst, "BEARING 6205 OLD STOCK", "6205");
    ASSERT_TRUE(resolved.has_value()) << resolved.error().message;
    EXPECT_EQ(resolved->at("rows_renormalised"), 2);
    EXPECT_TRUE(market_->review_queue(shop)->at("queue").empty());

    auto later =
        market_->import_csv(other, "time,designation,quantity,unit_price\n2026-02-01,bearing 6205 old stock,1,9.00\n");
    ASSERT_TRUE(later.has_value());
    EXPECT_EQ(later->waiting_review, 0);
    auto rows = market_->own_transactions(other, 0, 10);
    EXPECT_EQ(rows->at("transactions")[0].at("canonical"), resolved->at("canonical"));
}

// Five shops; shop i (1..n) sells quantity i of 6205 SKF at 10.00 yuan in January 2026.
void sell(MarketService& market, const std::vector<Principal>& shops, const std::string& month,
          const std::string& designation, const std::string& brand, const std::string& price) {
    for (std::size_t i = 0; i < shops.size(); ++i) {
        const std::string csv = "time,designation,brand,quantity,unit_price\n" + month + "-10," + designation + "," +
                                brand + "," + std::to_string(i + 1) + "," + price + "\n";
        auto r = market.import_csv(shops[i], csv);
        ASSERT_TRUE(r.has_value());
        ASSERT_EQ(r->inserted, 1);
    }
}

TEST_F(MarketTest, CellsOfFewerThanFiveShopsAreSuppressed) {
    std::vector<Principal> shops;
    for (int i = 0; i < 5; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    AggregateQuery q{{2026, 1}, {2026, 1}, Dimension::kType, Frequency::kMonth, true};

    sell(*market_, std::vector<Principal>(shops.begin(), shops.begin() + 4), "2026-01", "6205", "SKF", "10.00");
    auto four = market_->turnover(analyst, q);
    ASSERT_TRUE(four.has_value());
    ASSERT_EQ(four->at("cells").size(), 1u);
    EXPECT_TRUE(four->at("cells")[0].at("suppressed").get<bool>());
    EXPECT_TRUE(four->at("cells")[0].at("turnover").is_null());
    EXPECT_TRUE(four->at("cells")[0].at("quantity").is_null());

    sell(*market_, std::vector<Principal>(shops.begin() + 4, shops.end()), "2026-01", "6205", "SKF", "10.00");
    auto five = market_->turnover(analyst, q);
    ASSERT_TRUE(five.has_value());
    const json& cell = five->at("cells")[0];
    EXPECT_FALSE(cell.at("suppressed").get<bool>());
    EXPECT_EQ(cell.at("group"), "deep_groove_ball");
    // Quantities 1..4 from the first four shops and 1 from the fifth (its own first row): 1+2+3+4+1 = 11 pieces
    // at 10.00 yuan = 110.00 yuan.
    EXPECT_EQ(cell.at("quantity"), 11);
    EXPECT_EQ(cell.at("turnover"), "110.00");
    EXPECT_EQ(cell.at("transactions"), 5);
}

TEST_F(MarketTest, IndexMatchesAHandComputedTornqvistAndIsSuppressedBelowFiveShops) {
    std::vector<Principal> shops;
    for (int i = 0; i < 5; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    // Item A = 6205 x international: every shop 10.00 -> 11.00 (Jevons 1.1). Item B = 6206 x Chinese top-tier:
    // 20.00 -> 18.00 (Jevons 0.9). Quantities 1..5 in both months, so values: A 150 -> 165, B 300 -> 270 yuan.
    // Tornqvist: s0 = (1/3, 2/3), s1 = (165/435, 270/435) = (11/29, 18/29);
    // ln P = 1/2 (1/3 + 11/29) ln 1.1 + 1/2 (2/3 + 18/29) ln 0.9 -> P = 0.966709575 (computed by hand / bc).
    sell(*market_, shops, "2026-01", "6205", "SKF", "10.00");
    sell(*market_, shops, "2026-02", "6205", "SKF", "11.00");
    sell(*market_, shops, "2026-01", "6206", "ZWZ", "20.00");
    sell(*market_, shops, "2026-02", "6206", "ZWZ", "18.00");
    IndexQuery q;
    q.from = {2026, 1};
    q.to = {2026, 2};
    q.by = Dimension::kTier;
    auto index = market_->price_index(analyst, q);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    const json& all = index->at("all_items").at("points");
    ASSERT_EQ(all.size(), 2u);
    EXPECT_DOUBLE_EQ(all[0].at("value").get<double>(), 100.0);
    EXPECT_NEAR(all[1].at("value").get<double>(), 96.6710, 1e-4);
    EXPECT_EQ(all[1].at("matched_items"), 2);
    std::map<std::string, json> by_group;
    for (const json& sub : index->at("sub_indices")) by_group[sub.at("group").get<std::string>()] = sub;
    ASSERT_TRUE(by_group.count("international") && by_group.count("chinese_top")) << index->dump();
    EXPECT_NEAR(by_group["international"].at("points")[1].at("value").get<double>(), 110.0, 1e-9);
    EXPECT_NEAR(by_group["chinese_top"].at("points")[1].at("value").get<double>(), 90.0, 1e-9);

    // A sixth item sold by 4 shops only: its tier's sub-index is suppressed, the all-items index is not.
    sell(*market_, std::vector<Principal>(shops.begin(), shops.begin() + 4), "2026-01", "6207", "", "5.00");
    sell(*market_, std::vector<Principal>(shops.begin(), shops.begin() + 4), "2026-02", "6207", "", "5.50");
    auto again = market_->price_index(analyst, q);
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(again->at("all_items").at("points")[1].at("suppressed").get<bool>());
    bool seen = false;
    for (const json& sub : again->at("sub_indices")) {
        if (sub.at("group") != "unbranded") continue;
        seen = true;
        EXPECT_TRUE(sub.at("points")[1].at("suppressed").get<bool>());
        EXPECT_TRUE(sub.at("points")[1].at("value").is_null());
    }
    EXPECT_TRUE(seen);
}

TEST_F(MarketTest, LowPriceOutlierIsFlaggedAsCounterfeitRiskAndOnlyItsShopSeesTheRow) {
    std::vector<Principal> shops;
    for (int i = 0; i < 6; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    // Five shops sell 6205 SKF at 10.00, the sixth at 2.00. On log prices: median ln 10, MAD 0, so the scale falls
    // back to 1.2533 x mean|x - median| = 1.2533 x ln(5)/6 = 0.33619; z = (ln 2 - ln 10) / 0.33619 = -4.787 < -3.5
    // (modified z-score, Iglewicz & Hoaglin 1993).
    sell(*market_, std::vector<Principal>(shops.begin(), shops.begin() + 5), "2026-01", "6205", "SKF", "10.00");
    sell(*market_, std::vector<Principal>(shops.begin() + 5, shops.end()), "2026-01", "6205", "SKF", "2.00");
    auto seen = market_->outliers(analyst, {2026, 1}, {2026, 1}, 3.5);
    ASSERT_TRUE(seen.has_value()) << seen.error().message;
    ASSERT_EQ(seen->at("items").size(), 1u);
    EXPECT_EQ(seen->at("items")[0].at("counterfeit_risk_rows"), 1);
    EXPECT_EQ(seen->at("items")[0].at("overpriced_rows"), 0);
    EXPECT_EQ(seen->at("items")[0].at("median_price"), "10.00");
    EXPECT_FALSE(seen->contains("own_flagged"));
    auto culprit = market_->outliers(shops[5], {2026, 1}, {2026, 1}, 3.5);
    ASSERT_EQ(culprit->at("own_flagged").size(), 1u);
    EXPECT_NEAR(culprit->at("own_flagged")[0].at("z").get<double>(), -4.79, 0.005);
    EXPECT_EQ(culprit->at("own_flagged")[0].at("flag"), "counterfeit_risk");
    EXPECT_TRUE(market_->outliers(shops[0], {2026, 1}, {2026, 1}, 3.5)->at("own_flagged").empty());
}

TEST_F(MarketTest, GeksOverTwoPeriodsEqualsTheBilateralTornqvist) {
    std::vector<Principal> shops;
    for (int i = 0; i < 5; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    sell(*market_, shops, "2026-01", "6205", "SKF", "10.00");
    sell(*market_, shops, "2026-02", "6205", "SKF", "11.00");
    sell(*market_, shops, "2026-01", "6206", "ZWZ", "20.00");
    sell(*market_, shops, "2026-02", "6206", "ZWZ", "18.00");
    // With N = 2: ln G(0,1) = 1/2 [ln T(0,0) + ln T(0,1) + ln T(0,1) + ln T(1,1)] = ln T(0,1), the 96.6710 above.
    IndexQuery q;
    q.from = {2026, 1};
    q.to = {2026, 2};
    q.geks = true;
    auto index = market_->price_index(q);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    EXPECT_EQ(index->at("method"), "geks");
    EXPECT_NEAR(index->at("all_items").at("points")[1].at("value").get<double>(), 96.6710, 1e-4);
}

TEST_F(MarketTest, WeeklyIndexUsesIsoWeeks) {
    std::vector<Principal> shops;
    for (int i = 0; i < 5; ++i) shops.push_back(member("Shop " + std::to_string(i), OrgKind::kMerchant));
    Principal analyst = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    // 2026-01-01 is a Thursday, so ISO week 2026-W01 is 2025-12-29 .. 2026-01-04; 2026-01-07 (Wednesday) lies in W02
    // and 2026-01-14 in W03. Every shop sells 6205 SKF at 10.00 in W02 and 11.00 in W03.
    for (const Principal& shop : shops) {
        auto r = market_->import_csv(shop,
                                     "time,designation,brand,quantity,unit_price\n"
                                     "2026-01-07,6205,SKF,1,10.00\n2026-01-14,6205,SKF,1,11.00\n");
        ASSERT_TRUE(r.has_value());
        ASSERT_EQ(r->inserted, 2);
    }
    IndexQuery q;
    q.from = {2026, 1};
    q.to = {2026, 1};
    q.frequency = Frequency::kWeek;
    auto index = market_->price_index(analyst, q);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    const json& points = index->at("all_items").at("points");
    ASSERT_EQ(points.size(), 5u);  // W01 .. W05 (2026-01-31 is in W05)
    EXPECT_EQ(index->at("base_period"), "2026-W01");
    EXPECT_EQ(points[2].at("period"), "2026-W03");
    EXPECT_TRUE(points[0].at("suppressed").get<bool>());  // no shop sold in W01
    EXPECT_TRUE(points[1].at("suppressed").get<bool>());  // compared with W01
    EXPECT_NEAR(points[2].at("value").get<double>(), 110.0, 1e-9);
}

TEST_F(MarketTest, ShopsSeeOnlyTheirOwnRowsOtherPartiesOnlyAggregates) {
    Principal a = member("Shop A", OrgKind::kMerchant);
    Principal b = member("Shop B", OrgKind::kMerchant);
    Principal viewer = member("Shop C", OrgKind::kMerchant, Role::kViewer);
    Principal association = member("Association", OrgKind::kAssociation, Role::kAnalyst);
    Principal authority = member("Market authority", OrgKind::kAuthority, Role::kAnalyst);
    Principal lender = member("Bank", OrgKind::kLender, Role::kAnalyst);
    const std::string csv = "time,designation,quantity,unit_price\n2026-01-05,6205,1,10.00\n";
    ASSERT_TRUE(market_->import_csv(a, csv).has_value());

    EXPECT_EQ(market_->own_transactions(a, 0, 10)->at("total"), 1);
    EXPECT_EQ(market_->own_transactions(b, 0, 10)->at("total"), 0);
    for (const Principal& p : {association, authority, lender}) {
        EXPECT_EQ(market_->own_transactions(p, 0, 10).error().code, ErrorCode::kPermissionDenied);
        EXPECT_EQ(market_->import_csv(p, csv).error().code, ErrorCode::kPermissionDenied);
        auto agg =
            market_->turnover(p, AggregateQuery{{2026, 1}, {2026, 1}, Dimension::kType, Frequency::kMonth, true});
        ASSERT_TRUE(agg.has_value());
        EXPECT_TRUE(agg->at("cells")[0].at("suppressed").get<bool>());  // one shop only
    }
    EXPECT_EQ(market_->import_csv(viewer, csv).error().code, ErrorCode::kPermissionDenied);
    // A "shop" column naming another shop is refused row by row.
    auto foreign = market_->import_csv(
        b, "shop,time,designation,quantity,unit_price\n" + std::to_string(a.org_id) + ",2026-01-05,6205,1,10.00\n");
    ASSERT_TRUE(foreign.has_value());
    EXPECT_EQ(foreign->inserted, 0);
    ASSERT_EQ(foreign->errors.size(), 1u);
    EXPECT_EQ(foreign->errors[0].field, "shop");
}

TEST_F(MarketTest, DemoSeedIsIdempotentAndItsAggregatesArePublished) {
    MarketDemoOptions small;
    small.shops = 12;
    small.models = 40;
    small.items_per_shop = 10;
    small.from = {2026, 1};
    small.to = {2026, 3};
    auto first = seed_market_demo(*db_, *accounts_, *market_, clock_, small);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_TRUE(first->created);
    EXPECT_GT(first->transactions, 100);
    EXPECT_EQ(*db_->market().count_transactions(std::nullopt), first->transactions);
    auto second = seed_market_demo(*db_, *accounts_, *market_, clock_, small);
    ASSERT_TRUE(second.has_value());
    EXPECT_FALSE(second->created);
    EXPECT_EQ(*db_->market().count_transactions(std::nullopt), first->transactions);
    auto analyst = accounts_->find_user_by_login(first->analyst_login);
    ASSERT_TRUE(analyst.has_value());
    Principal who{analyst->id, analyst->org_id, analyst->role, analyst->login, std::nullopt};
    auto total =
        market_->turnover(who, AggregateQuery{{2026, 1}, {2026, 3}, Dimension::kAll, Frequency::kMonth, false});
    ASSERT_TRUE(total.has_value());
    ASSERT_EQ(total->at("cells").size(), 1u);
    EXPECT_FALSE(total->at("cells")[0].at("suppressed").get<bool>());
}

}  // namespace
}  // namespace yandian::app
