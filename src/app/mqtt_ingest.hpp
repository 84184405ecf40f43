#pragma once
// MQTT acquisition wired into the ingest service: a subscriber on `{prefix}/{org_id}/{line}/{characteristic}`
// whose sink is SpcService::ingest_by_key (source "mqtt"). A payload that carries an "id" (string or integer,
// top-level key of the JSON object) is stored under the idempotency key "mqtt:{id}", so a redelivered message is
// stored once; a payload without an id is stored at least once (see docs/spc/acquisition.md).
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "ingest/mqtt_subscriber.hpp"

namespace yandian::app {

class SpcService;

struct MqttIngestOptions {
    std::string broker;  // tcp://HOST:PORT or mqtt://HOST:PORT (port 1883 when left out)
    std::string prefix = "yandian";
    std::string client_id = "yandian-ingest";
    std::string spool_dir;  // required; on the same disk as the store
};

// `tcp://127.0.0.1:1883` → host and port; an error names what is wrong with the address.
Result<std::pair<std::string, int>> parse_broker_address(std::string_view url);

// The message id of a payload: the top-level "id" of a JSON object, as text (integers in decimal); empty when
// the payload has none or is not a JSON object. Longer than 180 characters is an error (it would not fit a key).
Result<std::optional<std::string>> payload_message_id(std::string_view payload);

// Classifies an ingest-service failure for the subscriber: refusals no retry can cure keep their code
// (invalid_argument, not_found, permission_denied, unauthenticated, payload_too_large, already_exists,
// failed_precondition); every other failure becomes unavailable, which the subscriber retries.
Error classify_ingest_error(Error error);

class MqttIngest {
  public:
    MqttIngest(SpcService& spc, MqttIngestOptions options);
    ~MqttIngest();
    MqttIngest(const MqttIngest&) = delete;
    MqttIngest& operator=(const MqttIngest&) = delete;

    Status start();  // returns at once; the broker is retried with back-off
    void stop();     // before the store closes
    bool connected() const;
    ingest::MqttCounters counters() const;

    struct State;

  private:
    std::unique_ptr<State> state_;
};

}  // namespace yandian::app
