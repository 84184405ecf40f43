// Modbus poller: register decoding checked against hand-computed values (IEEE 754 binary32 bit patterns are spelled
// out per case), then polling an in-process libmodbus TCP server on a loopback port whose registers the test sets.
#include "ingest/modbus_poller.hpp"

#include "modbus_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <modbus.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace yandian::ingest {
namespace {

using namespace std::chrono_literals;
using testing::free_port;
using testing::ModbusServer;

double decode(std::vector<std::uint16_t> regs, RegisterType t, WordOrder o = WordOrder::kHighFirst, double scale = 1,
              double offset = 0) {
    auto r = decode_registers(regs, t, o, scale, offset);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : -1e300;
}

TEST(ModbusDecode, SixteenBitSignedAndUnsignedWithScaleAndOffset) {
    // 0x1234 = 4660; * 0.001 = 4.660
    EXPECT_DOUBLE_EQ(decode({0x1234}, RegisterType::kUint16, WordOrder::kHighFirst, 0.001), 4.660);
    // 0xFF38 as two's complement int16 = -200; -200 * 0.001 + 30 = 29.8 (a deviation gauge around 30 mm nominal)
    EXPECT_DOUBLE_EQ(decode({0xFF38}, RegisterType::kInt16, WordOrder::kHighFirst, 0.001, 30.0), 29.8);
    // the same bits read as uint16 = 65336
    EXPECT_DOUBLE_EQ(decode({0xFF38}, RegisterType::kUint16), 65336.0);
}

TEST(ModbusDecode, ThirtyTwoBitIntegersInBothWordOrders) {
    // int32 -2 = 0xFFFFFFFE: high word 0xFFFF, low word 0xFFFE
    EXPECT_DOUBLE_EQ(decode({0xFFFF, 0xFFFE}, RegisterType::kInt32, WordOrder::kHighFirst), -2.0);
    EXPECT_DOUBLE_EQ(decode({0xFFFE, 0xFFFF}, RegisterType::kInt32, WordOrder::kLowFirst), -2.0);
    // uint32 100000 = 0x000186A0; * 0.0001 = 10.0
    EXPECT_DOUBLE_EQ(decode({0x0001, 0x86A0}, RegisterType::kUint32, WordOrder::kHighFirst, 0.0001), 10.0);
    EXPECT_DOUBLE_EQ(decode({0x86A0, 0x0001}, RegisterType::kUint32, WordOrder::kLowFirst, 0.0001), 10.0);
    // 0xFFFFFFFE as uint32 = 4294967294
    EXPECT_DOUBLE_EQ(decode({0xFFFF, 0xFFFE}, RegisterType::kUint32), 4294967294.0);
}

TEST(ModbusDecode, Float32InBothWordOrders) {
    // 1.5f = 0x3FC00000: sign 0, exponent 0x7F (127 → 2^0), fraction 0x400000 (0.5) → 1.5
    EXPECT_DOUBLE_EQ(decode({0x3FC0, 0x0000}, RegisterType::kFloat32), 1.5);
    // -12.375f = 0xC1460000: sign 1, exponent 0x82 (130 → 2^3), fraction 0x460000 (0.546875) → -(1.546875 * 8)
    EXPECT_DOUBLE_EQ(decode({0xC146, 0x0000}, RegisterType::kFloat32, WordOrder::kHighFirst), -12.375);
    EXPECT_DOUBLE_EQ(decode({0x0000, 0xC146}, RegisterType::kFloat32, WordOrder::kLowFirst), -12.375);
    // 52.0f = 0x42500000 (exponent 0x84 → 2^5, fraction 0.625 → 1.625 * 32); mm → µm deviation from 51.995 mm:
    // 52.0 * 1000 - 51995 = 5.0
    EXPECT_DOUBLE_EQ(decode({0x0000, 0x4250}, RegisterType::kFloat32, WordOrder::kLowFirst, 1000, -51995), 5.0);
}

TEST(ModbusDecode, RejectsNonFiniteFloatsAndWrongRegisterCounts) {
    // 0x7FC00000 is a quiet NaN, 0x7F800000 is +infinity
    EXPECT_FALSE(decode_registers(std::vector<std::uint16_t>{0x7FC0, 0x0000}, RegisterType::kFloat32,
                                  WordOrder::kHighFirst, 1, 0));
    EXPECT_FALSE(decode_registers(std::vector<std::uint16_t>{0x7F80, 0x0000}, RegisterType::kFloat32,
                                  WordOrder::kHighFirst, 1, 0));
    auto r = decode_registers(std::vector<std::uint16_t>{0x0001}, RegisterType::kInt32, WordOrder::kHighFirst, 1, 0);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("expected 2 registers, got 1"), std::string::npos);
}

TEST(ModbusDecode, ConfigurationNames) {
    EXPECT_EQ(*parse_register_type("float32"), RegisterType::kFloat32);
    EXPECT_EQ(*parse_word_order("cdab"), WordOrder::kLowFirst);
    EXPECT_EQ(*parse_register_kind("input"), RegisterKind::kInput);
    auto bad = parse_register_type("float64");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "type");
}

TEST(ModbusConfig, ReadsAFullConfiguration) {
    auto o = parse_modbus_config(R"({
        "host": "192.0.2.10", "port": 5020, "unit_id": 3, "interval_ms": 250, "gauge": "marposs-1",
        "latch": {"kind": "input", "address": 20},
        "registers": [
            {"organisation": "zx", "line": "grind-3", "characteristic": "raceway-d",
             "address": 0, "type": "int16", "scale": 0.001, "offset": 30.0},
            {"organisation": "zx", "line": "grind-3", "characteristic": "taper",
             "kind": "input", "address": 4, "type": "float32", "word_order": "cdab"}
        ]})");
    ASSERT_TRUE(o) << o.error().field << ": " << o.error().message;
    EXPECT_EQ(o->host, "192.0.2.10");
    EXPECT_EQ(o->port, 5020);
    EXPECT_EQ(o->unit_id, 3);
    EXPECT_EQ(o->interval, 250ms);
    EXPECT_EQ(o->gauge, "marposs-1");
    ASSERT_TRUE(o->latch);
    EXPECT_EQ(o->latch->kind, RegisterKind::kInput);
    EXPECT_EQ(o->latch->address, 20);
    ASSERT_EQ(o->registers.size(), 2u);
    EXPECT_EQ(o->registers[0].key.characteristic, "raceway-d");
    EXPECT_EQ(o->registers[0].kind, RegisterKind::kHolding);  // default
    EXPECT_EQ(o->registers[0].type, RegisterType::kInt16);
    EXPECT_DOUBLE_EQ(o->registers[0].scale, 0.001);
    EXPECT_DOUBLE_EQ(o->registers[0].offset, 30.0);
    EXPECT_EQ(o->registers[1].word_order, WordOrder::kLowFirst);
    EXPECT_DOUBLE_EQ(o->registers[1].scale, 1.0);  // default
}

std::string config_error(std::string_view text) {
    auto o = parse_modbus_config(text);
    return o ? "accepted" : o.error().field + ": " + o.error().message;
}

TEST(ModbusConfig, ErrorsNameTheField) {
    const std::string reg = R"("organisation":"zx","line":"l","characteristic":"c","address":0)";
    EXPECT_EQ(config_error(R"({"registers":[]})"), "host: missing");
    EXPECT_EQ(config_error(R"({"host":"h","registers":[]})"), "registers: must be a non-empty array");
    EXPECT_EQ(
        config_error(R"({"host":"h","registers":[{)" + reg + R"(,"type":"int16"},{)" + reg + R"(,"type":"float64"}]})"),
        "registers[1].type: unknown register type 'float64' (int16, uint16, int32, uint32, float32)");
    EXPECT_EQ(config_error(R"({"host":"h","registers":[{)" + reg + R"(,"type":"int16","scael":2}]})"),
              "registers[0].scael: unknown key 'scael'");
    EXPECT_EQ(config_error(R"({"host":"h","unit_id":300,"registers":[{)" + reg + R"(,"type":"int16"}]})"),
              "unit_id: must be between 0 and 247");
    EXPECT_EQ(config_error(R"({"host":"h","registers":[{"organisation":"zx","line":"l","characteristic":"c",)"
                           R"("address":65535,"type":"uint32"}]})"),
              "registers[0].address: must be between 0 and 65534");
    EXPECT_EQ(config_error(R"({"host":"h","latch":{"kind":"coil","address":1},"registers":[{)" + reg +
                           R"(,"type":"int16"}]})"),
              "latch.kind: unknown register kind 'coil' (holding, input)");
    auto not_json = parse_modbus_config("{");
    ASSERT_FALSE(not_json);
    EXPECT_EQ(not_json.error().field, "config");
    auto huge = parse_modbus_config(R"({"host": "127.0.0.1", "port": 1E400})");  // out of a double's range: no throw
    ASSERT_FALSE(huge);
    EXPECT_EQ(huge.error().field, "config");
}

// --- in-process Modbus TCP server ----------------------------------------------------------------------------

struct Recorded {
    CharacteristicKey key;
    IncomingValue value;
};

struct RecordingSink {
    std::mutex mutex;
    std::vector<Recorded> stored;
    std::atomic<int> fail_next{0};
    IngestSink sink() {
        return [this](const CharacteristicKey& key, const IncomingBatch& batch) -> Result<IngestResult> {
            if (fail_next > 0) {
                --fail_next;
                return fail(ErrorCode::kUnavailable, "store busy (injected)");
            }
            std::lock_guard lock(mutex);
            for (const auto& v : batch.values) stored.push_back({key, v});
            return IngestResult{batch.values.size(), {}};
        };
    }
    std::size_t count() {
        std::lock_guard lock(mutex);
        return stored.size();
    }
    std::vector<double> values() {
        std::lock_guard lock(mutex);
        std::vector<double> out;
        for (const auto& r : stored) out.push_back(r.value.value);
        return out;
    }
};

// Polls `cond` until it holds or the deadline passes (the 20 ms pause is the polling period; callers assert on the
// result).
bool wait_for(const std::function<bool()>& cond, std::chrono::milliseconds limit = 15s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (cond()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return cond();
}

CharacteristicKey key(const std::string& c) { return {"zx", "grind-3", c}; }

ModbusPollerOptions options(int port) {
    ModbusPollerOptions o;
    o.port = port;
    o.unit_id = 1;
    o.gauge = "marposs-1";
    o.response_timeout = 500ms;
    o.backoff_initial = 50ms;
    o.backoff_max = 200ms;
    return o;
}

TEST(ModbusPoller, ReadsAndDecodesTheMappedRegisters) {
    const int port = free_port();
    ModbusServer server(port);
    ASSERT_TRUE(server.start());
    server.set_holding(0, {0xFF38});          // int16 -200 → -200 * 0.001 + 30 = 29.8
    server.set_holding(4, {0x0000, 0xC146});  // float32 -12.375 (0xC1460000), low word first
    server.set_input(10, {0x0001, 0x86A0});   // uint32 100000 → * 0.0001 = 10.0, input register

    auto o = options(port);
    o.registers = {
        {key("raceway-d"), RegisterKind::kHolding, 0, RegisterType::kInt16, WordOrder::kHighFirst, 0.001, 30.0},
        {key("taper"), RegisterKind::kHolding, 4, RegisterType::kFloat32, WordOrder::kLowFirst, 1.0, 0.0},
        {key("width"), RegisterKind::kInput, 10, RegisterType::kUint32, WordOrder::kHighFirst, 0.0001, 0.0},
    };
    RecordingSink rec;
    ModbusPoller poller(o, rec.sink());
    auto n = poller.poll_once();
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ(*n, 3u);
    ASSERT_EQ(rec.count(), 3u);
    EXPECT_EQ(rec.stored[0].key.characteristic, "raceway-d");
    EXPECT_DOUBLE_EQ(rec.stored[0].value.value, 29.8);
    EXPECT_EQ(rec.stored[1].key.characteristic, "taper");
    EXPECT_DOUBLE_EQ(rec.stored[1].value.value, -12.375);
    EXPECT_EQ(rec.stored[2].key.characteristic, "width");
    EXPECT_DOUBLE_EQ(rec.stored[2].value.value, 10.0);
    EXPECT_EQ(rec.stored[0].value.gauge, "marposs-1");
    EXPECT_TRUE(rec.stored[0].value.time_ms.has_value());

    // Without a latch every poll samples: the held value comes again.
    ASSERT_TRUE(poller.poll_once());
    EXPECT_EQ(rec.count(), 6u);
}

TEST(ModbusPoller, AnUnmappedAddressIsAnErrorButTheConnectionStays) {
    const int port = free_port();
    ModbusServer server(port);
    ASSERT_TRUE(server.start());
    server.set_holding(0, {250});
    auto o = options(port);
    // 99..100 lies beyond the server's 100 holding registers: an "illegal data address" exception reply.
    o.registers = {{key("bore"), RegisterKind::kHolding, 99, RegisterType::kUint32}};
    {
        RecordingSink rec;
        ModbusPoller poller(o, rec.sink());
        auto r = poller.poll_once();
        ASSERT_FALSE(r);
        EXPECT_NE(r.error().message.find("holding register 99"), std::string::npos) << r.error().message;
        EXPECT_TRUE(poller.connected());  // an exception reply, not a broken link
        EXPECT_EQ(poller.counters().read_errors, 1u);
    }
    // A wrong entry does not hold back the others.
    o.registers.push_back({key("width"), RegisterKind::kHolding, 0, RegisterType::kUint16});
    RecordingSink rec;
    ModbusPoller poller(o, rec.sink());
    auto r = poller.poll_once();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(rec.values(), (std::vector<double>{250}));
    EXPECT_EQ(poller.counters().read_errors, 1u);
}

TEST(ModbusPoller, LatchTakesAValueOnlyWhenTheCounterChanges) {
    const int port = free_port();
    ModbusServer server(port);
    ASSERT_TRUE(server.start());
    server.set_holding(0, {1000});  // uint16 1000 * 0.01 = 10.00
    server.set_holding(20, {7});    // measurement counter
    auto o = options(port);
    o.registers = {{key("bore"), RegisterKind::kHolding, 0, RegisterType::kUint16, WordOrder::kHighFirst, 0.01, 0}};
    o.latch = LatchRegister{RegisterKind::kHolding, 20};
    RecordingSink rec;
    ModbusPoller poller(o, rec.sink());

    ASSERT_TRUE(poller.poll_once());  // first look: counter 7 noted, the held value may be old
    ASSERT_TRUE(poller.poll_once());
    EXPECT_EQ(rec.count(), 0u);

    server.set_holding(0, {1001});  // display changes without a new measurement: still nothing
    ASSERT_TRUE(poller.poll_once());
    EXPECT_EQ(rec.count(), 0u);

    server.set_holding(0, {1002});
    server.set_holding(20, {8});  // new measurement
    ASSERT_TRUE(poller.poll_once());
    ASSERT_TRUE(poller.poll_once());  // the gauge holds it: no duplicate
    ASSERT_TRUE(poller.poll_once());
    EXPECT_EQ(rec.values(), (std::vector<double>{10.02}));

    server.set_holding(0, {999});
    server.set_holding(20, {9});
    ASSERT_TRUE(poller.poll_once());
    EXPECT_EQ(rec.values(), (std::vector<double>{10.02, 9.99}));
}

TEST(ModbusPoller, LatchedValueRefusedByTheSinkIsOfferedAgain) {
    const int port = free_port();
    ModbusServer server(port);
    ASSERT_TRUE(server.start());
    server.set_holding(0, {500});
    server.set_holding(20, {1});
    auto o = options(port);
    o.registers = {{key("bore"), RegisterKind::kHolding, 0, RegisterType::kUint16}};
    o.latch = LatchRegister{RegisterKind::kHolding, 20};
    RecordingSink rec;
    ModbusPoller poller(o, rec.sink());
    ASSERT_TRUE(poller.poll_once());
    server.set_holding(0, {501});
    server.set_holding(20, {2});
    rec.fail_next = 1;
    EXPECT_FALSE(poller.poll_once());
    ASSERT_TRUE(poller.poll_once());
    ASSERT_TRUE(poller.poll_once());
    EXPECT_EQ(rec.values(), (std::vector<double>{501}));
    EXPECT_EQ(poller.counters().sink_errors, 1u);
}

TEST(ModbusPoller, ReconnectsAfterTheServerGoesAwayAndReturns) {
    const int port = free_port();
    auto server = std::make_unique<ModbusServer>(port);
    ASSERT_TRUE(server->start());
    server->set_input(3, {0x3FC0, 0x0000});  // float32 1.5 (0x3FC00000), high word first
    auto o = options(port);
    o.interval = 30ms;
    o.registers = {{key("roundness"), RegisterKind::kInput, 3, RegisterType::kFloat32}};
    RecordingSink rec;
    ModbusPoller poller(o, rec.sink());
    ASSERT_TRUE(poller.start());
    ASSERT_TRUE(wait_for([&] { return rec.count() >= 2; }));
    EXPECT_DOUBLE_EQ(rec.values().front(), 1.5);

    server->stop();
    server.reset();
    ASSERT_TRUE(wait_for([&] { return !poller.connected(); }));
    const auto during_outage = poller.counters().read_errors;
    EXPECT_GE(during_outage, 1u);
    // Refused connection attempts with growing back-off (50, 100, 200 ms): wait until three were made.
    ASSERT_TRUE(wait_for([&] { return poller.counters().connect_failures >= 3; }));
    EXPECT_FALSE(poller.connected());

    server = std::make_unique<ModbusServer>(port);
    server->set_input(3, {0xC146, 0x0000});  // float32 -12.375 (0xC1460000)
    ASSERT_TRUE(server->start());
    ASSERT_TRUE(wait_for([&] { return rec.count() > 0 && rec.values().back() == -12.375; }));
    EXPECT_TRUE(poller.connected());
    // The first connection and at least one after the return; a bound, not an exact count: the test server serves
    // one client at a time and may close a connection it accepted while starting, which costs one more connect.
    EXPECT_GE(poller.counters().connects, 2u);
    poller.stop();
}

// --- counter wrap-around -----------------------------------------------------------------------------------------

// docs/ingest/modbus.md: "A counter that wraps (65535 → 0) or resets on a gauge restart counts as a change." The
// latch is compared for equality only, so 65535 → 0 is a new measurement like any other step, and so is a reset to 0.
TEST(ModbusPoller, LatchCounterWrappingFrom65535To0IsANewMeasurement) {
    const int port = free_port();
    ModbusServer server(port);
    ASSERT_TRUE(server.start());
    server.set_holding(0, {100});
    server.set_holding(20, {65534});
    auto o = options(port);
    o.registers = {{key("bore"), RegisterKind::kHolding, 0, RegisterType::kUint16}};
    o.latch = LatchRegister{RegisterKind::kHolding, 20};
    RecordingSink rec;
    ModbusPoller poller(o, rec.sink());
    ASSERT_TRUE(poller.poll_once());  // notes 65534
    server.set_holding(0, {101});
    server.set_holding(20, {65535});  // the highest uint16
    ASSERT_TRUE(poller.poll_once());
    server.set_holding(0, {102});
    server.set_holding(20, {0});  // wrapped
    ASSERT_TRUE(poller.poll_once());
    ASSERT_TRUE(poller.poll_once());  // held: no duplicate after the wrap
    server.set_holding(0, {103});
    server.set_holding(20, {1});
    ASSERT_TRUE(poller.poll_once());
    EXPECT_EQ(rec.values(), (std::vector<double>{101, 102, 103}));

    // A gauge restart resets its counter (here from 1 back to 0): also a change, the value is taken.
    server.set_holding(0, {104});
    server.set_holding(20, {0});
    ASSERT_TRUE(poller.poll_once());
    EXPECT_EQ(rec.values(), (std::vector<double>{101, 102, 103, 104}));
}

// A counter mapped as a value (parts made, strokes): the raw register is decoded as its type says, with no
// unwrapping. At the wrap a uint16 goes 65535 → 0 and a uint32 4294967295 → 0; read as int16/int32 the same bits are
// -1 and the most negative value. Values are hand-computed from the two's-complement definitions.
TEST(ModbusPoller, CounterRegistersAcrossTheirWrapAreReadAsTheirTypeSays) {
    const int port = free_port();
    ModbusServer server(port);
    ASSERT_TRUE(server.start());
    auto o = options(port);
    o.registers = {
        {key("count16"), RegisterKind::kHolding, 0, RegisterType::kUint16},
        {key("count32"), RegisterKind::kHolding, 2, RegisterType::kUint32, WordOrder::kHighFirst},
        {key("count32-cdab"), RegisterKind::kHolding, 4, RegisterType::kUint32, WordOrder::kLowFirst},
        {key("signed16"), RegisterKind::kHolding, 0, RegisterType::kInt16},
        {key("signed32"), RegisterKind::kHolding, 6, RegisterType::kInt32, WordOrder::kHighFirst},
    };
    RecordingSink rec;
    ModbusPoller poller(o, rec.sink());

    server.set_holding(0, {0xFFFF});          // uint16 65535, int16 -1
    server.set_holding(2, {0xFFFF, 0xFFFF});  // uint32 4294967295
    server.set_holding(4, {0xFFFF, 0xFFFF});
    server.set_holding(6, {0x7FFF, 0xFFFF});  // int32 2147483647
    ASSERT_TRUE(poller.poll_once());
    EXPECT_EQ(rec.values(), (std::vector<double>{65535, 4294967295.0, 4294967295.0, -1, 2147483647}));

    server.set_holding(0, {0x0000});          // one more count: both wrap to 0
    server.set_holding(2, {0x0000, 0x0000});
    server.set_holding(4, {0x0000, 0x0000});
    server.set_holding(6, {0x8000, 0x0000});  // int32 2147483647 + 1 wraps to -2147483648
    ASSERT_TRUE(poller.poll_once());
    const auto v = rec.values();
    ASSERT_EQ(v.size(), 10u);
    EXPECT_EQ(std::vector<double>(v.begin() + 5, v.end()), (std::vector<double>{0, 0, 0, 0, -2147483648.0}));

    // Word order matters across the 16-bit boundary: 65536 = 0x00010000 is {0x0001, 0x0000} high-first and
    // {0x0000, 0x0001} low-first.
    server.set_holding(2, {0x0001, 0x0000});
    server.set_holding(4, {0x0000, 0x0001});
    ASSERT_TRUE(poller.poll_once());
    const auto w = rec.values();
    ASSERT_EQ(w.size(), 15u);
    EXPECT_EQ(w[11], 65536.0);
    EXPECT_EQ(w[12], 65536.0);
}

}  // namespace
}  // namespace yandian::ingest
