// A plant on its own store, through the binary as an operator would: init with an organisation code, plants, lines
// and characteristics from examples/plant-setup.json (again: nothing changes), the single commands with their
// errors, and a Modbus map naming something that does not exist stopping the server at start.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;

const std::string kBinary = YANDIAN_BINARY;
const std::string kExample = std::string(YANDIAN_SOURCE_DIR) + "/examples/plant-setup.json";

class PlantSetup : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = test_store_url(dir_.path());
        if (db_.empty()) GTEST_SKIP() << "YANDIAN_TEST_ENGINE=postgres needs YANDIAN_TEST_POSTGRES";
        auto init = yandian({"init", "--org", "Zhongxing Bearing", "--kind", "manufacturer", "--org-code", "zx",
                             "--admin", "li.na", "--password", "correct-horse-1"});
        ASSERT_EQ(init.exit_code, 0) << init.err;
        EXPECT_NE(init.out.find("code zx"), std::string::npos) << init.out;
    }

    CommandResult yandian(std::vector<std::string> args) {
        args.insert(args.begin(), kBinary);
        args.push_back("--db");
        args.push_back(db_);
        return run_command(args);
    }

    json characteristics() {
        auto listed = yandian({"characteristic", "list", "--org", "zx", "--format", "json"});
        EXPECT_EQ(listed.exit_code, 0) << listed.err;
        return json::parse(listed.out).at("characteristics");
    }

    std::string write(const std::string& name, const std::string& text) {
        const std::string path = dir_.path() + "/" + name;
        std::ofstream(path) << text;
        return path;
    }

    TempDir dir_;
    std::string db_;
};

TEST_F(PlantSetup, TheExampleFileCreatesThePlantOnceAndASecondRunChangesNothing) {
    auto first = yandian({"setup", kExample});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("5 created, 0 already there"), std::string::npos) << first.out;
    auto again = yandian({"setup", kExample});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("0 created, 5 already there"), std::string::npos) << again.out;

    json list = characteristics();
    ASSERT_EQ(list.size(), 3u) << list.dump();
    EXPECT_EQ(list[0].at("code"), "raceway-d");
    EXPECT_EQ(list[0].at("chart_type"), "xbar-r");  // n = 5 in the file: Xbar-R by default
    EXPECT_EQ(list[0].at("subgroup_size"), 5);
    EXPECT_DOUBLE_EQ(list[0].at("usl").get<double>(), 31.51);
    EXPECT_EQ(list[1].at("code"), "bore-d");
    EXPECT_EQ(list[1].at("chart_type"), "imr");

    // One more characteristic by command, on the line named by its code; the organisation by id this time.
    auto added = yandian({"characteristic", "add", "--org", "1", "--line", "grind-3", "--code", "roundness",
                          "--feature", "raceway roundness", "--usl", "0.002", "--unit", "mm"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    EXPECT_EQ(json::parse(added.out).at("code"), "roundness");
    EXPECT_EQ(characteristics().size(), 4u);
}

TEST_F(PlantSetup, SingleCommandsBuildALineAndErrorsNameWhatToChange) {
    auto plant = yandian({"plant", "add", "--org", "zx", "--name", "Plant 2"});
    ASSERT_EQ(plant.exit_code, 0) << plant.err;
    // With one plant, --plant may be left out.
    auto line = yandian({"line", "add", "--org", "zx", "--code", "grind-7", "--name", "Grinding line 7"});
    ASSERT_EQ(line.exit_code, 0) << line.err;
    EXPECT_EQ(json::parse(line.out).at("plant_id"), json::parse(plant.out).at("id"));

    auto no_line = yandian(
        {"characteristic", "add", "--org", "zx", "--line", "grind-9", "--code", "od", "--feature", "outside diameter"});
    EXPECT_NE(no_line.exit_code, 0);
    EXPECT_NE(no_line.err.find("production line 'grind-9' not found in organisation 'zx'"), std::string::npos)
        << no_line.err;
    EXPECT_NE(no_line.err.find("--line"), std::string::npos) << no_line.err;

    auto big = yandian({"characteristic", "add", "--org", "zx", "--line", "grind-7", "--code", "od", "--feature",
                        "outside diameter", "--subgroup", "30"});
    EXPECT_EQ(big.exit_code, 2);
    EXPECT_NE(big.err.find("subgroup size must be 1 to 25 (--subgroup)"), std::string::npos) << big.err;

    auto no_org = yandian({"plant", "add", "--org", "zy", "--name", "Plant 3"});
    EXPECT_NE(no_org.exit_code, 0);
    EXPECT_NE(no_org.err.find("organisation 'zy' not found: give its id or its code"), std::string::npos) << no_org.err;
    EXPECT_TRUE(characteristics().empty());

    auto second = yandian({"plant", "add", "--org", "zx", "--name", "Plant 3"});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    auto ambiguous = yandian({"line", "add", "--org", "zx", "--code", "grind-8", "--name", "Grinding line 8"});
    EXPECT_EQ(ambiguous.exit_code, 2);
    EXPECT_NE(ambiguous.err.find("several plants"), std::string::npos) << ambiguous.err;
    auto by_name = yandian({"line", "add", "--org", "zx", "--plant", "Plant 3", "--code", "grind-8", "--name", "L8"});
    ASSERT_EQ(by_name.exit_code, 0) << by_name.err;
    EXPECT_EQ(json::parse(by_name.out).at("plant_id"), json::parse(second.out).at("id"));
    auto no_plant = yandian({"line", "add", "--org", "zx", "--plant", "Plant 9", "--code", "grind-9", "--name", "L9"});
    EXPECT_NE(no_plant.err.find("plant 'Plant 9' not found"), std::string::npos) << no_plant.err;
}

TEST_F(PlantSetup, ABadEntryInTheFileIsNamedAndNothingOfTheFileIsWritten) {
    const std::string file = write("bad.json", R"({"organisation": "zx", "plants": [{"name": "Plant 1", "lines": [
        {"code": "grind-3", "characteristics": [
            {"code": "bore-d", "feature": "bore diameter", "nominal": 25, "lsl": 24.99, "usl": 25.01},
            {"code": "width", "feature": "ring width", "subgroup": 30}]}]}]})");
    auto bad = yandian({"setup", file});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("plants[0].lines[0].characteristics[1].subgroup_size"), std::string::npos) << bad.err;
    auto plants = yandian({"plant", "list", "--org", "zx", "--format", "json"});
    ASSERT_EQ(plants.exit_code, 0) << plants.err;
    EXPECT_TRUE(json::parse(plants.out).at("plants").empty()) << plants.out;  // one transaction: all or nothing

    const std::string nameless = write("nameless.json", R"({"plants": []})");
    auto no_org = run_command({kBinary, "setup", nameless, "--db", db_});
    EXPECT_EQ(no_org.exit_code, 2);
    EXPECT_NE(no_org.err.find("name the organisation"), std::string::npos) << no_org.err;
}

TEST_F(PlantSetup, AnAqdefFileWithBytesThatAreNotUtf8IsReportedNotACrash) {
    // Found by the HTTP fuzz target (tests/fuzz/corpus/http_request/aqdef_invalid_utf8): a value line with bytes that
    // are not UTF-8 made the report's JSON throw (the CLI aborted, the API answered 500).
    ASSERT_EQ(yandian({"setup", kExample}).exit_code, 0);
    const std::string file = write("broken.dfq", std::string("K0100 1\nK2001/1 bore-d\nK0001/1 25.001") +
                                                     "\xfb\xb4\xcf\xcf" + "04/1 17/1/aqd23/14:22:05\n");
    auto imported = yandian({"import", "aqdef", "--org", "zx", "--line", "grind-3", file});
    EXPECT_TRUE(imported.exit_code == 0 || imported.exit_code == 3) << imported.exit_code << " " << imported.err;
    auto report = json::parse(imported.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << imported.out;
    EXPECT_EQ(report.at("characteristics").at(0).at("code"), "bore-d");
}

TEST_F(PlantSetup, AModbusMapNamingAMissingCharacteristicStopsTheServerAtStart) {
    ASSERT_EQ(yandian({"setup", kExample}).exit_code, 0);
    const std::string map = write("gauge.json", R"({"host": "127.0.0.1", "port": 1, "registers": [
        {"organisation": "zx", "line": "grind-3", "characteristic": "bore-d", "address": 0, "type": "int16"},
        {"organisation": "zx", "line": "grind-3", "characteristic": "taper", "address": 1, "type": "int16"}]})");
    auto refused =
        run_command({kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet", "--modbus-config", map});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find(map + ": registers[1].characteristic: characteristic 'taper' not found on "
                                     "production line 'grind-3'"),
              std::string::npos)
        << refused.err;

    const std::string wrong_org = write("org.json", R"({"host": "127.0.0.1", "port": 1, "registers": [
        {"organisation": "zy", "line": "grind-3", "characteristic": "bore-d", "address": 0, "type": "int16"}]})");
    auto org = run_command(
        {kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet", "--modbus-config", wrong_org});
    EXPECT_NE(org.exit_code, 0);
    EXPECT_NE(org.err.find("registers[0].organisation: organisation 'zy' not found"), std::string::npos) << org.err;
}

}  // namespace
}  // namespace yandian::testing
