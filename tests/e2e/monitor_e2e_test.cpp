// `yandian monitor diagnose` through the real binary: a CWRU record (skipped when the shared data is absent), a CSV
// record the test writes, and the errors a user sees. Expected defect lines are computed here from the CWRU
// geometry of the drive-end bearing (9 balls, 0.3126 in on a 1.537 in pitch circle, 0 degrees).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>
#include <random>

#include "process.hpp"

namespace {

using yandian::testing::run_command;

const std::string kBinary = YANDIAN_BINARY;
const std::string kCwru = std::string(YANDIAN_SOURCE_DIR) + "/../shared/data/cwru";

double bpfo_hz(double rpm) { return 9 / 2.0 * rpm / 60 * (1 - 0.3126 / 1.537); }
double bpfi_hz(double rpm) { return 9 / 2.0 * rpm / 60 * (1 + 0.3126 / 1.537); }

TEST(MonitorDiagnose, CwruOuterRaceRecord) {
    const std::string file = kCwru + "/12k_Drive_End_OR007@6_0_130.mat";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "CWRU data not found at " << kCwru;
    auto r = run_command({kBinary, "monitor", "diagnose", file, "--bearing", "6205-2RS JEM", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["fault"], "outer_race");
    EXPECT_EQ(j["rpm_source"], "file");
    EXPECT_EQ(j["channel"], "DE");
    EXPECT_EQ(j["fs"], 12000);
    const double rpm = j["rpm"].get<double>();
    EXPECT_NEAR(rpm, 1797, 2);  // the file's X130RPM
    EXPECT_NEAR(j["defect_frequencies"]["BPFO_hz"].get<double>(), bpfo_hz(rpm), 0.01);
    EXPECT_NEAR(j["defect_frequencies"]["BPFI_hz"].get<double>(), bpfi_hz(rpm), 0.01);
    bool bpfo_found = false;
    for (const auto& e : j["evidence"]) {
        if (e["line"] == "BPFO" && std::abs(e["found_hz"].get<double>() - bpfo_hz(rpm)) < 0.02 * bpfo_hz(rpm)) {
            bpfo_found = e["prominence_db"].get<double>() > 20;
        }
    }
    EXPECT_TRUE(bpfo_found) << r.out;
    EXPECT_TRUE(j["severity"].contains("zone"));
    EXPECT_GT(j["confidence"].get<double>(), 0.5);
}

TEST(MonitorDiagnose, CwruInnerRaceRecordAsText) {
    const std::string file = kCwru + "/12k_Drive_End_IR007_1_106.mat";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "CWRU data not found at " << kCwru;
    auto r = run_command({kBinary, "monitor", "diagnose", file, "--bearing", "6205", "--format", "text"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("fault       inner_race"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("BPFI"), std::string::npos);
    EXPECT_NE(r.out.find("ISO 20816-3"), std::string::npos);
}

TEST(MonitorDiagnose, MissingChannelIsNamed) {
    const std::string file = kCwru + "/12k_Drive_End_IR028_0_3001.mat";  // DE channel only
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "CWRU data not found at " << kCwru;
    auto r = run_command({kBinary, "monitor", "diagnose", file, "--bearing", "6205", "--channel", "FE"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("_FE_time"), std::string::npos) << r.err;
}

TEST(MonitorDiagnose, CsvRecordWrittenByTheTest) {
    // 6 s at 12 kHz: impacts at BPFO of 1750 r/min ringing 3 kHz, plus noise.
    yandian::testing::TempDir dir;
    const std::string path = dir.path() + "/or.csv";
    const double fs = 12000, rpm = 1750, f = bpfo_hz(rpm);
    std::vector<double> x(72000, 0.0);
    std::mt19937 gen(3);
    std::normal_distribution<double> noise(0, 0.05);
    for (double t = 0.005; t < 6; t += 1 / f) {
        for (std::size_t i = static_cast<std::size_t>(t * fs); i < x.size() && i < static_cast<std::size_t>(t * fs) + 60;
             ++i) {
            const double tau = static_cast<double>(i) / fs - t;
            x[i] += 0.3 * std::exp(-900 * tau) * std::sin(2 * std::numbers::pi * 3000 * tau);
        }
    }
    {
        std::ofstream out(path);
        out << "# fs=12000\n# unit=g\n# rpm=1750\nacceleration\n";
        for (double v : x) out << v + noise(gen) << "\n";
    }
    auto r = run_command({kBinary, "monitor", "diagnose", path, "--bearing", "6205", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["fault"], "outer_race");
    EXPECT_EQ(j["rpm_source"], "file");
    EXPECT_EQ(j["fs_source"], "file");
    EXPECT_NEAR(j["defect_frequencies"]["BPFO_hz"].get<double>(), f, 0.01);
}

TEST(MonitorDiagnose, BadArgumentsExit2) {
    yandian::testing::TempDir dir;
    const std::string path = dir.path() + "/nan.csv";
    std::ofstream(path) << "# fs=12000\nvalue\n0.1\nNaN\n";
    auto nan = run_command({kBinary, "monitor", "diagnose", path, "--bearing", "6205"});
    EXPECT_EQ(nan.exit_code, 2);
    EXPECT_NE(nan.err.find("NaN"), std::string::npos) << nan.err;
    auto unit = run_command({kBinary, "monitor", "diagnose", path, "--bearing", "6205", "--unit", "furlong"});
    EXPECT_EQ(unit.exit_code, 2);
    auto bearing = run_command({kBinary, "monitor", "diagnose", path, "--bearing", "ZZZ-1"});
    EXPECT_NE(bearing.exit_code, 0);
    EXPECT_FALSE(bearing.err.empty());
}

}  // namespace
