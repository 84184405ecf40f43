#pragma once
// MQTT acquisition: subscribes to `{prefix}/{org}/{line}/{characteristic}` with QoS 1 on a broker and hands each
// message's values to the IngestSink. A message leaves the subscriber's spool only after the sink reported the
// values durable; see docs/ingest/mqtt.md for when the broker gets its PUBACK and why nothing acknowledged is lost.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "ingest/incoming.hpp"

namespace yandian::ingest {

// Payload → values; the platform's is parse_mqtt_payload (ingest/payload.hpp). A failure or an exception means the
// payload can never be read: the message is acknowledged and reported.
using PayloadParser = std::function<Result<IncomingBatch>(std::string_view)>;

struct MqttSubscriberOptions {
    std::string host = "127.0.0.1";
    int port = 1883;
    std::string client_id = "yandian-ingest";  // fixed, so the broker keeps the session while we are away
    std::string topic_prefix = "yandian";      // subscribes to prefix/+/+/+
    std::string spool_dir;  // where received-but-not-yet-stored messages are kept (fsync'd); required
    std::optional<std::string> username;
    std::optional<std::string> password;
    int keep_alive_s = 20;
    std::chrono::milliseconds backoff_initial{200};
    std::chrono::milliseconds backoff_max{10'000};
    std::chrono::milliseconds sink_retry_delay{200};  // first pause before a failed sink call is repeated (doubles,
                                                      // capped by backoff_max)
    bool publish_errors = true;  // ingest errors of a message go to its topic + "/errors" (QoS 0), besides the log
    PayloadParser parser;        // JSON payload → values; required
};

// What the subscriber did with one message, by the rule of docs/ingest/mqtt.md.
enum class MqttDisposition {
    kStored,    // sink succeeded: acknowledged, removed from the spool
    kRejected,  // will never succeed (bad topic, bad payload, refused by the sink as invalid): acknowledged, error
                // reported
    kRetry,     // sink failed for a reason that may pass (store unavailable): kept, offered again
};

struct MqttCounters {
    std::uint64_t stored = 0;
    std::uint64_t rejected = 0;
    std::uint64_t retries = 0;
    std::uint64_t connects = 0;
    std::uint64_t connect_failures = 0;  // refused or failed connection attempts (each followed by a back-off)
};

// Splits `prefix/org/line/characteristic` into its key; an error names what is wrong with the topic.
Result<CharacteristicKey> parse_mqtt_topic(std::string_view topic, std::string_view prefix);

// Decides what happens to one message: parse the topic and payload, call the sink, classify the outcome.
// `error_text` receives the message to report when the outcome is kRejected or kRetry. Pure apart from the sink.
MqttDisposition process_mqtt_message(std::string_view topic, std::string_view payload, std::string_view prefix,
                                     const PayloadParser& parser, const IngestSink& sink, std::string& error_text);

class MqttSubscriber {
public:
    MqttSubscriber(MqttSubscriberOptions options, IngestSink sink);
    ~MqttSubscriber();  // stop()
    MqttSubscriber(const MqttSubscriber&) = delete;
    MqttSubscriber& operator=(const MqttSubscriber&) = delete;

    // Starts the connection thread; returns at once (the broker may be down: it is retried with back-off).
    Status start();
    // Disconnects cleanly and joins the thread; messages not yet stored stay in the spool and on the broker.
    void stop();

    bool connected() const;
    MqttCounters counters() const;

    struct State;  // defined in the .cpp; reached by the client library's callbacks

private:
    std::unique_ptr<State> state_;
};

}  // namespace yandian::ingest
