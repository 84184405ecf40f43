// The statistical returns store port, one contract for both engines (SQLite and PostgreSQL): periods opened once,
// returns filed as numbered revisions with their figures (every revision kept, the latest current), the store
// refusing to overwrite or delete a filed return, unknown firms and periods named, queries of figures.
#include <gtest/gtest.h>

#include "engines.hpp"
#include "store/sqlite/connection.hpp"

namespace yandian::store {
namespace {

class ReturnStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        for (const char* name : {"临清市甲轴承有限公司", "临清市乙轴承有限公司"}) {
            FirmRecord f;
            f.name_zh = name;
            f.industry = "bearing";
            f.size_class = "unknown";
            f.source = "test";
            f.created_at = f.updated_at = "2026-10-01T00:00:00.000Z";
            auto made = store_->db().stats().create_firm(f, "test");
            ASSERT_TRUE(made.has_value()) << made.error().message;
            firms_.push_back(made->id);
        }
        returns_ = &store_->db().returns();
    }

    ReturnRecord filing(std::int64_t firm, std::string period, double revenue, std::string at,
                        std::string reason = "") {
        ReturnRecord r;
        r.firm_id = firm;
        r.period = std::move(period);
        r.channel = "online";
        r.reason = std::move(reason);
        r.filed_by = "firm-user";
        r.filed_at = std::move(at);
        r.lines = {{"main_revenue", revenue, "万元", ""}, {"employees", 85, "人", "new line opened"}};
        return r;
    }

    std::unique_ptr<testing::EngineStore> store_;
    ReturnStore* returns_ = nullptr;
    std::vector<std::int64_t> firms_;
};

TEST_P(ReturnStoreTest, PeriodsOpenOnce) {
    auto opened = returns_->open_period({0, "2026-10", "monthly", "2026-11-15", "office", "2026-11-01T08:00:00.000Z"});
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    EXPECT_GT(opened->id, 0);
    ASSERT_TRUE(returns_->open_period({0, "2026", "annual", "2027-03-31", "office", "2026-11-01T08:00:00.000Z"}));
    auto again = returns_->open_period({0, "2026-10", "monthly", "2026-11-20", "office", "2026-11-02T08:00:00.000Z"});
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    EXPECT_NE(again.error().message.find("2026-10 is open already (deadline 2026-11-15)"), std::string::npos);
    auto all = returns_->list_periods();
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 2U);
    EXPECT_EQ((*all)[0].period, "2026");  // text order
    EXPECT_EQ((*all)[1].deadline, "2026-11-15");
    EXPECT_FALSE(returns_->find_period("2026-09")->has_value());
}

TEST_P(ReturnStoreTest, RevisionsAreKeptAndTheLatestIsCurrent) {
    ASSERT_TRUE(returns_->open_period({0, "2026-10", "monthly", "2026-11-15", "office", "2026-11-01T08:00:00.000Z"}));
    auto first = returns_->add_return(filing(firms_[0], "2026-10", 1020, "2026-11-05T09:00:00.000Z"));
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(first->revision, 1);
    auto other = returns_->add_return(filing(firms_[1], "2026-10", 300.25, "2026-11-06T09:00:00.000Z"));
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(other->revision, 1);
    auto second = returns_->add_return(filing(firms_[0], "2026-10", 1025.5, "2026-11-07T10:00:00.000Z", "typo"));
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->revision, 2);

    // Reopened: the store persists what was filed.
    ASSERT_TRUE(store_->reopen().has_value());
    returns_ = &store_->db().returns();
    auto current = returns_->list_returns({"2026-10", std::nullopt, false});
    ASSERT_TRUE(current.has_value()) << current.error().message;
    ASSERT_EQ(current->size(), 2U);
    EXPECT_EQ((*current)[0].firm_id, firms_[0]);
    EXPECT_EQ((*current)[0].revision, 2);
    EXPECT_EQ((*current)[0].reason, "typo");
    ASSERT_EQ((*current)[0].lines.size(), 2U);
    EXPECT_EQ((*current)[0].lines[0].indicator, "main_revenue");
    EXPECT_DOUBLE_EQ((*current)[0].lines[0].value, 1025.5);
    EXPECT_EQ((*current)[0].lines[0].unit, "万元");
    EXPECT_EQ((*current)[0].lines[1].reason, "new line opened");
    EXPECT_DOUBLE_EQ((*current)[1].lines[0].value, 300.25);

    auto history = returns_->list_returns({"2026-10", firms_[0], true});
    ASSERT_TRUE(history.has_value());
    ASSERT_EQ(history->size(), 2U);
    EXPECT_EQ((*history)[0].revision, 1);
    EXPECT_DOUBLE_EQ((*history)[0].lines[0].value, 1020);
    EXPECT_EQ((*history)[0].filed_at, "2026-11-05T09:00:00.000Z");
    EXPECT_EQ((*history)[1].filed_at, "2026-11-07T10:00:00.000Z");
    EXPECT_TRUE(returns_->list_returns({"2026-09", std::nullopt, true})->empty());
}

TEST_P(ReturnStoreTest, UnknownFirmOrClosedPeriodIsNamed) {
    ASSERT_TRUE(returns_->open_period({0, "2026-10", "monthly", "2026-11-15", "office", "2026-11-01T08:00:00.000Z"}));
    auto closed = returns_->add_return(filing(firms_[0], "2026-09", 1, "2026-11-05T09:00:00.000Z"));
    ASSERT_FALSE(closed.has_value());
    EXPECT_EQ(closed.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(closed.error().message, "period 2026-09 is not open");
    auto nobody = returns_->add_return(filing(firms_[1] + 100, "2026-10", 1, "2026-11-05T09:00:00.000Z"));
    ASSERT_FALSE(nobody.has_value());
    EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
    EXPECT_NE(nobody.error().message.find("not found"), std::string::npos);
    EXPECT_TRUE(returns_->list_returns({})->empty());  // nothing half-written
}

TEST_P(ReturnStoreTest, AFiledReturnIsNeverOverwritten) {
    ASSERT_TRUE(returns_->open_period({0, "2026-10", "monthly", "2026-11-15", "office", "2026-11-01T08:00:00.000Z"}));
    ASSERT_TRUE(returns_->add_return(filing(firms_[0], "2026-10", 1020, "2026-11-05T09:00:00.000Z")));
    // The schema refuses to overwrite or delete a filed return or its figures (append-only triggers).
    const char* const statements[] = {"UPDATE stat_return_lines SET value = 1", "DELETE FROM stat_return_lines",
                                      "UPDATE stat_returns SET revision = 5", "DELETE FROM stat_returns"};
    if (GetParam() == "sqlite") {
        store_->close();
        auto lite = sqlite::Connection::open(store_->file());
        ASSERT_TRUE(lite);
        for (const char* sql : statements) EXPECT_FALSE((*lite)->exec(sql)) << sql;
        lite->reset();
        ASSERT_TRUE(store_->reopen());
        returns_ = &store_->db().returns();
    } else {
        auto pg = postgres::Connection::open(store_->url(), std::chrono::seconds(30));
        ASSERT_TRUE(pg) << pg.error().message;
        for (const char* sql : statements) EXPECT_FALSE((*pg)->exec(sql)) << sql;
    }
    EXPECT_DOUBLE_EQ(returns_->list_returns({})->front().lines[0].value, 1020);
}

TEST_P(ReturnStoreTest, QueriesOfFigures) {
    ASSERT_TRUE(returns_->open_period({0, "2026-10", "monthly", "2026-11-15", "office", "2026-11-01T08:00:00.000Z"}));
    auto q = returns_->add_query({0, firms_[0], "2026-10", "main_revenue", "twice September: please confirm",
                                  "office", "2026-11-16T08:00:00.000Z"});
    ASSERT_TRUE(q.has_value()) << q.error().message;
    ASSERT_TRUE(returns_->add_query({0, firms_[1], "2026-10", "employees", "check", "office", "2026-11-16T09:00:00Z"}));
    auto mine = returns_->list_queries(firms_[0], std::nullopt);
    ASSERT_TRUE(mine.has_value());
    ASSERT_EQ(mine->size(), 1U);
    EXPECT_EQ((*mine)[0].note, "twice September: please confirm");
    EXPECT_EQ(returns_->list_queries(std::nullopt, std::string("2026-10"))->size(), 2U);
    auto closed = returns_->add_query({0, firms_[0], "2026-09", "x", "y", "office", "2026-11-16T08:00:00.000Z"});
    ASSERT_FALSE(closed.has_value());
    EXPECT_EQ(closed.error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReturnStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
