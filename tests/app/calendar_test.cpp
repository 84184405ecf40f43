// The platform at three dates far apart (2027-01-15, 2030-06-30, 2035-12-31), through the one injectable clock:
// the demo market is laid before the day it is seeded, the default ranges of the price index, turnover, forecast and
// offers come from the data, and sessions and customer grants expire by the clock. Nothing here reads the calendar
// of the machine that runs it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "../store/temp_dir.hpp"
#include "app/accounts.hpp"
#include "app/market_demo.hpp"
#include "app/market_offers.hpp"
#include "app/market_service.hpp"
#include "app/spc_service.hpp"
#include "app/utc_time.hpp"
#include "store/database.hpp"

namespace yandian::app {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

struct CalendarDate {
    int year, month, day;
    Period previous_month;  // the last full month before the day, worked out by hand
};

std::string month_text(Period p) { return fmt::format("{:04}-{:02}", p.year, p.month); }

class AtDate : public ::testing::TestWithParam<CalendarDate> {
  protected:
    void SetUp() override {
        const CalendarDate d = GetParam();
        today_ = std::chrono::sys_days{std::chrono::year{d.year} / d.month / d.day} + 9h + 30min;
        now_.store(today_);
        auto opened = store::Database::open("sqlite:" + dir_.file("calendar.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        db_ = std::move(*opened);
        AccountOptions cheap;
        cheap.argon2_time_cost = 1;
        cheap.argon2_memory_kib = 8;
        accounts_ = std::make_unique<AccountService>(*db_, cheap, clock_);
        market_ = std::make_unique<MarketService>(*db_, clock_);
        offers_ = std::make_unique<MarketOfferService>(*db_, clock_);
        spc_ = std::make_unique<SpcService>(*db_, hub_, clock_);
    }

    // A small demo market seeded "today".
    MarketDemoSummary seed_market() {
        MarketDemoOptions o = market_demo_options(clock_());
        o.shops = 12;
        o.models = 40;
        o.items_per_shop = 10;
        auto seeded = seed_market_demo(*db_, *accounts_, *market_, clock_, o);
        EXPECT_TRUE(seeded.has_value()) << seeded.error().message;
        return seeded.value_or(MarketDemoSummary{});
    }

    Principal principal_of(const std::string& login) {
        auto user = accounts_->find_user_by_login(login);
        EXPECT_TRUE(user.has_value());
        return Principal{user->id, user->org_id, user->role, user->login, std::nullopt};
    }

    TimePoint today_;
    std::atomic<TimePoint> now_;
    Clock clock_ = [this] { return now_.load(); };
    testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<MarketService> market_;
    std::unique_ptr<MarketOfferService> offers_;
    LiveHub hub_;
    std::unique_ptr<SpcService> spc_;
};

TEST_P(AtDate, DemoMarketEndsInTheLastFullMonthBeforeTheDay) {
    const CalendarDate d = GetParam();
    const MarketDemoOptions o = market_demo_options(clock_());
    EXPECT_EQ(month_text(o.to), month_text(d.previous_month));
    // 34 months ending with the previous month: 33 months before it.
    const int to_key = d.previous_month.year * 12 + d.previous_month.month - 1;
    EXPECT_EQ(month_text(o.from), month_text(Period{(to_key - 33) / 12, (to_key - 33) % 12 + 1}));

    seed_market();
    auto coverage = market_->coverage();
    ASSERT_TRUE(coverage.has_value()) << coverage.error().message;
    ASSERT_TRUE(coverage->last_month && coverage->published_through && coverage->first_month);
    EXPECT_EQ(month_text(*coverage->first_month), month_text(o.from));
    EXPECT_EQ(month_text(*coverage->last_month), month_text(d.previous_month));
    EXPECT_EQ(month_text(*coverage->published_through), month_text(d.previous_month));
}

TEST_P(AtDate, DefaultRangesEndWithTheLatestPublishedMonthAndShowFigures) {
    const CalendarDate d = GetParam();
    seed_market();
    const Principal analyst = principal_of("analyst");

    // Price index: the 12 months ending with the latest published month; its last point is published.
    auto range = market_->range_or_default(std::nullopt, std::nullopt, 12);
    ASSERT_TRUE(range.has_value()) << range.error().message;
    EXPECT_EQ(month_text(range->to), month_text(d.previous_month));
    IndexQuery iq;
    iq.from = range->from;
    iq.to = range->to;
    iq.by = Dimension::kAll;
    auto index = market_->price_index(analyst, iq);
    ASSERT_TRUE(index.has_value()) << index.error().message;
    EXPECT_EQ(index->at("to"), month_text(d.previous_month));
    const json& points = index->at("all_items").at("points");
    ASSERT_EQ(points.size(), 12u);
    EXPECT_FALSE(points.back().at("suppressed").get<bool>()) << points.back().dump();
    EXPECT_EQ(points.front().at("value").get<double>(), 100.0);  // the base period

    // Turnover over the same default: every month published, the last one included.
    auto turnover =
        market_->turnover(analyst, AggregateQuery{range->from, range->to, Dimension::kAll, Frequency::kMonth, true});
    ASSERT_TRUE(turnover.has_value()) << turnover.error().message;
    ASSERT_EQ(turnover->at("cells").size(), 12u);
    EXPECT_FALSE(turnover->at("cells").back().at("suppressed").get<bool>());

    // Forecast: 30 months ending with the latest published month; at least one type has a published forecast.
    auto long_range = market_->range_or_default(std::nullopt, std::nullopt, 30);
    ASSERT_TRUE(long_range.has_value());
    auto forecast = market_->forecast(analyst, long_range->from, long_range->to, 3, 3);
    ASSERT_TRUE(forecast.has_value()) << forecast.error().message;
    std::size_t published = 0;
    for (const json& t : forecast->at("types")) published += t.at("suppressed").get<bool>() ? 0 : 1;
    EXPECT_GE(published, 1u) << forecast->dump();

    // A given start is kept; a given end needs no data.
    auto given = market_->range_or_default(Period{2001, 3}, std::nullopt, 12);
    ASSERT_TRUE(given.has_value());
    EXPECT_EQ(month_text(given->from), "2001-03");
    auto ended = market_->range_or_default(std::nullopt, Period{2001, 3}, 12);
    ASSERT_TRUE(ended.has_value());
    EXPECT_EQ(month_text(ended->from), "2000-04");
}

TEST_P(AtDate, OffersStandInTheMonthOfTheDay) {
    const CalendarDate d = GetParam();
    seed_market();
    auto through = offers_->published_through();
    ASSERT_TRUE(through.has_value()) << through.error().message;
    ASSERT_TRUE(through->has_value());
    EXPECT_EQ(month_text(**through), month_text(Period{d.year, d.month}));
    auto range = offers_->range_or_default(std::nullopt, std::nullopt, 4);
    ASSERT_TRUE(range.has_value());
    EXPECT_EQ(month_text(range->to), month_text(Period{d.year, d.month}));
}

TEST_P(AtDate, AnEmptyStoreHasNoDefaultRangeAndSaysWhy) {
    auto range = market_->range_or_default(std::nullopt, std::nullopt, 12);
    ASSERT_FALSE(range.has_value());
    EXPECT_EQ(range.error().code, ErrorCode::kNotFound);
    EXPECT_NE(range.error().message.find("at least 5 shops"), std::string::npos) << range.error().message;
    auto coverage = market_->coverage();
    ASSERT_TRUE(coverage.has_value());
    EXPECT_FALSE(coverage->published_through.has_value());
    auto offers = offers_->published_through();
    ASSERT_TRUE(offers.has_value());
    EXPECT_FALSE(offers->has_value());
}

TEST_P(AtDate, SessionsExpireAfterTheirLifetimeByTheClock) {
    auto org = accounts_->create_organisation("Calendar Bearing Co.", OrgKind::kManufacturer);
    ASSERT_TRUE(org.has_value());
    ASSERT_TRUE(accounts_->create_user(org->id, "zhang", "a-long-password", Role::kEngineer, "Zhang").has_value());
    auto session = accounts_->login("zhang", "a-long-password", "127.0.0.1");
    ASSERT_TRUE(session.has_value()) << session.error().message;
    // AccountOptions::session_lifetime is 12 h: the expiry is 12 h after the day's 09:30.
    EXPECT_EQ(session->expires_at, format_utc(today_ + 12h));
    now_.store(today_ + 12h - 1s);
    EXPECT_TRUE(accounts_->authenticate_session(session->secret).has_value());
    now_.store(today_ + 12h + 1s);
    auto expired = accounts_->authenticate_session(session->secret);
    ASSERT_FALSE(expired.has_value());
    EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
}

TEST_P(AtDate, CustomerGrantsExpireByTheClock) {
    auto maker = accounts_->create_organisation("Linqing Bearing Works", OrgKind::kManufacturer);
    auto buyer = accounts_->create_organisation("OEM Buyer", OrgKind::kManufacturer);
    ASSERT_TRUE(maker && buyer);
    auto admin = accounts_->create_user(maker->id, "boss", "a-long-password", Role::kAdmin, "boss");
    auto viewer = accounts_->create_user(buyer->id, "buyer", "a-long-password", Role::kViewer, "buyer");
    ASSERT_TRUE(admin && viewer);
    const Principal boss{admin->id, maker->id, Role::kAdmin, "boss", std::nullopt};
    const Principal customer{viewer->id, buyer->id, Role::kViewer, "buyer", std::nullopt};
    auto plant = spc_->create_plant(boss, "Plant 1");
    ASSERT_TRUE(plant.has_value());
    auto line = spc_->create_line(boss, plant->id, "grind-3", "Grinding line 3");
    ASSERT_TRUE(line.has_value());
    CharacteristicInput in;
    in.line_id = line->id;
    in.code = "raceway";
    in.part_number = "6205-IR";
    in.feature = "raceway diameter";
    auto c = spc_->create_characteristic(boss, in);
    ASSERT_TRUE(c.has_value()) << c.error().message;

    // An expiry before the day is refused; one a day after it is granted and ends by the clock.
    EXPECT_FALSE(spc_->create_grant(boss, buyer->id, std::nullopt, c->id, format_utc(today_ - 24h)).has_value());
    auto grant = spc_->create_grant(boss, buyer->id, std::nullopt, c->id, format_utc(today_ + 24h));
    ASSERT_TRUE(grant.has_value()) << grant.error().message;
    EXPECT_TRUE(spc_->read_characteristic(customer, c->id, "chart").has_value());
    now_.store(today_ + 24h - 1s);
    EXPECT_TRUE(spc_->read_characteristic(customer, c->id, "chart").has_value());
    now_.store(today_ + 24h + 1s);
    auto after = spc_->read_characteristic(customer, c->id, "chart");
    ASSERT_FALSE(after.has_value());
    EXPECT_EQ(after.error().code, ErrorCode::kNotFound);
}

// 2027-01-15: the month before is December of the year before. 2030-06-30: the last day of a month. 2035-12-31: the
// last day of a year, nine years on.
INSTANTIATE_TEST_SUITE_P(ThreeDatesFarApart, AtDate,
                         ::testing::Values(CalendarDate{2027, 1, 15, {2026, 12}}, CalendarDate{2030, 6, 30, {2030, 5}},
                                           CalendarDate{2035, 12, 31, {2035, 11}}),
                         [](const auto& info) { return fmt::format("Y{}", info.param.year); });

}  // namespace
}  // namespace yandian::app
