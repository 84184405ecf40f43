#pragma once
// Modbus TCP acquisition: polls holding or input registers of a digital gauge or PLC at a set interval (libmodbus)
// and hands the decoded values to the IngestSink, one batch per characteristic. A register map per characteristic
// says where the value is and how to turn raw registers into a measurement: value = raw * scale + offset.
// Optional latch: only take values when a "new measurement" counter register changes. See docs/ingest/modbus.md.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "ingest/incoming.hpp"

namespace yandian::ingest {

enum class RegisterKind { kHolding, kInput };  // function codes 0x03 and 0x04
enum class RegisterType { kInt16, kUint16, kInt32, kUint32, kFloat32 };
// Order of the two 16-bit registers of a 32-bit value. Bytes inside a register are always big-endian (Modbus).
enum class WordOrder {
    kHighFirst,  // first register holds the high word ("ABCD", the Modbus specification's big-endian)
    kLowFirst,   // first register holds the low word ("CDAB", word-swapped, common on PLCs)
};

struct RegisterMapping {
    CharacteristicKey key;
    RegisterKind kind = RegisterKind::kHolding;
    int address = 0;  // 0-based register address (PDU address, not the 4xxxx/3xxxx reference number)
    RegisterType type = RegisterType::kUint16;
    WordOrder word_order = WordOrder::kHighFirst;
    double scale = 1.0;
    double offset = 0.0;
};

// A "new measurement" counter: values are taken only when this uint16 register changes.
struct LatchRegister {
    RegisterKind kind = RegisterKind::kHolding;
    int address = 0;
};

struct ModbusPollerOptions {
    std::string host = "127.0.0.1";
    int port = 502;
    int unit_id = 1;
    std::chrono::milliseconds interval{1000};
    std::chrono::milliseconds response_timeout{1000};
    std::chrono::milliseconds backoff_initial{500};
    std::chrono::milliseconds backoff_max{30'000};
    std::vector<RegisterMapping> registers;
    std::optional<LatchRegister> latch;
    std::string gauge;  // written into IncomingValue::gauge when not empty
    Clock clock = wall_clock();  // time stamp of each reading (the server passes its own clock)
};

// Registers one value occupies: 1 for 16-bit types, 2 for 32-bit ones.
int register_count(RegisterType type);

// Raw registers → measurement, by the mapping's type, word order, scale and offset. Errors: wrong register count,
// a float32 that is NaN or infinite.
Result<double> decode_registers(std::span<const std::uint16_t> registers, RegisterType type, WordOrder order,
                                double scale, double offset);

// Names as written in configuration: "int16", "uint16", "int32", "uint32", "float32"; "high_first"/"abcd",
// "low_first"/"cdab"; "holding", "input".
Result<RegisterType> parse_register_type(std::string_view name);
Result<WordOrder> parse_word_order(std::string_view name);
Result<RegisterKind> parse_register_kind(std::string_view name);

// A poller's options from a JSON configuration (format in docs/ingest/modbus.md). Errors name the field, e.g.
// "registers[2].type"; unknown keys are refused so that a misspelt "scael" is not silently ignored.
Result<ModbusPollerOptions> parse_modbus_config(std::string_view json_text);

struct ModbusCounters {
    std::uint64_t polls = 0;        // complete read cycles
    std::uint64_t values = 0;       // values the sink accepted
    std::uint64_t read_errors = 0;  // failed reads (connection or Modbus exception)
    std::uint64_t sink_errors = 0;
    std::uint64_t connects = 0;
    std::uint64_t connect_failures = 0;  // refused or failed connection attempts
};

class ModbusPoller {
public:
    ModbusPoller(ModbusPollerOptions options, IngestSink sink);
    ~ModbusPoller();  // stop()
    ModbusPoller(const ModbusPoller&) = delete;
    ModbusPoller& operator=(const ModbusPoller&) = delete;

    // Checks the options; then start() runs poll_once() every interval on a thread of its own, reconnecting with
    // back-off after a failure. Not both at once: poll_once() is for a caller driving the clock itself.
    Status start();
    void stop();

    // One cycle: connect if needed, read the latch (if any) and the mapped registers, hand the values to the sink.
    // Returns the number of values stored, or the error that ended the cycle (the connection is then closed).
    Result<std::size_t> poll_once();

    bool connected() const;
    ModbusCounters counters() const;

    struct State;  // defined in the .cpp

private:
    std::unique_ptr<State> state_;
};

}  // namespace yandian::ingest
