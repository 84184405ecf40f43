// Furnace monitoring through the real binary, as a heat-treatment plant would run it: a furnace whose zone is an
// SPC characteristic fed by the ordinary CSV import, a recipe and a load, the soak across an excursion, CQI-9 TUS
// and SAT records and the audit with overdue flags; then the same over HTTP, where another organisation's furnace is
// not found. Expected numbers are the hand-worked ones of tests/monitor/furnace_test.cpp (set point 850 °C ± 10,
// soak 60 min, an excursion from minute 30 to 35: the restart rule completes the soak at minute 95).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "cli_store.hpp"
#include "process.hpp"

namespace {

using nlohmann::json;
using yandian::testing::run_command;

const std::string kBinary = YANDIAN_BINARY;

class FurnaceCli : public yandian::testing::CliStoreTest {
  protected:
    yandian::testing::CommandResult y(std::vector<std::string> args, const std::string& clock = {}) {
        std::vector<std::string> argv{kBinary};
        if (!clock.empty()) argv.insert(argv.end(), {"--clock-start", clock});
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), {"--db", db_});
        return run_command(argv);
    }

    // Organisation ht, plant, line ht-1, characteristic f1-z1 (the zone's temperature); returns its id.
    std::int64_t plant() {
        auto init = run_command({kBinary, "init", "--db", db_, "--org", "Heat Works", "--org-code", "ht", "--kind",
                                 "manufacturer", "--admin", "engineer", "--password", "engineer-password-1"});
        EXPECT_EQ(init.exit_code, 0) << init.err;
        EXPECT_EQ(y({"plant", "add", "--org", "ht", "--name", "Plant 1"}).exit_code, 0);
        EXPECT_EQ(y({"line", "add", "--org", "ht", "--code", "ht-1", "--name", "Heat treatment 1"}).exit_code, 0);
        auto c = y({"characteristic", "add", "--org", "ht", "--line", "ht-1", "--code", "f1-z1", "--feature",
                    "furnace 1 zone 1 temperature", "--nominal", "850", "--lsl", "840", "--usl", "860", "--unit", "C"});
        EXPECT_EQ(c.exit_code, 0) << c.err;
        return json::parse(c.out).at("id").get<std::int64_t>();
    }

    std::string readings_file() {
        std::string csv = "time,value\n";
        auto row = [&](int minute, double c) {
            char line[64];
            std::snprintf(line, sizeof line, "2026-04-20T%02d:%02d:00.000Z,%.1f\n", 8 + minute / 60, minute % 60, c);
            csv += line;
        };
        for (auto [m, c] : std::vector<std::pair<int, double>>{{0, 700.0}, {5, 800.0}, {10, 845.0}, {15, 848.0},
                                                               {20, 850.0}, {25, 851.0}, {30, 838.0}, {32, 835.0},
                                                               {35, 852.0}}) {
            row(m, c);
        }
        for (int m = 40; m <= 100; m += 5) row(m, 850.0);
        return write("zone1.csv", csv);
    }
};

TEST_F(FurnaceCli, SoakTusSatAndAuditThroughTheCommandLine) {
    const std::int64_t characteristic = plant();
    auto furnace = y({"furnace", "add", "--org", "ht", "--name", "Pit furnace 1", "--tus-tolerance", "10",
                      "--tus-months", "6"});
    ASSERT_EQ(furnace.exit_code, 0) << furnace.err;
    const std::string f = std::to_string(json::parse(furnace.out).at("id").get<int>());
    EXPECT_DOUBLE_EQ(json::parse(furnace.out).at("sat_tolerance").get<double>(), 5.0);  // the cited default

    auto zone = y({"furnace", "zone", "add", "--furnace", f, "--name", "zone 1", "--line", "ht-1", "--characteristic",
                   "f1-z1"});
    ASSERT_EQ(zone.exit_code, 0) << zone.err;
    EXPECT_EQ(json::parse(zone.out).at("characteristic_id").get<std::int64_t>(), characteristic);
    auto no_char = y({"furnace", "zone", "add", "--furnace", f, "--name", "zone 2", "--line", "ht-1",
                      "--characteristic", "f1-z9"});
    EXPECT_NE(no_char.exit_code, 0);
    EXPECT_NE(no_char.err.find("characteristic 'f1-z9' not found on line 'ht-1'"), std::string::npos) << no_char.err;

    auto recipe = y({"furnace", "recipe", "add", "--furnace", f, "--code", "GCr15-harden", "--set-point", "850",
                     "--tolerance", "10", "--soak", "60"});
    ASSERT_EQ(recipe.exit_code, 0) << recipe.err;
    auto bad_recipe = y({"furnace", "recipe", "add", "--furnace", f, "--code", "x", "--set-point", "850",
                         "--tolerance", "0", "--soak", "60"});
    EXPECT_EQ(bad_recipe.exit_code, 2);
    EXPECT_NE(bad_recipe.err.find("tolerance must be a positive number"), std::string::npos) << bad_recipe.err;

    auto load = y({"furnace", "load", "start", "--furnace", f, "--recipe", "GCr15-harden", "--label", "WO-7781",
                   "--at", "2026-04-20T08:00:00.000Z"});
    ASSERT_EQ(load.exit_code, 0) << load.err;
    const std::string l = std::to_string(json::parse(load.out).at("id").get<int>());

    // The temperatures arrive as any measurement does (here the CSV history import).
    auto imported = y({"import", "csv", "--characteristic-id", std::to_string(characteristic), "--map",
                       "value=value,time=time", readings_file()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;

    auto status = y({"furnace", "load", "status", "--load", l});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    const json s = json::parse(status.out);
    EXPECT_EQ(s.at("state"), "complete");
    const json& z = s.at("zones").at(0);
    EXPECT_EQ(z.at("entered_band_at"), "2026-04-20T08:10:00.000Z");
    EXPECT_EQ(z.at("completed_at"), "2026-04-20T09:35:00.000Z");  // minute 95: the soak restarted at minute 35
    EXPECT_DOUBLE_EQ(z.at("in_band_minutes").get<double>(), 85.0);
    ASSERT_EQ(z.at("excursions").size(), 1u);
    EXPECT_EQ(z.at("excursions")[0].at("left_at"), "2026-04-20T08:30:00.000Z");
    EXPECT_DOUBLE_EQ(z.at("excursions")[0].at("extreme").get<double>(), 835.0);
    EXPECT_DOUBLE_EQ(z.at("latest").get<double>(), 850.0);

    // TUS at the band edge (+10/-10) passes; one thermocouple 0.2 °C colder after correction fails.
    auto tus_fail = y({"furnace", "tus", "record", "--furnace", f, "--date", "2026-01-10", "--set-point", "850", "--tc",
                       "TC1=845,852,860", "--tc", "TC2=840,850", "--correction", "TC2=-0.2"});
    ASSERT_EQ(tus_fail.exit_code, 0) << tus_fail.err;
    EXPECT_EQ(json::parse(tus_fail.out).at("pass"), false);
    EXPECT_NEAR(json::parse(tus_fail.out).at("max_under").get<double>(), -10.2, 1e-9);
    auto tus = y({"furnace", "tus", "record", "--furnace", f, "--date", "2026-01-31", "--set-point", "850", "--tc",
                  "TC1=845,852,860", "--tc", "TC2=840,850"});
    ASSERT_EQ(tus.exit_code, 0) << tus.err;
    EXPECT_EQ(json::parse(tus.out).at("pass"), true);
    auto bad_tc = y({"furnace", "tus", "record", "--furnace", f, "--date", "2026-01-31", "--set-point", "850", "--tc",
                     "TC1=845,hot"});
    EXPECT_EQ(bad_tc.exit_code, 2);
    EXPECT_NE(bad_tc.err.find("thermocouple 'TC1': 'hot' is not a number"), std::string::npos) << bad_tc.err;

    // SAT: 848.5 + 1.2 - 0.4 = 849.3 corrected; 851.0 - 849.3 = +1.7, within ±5.
    auto sat = y({"furnace", "sat", "record", "--furnace", f, "--date", "2026-01-20", "--zone", "zone 1", "--control",
                  "851.0", "--test", "848.5", "--tc-correction", "1.2", "--instrument-correction", "-0.4"});
    ASSERT_EQ(sat.exit_code, 0) << sat.err;
    EXPECT_NEAR(json::parse(sat.out).at("difference").get<double>(), 1.7, 1e-9);
    EXPECT_EQ(json::parse(sat.out).at("pass"), true);

    // The audit on 2026-05-01: the SAT (quarterly after 2026-01-20: due 2026-04-20) is overdue by 11 days; the TUS
    // (every 6 months after the passing 2026-01-31 survey: due 2026-07-31) is not.
    auto audit = y({"furnace", "audit", "--org", "ht"}, "2026-05-01");
    ASSERT_EQ(audit.exit_code, 0) << audit.err;
    EXPECT_NE(audit.out.find("TUS last 2026-01-31"), std::string::npos) << audit.out;
    EXPECT_NE(audit.out.find("next due 2026-07-31 (in 91 d)"), std::string::npos) << audit.out;
    EXPECT_NE(audit.out.find("SAT last 2026-01-20"), std::string::npos) << audit.out;
    EXPECT_NE(audit.out.find("next due 2026-04-20 OVERDUE by 11 d"), std::string::npos) << audit.out;
    auto audit_json = y({"furnace", "audit", "--org", "ht", "--format", "json"}, "2026-05-01");
    ASSERT_EQ(audit_json.exit_code, 0) << audit_json.err;
    const json a = json::parse(audit_json.out);
    EXPECT_EQ(a[0]["cqi9"]["sat"]["due"]["overdue"], true);
    EXPECT_EQ(a[0]["cqi9"]["tus"]["due"]["next_due"], "2026-07-31");
}

TEST_F(FurnaceCli, HttpRoutesAreScopedToTheOrganisation) {
    plant();
    const std::int64_t other = add_org("Other Works", "manufacturer");
    add_user(other, "stranger", "admin");
    yandian::testing::ServerProcess server({kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    const auto port = server.port();
    const std::string engineer = login(port, "engineer");
    const std::string stranger = login(port, "stranger");
    auto post = [&](const std::string& target, const json& body, const std::string& who) {
        return yandian::testing::http_request(port, "POST", target, body.dump(),
                                              {{"Cookie", who}, {"Content-Type", "application/json"}});
    };
    auto get = [&](const std::string& target, const std::string& who) {
        return yandian::testing::http_request(port, "GET", target, {}, {{"Cookie", who}});
    };
    auto created = post("/api/v1/furnaces", {{"name", "Pit furnace 1"}, {"tus_tolerance", 10}, {"tus_interval_months", 6}},
                        engineer);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string f = "/api/v1/furnaces/" + std::to_string(json::parse(created.body)["id"].get<int>());
    auto missing = post("/api/v1/furnaces", {{"name", "Pit furnace 2"}, {"tus_tolerance", 10}}, engineer);
    EXPECT_EQ(missing.status, 400);
    EXPECT_NE(missing.body.find("tus_interval_months"), std::string::npos) << missing.body;
    ASSERT_EQ(post(f + "/zones", {{"name", "zone 1"}, {"line", "ht-1"}, {"characteristic", "f1-z1"}}, engineer).status,
              201);
    ASSERT_EQ(post(f + "/recipes", {{"code", "temper"}, {"set_point", 180}, {"tolerance", 5}, {"soak_minutes", 120},
                                    {"soak_rule", "accumulate"}},
                   engineer)
                  .status,
              201);
    auto load = post(f + "/loads", {{"recipe", "temper"}, {"label", "WO-1"}}, engineer);
    ASSERT_EQ(load.status, 201) << load.body;
    auto tus = post(f + "/tus",
                    {{"surveyed_on", "2026-11-02"},
                     {"set_point", 850},
                     {"thermocouples", json::array({{{"label", "TC1"}, {"readings", {845, 860}}},
                                                    {{"label", "TC2"}, {"correction", -0.2}, {"readings", {840}}}})}},
                    engineer);
    ASSERT_EQ(tus.status, 201) << tus.body;
    EXPECT_EQ(json::parse(tus.body)["pass"], false);
    auto sat = post(f + "/sat", {{"tested_on", "2026-11-20"}, {"control_reading", 854.3}, {"test_reading", 848.5},
                                 {"test_thermocouple_correction", 1.2}, {"test_instrument_correction", -0.4}},
                    engineer);
    ASSERT_EQ(sat.status, 201) << sat.body;
    EXPECT_EQ(json::parse(sat.body)["pass"], true);  // +5.0 exactly, the edge

    auto view = get(f, engineer);
    ASSERT_EQ(view.status, 200) << view.body;
    const json v = json::parse(view.body);
    EXPECT_EQ(v["zones"].size(), 1u);
    EXPECT_EQ(v["running_load"]["load"]["label"], "WO-1");
    EXPECT_EQ(v["running_load"]["state"], "waiting");  // no temperature yet
    EXPECT_EQ(v["cqi9"]["tus"]["last"]["pass"], false);
    EXPECT_EQ(v["cqi9"]["tus"]["due"]["overdue"], true);  // no passing survey yet

    // Another organisation sees none of it and cannot write to it.
    EXPECT_EQ(get(f, stranger).status, 404);
    EXPECT_EQ(get(f + "/tus", stranger).status, 404);
    EXPECT_EQ(post(f + "/sat", {{"tested_on", "2026-11-21"}, {"control_reading", 850}, {"test_reading", 850}}, stranger)
                  .status,
              404);
    const std::string load_path =
        "/api/v1/furnace-loads/" + std::to_string(json::parse(load.body)["id"].get<int>());
    EXPECT_EQ(get(load_path, stranger).status, 404);
    EXPECT_EQ(json::parse(get("/api/v1/furnaces", stranger).body).size(), 0u);
    EXPECT_EQ(json::parse(get("/api/v1/furnace-audit", stranger).body).size(), 0u);
    EXPECT_EQ(get(load_path, engineer).status, 200);
}

}  // namespace
