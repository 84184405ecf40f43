#include "ingest/modbus_poller.hpp"

#include <modbus.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

namespace yandian::ingest {

int register_count(RegisterType type) {
    switch (type) {
        case RegisterType::kInt16:
        case RegisterType::kUint16:
            return 1;
        case RegisterType::kInt32:
        case RegisterType::kUint32:
        case RegisterType::kFloat32:
            return 2;
    }
    return 1;
}

Result<double> decode_registers(std::span<const std::uint16_t> registers, RegisterType type, WordOrder order,
                                double scale, double offset) {
    const auto expected = static_cast<std::size_t>(register_count(type));
    if (registers.size() != expected) {
        return fail(ErrorCode::kInvalidArgument,
                    "expected " + std::to_string(expected) + " registers, got " + std::to_string(registers.size()),
                    "registers");
    }
    double raw = 0;
    if (expected == 1) {
        raw = type == RegisterType::kInt16 ? static_cast<double>(static_cast<std::int16_t>(registers[0]))
                                           : static_cast<double>(registers[0]);
    } else {
        const std::uint16_t high = order == WordOrder::kHighFirst ? registers[0] : registers[1];
        const std::uint16_t low = order == WordOrder::kHighFirst ? registers[1] : registers[0];
        const std::uint32_t bits = (static_cast<std::uint32_t>(high) << 16) | low;
        switch (type) {
            case RegisterType::kInt32:
                raw = static_cast<double>(static_cast<std::int32_t>(bits));
                break;
            case RegisterType::kUint32:
                raw = static_cast<double>(bits);
                break;
            default: {
                const float f = std::bit_cast<float>(bits);
                if (!std::isfinite(f)) {
                    return fail(ErrorCode::kInvalidArgument, "float32 register value is not a finite number",
                                "registers");
                }
                raw = static_cast<double>(f);
            }
        }
    }
    return raw * scale + offset;
}

Result<RegisterType> parse_register_type(std::string_view name) {
    if (name == "int16") return RegisterType::kInt16;
    if (name == "uint16") return RegisterType::kUint16;
    if (name == "int32") return RegisterType::kInt32;
    if (name == "uint32") return RegisterType::kUint32;
    if (name == "float32") return RegisterType::kFloat32;
    return fail(ErrorCode::kInvalidArgument,
                "unknown register type '" + std::string(name) + "' (int16, uint16, int32, uint32, float32)", "type");
}

Result<WordOrder> parse_word_order(std::string_view name) {
    if (name == "high_first" || name == "abcd") return WordOrder::kHighFirst;
    if (name == "low_first" || name == "cdab") return WordOrder::kLowFirst;
    return fail(ErrorCode::kInvalidArgument,
                "unknown word order '" + std::string(name) + "' (high_first/abcd, low_first/cdab)", "word_order");
}

Result<RegisterKind> parse_register_kind(std::string_view name) {
    if (name == "holding") return RegisterKind::kHolding;
    if (name == "input") return RegisterKind::kInput;
    return fail(ErrorCode::kInvalidArgument, "unknown register kind '" + std::string(name) + "' (holding, input)",
                "kind");
}

// ---------------------------------------------------------------------------------------------------------------

struct ModbusPoller::State {
    ModbusPollerOptions options;
    IngestSink sink;
    modbus_t* ctx = nullptr;  // only touched by the polling thread (or the poll_once caller)
    std::optional<std::uint16_t> latch_seen;
    std::thread thread;

    mutable std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    std::atomic<bool> is_connected{false};
    std::atomic<std::uint64_t> polls{0}, values{0}, read_errors{0}, sink_errors{0}, connects{0};

    void disconnect() {
        if (ctx != nullptr) {
            modbus_close(ctx);
            modbus_free(ctx);
            ctx = nullptr;
        }
        if (is_connected.exchange(false)) {
            spdlog::warn("modbus: disconnected from {}:{}", options.host, options.port);
        }
    }

    Status connect() {
        if (ctx != nullptr) return {};
        ctx = modbus_new_tcp(options.host.c_str(), options.port);
        if (ctx == nullptr) {
            return fail(ErrorCode::kInvalidArgument, "cannot create Modbus TCP context for " + options.host, "host");
        }
        modbus_set_slave(ctx, options.unit_id);
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(options.response_timeout).count();
        modbus_set_response_timeout(ctx, static_cast<std::uint32_t>(us / 1'000'000),
                                    static_cast<std::uint32_t>(us % 1'000'000));
        if (modbus_connect(ctx) != 0) {
            const std::string why = modbus_strerror(errno);
            modbus_free(ctx);
            ctx = nullptr;
            return fail(ErrorCode::kUnavailable,
                        "cannot connect to " + options.host + ":" + std::to_string(options.port) + ": " + why);
        }
        is_connected = true;
        connects.fetch_add(1);
        spdlog::info("modbus: connected to {}:{} unit {}", options.host, options.port, options.unit_id);
        return {};
    }

    // Reads `count` registers; on a transport failure the connection is closed (and reopened by the next cycle).
    Status read(RegisterKind kind, int address, int count, std::uint16_t* out) {
        const int rc = kind == RegisterKind::kHolding ? modbus_read_registers(ctx, address, count, out)
                                                      : modbus_read_input_registers(ctx, address, count, out);
        if (rc == count) return {};
        const int err = errno;
        read_errors.fetch_add(1);
        const std::string what = std::string(kind == RegisterKind::kHolding ? "holding" : "input") + " register " +
                                 std::to_string(address) + ": " + (rc < 0 ? modbus_strerror(err) : "short reply");
        const bool device_said_no = rc < 0 && err >= EMBXILFUN && err <= EMBXGTAR;  // Modbus exception response
        if (!device_said_no) disconnect();
        return fail(device_said_no ? ErrorCode::kInvalidArgument : ErrorCode::kUnavailable, "cannot read " + what,
                    "address");
    }

    Result<std::uint16_t> read_latch() {
        std::uint16_t v = 0;
        auto st = read(options.latch->kind, options.latch->address, 1, &v);
        if (!st) return tl::unexpected(st.error());
        return v;
    }

    Result<std::size_t> poll_once();
    void run();
    bool wait_unless_stopping(std::chrono::milliseconds d) {
        std::unique_lock lock(mutex);
        return !wake.wait_for(lock, d, [this] { return stopping; });
    }
};

Result<std::size_t> ModbusPoller::State::poll_once() {
    if (auto st = connect(); !st) return tl::unexpected(st.error());

    std::optional<std::uint16_t> latch_before;
    if (options.latch) {
        auto c = read_latch();
        if (!c) return tl::unexpected(c.error());
        if (!latch_seen) {  // first look: remember where the counter stands, take nothing (it may be an old value)
            latch_seen = *c;
            polls.fetch_add(1);
            return std::size_t{0};
        }
        if (*c == *latch_seen) {
            polls.fetch_add(1);
            return std::size_t{0};
        }
        latch_before = *c;
    }

    const auto now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    // One batch per characteristic, in map order.
    std::vector<std::pair<const CharacteristicKey*, IncomingBatch>> batches;
    std::optional<Error> refused_read;  // first Modbus exception reply of this cycle
    for (const auto& m : options.registers) {
        std::uint16_t regs[2] = {0, 0};
        const int n = register_count(m.type);
        auto it = std::find_if(batches.begin(), batches.end(), [&](const auto& b) {
            return std::tie(b.first->organisation, b.first->line, b.first->characteristic) ==
                   std::tie(m.key.organisation, m.key.line, m.key.characteristic);
        });
        if (it == batches.end()) it = batches.insert(batches.end(), {&m.key, IncomingBatch{}});
        if (auto st = read(m.kind, m.address, n, regs); !st) {
            if (ctx == nullptr) return tl::unexpected(st.error());  // link lost: end the cycle
            // The device refused this register (a wrong map): the other characteristics are still read.
            if (!refused_read) refused_read = st.error();
            it->second.errors.push_back(ValueError{it->second.values.size() + it->second.errors.size(),
                                                   "register " + std::to_string(m.address), st.error().message});
            continue;
        }
        auto value = decode_registers(std::span<const std::uint16_t>(regs, static_cast<std::size_t>(n)), m.type,
                                      m.word_order, m.scale, m.offset);
        if (!value) {
            it->second.errors.push_back(ValueError{it->second.values.size() + it->second.errors.size(),
                                                   "register " + std::to_string(m.address), value.error().message});
            continue;
        }
        IncomingValue v;
        v.value = *value;
        v.time_ms = now_ms;
        if (!options.gauge.empty()) v.gauge = options.gauge;
        it->second.values.push_back(std::move(v));
    }

    if (latch_before) {
        // The gauge may have taken a new measurement while we read: then these registers are mixed; wait for the
        // next cycle, which sees the newer counter.
        auto c = read_latch();
        if (!c) return tl::unexpected(c.error());
        if (*c != *latch_before) {
            polls.fetch_add(1);
            return std::size_t{0};
        }
    }

    std::size_t stored = 0;
    bool all_stored = true;
    for (const auto& [key, batch] : batches) {
        for (const auto& e : batch.errors) {
            spdlog::warn("modbus: {}/{}/{}: {}: {}", key->organisation, key->line, key->characteristic, e.field,
                         e.message);
        }
        if (batch.values.empty()) continue;
        auto r = sink(*key, batch);
        if (!r) {
            sink_errors.fetch_add(1);
            all_stored = false;
            spdlog::warn("modbus: {}/{}/{}: values not stored: {}", key->organisation, key->line, key->characteristic,
                         r.error().message);
            continue;
        }
        stored += r->accepted;
    }
    values.fetch_add(stored);
    polls.fetch_add(1);
    // Latched: advance only when everything was stored, so a refused measurement is offered again next cycle
    // (the gauge holds it until its next measurement).
    if (latch_before && all_stored) latch_seen = latch_before;
    if (!all_stored) return fail(ErrorCode::kUnavailable, "some values were not stored");
    if (stored == 0 && refused_read) return tl::unexpected(*refused_read);
    return stored;
}

void ModbusPoller::State::run() {
    auto backoff = options.backoff_initial;
    while (true) {
        auto r = poll_once();
        std::chrono::milliseconds pause = options.interval;
        if (!r && ctx == nullptr) {  // not connected: back off
            spdlog::warn("modbus: {}; next attempt in {} ms", r.error().message, backoff.count());
            pause = backoff;
            backoff = std::min(backoff * 2, options.backoff_max);
        } else {
            backoff = options.backoff_initial;
        }
        if (!wait_unless_stopping(pause)) break;
    }
    disconnect();
    spdlog::info("modbus: poller for {}:{} stopped", options.host, options.port);
}

ModbusPoller::ModbusPoller(ModbusPollerOptions options, IngestSink sink) : state_(std::make_unique<State>()) {
    state_->options = std::move(options);
    state_->sink = std::move(sink);
}

ModbusPoller::~ModbusPoller() {
    stop();
    state_->disconnect();
}

Status ModbusPoller::start() {
    State& s = *state_;
    if (s.thread.joinable()) return fail(ErrorCode::kFailedPrecondition, "Modbus poller already started");
    if (!s.sink) return fail(ErrorCode::kInvalidArgument, "no ingest sink given", "sink");
    if (s.options.registers.empty()) return fail(ErrorCode::kInvalidArgument, "no registers mapped", "registers");
    for (std::size_t i = 0; i < s.options.registers.size(); ++i) {
        const auto& m = s.options.registers[i];
        if (m.address < 0 || m.address + register_count(m.type) > 65536) {
            return fail(ErrorCode::kInvalidArgument, "register address out of range in mapping " + std::to_string(i),
                        "address");
        }
    }
    if (s.options.unit_id < 0 || s.options.unit_id > 247) {
        return fail(ErrorCode::kInvalidArgument, "unit id must be 0..247", "unit_id");
    }
    {
        std::lock_guard lock(s.mutex);
        s.stopping = false;
    }
    s.thread = std::thread([&s] { s.run(); });
    return {};
}

void ModbusPoller::stop() {
    State& s = *state_;
    if (!s.thread.joinable()) return;
    {
        std::lock_guard lock(s.mutex);
        s.stopping = true;
    }
    s.wake.notify_all();
    s.thread.join();
}

Result<std::size_t> ModbusPoller::poll_once() { return state_->poll_once(); }

bool ModbusPoller::connected() const { return state_->is_connected; }

ModbusCounters ModbusPoller::counters() const {
    const State& s = *state_;
    return ModbusCounters{s.polls.load(), s.values.load(), s.read_errors.load(), s.sink_errors.load(),
                          s.connects.load()};
}

}  // namespace yandian::ingest
