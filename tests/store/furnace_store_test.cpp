// The furnace store port, one contract for both engines: furnace names unique within an organisation, zones linked
// to an existing SPC characteristic, recipe codes unique within a furnace, a load ended once, TUS and SAT records
// round-tripping every figure, listed by date, and refused by the engine when changed or deleted (append-only).
#include <gtest/gtest.h>

#include <mutex>

#include "engines.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace yandian::store {
namespace {

constexpr const char* kAt = "2026-12-03T08:00:00.000Z";

class FurnaceStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        store_ = std::make_unique<testing::EngineStore>(GetParam());
        if (auto why = store_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        auto opened = store_->reopen();
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        furnaces_ = &store_->db().furnace();
        org_a_ = org("Heat Treat Works");
        org_b_ = org("Other Works");
        auto& spc = store_->db().spc();
        auto plant = spc.create_plant({0, org_a_, "Plant 1", kAt});
        ASSERT_TRUE(plant.has_value()) << plant.error().message;
        auto line = spc.create_line({0, org_a_, plant->id, "HT1", "Heat treatment 1", kAt});
        ASSERT_TRUE(line.has_value()) << line.error().message;
        CharacteristicRecord c;
        c.org_id = org_a_;
        c.line_id = line->id;
        c.code = "F1-Z1";
        c.part_number = "furnace";
        c.feature = "zone 1 temperature";
        c.nominal = 850;
        c.unit = "°C";
        c.created_at = kAt;
        auto made = spc.create_characteristic(c);
        ASSERT_TRUE(made.has_value()) << made.error().message;
        characteristic_ = made->id;
    }

    std::int64_t org(const std::string& name) {
        OrganisationRecord o;
        o.name = name;
        o.kind = "manufacturer";
        o.created_at = kAt;
        auto created = store_->db().organisations().create(o);
        EXPECT_TRUE(created.has_value());
        return created ? created->id : 0;
    }

    FurnaceRecord furnace(std::int64_t org, std::string name) const {
        FurnaceRecord f;
        f.org_id = org;
        f.name = std::move(name);
        f.kind = "batch";
        f.tus_tolerance_c = 10.0;
        f.tus_interval_months = 6;
        f.sat_tolerance_c = 5.0;
        f.sat_interval_months = 3;
        f.created_at = kAt;
        f.created_by = "li";
        return f;
    }

    // Runs SQL on the engine directly, past the store port.
    Status exec(const std::string& statement) {
        if (GetParam() == "sqlite") {
            auto& db = dynamic_cast<sqlite::SqliteDatabase&>(store_->db());
            std::lock_guard<std::recursive_mutex> lock(db.connection().mutex());
            return db.connection().exec(statement);
        }
        auto c = postgres::Connection::open(store_->url(), std::chrono::seconds(30));
        if (!c) return tl::unexpected(c.error());
        return (*c)->exec(statement);
    }

    std::unique_ptr<testing::EngineStore> store_;
    FurnaceStore* furnaces_ = nullptr;
    std::int64_t org_a_ = 0, org_b_ = 0, characteristic_ = 0;
};

TEST_P(FurnaceStoreTest, FurnacesAreUniqueByNameWithinAnOrganisation) {
    auto a = furnaces_->create_furnace(furnace(org_a_, "Pit furnace 1"));
    ASSERT_TRUE(a.has_value()) << a.error().message;
    auto again = furnaces_->create_furnace(furnace(org_a_, "Pit furnace 1"));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(again.error().field, "name");
    ASSERT_TRUE(furnaces_->create_furnace(furnace(org_b_, "Pit furnace 1")).has_value());
    auto listed = furnaces_->list_furnaces(org_a_);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].name, "Pit furnace 1");
    EXPECT_DOUBLE_EQ((*listed)[0].tus_tolerance_c, 10.0);
    EXPECT_EQ((*listed)[0].tus_interval_months, 6);
    auto found = furnaces_->find_furnace(a->id);
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->created_by, "li");
    EXPECT_FALSE(*furnaces_->find_furnace(a->id + 100));
}

TEST_P(FurnaceStoreTest, ZonesRecipesAndLoads) {
    auto f = furnaces_->create_furnace(furnace(org_a_, "Pit furnace 1"));
    ASSERT_TRUE(f.has_value());
    auto z = furnaces_->add_zone({0, f->id, "zone 1", characteristic_});
    ASSERT_TRUE(z.has_value()) << z.error().message;
    auto same = furnaces_->add_zone({0, f->id, "zone 1", characteristic_});
    ASSERT_FALSE(same.has_value());
    EXPECT_EQ(same.error().code, ErrorCode::kAlreadyExists);
    auto nowhere = furnaces_->add_zone({0, f->id, "zone 2", characteristic_ + 1000});
    ASSERT_FALSE(nowhere.has_value());
    EXPECT_EQ(nowhere.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(furnaces_->list_zones(f->id)->size(), 1u);

    auto r = furnaces_->add_recipe({0, f->id, "GCr15-harden", 845.5, 10.0, 90.0, "accumulate", kAt});
    ASSERT_TRUE(r.has_value()) << r.error().message;
    auto dup = furnaces_->add_recipe({0, f->id, "GCr15-harden", 850, 5, 60, "restart", kAt});
    ASSERT_FALSE(dup.has_value());
    EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
    auto recipes = furnaces_->list_recipes(f->id);
    ASSERT_EQ(recipes->size(), 1u);
    EXPECT_DOUBLE_EQ((*recipes)[0].set_point_c, 845.5);
    EXPECT_EQ((*recipes)[0].soak_rule, "accumulate");

    auto load = furnaces_->start_load({0, f->id, r->id, "WO-7781", "2026-12-03T09:00:00.000Z", std::nullopt, "li"});
    ASSERT_TRUE(load.has_value()) << load.error().message;
    ASSERT_TRUE(furnaces_->end_load(load->id, "2026-12-03T11:00:00.000Z").has_value());
    auto ended = furnaces_->find_load(load->id);
    ASSERT_TRUE(ended.has_value() && ended->has_value());
    EXPECT_EQ(*(*ended)->ended_at, "2026-12-03T11:00:00.000Z");
    auto twice = furnaces_->end_load(load->id, "2026-12-03T12:00:00.000Z");
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(furnaces_->end_load(load->id + 50, kAt).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(furnaces_->list_loads(f->id)->size(), 1u);
}

TEST_P(FurnaceStoreTest, TusAndSatRecordsRoundTripInDateOrder) {
    auto f = furnaces_->create_furnace(furnace(org_a_, "Pit furnace 1"));
    ASSERT_TRUE(f.has_value());
    TusRecord later{0, f->id, "2026-11-02", 850, 10, 6.5, -8.25, true, R"([{"label":"TC1"}])", kAt, "li"};
    TusRecord earlier{0, f->id, "2026-05-02", 850, 10, 11.0, -3.0, false, "[]", kAt, "li"};
    ASSERT_TRUE(furnaces_->add_tus(later).has_value());
    ASSERT_TRUE(furnaces_->add_tus(earlier).has_value());
    auto tus = furnaces_->list_tus(f->id);
    ASSERT_TRUE(tus.has_value());
    ASSERT_EQ(tus->size(), 2u);
    EXPECT_EQ((*tus)[0].surveyed_on, "2026-05-02");
    EXPECT_FALSE((*tus)[0].pass);
    EXPECT_TRUE((*tus)[1].pass);
    EXPECT_DOUBLE_EQ((*tus)[1].max_under_c, -8.25);
    EXPECT_EQ((*tus)[1].readings_json, R"([{"label":"TC1"}])");

    SatRecord sat{0, f->id, std::nullopt, "2026-11-20", 851.0, 848.5, 1.2, -0.4, 849.3, 1.7, 5.0, true, kAt, "li"};
    auto added = furnaces_->add_sat(sat);
    ASSERT_TRUE(added.has_value()) << added.error().message;
    auto sats = furnaces_->list_sat(f->id);
    ASSERT_EQ(sats->size(), 1u);
    EXPECT_DOUBLE_EQ((*sats)[0].test_thermocouple_correction_c, 1.2);
    EXPECT_DOUBLE_EQ((*sats)[0].difference_c, 1.7);
    EXPECT_FALSE((*sats)[0].zone_id);
    EXPECT_TRUE((*sats)[0].pass);
    auto no_furnace = furnaces_->add_sat(SatRecord{0, f->id + 99, std::nullopt, "2026-11-20", 1, 1, 0, 0, 1, 0, 5, true,
                                                   kAt, "li"});
    ASSERT_FALSE(no_furnace.has_value());
    EXPECT_EQ(no_furnace.error().code, ErrorCode::kNotFound);
}

TEST_P(FurnaceStoreTest, SurveysAndTestsAreAppendOnly) {
    auto f = furnaces_->create_furnace(furnace(org_a_, "Pit furnace 1"));
    ASSERT_TRUE(f.has_value());
    ASSERT_TRUE(furnaces_->add_tus({0, f->id, "2026-11-02", 850, 10, 6.5, -8.25, true, "[]", kAt, "li"}).has_value());
    ASSERT_TRUE(furnaces_
                    ->add_sat({0, f->id, std::nullopt, "2026-11-20", 851.0, 848.5, 1.2, -0.4, 849.3, 1.7, 5.0, true,
                               kAt, "li"})
                    .has_value());
    // The engine itself refuses a change, whatever code runs it.
    auto changed = exec("UPDATE furnace_tus SET pass = 0");
    ASSERT_FALSE(changed.has_value());
    EXPECT_NE(changed.error().message.find("append-only"), std::string::npos) << changed.error().message;
    EXPECT_FALSE(exec("DELETE FROM furnace_sat").has_value());
    EXPECT_FALSE(exec("DELETE FROM furnace_tus").has_value());
    EXPECT_TRUE(furnaces_->list_tus(f->id)->at(0).pass);
    EXPECT_EQ(furnaces_->list_sat(f->id)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, FurnaceStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace yandian::store
