#include "app/mqtt_ingest.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/spc_service.hpp"
#include "ingest/payload.hpp"

namespace yandian::app {

Result<std::pair<std::string, int>> parse_broker_address(std::string_view url) {
    std::string_view rest = url;
    for (std::string_view scheme : {"tcp://", "mqtt://"}) {
        if (rest.substr(0, scheme.size()) == scheme) {
            rest.remove_prefix(scheme.size());
            break;
        }
    }
    if (rest.find("://") != std::string_view::npos) {
        return fail(ErrorCode::kInvalidArgument, "MQTT broker: only tcp:// or mqtt:// addresses", "mqtt-broker");
    }
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    int port = 1883;
    std::string_view host = rest;
    if (auto colon = rest.rfind(':'); colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
        host = rest.substr(0, colon);
        std::string_view p = rest.substr(colon + 1);
        auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
        if (ec != std::errc() || end != p.data() + p.size() || port < 1 || port > 65535) {
            return fail(ErrorCode::kInvalidArgument, "MQTT broker: port must be 1 to 65535", "mqtt-broker");
        }
    }
    if (host.empty()) return fail(ErrorCode::kInvalidArgument, "MQTT broker: host is missing", "mqtt-broker");
    return std::pair<std::string, int>(std::string(host), port);
}

Result<std::optional<std::string>> payload_message_id(std::string_view payload) {
    nlohmann::json j = nlohmann::json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::optional<std::string>();
    auto it = j.find("id");
    if (it == j.end() || it->is_null()) return std::optional<std::string>();
    std::string id;
    if (it->is_string()) {
        id = it->get<std::string>();
    } else if (it->is_number_integer()) {
        id = it->dump();
    } else {
        return fail(ErrorCode::kInvalidArgument, "message id must be a string or an integer", "id");
    }
    if (id.empty() || id.size() > 180) {
        return fail(ErrorCode::kInvalidArgument, "message id must be 1 to 180 characters", "id");
    }
    return std::optional<std::string>(std::move(id));
}

Error classify_ingest_error(Error error) {
    switch (error.code) {
        case ErrorCode::kInvalidArgument:
        case ErrorCode::kNotFound:
        case ErrorCode::kPermissionDenied:
        case ErrorCode::kUnauthenticated:
        case ErrorCode::kPayloadTooLarge:
        case ErrorCode::kAlreadyExists:
        case ErrorCode::kFailedPrecondition:
            return error;
        case ErrorCode::kRateLimited:
        case ErrorCode::kUnavailable:
        case ErrorCode::kInternal:
            break;
    }
    error.code = ErrorCode::kUnavailable;
    return error;
}

struct MqttIngest::State {
    SpcService& spc;
    MqttIngestOptions options;
    // Set by the parser and read by the sink; both run on the subscriber's one delivery thread, one message at a
    // time (parse, then the sink and its retries), so the id always belongs to the message being stored.
    std::optional<std::string> current_id;
    std::unique_ptr<ingest::MqttSubscriber> subscriber;
};

MqttIngest::MqttIngest(SpcService& spc, MqttIngestOptions options)
    : state_(std::make_unique<State>(State{spc, std::move(options), std::nullopt, nullptr})) {}

MqttIngest::~MqttIngest() { stop(); }

Status MqttIngest::start() {
    State& s = *state_;
    if (s.subscriber) return fail(ErrorCode::kFailedPrecondition, "MQTT ingest already started");
    auto address = parse_broker_address(s.options.broker);
    if (!address) return tl::unexpected(address.error());
    if (s.options.spool_dir.empty()) return fail(ErrorCode::kInvalidArgument, "no MQTT spool folder", "mqtt-spool");
    std::error_code ec;
    std::filesystem::create_directories(s.options.spool_dir, ec);
    if (ec) {
        return fail(ErrorCode::kInvalidArgument,
                    "cannot create the MQTT spool folder " + s.options.spool_dir + ": " + ec.message(), "mqtt-spool");
    }
    ingest::MqttSubscriberOptions o;
    o.host = address->first;
    o.port = address->second;
    o.client_id = s.options.client_id;
    o.topic_prefix = s.options.prefix;
    o.spool_dir = s.options.spool_dir;
    o.parser = [&s](std::string_view payload) -> Result<ingest::IncomingBatch> {
        s.current_id.reset();
        auto id = payload_message_id(payload);
        if (!id) return tl::unexpected(id.error());
        s.current_id = *id;
        return ingest::parse_mqtt_payload(payload);
    };
    ingest::IngestSink sink = [&s](const ingest::CharacteristicKey& key,
                                   const ingest::IncomingBatch& batch) -> Result<ingest::IngestResult> {
        std::optional<std::string> idempotency_key;
        if (s.current_id) idempotency_key = "mqtt:" + *s.current_id;
        try {
            auto outcome = s.spc.ingest_by_key(key, batch, idempotency_key, "mqtt");
            if (!outcome) return tl::unexpected(classify_ingest_error(outcome.error()));
            ingest::IngestResult r;
            r.accepted = outcome->accepted;
            r.rejected = outcome->rejected;
            return r;
        } catch (const std::exception& e) {
            return fail(ErrorCode::kUnavailable, std::string("ingest failed: ") + e.what());
        }
    };
    s.subscriber = std::make_unique<ingest::MqttSubscriber>(std::move(o), std::move(sink));
    if (auto ok = s.subscriber->start(); !ok) {
        s.subscriber.reset();
        return ok;
    }
    spdlog::info(R"({{"msg":"mqtt ingest started","broker":{},"topics":{}}})", nlohmann::json(s.options.broker).dump(),
                 nlohmann::json(s.options.prefix + "/+/+/+").dump());
    return {};
}

void MqttIngest::stop() {
    if (state_ && state_->subscriber) {
        state_->subscriber->stop();
        state_->subscriber.reset();
    }
}

bool MqttIngest::connected() const { return state_->subscriber && state_->subscriber->connected(); }

ingest::MqttCounters MqttIngest::counters() const {
    return state_->subscriber ? state_->subscriber->counters() : ingest::MqttCounters{};
}

}  // namespace yandian::app
