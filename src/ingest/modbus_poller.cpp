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
#include <nlohmann/json.hpp>
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
// Configuration

namespace {

using Json = nlohmann::json;

Status check_keys(const Json& object, const std::string& path, std::initializer_list<std::string_view> allowed) {
    for (const auto& [k, v] : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
            return fail(ErrorCode::kInvalidArgument, "unknown key '" + k + "'", path.empty() ? k : path + "." + k);
        }
    }
    return {};
}

Result<std::string> get_string(const Json& o, const std::string& path, const char* name, bool required,
                               std::string fallback = {}) {
    const std::string field = path.empty() ? name : path + "." + name;
    if (!o.contains(name)) {
        if (required) return fail(ErrorCode::kInvalidArgument, "missing", field);
        return fallback;
    }
    if (!o[name].is_string() || o[name].get<std::string>().empty()) {
        return fail(ErrorCode::kInvalidArgument, "must be a non-empty string", field);
    }
    return o[name].get<std::string>();
}

Result<std::int64_t> get_int(const Json& o, const std::string& path, const char* name, std::int64_t fallback,
                             std::int64_t lo, std::int64_t hi) {
    const std::string field = path.empty() ? name : path + "." + name;
    if (!o.contains(name)) return fallback;
    if (!o[name].is_number_integer()) return fail(ErrorCode::kInvalidArgument, "must be an integer", field);
    const auto v = o[name].get<std::int64_t>();
    if (v < lo || v > hi) {
        return fail(ErrorCode::kInvalidArgument, "must be between " + std::to_string(lo) + " and " + std::to_string(hi),
                    field);
    }
    return v;
}

Result<double> get_double(const Json& o, const std::string& path, const char* name, double fallback) {
    const std::string field = path.empty() ? name : path + "." + name;
    if (!o.contains(name)) return fallback;
    if (!o[name].is_number()) return fail(ErrorCode::kInvalidArgument, "must be a number", field);
    return o[name].get<double>();
}

template <class T>
Result<T> with_field(Result<T> r, const std::string& field) {
    if (!r) r.error().field = field;
    return r;
}

}  // namespace

Result<ModbusPollerOptions> parse_modbus_config(std::string_view json_text) {
    Json j;
    try {
        j = Json::parse(json_text);
    } catch (const Json::parse_error& e) {
        return fail(ErrorCode::kInvalidArgument, std::string("not JSON: ") + e.what(), "config");
    } catch (const Json::exception& e) {  // a number beyond the range of a double, ...
        return fail(ErrorCode::kInvalidArgument, std::string("not readable JSON: ") + e.what(), "config");
    }
    if (!j.is_object()) return fail(ErrorCode::kInvalidArgument, "must be a JSON object", "config");
    if (auto st = check_keys(j, "",
                             {"host", "port", "unit_id", "interval_ms", "response_timeout_ms", "backoff_initial_ms",
                              "backoff_max_ms", "gauge", "latch", "registers"});
        !st) {
        return tl::unexpected(st.error());
    }
    ModbusPollerOptions o;
#define YANDIAN_TRY(var, expr) \
    auto var = (expr);         \
    if (!var) return tl::unexpected(var.error())
    YANDIAN_TRY(host, get_string(j, "", "host", true));
    YANDIAN_TRY(port, get_int(j, "", "port", 502, 1, 65535));
    YANDIAN_TRY(unit, get_int(j, "", "unit_id", 1, 0, 247));
    YANDIAN_TRY(interval, get_int(j, "", "interval_ms", 1000, 1, 86'400'000));
    YANDIAN_TRY(timeout, get_int(j, "", "response_timeout_ms", 1000, 1, 60'000));
    YANDIAN_TRY(b0, get_int(j, "", "backoff_initial_ms", 500, 1, 3'600'000));
    YANDIAN_TRY(b1, get_int(j, "", "backoff_max_ms", 30'000, 1, 3'600'000));
    YANDIAN_TRY(gauge, get_string(j, "", "gauge", false));
    o.host = *host;
    o.port = static_cast<int>(*port);
    o.unit_id = static_cast<int>(*unit);
    o.interval = std::chrono::milliseconds(*interval);
    o.response_timeout = std::chrono::milliseconds(*timeout);
    o.backoff_initial = std::chrono::milliseconds(*b0);
    o.backoff_max = std::chrono::milliseconds(std::max(*b0, *b1));
    o.gauge = *gauge;

    if (j.contains("latch")) {
        const Json& l = j["latch"];
        if (!l.is_object()) return fail(ErrorCode::kInvalidArgument, "must be an object", "latch");
        if (auto st = check_keys(l, "latch", {"kind", "address"}); !st) return tl::unexpected(st.error());
        YANDIAN_TRY(kind_name, get_string(l, "latch", "kind", false, "holding"));
        YANDIAN_TRY(kind, with_field(parse_register_kind(*kind_name), "latch.kind"));
        if (!l.contains("address")) return fail(ErrorCode::kInvalidArgument, "missing", "latch.address");
        YANDIAN_TRY(address, get_int(l, "latch", "address", 0, 0, 65535));
        o.latch = LatchRegister{*kind, static_cast<int>(*address)};
    }

    if (!j.contains("registers") || !j["registers"].is_array() || j["registers"].empty()) {
        return fail(ErrorCode::kInvalidArgument, "must be a non-empty array", "registers");
    }
    const Json& regs = j["registers"];
    for (std::size_t i = 0; i < regs.size(); ++i) {
        const std::string path = "registers[" + std::to_string(i) + "]";
        const Json& r = regs[i];
        if (!r.is_object()) return fail(ErrorCode::kInvalidArgument, "must be an object", path);
        if (auto st = check_keys(
                r, path,
                {"organisation", "line", "characteristic", "kind", "address", "type", "word_order", "scale", "offset"});
            !st) {
            return tl::unexpected(st.error());
        }
        RegisterMapping m;
        YANDIAN_TRY(org, get_string(r, path, "organisation", true));
        YANDIAN_TRY(line, get_string(r, path, "line", true));
        YANDIAN_TRY(characteristic, get_string(r, path, "characteristic", true));
        YANDIAN_TRY(kind_name, get_string(r, path, "kind", false, "holding"));
        YANDIAN_TRY(kind, with_field(parse_register_kind(*kind_name), path + ".kind"));
        YANDIAN_TRY(type_name, get_string(r, path, "type", true));
        YANDIAN_TRY(type, with_field(parse_register_type(*type_name), path + ".type"));
        YANDIAN_TRY(order_name, get_string(r, path, "word_order", false, "high_first"));
        YANDIAN_TRY(order, with_field(parse_word_order(*order_name), path + ".word_order"));
        if (!r.contains("address")) return fail(ErrorCode::kInvalidArgument, "missing", path + ".address");
        YANDIAN_TRY(address, get_int(r, path, "address", 0, 0, 65536 - register_count(*type)));
        YANDIAN_TRY(scale, get_double(r, path, "scale", 1.0));
        YANDIAN_TRY(offset, get_double(r, path, "offset", 0.0));
        if (*scale == 0.0) return fail(ErrorCode::kInvalidArgument, "must not be 0", path + ".scale");
        m.key = CharacteristicKey{*org, *line, *characteristic};
        m.kind = *kind;
        m.address = static_cast<int>(*address);
        m.type = *type;
        m.word_order = *order;
        m.scale = *scale;
        m.offset = *offset;
        o.registers.push_back(std::move(m));
    }
#undef YANDIAN_TRY
    return o;
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
    std::atomic<std::uint64_t> polls{0}, values{0}, read_errors{0}, sink_errors{0}, connects{0}, connect_failures{0};

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
            connect_failures.fetch_add(1);
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
        std::chrono::duration_cast<std::chrono::milliseconds>(options.clock().time_since_epoch()).count();
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
                          s.connects.load(), s.connect_failures.load()};
}

}  // namespace yandian::ingest
