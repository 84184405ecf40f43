#include "ingest/mqtt_subscriber.hpp"
#include "common/json_text.hpp"

#include <MQTTClient.h>
#include <dirent.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

namespace yandian::ingest {

// ---------------------------------------------------------------------------------------------------------------
// Topic and message rules (pure apart from the sink call)

Result<CharacteristicKey> parse_mqtt_topic(std::string_view topic, std::string_view prefix) {
    std::vector<std::string_view> levels;
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = topic.find('/', start);
        levels.push_back(topic.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    std::vector<std::string_view> prefix_levels;
    start = 0;
    while (!prefix.empty()) {
        const std::size_t slash = prefix.find('/', start);
        prefix_levels.push_back(
            prefix.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (levels.size() != prefix_levels.size() + 3) {
        return fail(ErrorCode::kInvalidArgument,
                    "topic '" + std::string(topic) + "' does not have the form " + std::string(prefix) +
                        "/{organisation}/{line}/{characteristic}",
                    "topic");
    }
    for (std::size_t i = 0; i < prefix_levels.size(); ++i) {
        if (levels[i] != prefix_levels[i]) {
            return fail(ErrorCode::kInvalidArgument,
                        "topic '" + std::string(topic) + "' does not start with '" + std::string(prefix) + "'",
                        "topic");
        }
    }
    static constexpr const char* kLevelNames[] = {"organisation", "line", "characteristic"};
    for (std::size_t i = 0; i < 3; ++i) {
        if (levels[prefix_levels.size() + i].empty()) {
            return fail(ErrorCode::kInvalidArgument,
                        "topic '" + std::string(topic) + "' has an empty " + kLevelNames[i] + " level", "topic");
        }
    }
    const std::size_t base = prefix_levels.size();
    return CharacteristicKey{std::string(levels[base]), std::string(levels[base + 1]), std::string(levels[base + 2])};
}

namespace {

// Sink refusals that no retry can cure: the message is acknowledged and reported.
bool is_permanent(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
        case ErrorCode::kUnauthenticated:
        case ErrorCode::kPermissionDenied:
        case ErrorCode::kNotFound:
        case ErrorCode::kAlreadyExists:
        case ErrorCode::kFailedPrecondition:
        case ErrorCode::kPayloadTooLarge:
            return true;
        case ErrorCode::kRateLimited:
        case ErrorCode::kUnavailable:
        case ErrorCode::kInternal:
            return false;
    }
    return false;
}

nlohmann::json value_errors_json(const std::vector<ValueError>& errors) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : errors) out.push_back({{"index", e.index}, {"field", e.field}, {"message", e.message}});
    return out;
}

std::string error_report(std::string_view topic, std::string_view code, const std::string& message,
                         const std::vector<ValueError>& errors) {
    nlohmann::json j = {{"topic", std::string(topic)}, {"code", std::string(code)}, {"message", message}};
    if (!errors.empty()) j["errors"] = value_errors_json(errors);
    return json_text(j);
}

}  // namespace

MqttDisposition process_mqtt_message(std::string_view topic, std::string_view payload, std::string_view prefix,
                                     const PayloadParser& parser, const IngestSink& sink, std::string& error_text) {
    error_text.clear();
    auto key = parse_mqtt_topic(topic, prefix);
    if (!key) {
        error_text = error_report(topic, error_code_name(key.error().code), key.error().message, {});
        return MqttDisposition::kRejected;
    }
    Result<IncomingBatch> parsed = fail(ErrorCode::kInternal, "parser not called");
    try {
        parsed = parser(payload);
    } catch (const std::exception& e) {
        error_text = error_report(topic, "invalid_argument", std::string("payload: ") + e.what(), {});
        return MqttDisposition::kRejected;
    }
    if (!parsed) {
        error_text = error_report(topic, error_code_name(parsed.error().code),
                                  "payload: " + parsed.error().message +
                                      (parsed.error().field.empty() ? "" : " (" + parsed.error().field + ")"),
                                  {});
        return MqttDisposition::kRejected;
    }
    const IncomingBatch& batch = *parsed;
    if (batch.values.empty()) {
        error_text = error_report(topic, "invalid_argument",
                                  batch.errors.empty() ? "payload holds no values" : "payload holds no valid value",
                                  batch.errors);
        return MqttDisposition::kRejected;
    }
    Result<IngestResult> result = fail(ErrorCode::kInternal, "sink not called");
    try {
        result = sink(*key, batch);
    } catch (const std::exception& e) {
        error_text = error_report(topic, "internal", std::string("ingest failed: ") + e.what(), {});
        return MqttDisposition::kRetry;
    }
    if (!result) {
        error_text = error_report(topic, error_code_name(result.error().code), result.error().message, batch.errors);
        return is_permanent(result.error().code) ? MqttDisposition::kRejected : MqttDisposition::kRetry;
    }
    // Stored. Values the parser or the sink refused are still reported, by their index in the payload.
    std::vector<ValueError> refused = batch.errors;
    refused.insert(refused.end(), result->rejected.begin(), result->rejected.end());
    if (!refused.empty()) {
        error_text = error_report(
            topic, "invalid_argument",
            std::to_string(result->accepted) + " values stored, " + std::to_string(refused.size()) + " refused",
            refused);
    }
    return MqttDisposition::kStored;
}

// ---------------------------------------------------------------------------------------------------------------
// Spool: the Paho client's persistence, as files that are fsync'd before the client acknowledges a message.

namespace {

struct Spool {
    std::string dir;
};

bool fsync_dir(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

bool make_dirs(const std::string& path) {
    std::string partial;
    std::size_t pos = 0;
    while (pos != std::string::npos) {
        pos = path.find('/', pos + 1);
        partial = path.substr(0, pos);
        if (partial.empty()) continue;
        if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) return false;
    }
    return true;
}

std::string safe_name(std::string_view s) {
    std::string out;
    for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    return out;
}

int spool_open(void** handle, const char* client_id, const char*, void* context) {
    auto* base = static_cast<std::string*>(context);
    auto* spool = new Spool{*base + "/" + safe_name(client_id)};
    if (!make_dirs(spool->dir)) {
        spdlog::error("mqtt: cannot create spool folder {}: {}", spool->dir, std::strerror(errno));
        delete spool;
        return MQTTCLIENT_PERSISTENCE_ERROR;
    }
    *handle = spool;
    return 0;
}

int spool_close(void* handle) {
    delete static_cast<Spool*>(handle);
    return 0;
}

int spool_put(void* handle, char* key, int bufcount, char* buffers[], int buflens[]) {
    auto* spool = static_cast<Spool*>(handle);
    const std::string path = spool->dir + "/" + key;
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return MQTTCLIENT_PERSISTENCE_ERROR;
    bool ok = true;
    for (int i = 0; i < bufcount && ok; ++i) {
        const char* p = buffers[i];
        std::size_t left = static_cast<std::size_t>(buflens[i]);
        while (left > 0) {
            const ssize_t n = ::write(fd, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                ok = false;
                break;
            }
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }
    ok = ok && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    ok = ok && ::rename(tmp.c_str(), path.c_str()) == 0;
    ok = ok && fsync_dir(spool->dir);
    if (!ok) {
        spdlog::error("mqtt: cannot write spool file {}: {}", path, std::strerror(errno));
        return MQTTCLIENT_PERSISTENCE_ERROR;
    }
    return 0;
}

int spool_get(void* handle, char* key, char** buffer, int* buflen) {
    auto* spool = static_cast<Spool*>(handle);
    const std::string path = spool->dir + "/" + key;
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return MQTTCLIENT_PERSISTENCE_ERROR;
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return MQTTCLIENT_PERSISTENCE_ERROR;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    char* data = static_cast<char*>(std::malloc(size > 0 ? size : 1));  // freed by the client library
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, data + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (got != size) {
        std::free(data);
        return MQTTCLIENT_PERSISTENCE_ERROR;
    }
    *buffer = data;
    *buflen = static_cast<int>(size);
    return 0;
}

int spool_remove(void* handle, char* key) {
    auto* spool = static_cast<Spool*>(handle);
    const std::string path = spool->dir + "/" + key;
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return MQTTCLIENT_PERSISTENCE_ERROR;
    fsync_dir(spool->dir);
    return 0;
}

std::vector<std::string> spool_names(const Spool& spool) {
    std::vector<std::string> names;
    DIR* d = ::opendir(spool.dir.c_str());
    if (d == nullptr) return names;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name == "." || name == ".." || name.ends_with(".tmp")) continue;
        names.push_back(name);
    }
    ::closedir(d);
    return names;
}

int spool_keys(void* handle, char*** keys, int* nkeys) {
    const auto names = spool_names(*static_cast<Spool*>(handle));
    *nkeys = static_cast<int>(names.size());
    *keys = nullptr;
    if (names.empty()) return 0;
    *keys = static_cast<char**>(std::malloc(names.size() * sizeof(char*)));  // freed by the client library
    for (std::size_t i = 0; i < names.size(); ++i) {
        (*keys)[i] = static_cast<char*>(std::malloc(names[i].size() + 1));
        std::memcpy((*keys)[i], names[i].c_str(), names[i].size() + 1);
    }
    return 0;
}

int spool_clear(void* handle) {
    auto* spool = static_cast<Spool*>(handle);
    for (const auto& name : spool_names(*spool)) ::unlink((spool->dir + "/" + name).c_str());
    fsync_dir(spool->dir);
    return 0;
}

int spool_contains(void* handle, char* key) {
    auto* spool = static_cast<Spool*>(handle);
    struct stat st {};
    return ::stat((spool->dir + "/" + key).c_str(), &st) == 0 ? 0 : MQTTCLIENT_PERSISTENCE_ERROR;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// The subscriber

struct MqttSubscriber::State {
    MqttSubscriberOptions options;
    IngestSink sink;
    std::string spool_base;  // context of the persistence callbacks
    MQTTClient_persistence persistence{};
    MQTTClient client = nullptr;
    std::thread thread;

    mutable std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    bool lost = false;
    bool is_connected = false;
    std::atomic<std::uint64_t> stored{0}, rejected{0}, retries{0}, connects{0}, connect_failures{0};

    void run();
    bool wait_unless_stopping(std::chrono::milliseconds d) {
        std::unique_lock lock(mutex);
        return !wake.wait_for(lock, d, [this] { return stopping; });
    }
    bool is_stopping() {
        std::lock_guard lock(mutex);
        return stopping;
    }
};

namespace {

int on_message(void* context, char* topic_name, int topic_len, MQTTClient_message* message) {
    auto* s = static_cast<MqttSubscriber::State*>(context);
    if (s->is_stopping()) return 0;  // keep it: stored on the next run
    const std::string_view topic(topic_name,
                                 topic_len > 0 ? static_cast<std::size_t>(topic_len) : std::strlen(topic_name));
    const std::string_view payload(static_cast<const char*>(message->payload),
                                   static_cast<std::size_t>(message->payloadlen));
    // The message is already in the spool (and acknowledged to the broker). Offer it to the sink until it is stored
    // or refused for good; meanwhile this subscriber reads nothing else and the broker queues the rest of the
    // session. On stop it stays in the spool and is offered first on the next start.
    std::string error_text;
    auto delay = s->options.sink_retry_delay;
    MqttDisposition d = MqttDisposition::kRetry;
    while (true) {
        d = process_mqtt_message(topic, payload, s->options.topic_prefix, s->options.parser, s->sink, error_text);
        if (d != MqttDisposition::kRetry) break;
        s->retries.fetch_add(1);
        spdlog::warn("mqtt: message on {} not stored, retry in {} ms: {}", topic, delay.count(), error_text);
        if (!s->wait_unless_stopping(delay)) return 0;  // stopping: not consumed, the client library keeps it
        delay = std::min(delay * 2, s->options.backoff_max);
    }
    if (d == MqttDisposition::kStored) s->stored.fetch_add(1);
    if (d == MqttDisposition::kRejected) s->rejected.fetch_add(1);
    if (!error_text.empty()) {
        spdlog::warn("mqtt: ingest error on {}: {}", topic, error_text);
        if (s->options.publish_errors) {
            const std::string error_topic = std::string(topic) + "/errors";
            MQTTClient_publish(s->client, error_topic.c_str(), static_cast<int>(error_text.size()), error_text.data(),
                               0, 0, nullptr);
        }
    }
    MQTTClient_freeMessage(&message);
    MQTTClient_free(topic_name);
    return 1;
}

void on_connection_lost(void* context, char* cause) {
    auto* s = static_cast<MqttSubscriber::State*>(context);
    spdlog::warn("mqtt: connection to {}:{} lost{}{}", s->options.host, s->options.port, cause ? ": " : "",
                 cause ? cause : "");
    {
        std::lock_guard lock(s->mutex);
        s->lost = true;
        s->is_connected = false;
    }
    s->wake.notify_all();
}

}  // namespace

void MqttSubscriber::State::run() {
    const std::string filter = options.topic_prefix + "/+/+/+";
    auto backoff = options.backoff_initial;
    while (!is_stopping()) {
        MQTTClient_connectOptions conn = MQTTClient_connectOptions_initializer;
        conn.keepAliveInterval = options.keep_alive_s;
        conn.cleansession = 0;  // persistent session: the broker queues QoS 1 messages while we are away
        conn.MQTTVersion = MQTTVERSION_3_1_1;
        conn.connectTimeout = 5;
        if (options.username) conn.username = options.username->c_str();
        if (options.password) conn.password = options.password->c_str();
        int rc = MQTTClient_connect(client, &conn);
        if (rc == MQTTCLIENT_SUCCESS) {
            rc = MQTTClient_subscribe(client, filter.c_str(), 1);
            if (rc != MQTTCLIENT_SUCCESS) MQTTClient_disconnect(client, 0);
        }
        if (rc != MQTTCLIENT_SUCCESS) {
            connect_failures.fetch_add(1);
            spdlog::warn("mqtt: cannot connect to {}:{} ({}); next attempt in {} ms", options.host, options.port,
                         MQTTClient_strerror(rc), backoff.count());
            if (!wait_unless_stopping(backoff)) break;
            backoff = std::min(backoff * 2, options.backoff_max);
            continue;
        }
        connects.fetch_add(1);
        backoff = options.backoff_initial;
        spdlog::info("mqtt: connected to {}:{} as {}, subscribed to {} (QoS 1)", options.host, options.port,
                     options.client_id, filter);
        std::unique_lock lock(mutex);
        is_connected = true;
        wake.wait(lock, [this] { return stopping || lost; });
        if (lost) is_connected = false;  // also when the loss came between connect and here
        lost = false;
    }
    std::unique_lock lock(mutex);
    const bool was_connected = is_connected;
    is_connected = false;
    lock.unlock();
    if (was_connected) MQTTClient_disconnect(client, 2000);
    spdlog::info("mqtt: subscriber stopped");
}

MqttSubscriber::MqttSubscriber(MqttSubscriberOptions options, IngestSink sink) : state_(std::make_unique<State>()) {
    state_->options = std::move(options);
    state_->sink = std::move(sink);
}

MqttSubscriber::~MqttSubscriber() { stop(); }

Status MqttSubscriber::start() {
    State& s = *state_;
    if (s.thread.joinable()) return fail(ErrorCode::kFailedPrecondition, "MQTT subscriber already started");
    if (!s.options.parser) return fail(ErrorCode::kInvalidArgument, "no payload parser given", "parser");
    if (!s.sink) return fail(ErrorCode::kInvalidArgument, "no ingest sink given", "sink");
    if (s.options.spool_dir.empty()) return fail(ErrorCode::kInvalidArgument, "no spool folder given", "spool_dir");
    if (s.options.client_id.empty()) return fail(ErrorCode::kInvalidArgument, "empty client id", "client_id");
    s.spool_base = s.options.spool_dir;
    s.persistence = MQTTClient_persistence{&s.spool_base, spool_open, spool_close, spool_put,     spool_get,
                                           spool_remove,  spool_keys, spool_clear, spool_contains};
    const std::string uri = "tcp://" + s.options.host + ":" + std::to_string(s.options.port);
    int rc = MQTTClient_create(&s.client, uri.c_str(), s.options.client_id.c_str(), MQTTCLIENT_PERSISTENCE_USER,
                               &s.persistence);
    if (rc != MQTTCLIENT_SUCCESS) {
        return fail(ErrorCode::kInternal, std::string("cannot create MQTT client: ") + MQTTClient_strerror(rc));
    }
    rc = MQTTClient_setCallbacks(s.client, &s, on_connection_lost, on_message, nullptr);
    if (rc != MQTTCLIENT_SUCCESS) {
        MQTTClient_destroy(&s.client);
        return fail(ErrorCode::kInternal, std::string("cannot set MQTT callbacks: ") + MQTTClient_strerror(rc));
    }
    {
        std::lock_guard lock(s.mutex);
        s.stopping = false;
        s.lost = false;
    }
    s.thread = std::thread([&s] { s.run(); });
    return {};
}

void MqttSubscriber::stop() {
    State& s = *state_;
    if (!s.thread.joinable()) return;
    {
        std::lock_guard lock(s.mutex);
        s.stopping = true;
    }
    s.wake.notify_all();
    s.thread.join();
    MQTTClient_destroy(&s.client);
    s.client = nullptr;
}

bool MqttSubscriber::connected() const {
    std::lock_guard lock(state_->mutex);
    return state_->is_connected;
}

MqttCounters MqttSubscriber::counters() const {
    return MqttCounters{state_->stored.load(), state_->rejected.load(), state_->retries.load(),
                        state_->connects.load(), state_->connect_failures.load()};
}

}  // namespace yandian::ingest
