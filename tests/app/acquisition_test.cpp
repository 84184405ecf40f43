// Unit tests of the acquisition glue: broker and webhook addresses, MQTT message ids, the error rule for the MQTT
// subscriber, CSV column mappings, AQDEF codes, the simulated grinding line and the webhook's retry, give-up and
// full-queue policy (a loopback receiver that signals each request; no sleeping).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "app/alarm_webhook.hpp"
#include "app/demo_line.hpp"
#include "app/file_import.hpp"
#include "app/live_hub.hpp"
#include "app/mqtt_ingest.hpp"

namespace yandian::app {
namespace {

using namespace std::chrono_literals;

TEST(BrokerAddress, AcceptsTcpAndMqttSchemesWithTheMqttDefaultPort) {
    auto a = parse_broker_address("tcp://127.0.0.1:18830");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->first, "127.0.0.1");
    EXPECT_EQ(a->second, 18830);
    auto b = parse_broker_address("mqtt://broker.plant");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->first, "broker.plant");
    EXPECT_EQ(b->second, 1883);  // IANA port of MQTT
    EXPECT_FALSE(parse_broker_address("ssl://broker:8883"));
    EXPECT_EQ(parse_broker_address("tcp://broker:70000").error().field, "mqtt-broker");
    EXPECT_FALSE(parse_broker_address("tcp://:1883"));
}

TEST(MqttMessageId, IsTheTopLevelIdOfAnObject) {
    EXPECT_EQ(payload_message_id(R"({"id":"G3-000123","value":25.001})").value(),
              std::optional<std::string>("G3-000123"));
    EXPECT_EQ(payload_message_id(R"({"id":42,"values":[25.0,25.1]})").value(), std::optional<std::string>("42"));
    EXPECT_EQ(payload_message_id("25.001").value(), std::nullopt);
    EXPECT_EQ(payload_message_id(R"({"value":25.001})").value(), std::nullopt);
    EXPECT_EQ(payload_message_id("not json").value(), std::nullopt);
    EXPECT_FALSE(payload_message_id(R"({"id":1.5,"value":1})"));
    EXPECT_FALSE(payload_message_id(R"({"id":""})"));
    EXPECT_FALSE(payload_message_id("{\"id\":\"" + std::string(181, 'x') + "\"}"));
}

TEST(MqttErrorRule, RefusalsStayPermanentAndStoreFailuresAreRetried) {
    EXPECT_EQ(classify_ingest_error({ErrorCode::kNotFound, "characteristic 'x' not found", "characteristic"}).code,
              ErrorCode::kNotFound);
    EXPECT_EQ(classify_ingest_error({ErrorCode::kInvalidArgument, "bad", "value"}).code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(classify_ingest_error({ErrorCode::kInternal, "disk I/O error", ""}).code, ErrorCode::kUnavailable);
    EXPECT_EQ(classify_ingest_error({ErrorCode::kRateLimited, "slow down", ""}).code, ErrorCode::kUnavailable);
    EXPECT_EQ(classify_ingest_error({ErrorCode::kUnavailable, "database is locked", ""}).message, "database is locked");
}

TEST(WebhookUrl, OnlyPlainHttp) {
    auto u = parse_http_url("http://127.0.0.1:9000/hooks/alarms");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->host, "127.0.0.1");
    EXPECT_EQ(u->port, 9000);
    EXPECT_EQ(u->target, "/hooks/alarms");
    auto d = parse_http_url("http://relay");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->port, 80);
    EXPECT_EQ(d->target, "/");
    EXPECT_FALSE(parse_http_url("https://relay/alarms"));
    EXPECT_FALSE(parse_http_url("http://relay:0/"));
}

TEST(ColumnMapping, NamesFieldsAndRefusesUnknownOnes) {
    auto m = parse_column_mapping("value=Durchmesser,time=Zeit,part=Teil");
    ASSERT_TRUE(m);
    ASSERT_EQ(m->size(), 3u);
    EXPECT_EQ((*m)[0], (std::pair<std::string, std::string>{"value", "Durchmesser"}));
    EXPECT_EQ((*m)[2], (std::pair<std::string, std::string>{"part", "Teil"}));
    auto unknown = parse_column_mapping("value=D,diameter=X");
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("diameter"), std::string::npos);
    EXPECT_FALSE(parse_column_mapping("value"));
    EXPECT_FALSE(parse_column_mapping("value="));
}

TEST(AqdefCode, KeepsCodeCharactersAndReplacesTheRest) {
    ingest::AqdefCharacteristic c;
    c.index = 3;
    c.number = "W 1/a";
    EXPECT_EQ(aqdef_code(c), "W-1-a");
    c.number = "D_BORE.2";
    EXPECT_EQ(aqdef_code(c), "D_BORE.2");
    c.number.clear();
    EXPECT_EQ(aqdef_code(c), "c3");
    c.number = std::string(80, 'x');
    EXPECT_EQ(aqdef_code(c).size(), 64u);
}

TEST(GrindingLineModel, SameSeedSameLine) {
    GrindingLineModel a(7, {}), b(7, {});
    for (int i = 0; i < 100; ++i) {
        DemoPart p = a.next(), q = b.next();
        EXPECT_EQ(p.serial, q.serial);
        EXPECT_EQ(p.raceway, q.raceway);
        EXPECT_EQ(p.roundness, q.roundness);
    }
}

// The model's stated parameters are the reference: with wear, shift and outliers off, the raceway is 31.5 mm with
// sigma 0.0015 mm. Sample mean within 4 standard errors (0.0015 / sqrt(n)); sample sigma within 3 % (its standard
// error is about sigma / sqrt(2n) = 0.5 % for n = 20,000).
TEST(GrindingLineModel, InControlRacewayHasTheStatedMeanAndSigma) {
    GrindingLineSettings s;
    s.wear_per_part = 0;
    s.outlier_every = 1'000'000'000;
    GrindingLineModel model(42, s, 0, false);
    const int n = 20000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
        double v = model.next().raceway - 31.5;
        sum += v;
        sum2 += v * v;
    }
    const double mean = sum / n;
    const double sd = std::sqrt((sum2 - n * mean * mean) / (n - 1));
    EXPECT_NEAR(mean, 0.0, 4 * 0.0015 / std::sqrt(n));
    EXPECT_NEAR(sd, 0.0015, 0.03 * 0.0015);
}

TEST(GrindingLineModel, WearDriftsUntilDressingAndTheShiftStartsWhereSet) {
    GrindingLineSettings s;
    s.dress_every = 300;
    s.wear_per_part = 0.00001;
    s.shift_after = 10'000'000;  // not within this run
    s.outlier_every = 1'000'000'000;
    GrindingLineModel model(3, s);
    // Over 20 dressing cycles: parts 250..299 of a cycle minus parts 0..49 = 250 parts of wear = 0.0025 mm.
    double early = 0, late = 0;
    int dressings = 0;
    for (int cycle = 0; cycle < 20; ++cycle) {
        for (int j = 0; j < 300; ++j) {
            DemoPart p = model.next();
            if (p.dressed) ++dressings;
            EXPECT_EQ(p.dressed, cycle > 0 && j == 0) << "cycle " << cycle << " part " << j;
            if (j < 50) early += p.raceway;
            if (j >= 250) late += p.raceway;
        }
    }
    EXPECT_EQ(dressings, 19);
    // Standard error of the difference of two means of 1,000 values each: 0.0015 * sqrt(2 / 1000) = 0.000067.
    EXPECT_NEAR((late - early) / 1000.0, 0.0025, 4 * 0.000067);

    GrindingLineSettings shifted;
    shifted.shift_after = 5;
    GrindingLineModel with_shift(3, shifted);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(with_shift.next().shift_started, i == 5);
}

// A loopback HTTP receiver for the webhook: reads each request whole (headers and Content-Length body), records the
// body, answers with `answer(n, body)` (n = 0-based request number) and signals every receipt and every answer, so
// tests wait on what happened instead of sleeping. With hold_first, the first request is held unanswered until
// release(), which keeps the webhook's worker busy while a test fills the queue.
class Receiver {
  public:
    using Answer = std::function<int(int n, const std::string& body)>;
    explicit Receiver(Answer answer, bool hold_first = false) : answer_(std::move(answer)), holding_(hold_first) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        listen(fd_, 16);
        thread_ = std::thread([this] { serve(); });
    }
    ~Receiver() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
            holding_ = false;
        }
        cv_.notify_all();
        thread_.join();
        close(fd_);
    }
    unsigned short port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/alarms"; }
    void release() {
        {
            std::lock_guard lock(mutex_);
            holding_ = false;
        }
        cv_.notify_all();
    }
    // True when `n` requests were received (answered) before the deadline.
    bool wait_received(std::size_t n, std::chrono::milliseconds limit = 10s) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, limit, [&] { return bodies_.size() >= n; });
    }
    bool wait_answered(std::size_t n, std::chrono::milliseconds limit = 10s) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, limit, [&] { return answered_ >= n; });
    }
    std::vector<std::string> bodies() const {
        std::lock_guard lock(mutex_);
        return bodies_;
    }

  private:
    void serve() {
        while (true) {
            {
                std::lock_guard lock(mutex_);
                if (stop_) return;
            }
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0) continue;  // a bounded wait, so the destructor's stop_ is seen
            int c = accept(fd_, nullptr, nullptr);
            if (c < 0) continue;
            timeval tv{5, 0};  // a stalled client cannot hold the receiver (and the test's end) forever
            setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            std::string request;
            char buffer[4096];
            std::size_t header_end = std::string::npos, length = 0;
            while (true) {
                ssize_t n = recv(c, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                request.append(buffer, static_cast<std::size_t>(n));
                if (header_end == std::string::npos && (header_end = request.find("\r\n\r\n")) != std::string::npos) {
                    const auto at = request.find("Content-Length: ");
                    if (at != std::string::npos) length = std::stoul(request.substr(at + 16));
                }
                if (header_end != std::string::npos && request.size() >= header_end + 4 + length) break;
            }
            const std::string body = header_end == std::string::npos ? "" : request.substr(header_end + 4, length);
            int number = 0;
            {
                std::unique_lock lock(mutex_);
                number = static_cast<int>(bodies_.size());
                bodies_.push_back(body);
                cv_.notify_all();
                if (number == 0) cv_.wait(lock, [&] { return !holding_; });
            }
            const std::string reply =
                "HTTP/1.1 " + std::to_string(answer_(number, body)) + " X\r\nContent-Length: 0\r\n\r\n";
            send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
            close(c);
            {
                std::lock_guard lock(mutex_);
                ++answered_;
            }
            cv_.notify_all();
        }
    }

    Answer answer_;
    int fd_ = -1;
    unsigned short port_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool holding_ = false;
    std::vector<std::string> bodies_;
    std::size_t answered_ = 0;
    std::thread thread_;
};

// Captures what the default logger writes while it lives (the webhook's worker logs through spdlog's default).
class LogCapture {
  public:
    LogCapture() : previous_(spdlog::default_logger()) {
        sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink_));
    }
    ~LogCapture() { spdlog::set_default_logger(previous_); }
    std::string text() {
        sink_->flush();
        std::lock_guard lock(mutex_);
        return stream_.str();
    }

  private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream stream_;
    std::mutex mutex_;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

TEST(DemoHistory, OneBoreValueIsMarkedInvalidByItsGauge) {
    ingest::IncomingBatch bore;
    ingest::IncomingBatch width;
    for (int i = 0; i < 100; ++i) {
        bore.values.push_back({});
        bore.values.back().value = 25.0;
        width.values.push_back({});
        width.values.back().value = 15.0;
    }
    mark_demo_history("bore-d", bore);
    mark_demo_history("width", width);
    int marked = 0;
    for (const auto& v : bore.values) marked += v.attributes != 0 ? 1 : 0;
    EXPECT_EQ(marked, 1);
    EXPECT_EQ(bore.values[60].attributes, 129u) << "40 values before the end";
    EXPECT_NEAR(bore.values[60].value, 25.02, 1e-12);
    for (const auto& v : width.values) EXPECT_EQ(v.attributes, 0u);
}

TEST(AlarmWebhook, RetriesAFailedDeliveryUntilItIsAccepted) {
    const int statuses[] = {503, 500, 204};
    Receiver receiver([&](int n, const std::string&) { return statuses[std::min(n, 2)]; });
    WebhookOptions o;
    o.url = receiver.url();
    o.backoff_initial = 10ms;
    AlarmWebhook hook(o);
    LiveHub hub;
    ASSERT_TRUE(hook.start(hub));
    hub.publish(1, 2, "measurements", R"({"count":1})");  // not an alarm: not posted
    hub.publish(1, 2, "alarm", R"({"id":9,"kind":"alarm"})");
    auto c = hook.wait_for_counters([](const WebhookCounters& k) { return k.delivered == 1; }, 10s);
    hook.stop();  // joins the worker: no request can follow
    EXPECT_EQ(c.delivered, 1u);
    EXPECT_EQ(hook.counters().failed_attempts, 2u);
    EXPECT_EQ(hook.counters().given_up, 0u);
    EXPECT_EQ(receiver.bodies(), (std::vector<std::string>(3, R"({"id":9,"kind":"alarm"})")));
}

// Give-up: with max_attempts 3 the refused alarm is tried exactly three times (back-off 1 ms, 2 ms: the settings
// drive the timing, no sleeping in the test), then counted as given up, logged at error level, and never tried
// again. The proof of "never again" is positive: a later alarm (the marker) is delivered, and after stop() joined
// the worker the receiver's log holds A, A, A, marker and nothing else.
TEST(AlarmWebhook, GivesUpAfterTheLastAttemptAndNeverRetriesThatAlarm) {
    const std::string refused = R"({"id":1,"kind":"alarm"})", marker = R"({"id":2,"kind":"alarm"})";
    Receiver receiver([&](int, const std::string& body) { return body == refused ? 500 : 204; });
    LogCapture log;
    WebhookOptions o;
    o.url = receiver.url();
    o.max_attempts = 3;
    o.backoff_initial = 1ms;
    o.backoff_max = 2ms;
    AlarmWebhook hook(o);
    LiveHub hub;
    ASSERT_TRUE(hook.start(hub));
    hook.enqueue(refused);
    auto c = hook.wait_for_counters([](const WebhookCounters& k) { return k.given_up == 1; }, 10s);
    ASSERT_EQ(c.given_up, 1u) << "no give-up within 10 s";
    EXPECT_EQ(c.failed_attempts, 3u);
    EXPECT_EQ(c.delivered, 0u);

    hook.enqueue(marker);
    c = hook.wait_for_counters([](const WebhookCounters& k) { return k.delivered == 1; }, 10s);
    ASSERT_EQ(c.delivered, 1u) << "the marker alarm was not delivered within 10 s";
    hook.stop();
    EXPECT_EQ(receiver.bodies(), (std::vector<std::string>{refused, refused, refused, marker}));
    c = hook.counters();
    EXPECT_EQ(c.failed_attempts, 3u);
    EXPECT_EQ(c.given_up, 1u);
    EXPECT_EQ(c.dropped, 0u);

    const std::string text = log.text();
    EXPECT_NE(text.find(R"("msg":"alarm webhook gave up","attempts":3)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"(\"id\":1)"), std::string::npos) << "the log names the alarm given up: " << text;
    EXPECT_NE(text.find("error"), std::string::npos) << text;
}

// Queue policy: the alarm being delivered has left the queue; when queue_limit alarms wait and one more arrives, the
// oldest waiting alarm is dropped. The receiver holds the first request, so the worker is busy with A while B, C, D
// arrive at a queue of 2: B (the oldest waiting) is dropped, C and D are kept. Released, the receiver gets A, C, D.
// (Before this policy was fixed, A itself was dropped from the queue while being sent and then delivered anyway:
// dropped said 2 while only one alarm was lost.)
TEST(AlarmWebhook, AFullQueueDropsTheOldestWaitingAlarmNotTheOneBeingSent) {
    Receiver receiver([](int, const std::string&) { return 204; }, /*hold_first=*/true);
    WebhookOptions o;
    o.url = receiver.url();
    o.queue_limit = 2;
    AlarmWebhook hook(o);
    LiveHub hub;
    ASSERT_TRUE(hook.start(hub));
    hub.publish(1, 2, "alarm", "A");
    ASSERT_TRUE(receiver.wait_received(1)) << "the first alarm did not reach the receiver within 10 s";
    hub.publish(1, 2, "alarm", "B");
    hub.publish(1, 2, "alarm", "C");
    EXPECT_EQ(hook.counters().dropped, 0u) << "two waiting alarms fit a queue of 2";
    hub.publish(1, 2, "alarm", "D");
    EXPECT_EQ(hook.counters().dropped, 1u);
    receiver.release();
    auto c = hook.wait_for_counters([](const WebhookCounters& k) { return k.delivered == 3; }, 10s);
    hook.stop();
    EXPECT_EQ(c.delivered, 3u);
    EXPECT_EQ(hook.counters().dropped, 1u);
    EXPECT_EQ(receiver.bodies(), (std::vector<std::string>{"A", "C", "D"}));
}

TEST(AlarmWebhook, QueueIsBoundedAndStopDoesNotWaitForTheBackOff) {
    WebhookOptions o;
    o.url = "http://127.0.0.1:1/alarms";  // nothing listens on port 1: connection refused
    o.queue_limit = 2;
    o.backoff_initial = 60s;
    AlarmWebhook hook(o);
    // Queued before the worker starts, so no alarm has left the queue yet: 0, 1, 2 are dropped, 3 and 4 wait.
    for (int i = 0; i < 5; ++i) hook.enqueue("{\"id\":" + std::to_string(i) + "}");
    EXPECT_EQ(hook.counters().dropped, 3u);
    LiveHub hub;
    ASSERT_TRUE(hook.start(hub));
    // The worker's first attempt is refused; it is then inside the 60 s back-off.
    auto c = hook.wait_for_counters([](const WebhookCounters& k) { return k.failed_attempts >= 1; }, 10s);
    ASSERT_GE(c.failed_attempts, 1u);
    const auto before = std::chrono::steady_clock::now();
    hook.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
    EXPECT_EQ(hook.counters().delivered, 0u);
    EXPECT_EQ(hook.counters().given_up, 0u) << "stopping abandons the alarm, it is not a give-up";
}

TEST(AlarmWebhook, RefusesAnEmptyQueueAndZeroAttempts) {
    LiveHub hub;
    WebhookOptions o;
    o.url = "http://127.0.0.1:9/alarms";
    o.queue_limit = 0;
    auto q = AlarmWebhook(o).start(hub);
    ASSERT_FALSE(q);
    EXPECT_NE(q.error().message.find("queue limit"), std::string::npos);
    o.queue_limit = 1;
    o.max_attempts = 0;
    auto a = AlarmWebhook(o).start(hub);
    ASSERT_FALSE(a);
    EXPECT_NE(a.error().message.find("attempts"), std::string::npos);
}

}  // namespace
}  // namespace yandian::app
