// `yandian plan seed|progress|actual add` and `yandian firm add|list|show` through the real binary, on the engine
// of the run (SQLite, or PostgreSQL under YANDIAN_TEST_ENGINE=postgres). Growth figures are the hand-checked ones of
// tests/stats/plan_tracking_test.cpp (recomputed by tests/reference/plan_tracking_reference.py).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "cli_store.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;

class PlanCli : public CliStoreTest {
  protected:
    CommandResult yd(std::vector<std::string> args) {
        args.insert(args.begin(), binary_);
        return run_command(args);
    }
    json progress(const std::string& plan = "") {
        std::vector<std::string> args{"plan", "progress", "--db", db_, "--format", "json"};
        if (!plan.empty()) args.insert(args.end(), {"--plan", plan});
        auto r = yd(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.exit_code == 0 ? json::parse(r.out) : json();
    }
    static json by_key(const json& rows, const std::string& key) {
        for (const json& row : rows) {
            if (row.at("key") == key) return row;
        }
        ADD_FAILURE() << "no row " << key;
        return json();
    }
};

TEST_F(PlanCli, SeedIsIdempotentAndProgressShowsTheHandCheckedGrowth) {
    auto none = yd({"plan", "progress", "--db", db_});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_NE(none.err.find("yandian plan seed"), std::string::npos) << none.err;

    auto first = yd({"plan", "seed", "--db", db_});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    // 36 firms (20 bearing, 12 farm-machinery, 4 textile); 42 industry targets + 20 enterprise targets.
    EXPECT_EQ(json::parse(first.out),
              (json{{"firms_added", 36}, {"firms_present", 0}, {"targets_added", 62}, {"targets_present", 0}}));
    auto second = yd({"plan", "seed", "--db", db_});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_EQ(json::parse(second.out),
              (json{{"firms_added", 0}, {"firms_present", 36}, {"targets_added", 0}, {"targets_present", 62}}));

    const json all = progress();
    EXPECT_EQ(all.at("targets").size(), 42U);
    EXPECT_EQ(all.at("enterprises").size(), 20U);
    const json above = by_key(all.at("targets"), "bearing.above_size_firms");
    EXPECT_EQ(above.at("indicator_zh"), "规模以上企业");
    EXPECT_EQ(above.at("baseline_year"), 2020);
    EXPECT_EQ(above.at("baseline_value"), 55.0);
    EXPECT_EQ(above.at("target_low"), 100.0);
    EXPECT_EQ(above.at("line"), 1136);
    EXPECT_NEAR(above.at("required_cagr_low").get<double>(), 0.1270092021, 1e-9);  // (100/55)^(1/5) - 1
    EXPECT_EQ(above.at("status"), "no_actual");
    const json groups = all.at("enterprise_groups");
    ASSERT_EQ(groups.size(), 2U);
    EXPECT_EQ(groups[0].at("group"), "key");
    EXPECT_EQ(groups[0].at("baseline_value"), 54804.0);
    EXPECT_EQ(groups[0].at("target_low"), 166000.0);
    EXPECT_NEAR(groups[0].at("required_cagr_low").get<double>(), 0.2481281149, 1e-9);
    EXPECT_EQ(groups[1].at("group"), "high_growth");
    EXPECT_NEAR(groups[1].at("required_cagr_low").get<double>(), 0.3303388551, 1e-9);
    EXPECT_NEAR(by_key(all.at("enterprises"), "bearing.key.01").at("required_cagr_low").get<double>(), 0.3567510335,
                1e-9);  // 宇捷 10876 -> 50000
    const json market = by_key(all.at("targets"), "bearing.market_sales");
    EXPECT_EQ(market.at("status"), "not_computable");
    EXPECT_TRUE(market.at("required_cagr_low").is_null());
    EXPECT_NE(market.at("reasons").dump().find("inconsistent"), std::string::npos);
    EXPECT_TRUE(by_key(all.at("targets"), "bearing.industry_sales").at("required_cagr_low").is_null());

    const json farm = progress("farm_machinery");
    EXPECT_EQ(farm.at("targets").size(), 10U);
    for (const json& t : farm.at("targets")) EXPECT_EQ(t.at("plan"), "farm_machinery");
    EXPECT_TRUE(farm.at("enterprises").empty());
    EXPECT_NEAR(by_key(farm.at("targets"), "farm_machinery.parts_revenue").at("required_cagr_low").get<double>(),
                0.1486983550, 1e-9);  // 15 -> 30 亿元 in 5 years

    auto text = yd({"plan", "progress", "--db", db_, "--plan", "bearing"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("Bearing firms above designated size"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("12.7%"), std::string::npos);
    EXPECT_NE(text.out.find("24.8%"), std::string::npos);  // the key table as a whole
    EXPECT_NE(text.out.find("33.0%"), std::string::npos);  // the high-growth table
    EXPECT_NE(text.out.find("Not computed, and why"), std::string::npos);

    auto bad_plan = yd({"plan", "progress", "--db", db_, "--plan", "steel"});
    EXPECT_EQ(bad_plan.exit_code, 2);
    EXPECT_NE(bad_plan.err.find("'steel'"), std::string::npos) << bad_plan.err;
}

TEST_F(PlanCli, ActualsMoveTheStatusAndRevisionsCount) {
    ASSERT_EQ(yd({"plan", "seed", "--db", db_}).exit_code, 0);
    const std::string id = std::to_string(by_key(progress().at("targets"), "bearing.above_size_firms").at("id").get<int>());
    auto added = yd({"plan", "actual", "add", "--db", db_, "--target", id, "--year", "2021", "--value", "60",
                     "--source", "Linqing statistical bulletin 2021", "--by", "office"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    EXPECT_EQ(json::parse(added.out).at("recorded_by"), "office");
    json row = by_key(progress().at("targets"), "bearing.above_size_firms");
    EXPECT_EQ(row.at("latest_actual"), (json{{"year", 2021}, {"value", 60.0}}));
    EXPECT_NEAR(row.at("achieved_cagr").get<double>(), 60.0 / 55.0 - 1, 1e-12);
    EXPECT_EQ(row.at("status"), "at_risk");  // needed 13.6 % <= 1.5 x 12.7 %

    // A revision of the same year: the later figure counts, the first stays recorded.
    ASSERT_EQ(yd({"plan", "actual", "add", "--db", db_, "--target", id, "--year", "2021", "--value", "64", "--source",
                  "revised bulletin"})
                  .exit_code,
              0);
    row = by_key(progress().at("targets"), "bearing.above_size_firms");
    EXPECT_EQ(row.at("latest_actual").at("value"), 64.0);
    EXPECT_EQ(row.at("status"), "on_track");  // 16.4 % achieved >= 12.7 % required
    ASSERT_FALSE(row.at("forecast").is_null());
    EXPECT_NEAR(row.at("forecast").at("value").get<double>(), 55.0 * std::pow(64.0 / 55.0, 5), 1e-6);

    auto unknown = yd({"plan", "actual", "add", "--db", db_, "--target", "9999", "--year", "2021", "--value", "1",
                       "--source", "x"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("plan target 9999 not found"), std::string::npos) << unknown.err;
    auto bad_year = yd({"plan", "actual", "add", "--db", db_, "--target", id, "--year", "21", "--value", "1",
                        "--source", "x"});
    EXPECT_EQ(bad_year.exit_code, 2);
    EXPECT_NE(bad_year.err.find("year 21"), std::string::npos) << bad_year.err;
    auto negative = yd({"plan", "actual", "add", "--db", db_, "--target", id, "--year", "2022", "--value", "-3",
                        "--source", "x"});
    EXPECT_EQ(negative.exit_code, 2);
    auto no_source = yd({"plan", "actual", "add", "--db", db_, "--target", id, "--year", "2022", "--value", "3"});
    EXPECT_EQ(no_source.exit_code, 2);
}

TEST_F(PlanCli, FirmsWithValidatedCodesAndTheirHistory) {
    ASSERT_EQ(yd({"plan", "seed", "--db", db_}).exit_code, 0);
    auto key = yd({"firm", "list", "--db", db_, "--tag", "key", "--format", "json"});
    ASSERT_EQ(key.exit_code, 0) << key.err;
    const json keys = json::parse(key.out);
    ASSERT_EQ(keys.size(), 10U);
    for (const json& f : keys) EXPECT_TRUE(f.at("credit_code").is_null()) << f;  // the plans give no codes
    // 华钢 2969万元 of bearing revenue in 2020: above size; 九星 1000万元 (high-growth table) stays unknown.
    auto all = json::parse(yd({"firm", "list", "--db", db_, "--format", "json"}).out);
    int checked = 0;
    for (const json& f : all) {
        if (f.at("name_zh") == "山东华钢精密轴承制造有限公司") {
            EXPECT_EQ(f.at("size_class"), "above");
            ++checked;
        }
        if (f.at("name_zh") == "临清市九星轴承科技有限公司") {
            EXPECT_EQ(f.at("size_class"), "unknown");
            ++checked;
        }
    }
    EXPECT_EQ(checked, 2);

    auto added = yd({"firm", "add", "--db", db_, "--credit-code", "9144030071526726xg", "--name-zh",
                     "腾讯科技（深圳）有限公司", "--industry", "bearing", "--revenue", "2500", "--tag", "high_tech",
                     "--by", "office"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    const json firm = json::parse(added.out);
    EXPECT_EQ(firm.at("credit_code"), "9144030071526726XG");
    EXPECT_EQ(firm.at("size_class"), "above");  // 2500万元 >= 2000万元
    auto shown = yd({"firm", "show", "--db", db_, std::to_string(firm.at("id").get<int>())});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    const json view = json::parse(shown.out);
    ASSERT_EQ(view.at("history").size(), 1U);
    EXPECT_EQ(view.at("history")[0].at("change"), "created");
    EXPECT_EQ(view.at("history")[0].at("changed_by"), "office");

    // A change: the firm's platform organisation and size class, kept in its history with who and what.
    const std::string id = std::to_string(firm.at("id").get<int>());
    const std::int64_t org = add_org("Linqing Tencent Plant", "manufacturer");
    auto set = yd({"firm", "set", "--db", db_, id, "--org-id", std::to_string(org), "--revenue", "1500", "--tag",
                   "key", "--tag", "high_tech", "--by", "clerk"});
    ASSERT_EQ(set.exit_code, 0) << set.err;
    EXPECT_EQ(json::parse(set.out).at("size_class"), "below");  // 1500万元 < 2000万元
    const json changed = json::parse(yd({"firm", "show", "--db", db_, id}).out);
    ASSERT_EQ(changed.at("history").size(), 2U);
    EXPECT_EQ(changed.at("history")[1].at("changed_by"), "clerk");
    EXPECT_EQ(changed.at("history")[1].at("change"),
              "size_class: above -> below; tags: high_tech -> high_tech;key; org_id: - -> " + std::to_string(org));
    EXPECT_EQ(changed.at("org_id"), org);
    auto same = yd({"firm", "set", "--db", db_, id, "--size-class", "below"});
    EXPECT_EQ(same.exit_code, 2);
    EXPECT_NE(same.err.find("nothing to change"), std::string::npos) << same.err;
    auto bad_set = yd({"firm", "set", "--db", db_, id, "--credit-code", "9144030071526726XI"});
    EXPECT_EQ(bad_set.exit_code, 2);
    EXPECT_NE(bad_set.err.find("position 18: 'I'"), std::string::npos) << bad_set.err;
    EXPECT_EQ(json::parse(yd({"firm", "show", "--db", db_, id}).out).at("history").size(), 2U);

    auto corrupt = yd({"firm", "add", "--db", db_, "--credit-code", "9144030071526726XH", "--name-zh", "某公司",
                       "--industry", "bearing"});
    EXPECT_EQ(corrupt.exit_code, 2);
    EXPECT_NE(corrupt.err.find("position 18"), std::string::npos) << corrupt.err;
    EXPECT_NE(corrupt.err.find("expected 'G'"), std::string::npos) << corrupt.err;
    auto letter = yd({"firm", "add", "--db", db_, "--credit-code", "91440300715267260G", "--name-zh", "某公司",
                      "--industry", "bearing"});
    EXPECT_EQ(letter.exit_code, 2);
    auto letter_o = yd({"firm", "add", "--db", db_, "--credit-code", "914403007I526726XG", "--name-zh", "某公司",
                        "--industry", "bearing"});
    EXPECT_EQ(letter_o.exit_code, 2);
    EXPECT_NE(letter_o.err.find("position 10: 'I'"), std::string::npos) << letter_o.err;
    auto twice = yd({"firm", "add", "--db", db_, "--credit-code", "9144030071526726XG", "--name-zh", "另一家",
                     "--industry", "bearing"});
    EXPECT_EQ(twice.exit_code, 1);
    EXPECT_NE(twice.err.find("already stored"), std::string::npos) << twice.err;
    auto industry = yd({"firm", "add", "--db", db_, "--name-zh", "某公司", "--industry", "steel"});
    EXPECT_EQ(industry.exit_code, 2);
    EXPECT_NE(industry.err.find("'steel'"), std::string::npos);
    auto missing = yd({"firm", "show", "--db", db_, "9999"});
    EXPECT_EQ(missing.exit_code, 1);

    auto text = yd({"firm", "list", "--db", db_, "--industry", "farm_machinery"});
    ASSERT_EQ(text.exit_code, 0);
    EXPECT_NE(text.out.find("Haozhuo Machinery"), std::string::npos) << text.out;
}


// A seeded SQLite store with actuals and a firm's change history, moved by `yandian migrate-store` into PostgreSQL,
// gives the same progress report and firm; the identity columns go on after the copied ids.
TEST(PlanMigrate, PlanDataMovesToPostgresqlUnchanged) {
    const char* cluster = std::getenv("YANDIAN_TEST_POSTGRES");
    if (cluster == nullptr) GTEST_SKIP() << "YANDIAN_TEST_POSTGRES is not set (make unit-tests starts a cluster)";
    const std::string binary = YANDIAN_BINARY;
    TempDir dir;
    const std::string source = "sqlite:" + dir.path() + "/plan.db";
    ASSERT_EQ(run_command({binary, "plan", "seed", "--db", source}).exit_code, 0);
    ASSERT_EQ(run_command({binary, "plan", "actual", "add", "--db", source, "--target", "4", "--year", "2022",
                           "--value", "70", "--source", "bulletin"})
                  .exit_code,
              0);
    ASSERT_EQ(run_command({binary, "firm", "add", "--db", source, "--credit-code", "91110000802100433B", "--name-zh",
                           "北京百度网讯科技有限公司", "--industry", "bearing"})
                  .exit_code,
              0);
    const std::string name = "yandian_plan_move_" + std::to_string(::getpid());
    ASSERT_EQ(run_command({"/usr/bin/psql", cluster, "-qXc", "CREATE DATABASE " + name}).exit_code, 0);
    const std::string base(cluster);
    const std::string target = base.substr(0, base.rfind('/') + 1) + name;
    auto moved = run_command({binary, "migrate-store", "--from", source, "--to", target});
    ASSERT_EQ(moved.exit_code, 0) << moved.err;
    const json report = json::parse(moved.out);
    EXPECT_EQ(report.at("tables").at("firms"), 37);
    EXPECT_EQ(report.at("tables").at("firm_history"), 37);
    EXPECT_EQ(report.at("tables").at("plan_targets"), 62);
    EXPECT_EQ(report.at("tables").at("plan_actuals"), 1);
    for (const char* format : {"json", "text"}) {
        auto a = run_command({binary, "plan", "progress", "--db", source, "--format", format});
        auto b = run_command({binary, "plan", "progress", "--db", target, "--format", format});
        ASSERT_EQ(b.exit_code, 0) << b.err;
        EXPECT_EQ(a.out, b.out) << format;
    }
    auto firm = run_command({binary, "firm", "show", "--db", target, "37"});
    ASSERT_EQ(firm.exit_code, 0) << firm.err;
    EXPECT_EQ(json::parse(firm.out).at("credit_code"), "91110000802100433B");
    auto next = run_command({binary, "firm", "add", "--db", target, "--name-zh", "新公司", "--industry", "textile"});
    ASSERT_EQ(next.exit_code, 0) << next.err;
    EXPECT_EQ(json::parse(next.out).at("id"), 38);
    (void)run_command({"/usr/bin/psql", cluster, "-qXc", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"});
}

}  // namespace
}  // namespace yandian::testing

namespace yandian::testing {
namespace {

// The same library over HTTP: the association sees every firm and enterprise target; a firm linked to its platform
// organisation sees the plans, the enterprise tables as groups and itself, and another firm not at all.
TEST_F(PlanCli, RoutesShowTheLibraryToTheAssociationAndAFirmOnlyItself) {
    auto init = yd({"init", "--db", db_, "--org", "Linqing Bearing Association", "--kind", "association", "--admin",
                    "analyst", "--password", "analyst-password-1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    ASSERT_EQ(yd({"plan", "seed", "--db", db_}).exit_code, 0);
    const std::int64_t works = add_org("Wanda Bearing", "manufacturer");
    add_user(works, "wanda", "admin");
    // The firm of the key-enterprise table ranked 1, linked to the platform organisation.
    const json all = progress("bearing");
    std::int64_t firm_id = 0;
    for (const json& e : all.at("enterprises")) {
        if (e.at("group") == "key" && e.at("rank") == 1) firm_id = e.at("firm_id").get<std::int64_t>();
    }
    ASSERT_GT(firm_id, 0) << all.at("enterprises").dump().substr(0, 400);
    ASSERT_EQ(yd({"firm", "set", "--db", db_, std::to_string(firm_id), "--org-id", std::to_string(works)}).exit_code, 0);

    ServerProcess server({binary_, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    const auto port = server.port();
    const std::string analyst = login(port, "analyst");
    const std::string wanda = login(port, "wanda");
    auto get = [&](const std::string& target, const std::string& cookie) {
        return http_request(port, "GET", target, {}, {{"Cookie", cookie}});
    };

    const auto a = get("/api/v1/plan/progress?plan=bearing", analyst);
    ASSERT_EQ(a.status, 200) << a.body;
    const json seen_by_association = json::parse(a.body);
    EXPECT_EQ(seen_by_association, all) << "the association sees what the operator's command prints";
    const auto w = get("/api/v1/plan/progress?plan=bearing", wanda);
    ASSERT_EQ(w.status, 200) << w.body;
    const json seen_by_firm = json::parse(w.body);
    EXPECT_EQ(seen_by_firm.at("targets"), all.at("targets"));
    EXPECT_EQ(seen_by_firm.at("enterprise_groups"), all.at("enterprise_groups"));
    ASSERT_EQ(seen_by_firm.at("enterprises").size(), 1u);
    EXPECT_EQ(seen_by_firm.at("enterprises")[0].at("firm_id"), firm_id);
    EXPECT_EQ(get("/api/v1/plan/progress?plan=steel", wanda).status, 400);

    EXPECT_EQ(json::parse(get("/api/v1/firms", analyst).body).at("firms").size(), 36u);
    EXPECT_EQ(json::parse(get("/api/v1/firms?industry=bearing", analyst).body).at("firms").size(), 20u);
    const json own = json::parse(get("/api/v1/firms", wanda).body).at("firms");
    ASSERT_EQ(own.size(), 1u);
    EXPECT_EQ(own[0].at("id"), firm_id);
    const auto shown = get("/api/v1/firms/" + std::to_string(firm_id), wanda);
    ASSERT_EQ(shown.status, 200) << shown.body;
    EXPECT_FALSE(json::parse(shown.body).at("history").empty());
    // Another firm of the library: not found for the firm, there for the association.
    const std::string other = "/api/v1/firms/" + std::to_string(firm_id == 1 ? 2 : 1);
    EXPECT_EQ(get(other, wanda).status, 404);
    EXPECT_EQ(get(other, analyst).status, 200);
    EXPECT_EQ(http_request(port, "GET", "/api/v1/firms").status, 401);
}

}  // namespace
}  // namespace yandian::testing

namespace yandian::testing {
namespace {

// --db given on the command line wins over YANDIAN_DB for every command of a family (the unused sibling commands
// share the option's variable and read the environment too; found when the README's quality example, run with
// YANDIAN_DB exported, wrote its firm into the other store).
TEST_F(PlanCli, CommandLineStoreWinsOverTheEnvironmentInEveryCommand) {
    if (test_engine() != "sqlite") GTEST_SKIP() << "the store URLs of this test are SQLite files";
    const std::string elsewhere = "sqlite:" + write("unused.txt", "") + ".db";
    const std::map<std::string, std::string> env{{"YANDIAN_DB", elsewhere}};
    ASSERT_EQ(run_command({binary_, "init", "--db", db_, "--org", "Office", "--kind", "authority", "--admin", "clerk",
                           "--password", "clerk-password-1"}).exit_code, 0);
    auto added = run_command({binary_, "firm", "add", "--db", db_, "--name-zh", "测试轴承", "--industry", "bearing"}, env);
    ASSERT_EQ(added.exit_code, 0) << added.err;
    auto plants = run_command({binary_, "plant", "add", "--db", db_, "--org", "1", "--name", "Plant 1"}, env);
    EXPECT_EQ(plants.exit_code, 0) << plants.err;
    auto listed = run_command({binary_, "firm", "list", "--db", db_, "--format", "json"}, env);
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find("测试轴承"), std::string::npos) << listed.out;
    EXPECT_FALSE(std::filesystem::exists(elsewhere.substr(7))) << "nothing is written to YANDIAN_DB's store";
}

}  // namespace
}  // namespace yandian::testing
