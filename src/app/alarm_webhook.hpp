#pragma once
// Alarm webhook: every alarm published on the LiveHub is POSTed as JSON to one http:// URL, from a worker thread
// with a bounded queue, so ingest never waits for the receiver. Every alarm is also stored as an event, so a dropped
// webhook call loses no data.
//
// Policy (stated for users in docs/spc/acquisition.md, "Alarm webhook"):
// - Delivery: one alarm at a time, in arrival order. A failed attempt (no connection, timeout, a status other than
//   2xx) is retried after backoff_initial, doubling up to backoff_max, until max_attempts attempts were made; then
//   the alarm is given up: counted in `given_up`, logged at error level, never retried, and the next alarm is sent.
// - Queue: holds the alarms waiting behind the one being delivered (that one has left the queue and is never
//   dropped). When queue_limit alarms are waiting and another arrives, the OLDEST waiting alarm is dropped and
//   counted in `dropped`; the newest is kept, so the receiver hears about the current state of the line.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace yandian::app {

class LiveHub;

struct WebhookOptions {
    std::string url;  // http://HOST[:PORT]/PATH
    std::size_t queue_limit = 1000;
    int max_attempts = 8;  // per alarm
    std::chrono::milliseconds backoff_initial{250};
    std::chrono::milliseconds backoff_max{30'000};
    std::chrono::milliseconds timeout{5'000};  // connect, send and receive each
};

struct WebhookCounters {
    std::uint64_t delivered = 0;
    std::uint64_t failed_attempts = 0;
    std::uint64_t given_up = 0;  // after max_attempts
    std::uint64_t dropped = 0;   // queue full: the oldest waiting alarm
};

struct HttpUrl {
    std::string host;
    int port = 80;
    std::string target = "/";
};
// Only plain http:// is supported; an error names what is wrong with the URL.
Result<HttpUrl> parse_http_url(std::string_view url);

// One POST of a JSON body; returns the HTTP status, or an error when no answer came.
Result<int> post_json(const HttpUrl& url, std::string_view body, std::chrono::milliseconds timeout);

class AlarmWebhook {
  public:
    explicit AlarmWebhook(WebhookOptions options);
    ~AlarmWebhook();  // stop()
    AlarmWebhook(const AlarmWebhook&) = delete;
    AlarmWebhook& operator=(const AlarmWebhook&) = delete;

    // Subscribes to alarm events and starts the worker. Refuses a bad URL, queue_limit 0 and max_attempts < 1.
    Status start(LiveHub& hub);
    void stop();  // unsubscribes; alarms still queued are abandoned
    void enqueue(std::string body);  // may be called before start(): the alarm waits in the queue
    WebhookCounters counters() const;
    // Waits until `done(counters())` holds or `timeout` passes (every counter change wakes it); returns the counters
    // of the last check. For a caller that must know an outcome (a delivery, a give-up) without polling.
    WebhookCounters wait_for_counters(const std::function<bool(const WebhookCounters&)>& done,
                                      std::chrono::milliseconds timeout) const;

    struct State;

  private:
    std::unique_ptr<State> state_;
};

}  // namespace yandian::app
