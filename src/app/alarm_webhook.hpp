#pragma once
// Alarm webhook: every alarm published on the LiveHub is POSTed as JSON to one http:// URL, from a worker thread
// with a bounded queue, so ingest never waits for the receiver. A failed delivery (no connection, timeout, a status
// other than 2xx) is retried with exponential back-off; when the queue is full the oldest alarm is dropped and
// counted. Every alarm is also stored as an event, so a dropped webhook call loses no data.
#include <chrono>
#include <cstdint>
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
    std::uint64_t dropped = 0;   // queue full
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

    Status start(LiveHub& hub);  // subscribes to alarm events and starts the worker
    void stop();                 // unsubscribes; alarms still queued are abandoned
    void enqueue(std::string body);
    WebhookCounters counters() const;

    struct State;

  private:
    std::unique_ptr<State> state_;
};

}  // namespace yandian::app
