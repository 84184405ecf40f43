#include "app/alarm_webhook.hpp"
#include "common/json_text.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/live_hub.hpp"

namespace yandian::app {

Result<HttpUrl> parse_http_url(std::string_view url) {
    constexpr std::string_view kScheme = "http://";
    if (url.substr(0, kScheme.size()) != kScheme) {
        return fail(ErrorCode::kInvalidArgument, "webhook URL must start with http://", "alarm-webhook");
    }
    std::string_view rest = url.substr(kScheme.size());
    HttpUrl out;
    std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        std::string_view p = authority.substr(colon + 1);
        auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), out.port);
        if (ec != std::errc() || end != p.data() + p.size() || out.port < 1 || out.port > 65535) {
            return fail(ErrorCode::kInvalidArgument, "webhook URL: port must be 1 to 65535", "alarm-webhook");
        }
        authority = authority.substr(0, colon);
    }
    if (authority.empty()) return fail(ErrorCode::kInvalidArgument, "webhook URL: host is missing", "alarm-webhook");
    out.host = std::string(authority);
    return out;
}

Result<int> post_json(const HttpUrl& url, std::string_view body, std::chrono::milliseconds timeout) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(url.port);
    if (int rc = getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
        return fail(ErrorCode::kUnavailable, fmt::format("cannot resolve {}: {}", url.host, gai_strerror(rc)));
    }
    int fd = -1;
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    if (fd < 0) return fail(ErrorCode::kUnavailable, fmt::format("cannot connect to {}:{}", url.host, url.port));
    const std::string request = fmt::format(
        "POST {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
        "User-Agent: yandian-alarm-webhook\r\nConnection: close\r\n\r\n{}",
        url.target, url.host, url.port, body.size(), body);
    std::size_t sent = 0;
    while (sent < request.size()) {
        ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            close(fd);
            return fail(ErrorCode::kUnavailable, "webhook request could not be sent");
        }
        sent += static_cast<std::size_t>(n);
    }
    std::string reply;
    char buffer[1024];
    while (reply.find("\r\n") == std::string::npos && reply.size() < 8192) {
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        reply.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    // "HTTP/1.1 204 No Content"
    if (reply.size() < 12 || reply.compare(0, 5, "HTTP/") != 0) {
        return fail(ErrorCode::kUnavailable, "webhook receiver gave no HTTP answer");
    }
    int status = 0;
    std::size_t space = reply.find(' ');
    auto [end, ec] = std::from_chars(reply.data() + space + 1, reply.data() + reply.size(), status);
    if (ec != std::errc()) return fail(ErrorCode::kUnavailable, "webhook receiver's status line is unreadable");
    return status;
}

struct AlarmWebhook::State {
    WebhookOptions options;
    HttpUrl url;
    LiveHub* hub = nullptr;
    std::int64_t subscription = 0;
    mutable std::mutex mutex;
    std::condition_variable wake;
    mutable std::condition_variable changed;  // a counter changed
    std::deque<std::string> queue;
    bool stopping = false;
    WebhookCounters counters;
    std::thread worker;

    void run() {
        std::unique_lock lock(mutex);
        while (!stopping) {
            if (queue.empty()) {
                wake.wait(lock, [this] { return stopping || !queue.empty(); });
                continue;
            }
            // The alarm leaves the queue when its delivery begins: the queue bound counts waiting alarms only, so a
            // full queue drops the oldest *waiting* alarm, never the one being sent (which would then be counted
            // as dropped and still delivered, or as dropped and given up).
            std::string body = std::move(queue.front());
            queue.pop_front();
            auto delay = options.backoff_initial;
            bool done = false;
            for (int attempt = 1; attempt <= options.max_attempts && !stopping; ++attempt) {
                lock.unlock();
                auto status = post_json(url, body, options.timeout);
                lock.lock();
                if (status && *status >= 200 && *status < 300) {
                    ++counters.delivered;
                    changed.notify_all();
                    done = true;
                    break;
                }
                ++counters.failed_attempts;
                changed.notify_all();
                spdlog::warn(
                    R"({{"msg":"alarm webhook failed","attempt":{},"error":{}}})", attempt,
                    json_text(nlohmann::json(status ? fmt::format("status {}", *status) : status.error().message)));
                if (attempt == options.max_attempts) break;
                wake.wait_for(lock, delay, [this] { return stopping; });
                delay = std::min(delay * 2, options.backoff_max);
            }
            if (done) continue;
            if (stopping) break;
            ++counters.given_up;
            changed.notify_all();
            spdlog::error(R"({{"msg":"alarm webhook gave up","attempts":{},"alarm":{}}})", options.max_attempts,
                          json_text(nlohmann::json(body.substr(0, 200))));
        }
    }
};

AlarmWebhook::AlarmWebhook(WebhookOptions options) : state_(std::make_unique<State>()) {
    state_->options = std::move(options);
}

AlarmWebhook::~AlarmWebhook() { stop(); }

Status AlarmWebhook::start(LiveHub& hub) {
    auto url = parse_http_url(state_->options.url);
    if (!url) return tl::unexpected(url.error());
    if (state_->options.queue_limit < 1) {
        return fail(ErrorCode::kInvalidArgument, "webhook queue limit must be at least 1", "alarm-webhook");
    }
    if (state_->options.max_attempts < 1) {
        return fail(ErrorCode::kInvalidArgument, "webhook attempts must be at least 1", "alarm-webhook");
    }
    if (state_->worker.joinable()) return fail(ErrorCode::kFailedPrecondition, "webhook already started");
    state_->url = *url;
    state_->stopping = false;
    state_->worker = std::thread([s = state_.get()] { s->run(); });
    state_->hub = &hub;
    state_->subscription = hub.subscribe([](std::int64_t, std::int64_t) { return true; },
                                         [this](const std::string& event, const std::string& data) {
                                             if (event == "alarm") enqueue(data);
                                         });
    return {};
}

void AlarmWebhook::stop() {
    if (!state_) return;
    if (state_->hub != nullptr) {
        state_->hub->unsubscribe(state_->subscription);
        state_->hub = nullptr;
    }
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
    }
    state_->wake.notify_all();
    if (state_->worker.joinable()) state_->worker.join();
}

void AlarmWebhook::enqueue(std::string body) {
    {
        std::lock_guard lock(state_->mutex);
        // Drop the oldest waiting alarm (the one being delivered is no longer in the queue).
        while (!state_->queue.empty() && state_->queue.size() >= state_->options.queue_limit) {
            state_->queue.pop_front();
            ++state_->counters.dropped;
            state_->changed.notify_all();
        }
        state_->queue.push_back(std::move(body));
    }
    state_->wake.notify_all();
}

WebhookCounters AlarmWebhook::counters() const {
    std::lock_guard lock(state_->mutex);
    return state_->counters;
}

WebhookCounters AlarmWebhook::wait_for_counters(const std::function<bool(const WebhookCounters&)>& done,
                                                std::chrono::milliseconds timeout) const {
    std::unique_lock lock(state_->mutex);
    state_->changed.wait_for(lock, timeout, [&] { return done(state_->counters); });
    return state_->counters;
}

}  // namespace yandian::app
