// Black-box tests of the acquisition paths: the real `yandian` binary, a real Mosquitto broker on loopback
// (scripts/mosquitto.sh), mosquitto_pub as the gauge, HTTP and a raw socket for the live event stream.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "modbus_server.hpp"
#include "process.hpp"

namespace yandian::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
const std::string kBinary = YANDIAN_BINARY;
const std::string kSource = YANDIAN_SOURCE_DIR;

std::map<std::string, std::string> with_cookie(const std::string& cookie, const std::string& type = {}) {
    std::map<std::string, std::string> h = {{"Cookie", cookie}};
    if (!type.empty()) h["Content-Type"] = type;
    return h;
}

std::string login(unsigned short port, const std::string& user, const std::string& password) {
    auto reply = http_request(port, "POST", "/api/v1/session", json{{"login", user}, {"password", password}}.dump(),
                              {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    auto it = reply.headers.find("set-cookie");
    return it == reply.headers.end() ? std::string() : it->second.substr(0, it->second.find(';'));
}

// The values of a characteristic as the AQDEF export gives them (K0001 lines), in order.
std::vector<double> exported_values(const std::string& dfq) {
    std::vector<double> out;
    std::istringstream in(dfq);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("K0001/", 0) == 0) out.push_back(std::stod(line.substr(line.find(' ') + 1)));
    }
    return out;
}

// A private Mosquitto on a free loopback port, stopped and removed by the destructor.
class Broker {
  public:
    // std::system rather than run_command: the broker daemonises and would keep run_command's pipes open.
    explicit Broker(const std::string& tmp) : tmp_(tmp) {
        const std::string out = tmp + "/mosquitto-port";
        const std::string command = "TMPDIR='" + tmp + "' '" + kSource + "/scripts/mosquitto.sh' start >'" + out +
                                    "' 2>'" + out + ".err' </dev/null";
        const int status = std::system(command.c_str());
        std::ifstream port_file(out);
        if (status == 0 && (port_file >> port_)) return;
        port_ = 0;
        std::ifstream err(out + ".err");
        std::getline(err, error_, '\0');
    }
    ~Broker() {
        if (port_ == 0) return;
        const std::string command = "TMPDIR='" + tmp_ + "' '" + kSource + "/scripts/mosquitto.sh' stop " +
                                    std::to_string(port_) + " >/dev/null 2>&1 </dev/null";
        if (std::system(command.c_str()) != 0) ADD_FAILURE() << "broker on port " << port_ << " did not stop";
    }
    int port() const { return port_; }
    const std::string& error() const { return error_; }
    std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
    // QoS 1 publish; true once the broker acknowledged it (PUBACK).
    bool publish(const std::string& topic, const std::string& payload) const {
        return run_command(
                   {"/usr/bin/mosquitto_pub", "-p", std::to_string(port_), "-q", "1", "-t", topic, "-m", payload})
                   .exit_code == 0;
    }

  private:
    std::string tmp_;
    int port_ = 0;
    std::string error_;
};

// A raw-socket client of GET /api/v1/live that collects the stream's text.
class LiveClient {
  public:
    LiveClient(unsigned short port, const std::string& cookie) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return;
        const std::string request =
            "GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: " + cookie +
            "\r\n\r\n";
        if (send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) return;
        reader_ = std::thread([this] {
            char buffer[4096];
            while (!stop_) {
                pollfd p{fd_, POLLIN, 0};
                if (poll(&p, 1, 100) <= 0) continue;
                ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                std::lock_guard lock(mutex_);
                text_.append(buffer, static_cast<std::size_t>(n));
            }
        });
    }
    ~LiveClient() {
        stop_ = true;
        if (reader_.joinable()) reader_.join();
        if (fd_ >= 0) close(fd_);
    }
    // Waits until the stream holds `needle`.
    bool wait_for(const std::string& needle, std::chrono::milliseconds timeout) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            {
                std::lock_guard lock(mutex_);
                if (text_.find(needle) != std::string::npos) return true;
            }
            std::this_thread::sleep_for(20ms);
        }
        return false;
    }
    std::string text() {
        std::lock_guard lock(mutex_);
        return text_;
    }

  private:
    int fd_ = -1;
    std::atomic<bool> stop_{false};
    std::thread reader_;
    std::mutex mutex_;
    std::string text_;
};

// A tiny HTTP receiver for the alarm webhook: answers the first `fail_first` requests with 500, then 204.
class WebhookReceiver {
  public:
    explicit WebhookReceiver(int fail_first) : fail_first_(fail_first) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        int on = 1;
        setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        listen(fd_, 16);
        thread_ = std::thread([this] { run(); });
    }
    ~WebhookReceiver() {
        stop_ = true;
        thread_.join();
        close(fd_);
    }
    unsigned short port() const { return port_; }
    std::vector<std::string> bodies() {
        std::lock_guard lock(mutex_);
        return bodies_;
    }
    int requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    // True when `n` bodies were accepted (answered 204) before the deadline; woken by each request.
    bool wait_bodies(std::size_t n, std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, limit, [&] { return bodies_.size() >= n; });
    }

  private:
    void run() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            int c = accept(fd_, nullptr, nullptr);
            if (c < 0) continue;
            std::string in;
            char buffer[4096];
            std::size_t need = std::string::npos;
            while (need == std::string::npos || in.size() < need) {
                pollfd q{c, POLLIN, 0};
                if (poll(&q, 1, 2000) <= 0) break;
                ssize_t n = recv(c, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                in.append(buffer, static_cast<std::size_t>(n));
                std::size_t end = in.find("\r\n\r\n");
                if (end != std::string::npos && need == std::string::npos) {
                    std::size_t cl = in.find("Content-Length: ");
                    need = end + 4 + (cl == std::string::npos ? 0 : std::stoul(in.substr(cl + 16)));
                }
            }
            std::string reply;
            {
                std::lock_guard lock(mutex_);
                ++requests_;
                if (requests_ <= fail_first_) {
                    reply = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                } else {
                    bodies_.push_back(in.substr(in.find("\r\n\r\n") + 4));
                    reply = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
                }
            }
            send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
            close(c);
            cv_.notify_all();
        }
    }
    int fd_ = -1;
    unsigned short port_ = 0;
    int fail_first_;
    std::condition_variable cv_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::mutex mutex_;
    int requests_ = 0;
    std::vector<std::string> bodies_;
};

// Org A (alice, admin) with plant, line "grind-3" and characteristic "bore" (I-MR, 24.99..25.01), made over HTTP.
class Acquisition : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = test_store_url(dir_.path());
        if (db_.empty()) GTEST_SKIP() << "YANDIAN_TEST_ENGINE=postgres needs YANDIAN_TEST_POSTGRES (make unit-tests sets both)";
        auto init = run_command({kBinary, "init", "--db", db_, "--org", "Org A", "--kind", "manufacturer", "--org-code",
                                 "orga", "--admin", "alice", "--password", "alice-password-1"});
        ASSERT_EQ(init.exit_code, 0) << init.err;
    }

    std::unique_ptr<ServerProcess> start(std::vector<std::string> extra = {}, const std::string& clock_start = {}) {
        std::vector<std::string> argv = {kBinary};
        if (!clock_start.empty()) argv.insert(argv.end(), {"--clock-start", clock_start});
        argv.insert(argv.end(),
                    {"serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet", "--web-root", dir_.path() + "/web"});
        argv.insert(argv.end(), extra.begin(), extra.end());
        auto server = std::make_unique<ServerProcess>(argv);
        EXPECT_TRUE(server->started()) << server->stderr_text();
        return server;
    }

    // Plant, line and the characteristics; returns their ids by code.
    void create_line(unsigned short port, const std::string& cookie, const std::string& line_code) {
        if (plant_id_ == 0) {
            auto plant = http_request(port, "POST", "/api/v1/plants", json{{"name", "Plant 1"}}.dump(),
                                      with_cookie(cookie, "application/json"));
            ASSERT_EQ(plant.status, 201) << plant.body;
            plant_id_ = json::parse(plant.body).at("id");
        }
        auto line =
            http_request(port, "POST", "/api/v1/lines", json{{"plant_id", plant_id_}, {"code", line_code}}.dump(),
                         with_cookie(cookie, "application/json"));
        ASSERT_EQ(line.status, 201) << line.body;
        lines_[line_code] = json::parse(line.body).at("id");
    }
    std::int64_t create_characteristic(unsigned short port, const std::string& cookie, const std::string& line_code,
                                       const std::string& code) {
        auto c = http_request(port, "POST", "/api/v1/characteristics",
                              json{{"line_id", lines_[line_code]},
                                   {"code", code},
                                   {"part_number", "6205-IR"},
                                   {"feature", code},
                                   {"nominal", 25.0},
                                   {"lsl", 24.99},
                                   {"usl", 25.01},
                                   {"phase1_subgroups", 5}}
                                  .dump(),
                              with_cookie(cookie, "application/json"));
        EXPECT_EQ(c.status, 201) << c.body;
        return json::parse(c.body).at("id");
    }
    std::vector<double> values_of(unsigned short port, const std::string& cookie, std::int64_t id) {
        auto reply = http_request(port, "GET", "/api/v1/characteristics/" + std::to_string(id) + "/aqdef", "",
                                  with_cookie(cookie));
        EXPECT_EQ(reply.status, 200) << reply.body;
        return exported_values(reply.body);
    }
    std::string write_file(const std::string& name, const std::string& text) {
        const std::string path = dir_.path() + "/" + name;
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    TempDir dir_;
    std::string db_;
    std::int64_t plant_id_ = 0;
    std::map<std::string, std::int64_t> lines_;
};

TEST_F(Acquisition, MqttMessageIsStoredOnceAndItsAlarmReachesALiveClient) {
    Broker broker(dir_.path());
    ASSERT_NE(broker.port(), 0) << broker.error();
    auto server = start({"--mqtt-broker", broker.url(), "--mqtt-spool", dir_.path() + "/spool"});
    const unsigned short port = server->port();
    const std::string alice = login(port, "alice", "alice-password-1");
    create_line(port, alice, "grind-3");
    const std::int64_t bore = create_characteristic(port, alice, "grind-3", "bore");
    const std::string topic = "yandian/orga/grind-3/bore";  // the organisation by its code (by id below)

    // The subscriber connects in the background: repeat a message with an id until it is stored (once).
    bool stored = false;
    for (int i = 0; i < 100 && !stored; ++i) {
        ASSERT_TRUE(broker.publish(topic, R"({"id":"probe-1","value":25.001})"));
        std::this_thread::sleep_for(100ms);
        stored = values_of(port, alice, bore).size() == 1;
    }
    ASSERT_TRUE(stored) << server->stderr_text();

    LiveClient live(port, alice);
    ASSERT_TRUE(live.wait_for("200 OK", 5s)) << live.text();
    // 25.5 is outside the specification [24.99, 25.01]: a spec alarm, pushed to the open stream.
    ASSERT_TRUE(broker.publish(topic, R"({"id":"m-2","value":25.5,"time":"2026-11-29T08:00:00.000Z","part":"IR-2"})"));
    EXPECT_TRUE(live.wait_for("event: alarm", 5s)) << live.text();
    EXPECT_NE(live.text().find("\"rules\":\"spec\""), std::string::npos) << live.text();
    // A redelivery of the same message (same id) is not stored again; a message without id is, each time.
    ASSERT_TRUE(broker.publish(topic, R"({"id":"m-2","value":25.5})"));
    ASSERT_TRUE(broker.publish(topic, R"({"value":25.002})"));
    // A wrongly stored duplicate of m-2 would come before a marker published after it: wait for the marker (polling
    // the export, 5 s at most), then look at everything stored.
    ASSERT_TRUE(broker.publish(topic, R"({"id":"m-3","value":25.004})"));
    std::vector<double> values;
    for (int i = 0; i < 50; ++i) {
        values = values_of(port, alice, bore);
        if (!values.empty() && values.back() == 25.004) break;
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(values, (std::vector<double>{25.001, 25.5, 25.002, 25.004}));
    // A message for an unknown characteristic is acknowledged and reported, and does not block the next one.
    ASSERT_TRUE(broker.publish("yandian/1/grind-3/nope", R"({"id":"x","value":1})"));
    ASSERT_TRUE(broker.publish(topic, R"({"id":"m-4","value":25.003})"));
    for (int i = 0; i < 50 && values.size() < 5; ++i) {
        std::this_thread::sleep_for(100ms);
        values = values_of(port, alice, bore);
    }
    EXPECT_EQ(values, (std::vector<double>{25.001, 25.5, 25.002, 25.004, 25.003}));
}

TEST_F(Acquisition, HttpBatchStoresTheGoodValuesNamesTheBadOnesAndARetryIsStoredOnce) {
    auto server = start();
    const unsigned short port = server->port();
    const std::string alice = login(port, "alice", "alice-password-1");
    create_line(port, alice, "grind-3");
    const std::int64_t bore = create_characteristic(port, alice, "grind-3", "bore");
    const std::string path = "/api/v1/characteristics/" + std::to_string(bore) + "/measurements";
    const std::string body =
        R"({"values":[{"value":25.001},{"value":"abc"},{"value":25.002},{"value":25.003,"time":"yesterday"},{"value":24.999}]})";
    auto headers = with_cookie(alice, "application/json");
    headers["Idempotency-Key"] = "batch-0001";
    auto first = http_request(port, "POST", path, body, headers);
    ASSERT_EQ(first.status, 201) << first.body;
    json answer = json::parse(first.body);
    EXPECT_EQ(answer.at("accepted"), 3);
    ASSERT_EQ(answer.at("rejected").size(), 2u);
    EXPECT_EQ(answer.at("rejected")[0].at("index"), 1);
    EXPECT_EQ(answer.at("rejected")[0].at("field"), "value");
    EXPECT_EQ(answer.at("rejected")[1].at("index"), 3);
    EXPECT_EQ(answer.at("rejected")[1].at("field"), "time");

    auto retry = http_request(port, "POST", path, body, headers);
    EXPECT_EQ(retry.status, 200);
    EXPECT_EQ(retry.headers["idempotent-replayed"], "true");
    EXPECT_EQ(retry.body, first.body);
    EXPECT_EQ(values_of(port, alice, bore), (std::vector<double>{25.001, 25.002, 24.999}));

    // ?atomic=true refuses the whole batch.
    auto atomic = http_request(port, "POST", path + "?atomic=true", body, with_cookie(alice, "application/json"));
    EXPECT_EQ(atomic.status, 400);
    EXPECT_EQ(values_of(port, alice, bore).size(), 3u);
}

// Two characteristics in the K-field form of the Q-DAS transfer format (field meanings: AQDEF K-field list as
// summarised in docs/ingest/aqdef.md); the values and limits are this test's own.
const char* kDfq =
    "K0100 2\r\n"
    "K1001/1 6205-IR\r\n"
    "K1002/1 Inner ring 6205\r\n"
    "K2001/1 D-BORE\r\n"
    "K2002/1 Bore diameter\r\n"
    "K2101/1 25\r\n"
    "K2110/1 24.99\r\n"
    "K2111/1 25.01\r\n"
    "K2142/1 mm\r\n"
    "K2001/2 W 1\r\n"
    "K2002/2 Ring width\r\n"
    "K2101/2 15\r\n"
    "K2110/2 14.99\r\n"
    "K2111/2 15.01\r\n"
    "K2142/2 mm\r\n"
    "K0001/1 25.0012\r\n"
    "K0004/1 29.11.2026/08:00:00\r\n"
    "K0006/1 IR-001\r\n"
    "K0001/2 15.0021\r\n"
    "K0004/2 29.11.2026/08:00:00\r\n"
    "K0001/1 24.9987\r\n"
    "K0004/1 29.11.2026/08:00:10\r\n"
    "K0006/1 IR-002\r\n"
    "K0001/2 14.9993\r\n"
    "K0004/2 29.11.2026/08:00:10\r\n"
    "K0001/1 25.0004\r\n"
    "K0004/1 29.11.2026/08:00:20\r\n"
    "K0006/1 IR-003\r\n"
    "K0001/2 15.0002\r\n"
    "K0004/2 29.11.2026/08:00:20\r\n";

TEST_F(Acquisition, AqdefImportCreatesCharacteristicsStoresValuesOnceAndTheExportReadsBackToTheSameData) {
    {
        auto server = start();
        const std::string alice = login(server->port(), "alice", "alice-password-1");
        create_line(server->port(), alice, "grind-3");
        create_line(server->port(), alice, "grind-4");
    }
    const std::string file = write_file("run.dfq", kDfq);
    const std::vector<std::string> import = {
        kBinary, "import", "aqdef", "--db", db_, "--org-id", "1", "--line-id", std::to_string(lines_["grind-3"]), file};
    auto first = run_command(import);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    json report = json::parse(first.out);
    ASSERT_EQ(report.at("characteristics").size(), 2u) << first.out;
    EXPECT_EQ(report["characteristics"][0].at("code"), "D-BORE");
    EXPECT_EQ(report["characteristics"][1].at("code"), "W-1");  // K2001 "W 1": the space is not a code character
    EXPECT_TRUE(report["characteristics"][0].at("created").get<bool>());
    EXPECT_EQ(report["characteristics"][0].at("accepted"), 3);
    EXPECT_EQ(report["characteristics"][1].at("accepted"), 3);
    // The same file again: matched by code, nothing stored twice.
    auto again = run_command(import);
    ASSERT_EQ(again.exit_code, 0) << again.err;
    json report2 = json::parse(again.out);
    EXPECT_FALSE(report2["characteristics"][0].at("created").get<bool>());
    EXPECT_TRUE(report2["characteristics"][0].at("replayed").get<bool>());
    const std::int64_t bore = report["characteristics"][0].at("id");

    auto server = start();
    const unsigned short port = server->port();
    const std::string alice = login(port, "alice", "alice-password-1");
    auto c = json::parse(
        http_request(port, "GET", "/api/v1/characteristics/" + std::to_string(bore), "", with_cookie(alice)).body);
    EXPECT_EQ(c.at("feature"), "Bore diameter");
    EXPECT_EQ(c.at("part_number"), "6205-IR");
    EXPECT_DOUBLE_EQ(c.at("lsl").get<double>(), 24.99);
    EXPECT_DOUBLE_EQ(c.at("usl").get<double>(), 25.01);
    EXPECT_DOUBLE_EQ(c.at("nominal").get<double>(), 25.0);

    auto exported =
        http_request(port, "GET", "/api/v1/characteristics/" + std::to_string(bore) + "/aqdef", "", with_cookie(alice));
    ASSERT_EQ(exported.status, 200);
    EXPECT_EQ(exported_values(exported.body), (std::vector<double>{25.0012, 24.9987, 25.0004}));
    // Dates are written back in plant time (UTC+8), as they were read.
    EXPECT_NE(exported.body.find("29.11.2026/08:00:10"), std::string::npos) << exported.body;
    EXPECT_NE(exported.body.find("IR-002"), std::string::npos);

    // Upload of the export onto another line: a new characteristic with the same description and data.
    auto upload = http_request(port, "POST", "/api/v1/lines/" + std::to_string(lines_["grind-4"]) + "/aqdef",
                               exported.body, with_cookie(alice, "text/plain"));
    ASSERT_EQ(upload.status, 201) << upload.body;
    json up = json::parse(upload.body);
    ASSERT_EQ(up.at("characteristics").size(), 1u);
    EXPECT_TRUE(up["characteristics"][0].at("created").get<bool>());
    const std::int64_t copy = up["characteristics"][0].at("id");
    EXPECT_NE(copy, bore);
    auto reexported =
        http_request(port, "GET", "/api/v1/characteristics/" + std::to_string(copy) + "/aqdef", "", with_cookie(alice));
    EXPECT_EQ(reexported.body, exported.body);
    // Uploading it again stores nothing.
    auto upload2 = http_request(port, "POST", "/api/v1/lines/" + std::to_string(lines_["grind-4"]) + "/aqdef",
                                exported.body, with_cookie(alice, "text/plain"));
    EXPECT_EQ(upload2.status, 200) << upload2.body;
    EXPECT_EQ(values_of(port, alice, copy).size(), 3u);
    // A malformed file is refused whole, naming the line.
    auto bad = http_request(port, "POST", "/api/v1/lines/" + std::to_string(lines_["grind-4"]) + "/aqdef",
                            "K2001/1 X\r\nK2101/1 abc\r\n", with_cookie(alice, "text/plain"));
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("line 2"), std::string::npos) << bad.body;
}

TEST_F(Acquisition, CsvHistoryImportMapsColumnsAndNamesBadRows) {
    std::int64_t bore = 0;
    {
        auto server = start();
        const std::string alice = login(server->port(), "alice", "alice-password-1");
        create_line(server->port(), alice, "grind-3");
        bore = create_characteristic(server->port(), alice, "grind-3", "bore");
    }
    const std::string file = write_file("history.csv",
                                        "Zeit;Durchmesser;Teil\n"
                                        "2026-11-29T08:00:00Z;25.001;T1\n"
                                        "2026-11-29T08:00:10Z;x;T2\n"
                                        "2026-11-29T08:00:20Z;24.998;T3\n");
    const std::vector<std::string> argv = {kBinary,
                                           "import",
                                           "csv",
                                           "--db",
                                           db_,
                                           "--characteristic-id",
                                           std::to_string(bore),
                                           "--delimiter",
                                           ";",
                                           "--map",
                                           "value=Durchmesser,time=Zeit,part=Teil",
                                           file};
    auto first = run_command(argv);
    ASSERT_EQ(first.exit_code, 3) << first.err;  // read, but a row was refused
    json report = json::parse(first.out);
    EXPECT_EQ(report["characteristics"][0].at("accepted"), 2);
    ASSERT_EQ(report["characteristics"][0].at("rejected").size(), 1u);
    EXPECT_EQ(report["characteristics"][0]["rejected"][0].at("index"), 2);  // second data row
    auto again = json::parse(run_command(argv).out);
    EXPECT_TRUE(again["characteristics"][0].at("replayed").get<bool>());
    auto unmapped = run_command(
        {kBinary, "import", "csv", "--db", db_, "--characteristic-id", std::to_string(bore), "--delimiter", ";", file});
    EXPECT_EQ(unmapped.exit_code, 2);
    EXPECT_NE(unmapped.err.find("value"), std::string::npos);

    auto server = start();
    const std::string alice = login(server->port(), "alice", "alice-password-1");
    EXPECT_EQ(values_of(server->port(), alice, bore), (std::vector<double>{25.001, 24.998}));
}

TEST_F(Acquisition, AlarmsArePostedToTheWebhookWithRetries) {
    WebhookReceiver receiver(2);
    auto server = start({"--alarm-webhook", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook"});
    const unsigned short port = server->port();
    const std::string alice = login(port, "alice", "alice-password-1");
    create_line(port, alice, "grind-3");
    const std::int64_t bore = create_characteristic(port, alice, "grind-3", "bore");
    auto ingest = http_request(port, "POST", "/api/v1/characteristics/" + std::to_string(bore) + "/measurements",
                               json{{"values", {25.0, 25.5}}}.dump(), with_cookie(alice, "application/json"));
    ASSERT_EQ(ingest.status, 201) << ingest.body;
    const json alarms = json::parse(ingest.body).at("alarms");
    ASSERT_EQ(alarms.size(), 1u);
    // Two refusals (500), then delivered: back-off 250 ms, then 500 ms.
    ASSERT_TRUE(receiver.wait_bodies(1, 15s)) << "no delivery within 15 s; requests: " << receiver.requests();
    ASSERT_EQ(receiver.bodies().size(), 1u);
    EXPECT_EQ(receiver.requests(), 3);
    json posted = json::parse(receiver.bodies()[0]);
    EXPECT_EQ(posted.at("id"), alarms[0].at("id"));
    EXPECT_EQ(posted.at("rules"), "spec");
}

TEST_F(Acquisition, CustomerSeesOnlyLiveGrantsAndEveryGrantedReadIsLogged) {
    auto org = run_command({kBinary, "org", "add", "--db", db_, "--name", "OEM C", "--kind", "manufacturer"});
    ASSERT_EQ(org.exit_code, 0) << org.err;
    const std::int64_t org_c = json::parse(org.out).at("id");
    auto carol = run_command({kBinary, "user", "add", "--db", db_, "--org-id", std::to_string(org_c), "--login",
                              "carol", "--role", "viewer", "--password", "carol-password-1"});
    ASSERT_EQ(carol.exit_code, 0) << carol.err;
    // The server's clock is pinned by --clock-start (it starts at that time and runs at the wall clock's pace), so
    // the grant expiry below is a fixed date, and "after expiry" is a restart at a later fixed date, not a sleep.
    auto server = start({}, "2030-06-30T08:00:00Z");
    unsigned short port = server->port();
    std::string alice = login(port, "alice", "alice-password-1");
    std::string customer = login(port, "carol", "carol-password-1");
    create_line(port, alice, "grind-3");
    const std::int64_t bore = create_characteristic(port, alice, "grind-3", "bore");
    const std::int64_t width = create_characteristic(port, alice, "grind-3", "width");
    for (std::int64_t id : {bore, width}) {
        auto r = http_request(port, "POST", "/api/v1/characteristics/" + std::to_string(id) + "/measurements",
                              json{{"values", {25.0, 25.001, 24.999}}}.dump(), with_cookie(alice, "application/json"));
        ASSERT_EQ(r.status, 201);
    }
    auto reads = [&](std::int64_t id) {
        const std::string base = "/api/v1/characteristics/" + std::to_string(id);
        std::vector<int> statuses;
        for (const std::string& path : {base, base + "/chart", base + "/events", base + "/aqdef"}) {
            statuses.push_back(http_request(port, "GET", path, "", with_cookie(customer)).status);
        }
        return statuses;
    };
    const std::vector<int> none = {404, 404, 404, 404};
    const std::vector<int> all = {200, 200, 200, 200};
    EXPECT_EQ(reads(bore), none) << "no grant yet";

    auto grant = http_request(
        port, "POST", "/api/v1/grants",
        json{{"grantee_org_id", org_c}, {"characteristic_id", bore}, {"expires_at", "2099-01-01T00:00:00.000Z"}}.dump(),
        with_cookie(alice, "application/json"));
    ASSERT_EQ(grant.status, 201) << grant.body;
    const std::string grant_id = std::to_string(json::parse(grant.body).at("id").get<std::int64_t>());
    EXPECT_EQ(reads(bore), all);
    EXPECT_EQ(reads(width), none) << "a grant on one characteristic shows nothing else";
    auto list = json::parse(http_request(port, "GET", "/api/v1/characteristics", "", with_cookie(customer)).body);
    ASSERT_EQ(list.at("characteristics").size(), 1u);
    EXPECT_EQ(list["characteristics"][0].at("id"), bore);
    // Four granted reads, four log entries.
    auto access =
        json::parse(http_request(port, "GET", "/api/v1/grants/" + grant_id + "/access", "", with_cookie(alice)).body);
    EXPECT_EQ(access.at("accesses"), 4);

    ASSERT_EQ(http_request(port, "DELETE", "/api/v1/grants/" + grant_id, "", with_cookie(alice)).status, 204);
    EXPECT_EQ(reads(bore), none) << "after revocation";

    // A grant expiring at midnight after the server's start date: live now, expired when the server runs on 2 July.
    auto short_grant = http_request(
        port, "POST", "/api/v1/grants",
        json{{"grantee_org_id", org_c}, {"characteristic_id", width}, {"expires_at", "2030-07-01T00:00:00.000Z"}}.dump(),
        with_cookie(alice, "application/json"));
    ASSERT_EQ(short_grant.status, 201) << short_grant.body;
    const std::string short_id = std::to_string(json::parse(short_grant.body).at("id").get<std::int64_t>());
    EXPECT_EQ(
        http_request(port, "GET", "/api/v1/characteristics/" + std::to_string(width), "", with_cookie(customer)).status,
        200);
    ASSERT_EQ(server->terminate_and_wait(std::chrono::seconds(30)), 0);

    server = start({}, "2030-07-02T00:00:00Z");
    port = server->port();
    alice = login(port, "alice", "alice-password-1");
    customer = login(port, "carol", "carol-password-1");
    EXPECT_EQ(reads(width), none) << "after expiry";
    access =
        json::parse(http_request(port, "GET", "/api/v1/grants/" + short_id + "/access", "", with_cookie(alice)).body);
    EXPECT_EQ(access.at("accesses"), 1);
    // The revoked grant's log kept its four entries and gained none.
    access =
        json::parse(http_request(port, "GET", "/api/v1/grants/" + grant_id + "/access", "", with_cookie(alice)).body);
    EXPECT_EQ(access.at("accesses"), 4);
}

TEST_F(Acquisition, AfterSigkillDuringMqttAndHttpIngestNoAcknowledgedValueIsMissingOrDuplicated) {
    Broker broker(dir_.path());
    ASSERT_NE(broker.port(), 0) << broker.error();
    const std::vector<std::string> mqtt = {"--mqtt-broker", broker.url(), "--mqtt-spool", dir_.path() + "/spool"};
    auto server = start(mqtt);
    std::string alice = login(server->port(), "alice", "alice-password-1");
    create_line(server->port(), alice, "grind-3");
    const std::int64_t via_http = create_characteristic(server->port(), alice, "grind-3", "http-bore");
    const std::int64_t via_mqtt = create_characteristic(server->port(), alice, "grind-3", "mqtt-bore");
    // Connect the subscriber (and create its persistent session) before the load starts.
    bool ready = false;
    for (int i = 0; i < 100 && !ready; ++i) {
        ASSERT_TRUE(broker.publish("yandian/1/grind-3/mqtt-bore", R"({"id":"m-0","value":25.0})"));
        std::this_thread::sleep_for(100ms);
        ready = values_of(server->port(), alice, via_mqtt).size() == 1;
    }
    ASSERT_TRUE(ready);

    // Value i of each path is 25 + i * 1e-6, so each stored value names the message or batch it came from.
    std::atomic<bool> stop{false};
    std::atomic<unsigned short> port{server->port()};
    std::mutex mutex;
    std::set<int> http_acked, http_sent, mqtt_acked;
    std::thread http_writer([&] {
        for (int b = 0; !stop; ++b) {
            json values = json::array();
            for (int k = 0; k < 10; ++k) values.push_back(25.0 + (b * 10 + k + 1) * 1e-6);
            auto h = with_cookie(alice, "application/json");
            h["Idempotency-Key"] = "b-" + std::to_string(b);
            {
                std::lock_guard lock(mutex);
                http_sent.insert(b);
            }
            auto r = http_request(port, "POST", "/api/v1/characteristics/" + std::to_string(via_http) + "/measurements",
                                  json{{"values", values}}.dump(), h);
            if (r.status == 0) break;  // the server is gone: this batch is unanswered, the client stops
            if (r.status == 201) {
                std::lock_guard lock(mutex);
                http_acked.insert(b);
            }
        }
    });
    std::thread mqtt_writer([&] {
        for (int m = 1; !stop; ++m) {
            json payload = {{"id", "m-" + std::to_string(m)}, {"value", 25.0 + m * 1e-6}};
            if (broker.publish("yandian/1/grind-3/mqtt-bore", payload.dump())) {
                std::lock_guard lock(mutex);
                mqtt_acked.insert(m);
            }
        }
    });
    // Load until both paths have a good number of acknowledged writes (checked every 50 ms, 60 s at most), then kill.
    auto acked = [&](std::size_t http_n, std::size_t mqtt_n) {
        std::lock_guard lock(mutex);
        return http_acked.size() >= http_n && mqtt_acked.size() >= mqtt_n;
    };
    for (auto until = std::chrono::steady_clock::now() + 60s; !acked(20, 20) && std::chrono::steady_clock::now() < until;)
        std::this_thread::sleep_for(50ms);
    server->kill_now();
    // The gauge keeps publishing while the server is down: wait until the broker acknowledged 5 more messages, which
    // the restarted server must then take from its persistent session.
    std::size_t at_kill = 0;
    {
        std::lock_guard lock(mutex);
        at_kill = mqtt_acked.size();
    }
    for (auto until = std::chrono::steady_clock::now() + 30s; !acked(0, at_kill + 5) && std::chrono::steady_clock::now() < until;)
        std::this_thread::sleep_for(20ms);
    stop = true;
    http_writer.join();
    mqtt_writer.join();
    ASSERT_GT(http_acked.size(), 5u);
    ASSERT_GT(mqtt_acked.size(), 5u);
    std::cout << "[ crash    ] killed after " << http_acked.size() << " acknowledged HTTP batches of 10 ("
              << http_sent.size() - http_acked.size() << " unanswered) and " << mqtt_acked.size()
              << " acknowledged MQTT messages\n";

    server = start(mqtt);
    port = server->port();
    alice = login(server->port(), "alice", "alice-password-1");
    // The HTTP client retries what it sent but got no answer for, with the same key (stored at most once).
    for (int b : http_sent) {
        if (http_acked.count(b)) continue;
        json values = json::array();
        for (int k = 0; k < 10; ++k) values.push_back(25.0 + (b * 10 + k + 1) * 1e-6);
        auto h = with_cookie(alice, "application/json");
        h["Idempotency-Key"] = "b-" + std::to_string(b);
        auto r = http_request(server->port(), "POST",
                              "/api/v1/characteristics/" + std::to_string(via_http) + "/measurements",
                              json{{"values", values}}.dump(), h);
        ASSERT_TRUE(r.status == 201 || r.status == 200) << r.body;
    }
    std::multiset<long> http_values;
    for (double v : values_of(server->port(), alice, via_http)) http_values.insert(std::lround((v - 25.0) * 1e6));
    EXPECT_EQ(http_values.size(), http_sent.size() * 10) << "every batch exactly once";
    for (int b : http_sent) {
        for (int k = 0; k < 10; ++k) EXPECT_EQ(http_values.count(b * 10 + k + 1), 1u) << "batch " << b;
    }

    // MQTT: every message the broker acknowledged arrives (from the broker's session or the spool), once.
    // A duplicate from the session or the spool would be stored before a marker published now (m-900000, value
    // 25.9): wait for the marker (20 s at most), then count.
    constexpr long kMarker = 900000;
    ASSERT_TRUE(broker.publish("yandian/1/grind-3/mqtt-bore", json{{"id", "m-marker"}, {"value", 25.9}}.dump()));
    std::multiset<long> mqtt_values;
    for (int i = 0; i < 200; ++i) {
        mqtt_values.clear();
        for (double v : values_of(server->port(), alice, via_mqtt)) mqtt_values.insert(std::lround((v - 25.0) * 1e6));
        if (mqtt_values.count(kMarker) > 0) break;
        std::this_thread::sleep_for(100ms);
    }
    ASSERT_EQ(mqtt_values.count(kMarker), 1u) << "the marker message did not arrive";
    for (int m : mqtt_acked) EXPECT_EQ(mqtt_values.count(m), 1u) << "message m-" << m;
    std::set<long> distinct(mqtt_values.begin(), mqtt_values.end());
    EXPECT_EQ(distinct.size(), mqtt_values.size()) << "no message stored twice";
}

// A Modbus TCP gauge configured with --modbus-config: its register, scaled and offset as the map says,
// arrives as values of the characteristic (raw 12 x 0.001 + 25 = 25.012 mm; raw 65526 as int16 = -10 → 24.990).
TEST_F(Acquisition, ModbusGaugeRegistersArriveAsValuesOfTheirCharacteristic) {
    const int modbus_port = free_port();
    ModbusServer gauge(modbus_port);
    ASSERT_TRUE(gauge.start());
    gauge.set_holding(0, {12});
    gauge.set_holding(1, {65526});
    std::int64_t bore = 0, width = 0;
    {
        auto setup = start();
        std::string cookie = login(setup->port(), "alice", "alice-password-1");
        create_line(setup->port(), cookie, "grind-5");
        bore = create_characteristic(setup->port(), cookie, "grind-5", "bore-m");
        width = create_characteristic(setup->port(), cookie, "grind-5", "width-m");
    }
    const json config = {{"host", "127.0.0.1"},
                         {"port", modbus_port},
                         {"unit_id", 1},
                         {"interval_ms", 100},
                         {"registers",
                          {{{"organisation", "1"}, {"line", "grind-5"}, {"characteristic", "bore-m"}, {"kind", "holding"},
                            {"address", 0}, {"type", "uint16"}, {"scale", 0.001}, {"offset", 25.0}},
                           {{"organisation", "1"}, {"line", "grind-5"}, {"characteristic", "width-m"}, {"kind", "holding"},
                            {"address", 1}, {"type", "int16"}, {"scale", 0.001}, {"offset", 25.0}}}}};
    const std::string file = write_file("gauge.json", config.dump());
    auto server = start({"--modbus-config", file});
    std::string cookie = login(server->port(), "alice", "alice-password-1");
    std::vector<double> bores, widths;
    for (int i = 0; i < 100 && (bores.size() < 3 || widths.size() < 3); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        bores = values_of(server->port(), cookie, bore);
        widths = values_of(server->port(), cookie, width);
    }
    ASSERT_GE(bores.size(), 3u) << server->stderr_text();
    ASSERT_GE(widths.size(), 3u);
    for (double v : bores) EXPECT_NEAR(v, 25.012, 1e-9);
    for (double v : widths) EXPECT_NEAR(v, 24.990, 1e-9);
    EXPECT_EQ(server->terminate_and_wait(std::chrono::seconds(30)), 0) << "the poller stops with the server";
}

// Several devices: `--modbus-config` twice, one file per gauge, each on its own port. Both are polled (gauge A's
// raw 40 x 0.001 + 25 = 25.040 mm on bore-a, gauge B's int16 0xFFEC = -20 → 25 - 0.020 = 24.980 mm on bore-b).
// Then a bad second file (an entry naming a characteristic that does not exist) stops the server at start, the
// message names that file and entry, and nothing is polled from the good first file: every file is checked before
// any poller starts.
TEST_F(Acquisition, SeveralModbusConfigFilesAreEachValidatedAndEachPolled) {
    const int port_a = free_port();
    ModbusServer gauge_a(port_a);
    ASSERT_TRUE(gauge_a.start());
    const int port_b = free_port();
    ModbusServer gauge_b(port_b);
    ASSERT_TRUE(gauge_b.start());
    gauge_a.set_holding(0, {40});
    gauge_b.set_holding(3, {0xFFEC});
    std::int64_t bore_a = 0, bore_b = 0;
    {
        auto setup = start();
        std::string cookie = login(setup->port(), "alice", "alice-password-1");
        create_line(setup->port(), cookie, "grind-6");
        bore_a = create_characteristic(setup->port(), cookie, "grind-6", "bore-a");
        bore_b = create_characteristic(setup->port(), cookie, "grind-6", "bore-b");
    }
    auto device = [](int port, const std::string& characteristic, int address, const std::string& type) {
        return json{{"host", "127.0.0.1"},
                    {"port", port},
                    {"interval_ms", 100},
                    {"registers",
                     {{{"organisation", "orga"}, {"line", "grind-6"}, {"characteristic", characteristic},
                       {"address", address}, {"type", type}, {"scale", 0.001}, {"offset", 25.0}}}}}
            .dump();
    };
    const std::string file_a = write_file("gauge-a.json", device(port_a, "bore-a", 0, "uint16"));
    const std::string file_b = write_file("gauge-b.json", device(port_b, "bore-b", 3, "int16"));
    const std::string file_bad = write_file("gauge-bad.json", device(port_b, "bore-z", 3, "int16"));

    // A bad second file: refused at start, named, and the good first file's gauge was never read into the store.
    auto refused = run_command({kBinary, "serve", "--db", db_, "--listen", "127.0.0.1:0", "--quiet", "--modbus-config",
                                file_a, "--modbus-config", file_bad});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find(file_bad + ": registers[0].characteristic: characteristic 'bore-z' not found"),
              std::string::npos)
        << refused.err;
    EXPECT_EQ(refused.err.find(file_a + ":"), std::string::npos) << "the good file is not blamed: " << refused.err;
    {
        auto check = start();
        std::string cookie = login(check->port(), "alice", "alice-password-1");
        EXPECT_TRUE(values_of(check->port(), cookie, bore_a).empty()) << "the refused server polled gauge A";
    }

    auto server = start({"--modbus-config", file_a, "--modbus-config", file_b});
    std::string cookie = login(server->port(), "alice", "alice-password-1");
    std::vector<double> a, b;
    for (int i = 0; i < 150 && (a.size() < 3 || b.size() < 3); ++i) {  // polled every 100 ms: 15 s at most
        std::this_thread::sleep_for(100ms);
        a = values_of(server->port(), cookie, bore_a);
        b = values_of(server->port(), cookie, bore_b);
    }
    ASSERT_GE(a.size(), 3u) << server->stderr_text();
    ASSERT_GE(b.size(), 3u) << server->stderr_text();
    for (double v : a) EXPECT_NEAR(v, 25.040, 1e-9);
    for (double v : b) EXPECT_NEAR(v, 24.980, 1e-9);
    EXPECT_EQ(server->terminate_and_wait(std::chrono::seconds(30)), 0) << "both pollers stop with the server";
}

TEST(Demo, SeedsTheGrindingLineAndTheCustomerAndTheSimulationRaisesAlarms) {
    TempDir dir;
    ServerProcess server({kBinary, "demo", "--dir", dir.path(), "--listen", "127.0.0.1:0", "--quiet", "--period-ms",
                          "20", "--history-hours", "1"});
    ASSERT_TRUE(server.started()) << server.stderr_text();
    EXPECT_NE(server.output().find("customer / customer-demo"), std::string::npos) << server.output();
    const unsigned short port = server.port();
    const std::string demo = login(port, "demo", "demo-yandian");
    auto list = json::parse(http_request(port, "GET", "/api/v1/characteristics", "", with_cookie(demo)).body);
    ASSERT_EQ(list.at("characteristics").size(), 6u);  // grind-3's four, and the two furnace zones of line ht-1
    std::int64_t raceway = 0;
    for (const json& c : list["characteristics"]) {
        if (c.at("code") == "raceway-d") {
            raceway = c.at("id");
            EXPECT_EQ(c.at("subgroup_size"), 5);
            EXPECT_EQ(c.at("chart_type"), "xbar-r");
            EXPECT_DOUBLE_EQ(c.at("usl").get<double>(), 31.51);
        }
        if (c.at("code") == "roundness") {
            EXPECT_TRUE(c.at("lsl").is_null());
            EXPECT_DOUBLE_EQ(c.at("usl").get<double>(), 0.002);
        }
    }
    // One hour of history at one part per 10 s: 360 values, 72 subgroups; limits computed from them.
    auto chart =
        json::parse(http_request(port, "GET", "/api/v1/characteristics/" + std::to_string(raceway) + "/chart?last=1000",
                                 "", with_cookie(demo))
                        .body);
    EXPECT_GE(chart.at("points").size(), 72u);
    EXPECT_TRUE(chart.at("limits_established").get<bool>());
    // The customer sees the raceway diameter and nothing else.
    const std::string customer = login(port, "customer", "customer-demo");
    auto theirs = json::parse(http_request(port, "GET", "/api/v1/characteristics", "", with_cookie(customer)).body);
    ASSERT_EQ(theirs.at("characteristics").size(), 1u);
    EXPECT_EQ(theirs["characteristics"][0].at("id"), raceway);
    // The line runs at one part per 20 ms here: the step shift after 120 parts raises raceway alarms within seconds.
    const std::size_t before =
        json::parse(http_request(port, "GET", "/api/v1/alarms?limit=1000", "", with_cookie(demo)).body)
            .at("alarms")
            .size();
    std::size_t after = before;
    for (int i = 0; i < 100 && after <= before; ++i) {
        std::this_thread::sleep_for(100ms);
        after = json::parse(http_request(port, "GET", "/api/v1/alarms?limit=1000", "", with_cookie(demo)).body)
                    .at("alarms")
                    .size();
    }
    EXPECT_GT(after, before);
}

}  // namespace
}  // namespace yandian::testing
