// `yandian monitor diagnose` through the real binary: a CWRU record (skipped when the shared data is absent), a CSV
// record the test writes, and the errors a user sees. Expected defect lines are computed here from the CWRU
// geometry of the drive-end bearing (9 balls, 0.3126 in on a 1.537 in pitch circle, 0 degrees).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>
#include <random>
#include <sstream>

#include "cli_store.hpp"
#include "process.hpp"

namespace {

using yandian::testing::run_command;

const std::string kBinary = YANDIAN_BINARY;
const std::string kCwru = std::string(YANDIAN_SOURCE_DIR) + "/../shared/data/cwru";

double bpfo_hz(double rpm) { return 9 / 2.0 * rpm / 60 * (1 - 0.3126 / 1.537); }
double bpfi_hz(double rpm) { return 9 / 2.0 * rpm / 60 * (1 + 0.3126 / 1.537); }

// 6 s at 12 kHz of a 6205 at 1750 r/min as a CSV record with its rate and speed: noise of 0.05 g (seeded), with
// `impacts` the outer-race impacts at BPFO ringing 3 kHz, plus a once-per-revolution (imbalance) sine of
// `imbalance_g` peak.
std::string outer_race_csv(bool impacts = true, double imbalance_g = 0, unsigned seed = 3) {
    const double fs = 12000, f = bpfo_hz(1750);
    std::vector<double> x(72000, 0.0);
    std::mt19937 gen(seed);
    std::normal_distribution<double> noise(0, 0.05);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] += imbalance_g * std::sin(2 * std::numbers::pi * 1750.0 / 60 * static_cast<double>(i) / fs);
    }
    for (double t = 0.005; impacts && t < 6; t += 1 / f) {
        for (std::size_t i = static_cast<std::size_t>(t * fs); i < x.size() && i < static_cast<std::size_t>(t * fs) + 60;
             ++i) {
            const double tau = static_cast<double>(i) / fs - t;
            x[i] += 0.3 * std::exp(-900 * tau) * std::sin(2 * std::numbers::pi * 3000 * tau);
        }
    }
    std::ostringstream out;
    out.precision(12);
    out << "# fs=12000\n# unit=g\n# rpm=1750\nacceleration\n";
    for (double v : x) out << v + noise(gen) << "\n";
    return out.str();
}

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
    yandian::testing::TempDir dir;
    const std::string path = dir.path() + "/or.csv";
    const double f = bpfo_hz(1750);
    std::ofstream(path) << outer_race_csv();
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

// The same diagnosis over HTTP: the record is the body of POST /api/v1/monitor/diagnose, what it was measured on
// the query. The answer must be the one the command line gives for the same file.
using MonitorHttp = yandian::testing::CliStoreTest;

TEST_F(MonitorHttp, UploadedRecordsAreDiagnosedAsOnTheCommandLine) {
    auto init = run_command({kBinary, "init", "--db", db_, "--org", "Service", "--kind", "manufacturer", "--admin",
                             "engineer", "--password", "engineer-password-1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    yandian::testing::ServerProcess server(
        {kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet", "--record-limit", "4000000"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    const auto port = server.port();
    const std::string cookie = login(port, "engineer");
    ASSERT_FALSE(cookie.empty());
    const std::map<std::string, std::string> as_engineer{{"Cookie", cookie},
                                                         {"Content-Type", "application/octet-stream"}};

    // A CSV record: outer race, with rate and speed from the file.
    const std::string csv = outer_race_csv();
    ASSERT_GT(csv.size(), 1u << 20) << "larger than the ordinary body limit, so the record limit is what admits it";
    auto r = yandian::testing::http_request(port, "POST", "/api/v1/monitor/diagnose?bearing=6205&name=or.csv", csv,
                                            as_engineer);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["fault"], "outer_race");
    EXPECT_EQ(j["file"], "or.csv");
    EXPECT_EQ(j["rpm_source"], "file");
    EXPECT_NEAR(j["defect_frequencies"]["BPFO_hz"].get<double>(), bpfo_hz(1750), 0.01);
    const std::string path = write("or.csv", csv);
    auto cli = run_command({kBinary, "monitor", "diagnose", path, "--bearing", "6205", "--format", "json"});
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    const auto c = nlohmann::json::parse(cli.out);
    EXPECT_EQ(c["scores"], j["scores"]);
    EXPECT_EQ(c["evidence"], j["evidence"]);

    // A CWRU MAT record with a speed given in the query.
    const std::string mat = kCwru + "/12k_Drive_End_IR007_0_105.mat";
    if (std::filesystem::exists(mat)) {
        std::ifstream in(mat, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        auto m = yandian::testing::http_request(port, "POST", "/api/v1/monitor/diagnose?bearing=6205&fs=12000&rpm=1797",
                                                bytes, as_engineer);
        ASSERT_EQ(m.status, 200) << m.body;
        const auto mj = nlohmann::json::parse(m.body);
        EXPECT_EQ(mj["fault"], "inner_race");
        EXPECT_EQ(mj["rpm_source"], "given");
        EXPECT_EQ(mj["fs_source"], "given");
        EXPECT_EQ(mj["channel"], "DE");
    }

    // What is refused, and how.
    auto anonymous = yandian::testing::http_request(port, "POST", "/api/v1/monitor/diagnose?bearing=6205", csv,
                                                    {{"Content-Type", "text/csv"}});
    EXPECT_EQ(anonymous.status, 401);
    auto bearing = yandian::testing::http_request(port, "POST", "/api/v1/monitor/diagnose?bearing=ZZZ-1", csv,
                                                  as_engineer);
    EXPECT_EQ(bearing.status, 400);
    EXPECT_NE(bearing.body.find("bearing 'ZZZ-1'"), std::string::npos) << bearing.body;
    auto no_bearing = yandian::testing::http_request(port, "POST", "/api/v1/monitor/diagnose", csv, as_engineer);
    EXPECT_EQ(no_bearing.status, 400);
    EXPECT_NE(no_bearing.body.find("\"bearing\""), std::string::npos) << no_bearing.body;
    // Bodies over the limit are refused from the header (sent without the body, as a client that asks
    // "Expect: 100-continue" does: one that sends the body regardless may see the connection closed under it).
    auto announce = [&](const std::string& target, std::size_t bytes) {
        return yandian::testing::raw_exchange(port, "POST " + target + " HTTP/1.1\r\nHost: x\r\nCookie: " + cookie +
                                                        "\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n"
                                                        "Content-Length: " + std::to_string(bytes) + "\r\n\r\n");
    };
    const std::string too_big = announce("/api/v1/monitor/diagnose?bearing=6205", 4000001);
    EXPECT_EQ(too_big.rfind("HTTP/1.1 413", 0), 0u) << too_big.substr(0, 200);
    EXPECT_NE(too_big.find("request body exceeds 4000000 bytes"), std::string::npos) << too_big;
    // A MAT header announcing 2^30 samples in a few bytes: refused before anything is allocated for it.
    std::string lying = "MATLAB 5.0 MAT-file";
    lying.resize(116, ' ');
    lying.append(8, '\0');
    lying += std::string("\x00\x01", 2) + "IM";
    auto u32 = [](std::uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
    const std::string array = u32(6) + u32(8) + u32(6) + u32(0) + u32(5) + u32(8) + u32(1u << 30) + u32(1) + u32(1) +
                              u32(1) + "x" + std::string(7, '\0') + u32(9) + u32(8) + std::string(8, '\0');
    lying += u32(14) + u32(static_cast<std::uint32_t>(array.size())) + array;
    auto corrupt = yandian::testing::http_request(port, "POST", "/api/v1/monitor/diagnose?bearing=6205&fs=12000",
                                                  lying, as_engineer);
    EXPECT_EQ(corrupt.status, 400);
    EXPECT_NE(corrupt.body.find("upload: corrupt MAT file"), std::string::npos) << corrupt.body;
    // A client that asks "Expect: 100-continue" (curl does above 1 MiB) is told to go on, then answered.
    const std::string small = "# fs=12000\nvalue\n0.1\nNaN\n";
    const std::string raw = yandian::testing::raw_exchange(
        port, "POST /api/v1/monitor/diagnose?bearing=6205 HTTP/1.1\r\nHost: x\r\nCookie: " + cookie +
                  "\r\nContent-Type: text/csv\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: " +
                  std::to_string(small.size()) + "\r\n\r\n" + small);
    EXPECT_EQ(raw.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400", 0), 0u) << raw.substr(0, 200);
    EXPECT_NE(raw.find("NaN"), std::string::npos) << raw;
    // The ordinary limit still holds elsewhere.
    const std::string elsewhere = announce("/api/v1/lines/1/aqdef", csv.size());
    EXPECT_EQ(elsewhere.rfind("HTTP/1.1 413", 0), 0u) << elsewhere.substr(0, 200);
    EXPECT_NE(elsewhere.find("request body exceeds 1048576 bytes"), std::string::npos) << elsewhere;
}

// Monitoring over time: an asset, three healthy records, then one with an outer-race defect and an imbalance that
// puts it in zone C. Expected alarms (monitor/trend.hpp): on the fourth record a zone alarm (velocity >= B/C = 2.8
// mm/s for group 2 rigid), a change alarm (>= the baseline, the median of the first three velocities, + 0.7 mm/s)
// and a fault alarm; none before. The same file sent again is stored once. Another organisation sees nothing.
TEST_F(MonitorHttp, AssetTrendAndAlarms) {
    auto init = run_command({kBinary, "init", "--db", db_, "--org", "Service", "--kind", "manufacturer", "--admin",
                             "engineer", "--password", "engineer-password-1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    const std::int64_t other = add_org("Other Works", "manufacturer");
    add_user(other, "stranger", "admin");
    yandian::testing::ServerProcess server({kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    const auto port = server.port();
    const std::string cookie = login(port, "engineer");
    const std::string stranger = login(port, "stranger");
    auto post_json = [&](const std::string& target, const nlohmann::json& body, const std::string& who) {
        return yandian::testing::http_request(port, "POST", target, body.dump(),
                                              {{"Cookie", who}, {"Content-Type", "application/json"}});
    };
    auto created = post_json("/api/v1/monitor/assets",
                             {{"name", "grinder 3 spindle DE"}, {"machine", "grinder 3"}, {"position", "DE"},
                              {"bearing", "6205"}, {"nominal_rpm", 1750}},
                             cookie);
    ASSERT_EQ(created.status, 201) << created.body;
    const auto asset = nlohmann::json::parse(created.body);
    const std::string records = "/api/v1/monitor/assets/" + std::to_string(asset["id"].get<int>()) + "/records";
    EXPECT_EQ(post_json("/api/v1/monitor/assets", {{"name", "x"}, {"machine", "m"}, {"position", "DE"},
                                                   {"bearing", "ZZZ-1"}}, cookie).status, 400);
    EXPECT_EQ(post_json("/api/v1/monitor/assets", {{"name", "grinder 3 spindle DE"}, {"machine", "m"},
                                                   {"position", "DE"}, {"bearing", "6205"}}, cookie).status, 409);

    auto send = [&](const std::string& csv, const std::string& day, const std::string& who) {
        return yandian::testing::http_request(port, "POST", records + "?measured_at=2026-11-" + day + "T08:00:00Z&name=" +
                                                  day + ".csv",
                                              csv, {{"Cookie", who}, {"Content-Type", "text/csv"}});
    };
    // The healthy records are white noise: the verdict threshold is set so that noise gets no fault verdict
    // (docs/monitor/README.md), so the fault alarm expected is derived from the verdicts the server reports: one
    // whenever a verdict other than "none" differs from the record before.
    std::vector<double> velocities;
    std::string previous_fault = "none";
    for (unsigned day = 1; day <= 3; ++day) {
        auto r = send(outer_race_csv(false, 0, day), "0" + std::to_string(day), cookie);
        ASSERT_EQ(r.status, 201) << r.body;
        const auto j = nlohmann::json::parse(r.body);
        const std::string fault = j["record"]["fault"];
        EXPECT_EQ(j["record"]["zone"], "A");
        const std::size_t expected = fault != "none" && fault != previous_fault ? 1 : 0;
        ASSERT_EQ(j["alarms"].size(), expected) << r.body;
        if (expected == 1) EXPECT_EQ(j["alarms"][0]["kind"], "fault");
        previous_fault = fault;
        velocities.push_back(j["record"]["velocity_rms_mm_s"].get<double>());
    }
    std::sort(velocities.begin(), velocities.end());
    const double alarm_value = std::min(velocities[1] + 0.25 * 2.8, 1.25 * 2.8);
    const std::string bad = outer_race_csv(true, 0.085, 4);
    auto r = send(bad, "04", cookie);
    ASSERT_EQ(r.status, 201) << r.body;
    const auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["record"]["fault"], "outer_race");
    EXPECT_EQ(j["record"]["zone"], "C") << "velocity " << j["record"]["velocity_rms_mm_s"];
    std::map<std::string, nlohmann::json> kinds;
    for (const auto& a : j["alarms"]) kinds[a["kind"].get<std::string>()] = a;
    ASSERT_EQ(kinds.size(), 3u) << r.body;
    EXPECT_DOUBLE_EQ(kinds["zone"]["limit"].get<double>(), 2.8);
    EXPECT_NEAR(kinds["change"]["limit"].get<double>(), alarm_value, 1e-9);
    EXPECT_EQ(kinds["fault"]["message"], previous_fault == "none"
                                             ? "bearing fault found: outer_race"
                                             : "diagnosis changed from " + previous_fault + " to outer_race");
    EXPECT_EQ(j["record"]["diagnosis"]["fault"], "outer_race");

    auto again = send(bad, "04", cookie);
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(nlohmann::json::parse(again.body)["stored"], false);

    // The record alone: its diagnosis and its plots. The BPFO marker is the diagnosis' BPFO (4 significant digits),
    // and the raw analysis' plotted envelope spectrum peaks at it between 50 Hz and 1.5 x BPFO.
    const std::string one = records + "/" + std::to_string(j["record"]["id"].get<int>());
    auto read = yandian::testing::http_request(port, "GET", one, {}, {{"Cookie", cookie}});
    ASSERT_EQ(read.status, 200) << read.body;
    const auto rec = nlohmann::json::parse(read.body);
    EXPECT_EQ(rec["diagnosis"]["fault"], "outer_race");
    ASSERT_TRUE(rec["plots"].is_object()) << read.body.substr(0, 300);
    const double bpfo = rec["diagnosis"]["defect_frequencies"]["BPFO_hz"].get<double>();
    double marker = 0;
    for (const auto& m : rec["plots"]["markers"]) {
        if (m["label"] == "BPFO") marker = m["hz"].get<double>();
    }
    EXPECT_NEAR(marker, bpfo, 1e-3 * bpfo);
    const auto& raw = rec["plots"]["envelopes"][0];
    EXPECT_EQ(raw["method"], "raw");
    double top = -1, top_hz = 0;
    for (std::size_t k = 0; k < raw["hz"].size(); ++k) {
        const double hz = raw["hz"][k].get<double>();
        if (hz > 50 && hz < 1.5 * bpfo && raw["magnitude"][k].get<double>() > top) {
            top = raw["magnitude"][k].get<double>();
            top_hz = hz;
        }
    }
    EXPECT_NEAR(top_hz, bpfo, 0.01 * bpfo);
    EXPECT_EQ(rec["plots"]["waveform"]["max"].size(), 1500u);
    EXPECT_EQ(yandian::testing::http_request(port, "GET", one, {}, {{"Cookie", stranger}}).status, 404);
    EXPECT_EQ(yandian::testing::http_request(port, "GET", records + "/999999", {}, {{"Cookie", cookie}}).status, 404);

    auto trend = yandian::testing::http_request(port, "GET", "/api/v1/monitor/assets/" +
                                                                 std::to_string(asset["id"].get<int>()),
                                                {}, {{"Cookie", cookie}});
    ASSERT_EQ(trend.status, 200);
    const auto t = nlohmann::json::parse(trend.body);
    ASSERT_EQ(t["records"].size(), 4u);
    EXPECT_EQ(t["records"][0]["measured_at"], "2026-11-01T08:00:00.000Z");
    EXPECT_GE(t["alarms"].size(), 3u);
    EXPECT_EQ(t["alarms"].back()["record_id"], j["record"]["id"]);

    // Another organisation: not found, and it cannot send records.
    EXPECT_EQ(yandian::testing::http_request(port, "GET", "/api/v1/monitor/assets/" +
                                                              std::to_string(asset["id"].get<int>()),
                                             {}, {{"Cookie", stranger}}).status, 404);
    EXPECT_EQ(send(bad, "05", stranger).status, 404);
    auto listed = yandian::testing::http_request(port, "GET", "/api/v1/monitor/assets", {}, {{"Cookie", stranger}});
    EXPECT_EQ(nlohmann::json::parse(listed.body)["assets"].size(), 0u);
}

}  // namespace

namespace {

// The same through the command line: an asset, a record from a file (stored once), the trend as text.
TEST_F(MonitorHttp, AssetRecordAndTrendThroughTheCommandLine) {
    auto init = run_command({kBinary, "init", "--db", db_, "--org", "Service", "--org-code", "svc", "--kind",
                             "manufacturer", "--admin", "engineer", "--password", "engineer-password-1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    auto added = run_command({kBinary, "monitor", "asset", "add", "--db", db_, "--org", "svc", "--name", "spindle DE",
                              "--machine", "grinder 3", "--position", "DE", "--bearing", "6205", "--nominal-rpm",
                              "1750"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    const std::string id = std::to_string(nlohmann::json::parse(added.out)["id"].get<int>());
    const std::string path = write("day1.csv", outer_race_csv());
    auto first = run_command({kBinary, "monitor", "record", path, "--db", db_, "--asset", id, "--measured-at",
                              "2026-11-30"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const auto j = nlohmann::json::parse(first.out);
    EXPECT_EQ(j["stored"], true);
    EXPECT_EQ(j["record"]["fault"], "outer_race");
    EXPECT_EQ(j["record"]["measured_at"], "2026-11-30T00:00:00.000Z");
    ASSERT_EQ(j["alarms"].size(), 1u);
    EXPECT_EQ(j["alarms"][0]["message"], "bearing fault found: outer_race");
    auto again = run_command({kBinary, "monitor", "record", path, "--db", db_, "--asset", id});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(nlohmann::json::parse(again.out)["stored"], false);
    auto trend = run_command({kBinary, "monitor", "trend", "--db", db_, "--asset", id, "--format", "text"});
    ASSERT_EQ(trend.exit_code, 0) << trend.err;
    EXPECT_NE(trend.out.find("2026-11-30T00:00:00.000Z"), std::string::npos) << trend.out;
    EXPECT_NE(trend.out.find("outer_race"), std::string::npos) << trend.out;
    EXPECT_NE(trend.out.find("alarm 2026-11-30T00:00:00.000Z fault  bearing fault found: outer_race"), std::string::npos)
        << trend.out;
    auto bad_bearing = run_command({kBinary, "monitor", "asset", "add", "--db", db_, "--org", "svc", "--name", "x",
                                    "--machine", "m", "--position", "DE", "--bearing", "ZZZ-1"});
    EXPECT_EQ(bad_bearing.exit_code, 2);
    EXPECT_NE(bad_bearing.err.find("bearing 'ZZZ-1'"), std::string::npos) << bad_bearing.err;
    auto bad_time = run_command({kBinary, "monitor", "record", path, "--db", db_, "--asset", id, "--measured-at",
                                 "yesterday"});
    EXPECT_EQ(bad_time.exit_code, 2);
    EXPECT_NE(bad_time.err.find("measured_at 'yesterday'"), std::string::npos) << bad_time.err;
}

}  // namespace
