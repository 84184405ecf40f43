// Unit tests of the acquisition glue: broker and webhook addresses, MQTT message ids, the error rule for the MQTT
// subscriber, CSV column mappings, AQDEF codes, the simulated grinding line and the webhook's retry and bound.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <thread>

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

// A loopback listener answering each connection with the next status of `statuses`.
class StatusListener {
  public:
    explicit StatusListener(std::vector<int> statuses) : statuses_(std::move(statuses)) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        listen(fd_, 8);
        thread_ = std::thread([this] {
            for (int status : statuses_) {
                pollfd p{fd_, POLLIN, 0};
                while (!stop_ && poll(&p, 1, 50) <= 0) {
                }
                if (stop_) return;
                int c = accept(fd_, nullptr, nullptr);
                char buffer[4096];
                recv(c, buffer, sizeof buffer, 0);
                std::string reply = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\n\r\n";
                send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
                close(c);
                ++served_;
            }
        });
    }
    ~StatusListener() {
        stop_ = true;
        thread_.join();
        close(fd_);
    }
    unsigned short port() const { return port_; }
    int served() const { return served_; }

  private:
    std::vector<int> statuses_;
    int fd_ = -1;
    unsigned short port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> served_{0};
    std::thread thread_;
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
    StatusListener listener({503, 500, 204});
    WebhookOptions o;
    o.url = "http://127.0.0.1:" + std::to_string(listener.port()) + "/alarms";
    o.backoff_initial = 10ms;
    AlarmWebhook hook(o);
    LiveHub hub;
    ASSERT_TRUE(hook.start(hub));
    hub.publish(1, 2, "measurements", R"({"count":1})");  // not an alarm: not posted
    hub.publish(1, 2, "alarm", R"({"id":9,"kind":"alarm"})");
    for (int i = 0; i < 200 && hook.counters().delivered == 0; ++i) std::this_thread::sleep_for(10ms);
    hook.stop();
    EXPECT_EQ(hook.counters().delivered, 1u);
    EXPECT_EQ(hook.counters().failed_attempts, 2u);
    EXPECT_EQ(listener.served(), 3);
}

TEST(AlarmWebhook, QueueIsBoundedAndStopDoesNotWaitForTheBackOff) {
    WebhookOptions o;
    o.url = "http://127.0.0.1:1/alarms";  // nothing listens on port 1: connection refused
    o.queue_limit = 2;
    o.backoff_initial = 60s;
    AlarmWebhook hook(o);
    LiveHub hub;
    ASSERT_TRUE(hook.start(hub));
    for (int i = 0; i < 5; ++i) hook.enqueue("{\"id\":" + std::to_string(i) + "}");
    EXPECT_EQ(hook.counters().dropped, 3u);
    const auto before = std::chrono::steady_clock::now();
    hook.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
    EXPECT_EQ(hook.counters().delivered, 0u);
}

}  // namespace
}  // namespace yandian::app
