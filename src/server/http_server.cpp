#include "server/http_server.hpp"

#include <atomic>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "server/api.hpp"
#include "server/http_types.hpp"

namespace yandian::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

Status parse_listen_address(std::string_view text, ServerOptions& options) {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size()) {
        return fail(ErrorCode::kInvalidArgument, "listen address must be HOST:PORT, got '" + std::string(text) + "'",
                    "listen");
    }
    std::string_view host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    unsigned port = 0;
    for (char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9' || port > 65535) {
            return fail(ErrorCode::kInvalidArgument, "port must be a number 0..65535", "listen");
        }
        port = port * 10 + static_cast<unsigned>(c - '0');
    }
    if (port > 65535) return fail(ErrorCode::kInvalidArgument, "port must be a number 0..65535", "listen");
    boost::system::error_code ec;
    net::ip::make_address(std::string(host), ec);
    if (ec) return fail(ErrorCode::kInvalidArgument, "not an IP address: '" + std::string(host) + "'", "listen");
    options.host = std::string(host);
    options.port = static_cast<unsigned short>(port);
    return {};
}

namespace {

// The error a failed read of a request earns, or nullopt when the peer just went away.
std::optional<Error> read_error(beast::error_code ec, std::size_t body_limit) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::eof || ec == net::error::connection_reset) {
        return std::nullopt;
    }
    if (ec == http::error::body_limit) {
        return Error{ErrorCode::kPayloadTooLarge, "request body exceeds " + std::to_string(body_limit) + " bytes",
                     "body"};
    }
    if (ec == http::error::header_limit) {
        return Error{ErrorCode::kInvalidArgument, "request headers are too large", "headers"};
    }
    return Error{ErrorCode::kInvalidArgument, "malformed HTTP request: " + ec.message(), "request"};
}

std::size_t largest_body_limit(const ServerOptions& options) {
    std::size_t limit = options.body_limit;
    for (const auto& [prefix, bytes] : options.upload_limits) limit = std::max(limit, bytes);
    return limit;
}

// A declared Content-Length within `limit` (a chunked body is counted by the parser as it arrives).
bool within_limit(const http::request_parser<http::string_body>& parser, std::size_t limit) {
    const auto length = parser.content_length();
    return !length || *length <= limit;
}

struct Shared {
    Api& api;
    ServerOptions options;
    net::thread_pool& workers;
    std::atomic<bool> stopping{false};
};

HttpRequest to_request(http::request<http::string_body>& raw, std::string remote, Status& target_ok) {
    HttpRequest request;
    request.method = std::string(raw.method_string());
    target_ok = parse_target(raw.target(), request);
    for (const auto& field : raw) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto [it, inserted] = request.headers.try_emplace(std::move(name), std::string(field.value()));
        if (!inserted) it->second.append(it->first == "cookie" ? "; " : ", ").append(field.value());
    }
    request.body = std::move(raw.body());
    request.remote_address = std::move(remote);
    return request;
}

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {
        boost::system::error_code ec;
        auto endpoint = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = endpoint.address().to_string();
    }

    void start() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
    }

    // Closes the connection if it is waiting for a request or streaming events; a busy one closes after
    // its response.
    void close_if_idle() {
        net::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_ || self->events_) self->close();
        });
    }

private:
    void read() {
        if (shared_.stopping) return close();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(shared_.options.header_limit));
        // The header first, under the largest limit (a Content-Length is checked when the header ends); then the
        // limit of the target.
        body_limit_ = largest_body_limit(shared_.options);
        parser_->body_limit(body_limit_);
        stream_.expires_after(shared_.options.idle_timeout);
        http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec == http::error::body_limit) self->body_limit_ = body_limit_for(self->parser_->get().target(), self->shared_.options);
            if (ec) return self->on_read(ec);
            self->body_limit_ = body_limit_for(self->parser_->get().target(), self->shared_.options);
            if (!within_limit(*self->parser_, self->body_limit_)) return self->on_read(http::error::body_limit);
            self->parser_->body_limit(self->body_limit_);
            auto read_body = [self] {
                http::async_read(self->stream_, self->buffer_, *self->parser_,
                                 [self](beast::error_code ec2, std::size_t) { self->on_read(ec2); });
            };
            // A client that asks before sending a large body (curl does above 1 MiB) is told to go on at once
            // instead of waiting out its timeout.
            if (beast::iequals(self->parser_->get()[http::field::expect], "100-continue")) {
                static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
                return net::async_write(self->stream_, net::buffer(kContinue),
                                        [self, read_body](beast::error_code ec2, std::size_t) {
                                            if (ec2) return self->close();
                                            read_body();
                                        });
            }
            read_body();
        });
    }

    void on_read(beast::error_code ec) {
        if (ec) {
            std::optional<Error> error = read_error(ec, body_limit_);
            if (!error) return close();
            return reply_error(error->code, error->message, error->field);
        }

        auto raw = parser_->release();
        keep_alive_ = raw.keep_alive();
        version_ = raw.version();
        Status target_ok;
        HttpRequest request = to_request(raw, remote_, target_ok);
        if (!target_ok) return reply_error(target_ok.error().code, target_ok.error().message, target_ok.error().field);

        busy_ = true;
        stream_.expires_never();
        auto work = net::make_work_guard(stream_.get_executor());
        net::post(shared_.workers, [self = shared_from_this(), request = std::move(request),
                                    work = std::move(work)]() mutable {
            HttpResponse response = self->shared_.api.handle(request);
            net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
                self->write(std::move(response));
            });
        });
    }

    void reply_error(ErrorCode code, std::string message, std::string field) {
        keep_alive_ = false;
        version_ = 11;
        busy_ = true;
        write(error_response(code, std::move(message), std::move(field)));
    }

    // Sends the head of a text/event-stream response, then frames as the EventStream gets them, with a
    // comment line every 15 s so that a vanished client is noticed and proxies keep the connection.
    void start_events(HttpResponse response) {
        events_ = response.stream;
        std::string head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
            "Connection: close\r\nX-Accel-Buffering: no\r\n";
        for (auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
        head += "\r\n: connected\n\n";
        outgoing_ = std::move(head);
        stream_.expires_never();
        std::weak_ptr<Connection> weak = shared_from_this();
        auto executor = stream_.get_executor();
        events_->set_wakeup([weak, executor] {
            net::post(executor, [weak] {
                if (auto self = weak.lock()) self->drain_events();
            });
        });
        heartbeat_.emplace(stream_.get_executor());
        schedule_heartbeat();
        send_outgoing();
    }

    void schedule_heartbeat() {
        heartbeat_->expires_after(std::chrono::seconds(15));
        heartbeat_->async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || !self->events_) return;
            self->events_->push(": keep-alive\n\n");
            self->schedule_heartbeat();
        });
    }

    void drain_events() {
        if (writing_ || !events_) return;
        outgoing_ = events_->take();
        if (!outgoing_.empty()) send_outgoing();
    }

    void send_outgoing() {
        writing_ = true;
        net::async_write(stream_, net::buffer(outgoing_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->writing_ = false;
            if (ec) return self->close();
            self->drain_events();
        });
    }

    void write(HttpResponse response) {
        if (response.stream) return start_events(std::move(response));
        auto out = std::make_shared<http::response<http::string_body>>();
        out->version(version_);
        out->result(static_cast<unsigned>(response.status));
        out->set(http::field::server, "yandian");
        if (!response.content_type.empty()) out->set(http::field::content_type, response.content_type);
        for (auto& [name, value] : response.headers) out->insert(name, value);
        out->body() = std::move(response.body);
        out->keep_alive(keep_alive_ && !shared_.stopping);
        out->prepare_payload();
        stream_.expires_after(shared_.options.idle_timeout);
        http::async_write(stream_, *out, [self = shared_from_this(), out](beast::error_code ec, std::size_t) {
            self->busy_ = false;
            if (ec || !out->keep_alive()) return self->close();
            self->read();
        });
    }

    void close() {
        if (events_) {
            events_->closed();
            events_.reset();
            if (heartbeat_) heartbeat_->cancel();
        }
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }

    beast::tcp_stream stream_;
    Shared& shared_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::string remote_;
    bool keep_alive_ = false;
    unsigned version_ = 11;
    bool busy_ = false;
    std::size_t body_limit_ = 0;
    std::shared_ptr<EventStream> events_;  // set while streaming Server-Sent Events
    std::optional<net::steady_timer> heartbeat_;
    std::string outgoing_;
    bool writing_ = false;
};

}  // namespace

std::size_t body_limit_for(std::string_view target, const ServerOptions& options) {
    for (const auto& [prefix, limit] : options.upload_limits) {
        if (target.substr(0, prefix.size()) == prefix) return limit;
    }
    return options.body_limit;
}

Result<HttpRequest> parse_http_request(std::string_view bytes, const ServerOptions& options) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    parser.body_limit(largest_body_limit(options));
    beast::error_code ec;
    // As the server does: the header, then the body under the limit of the target.
    std::size_t used = 0;
    while (!ec && !parser.is_header_done() && used < bytes.size()) {
        const std::size_t n = parser.put(net::buffer(bytes.data() + used, bytes.size() - used), ec);
        if (n == 0) break;
        used += n;
    }
    std::size_t limit = options.body_limit;
    if (!ec && parser.is_header_done()) {
        limit = body_limit_for(parser.get().target(), options);
        if (!within_limit(parser, limit)) ec = http::error::body_limit;
        parser.body_limit(limit);
    }
    bytes.remove_prefix(used);
    parser.eager(true);
    if (!ec && !parser.is_done() && !bytes.empty()) used = parser.put(net::buffer(bytes.data(), bytes.size()), ec);
    while (!ec && !parser.is_done() && used > 0 && used < bytes.size()) {
        bytes.remove_prefix(used);
        used = parser.put(net::buffer(bytes.data(), bytes.size()), ec);
    }
    if (!ec && !parser.is_done()) ec = http::error::partial_message;
    if (ec == http::error::need_more) ec = http::error::partial_message;
    if (ec) {
        std::optional<Error> error = read_error(ec, limit);
        return tl::unexpected(error.value_or(Error{ErrorCode::kInvalidArgument, "incomplete request", "request"}));
    }
    auto raw = parser.release();
    Status target_ok;
    HttpRequest request = to_request(raw, "fuzz", target_ok);
    if (!target_ok) return tl::unexpected(target_ok.error());
    return request;
}

struct HttpServer::Impl {
    Impl(Api& api, ServerOptions options)
        : workers(static_cast<std::size_t>(std::max(1, options.worker_threads))),
          shared{api, options, workers},
          acceptor(net::make_strand(ioc)),
          signals(ioc, SIGINT, SIGTERM) {}

    void accept() {
        acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
            if (ec) {
                if (ec == net::error::operation_aborted || shared.stopping) return;
                spdlog::warn(R"({{"msg":"accept failed","error":"{}"}})", ec.message());
            } else {
                auto connection = std::make_shared<Connection>(std::move(socket), shared);
                {
                    std::lock_guard lock(connections_mutex);
                    std::erase_if(connections, [](const std::weak_ptr<Connection>& c) { return c.expired(); });
                    connections.push_back(connection);
                }
                connection->start();
            }
            if (!shared.stopping) accept();
        });
    }

    void begin_stop() {
        if (shared.stopping.exchange(true)) return;
        spdlog::info(R"({"msg":"shutting down: finishing in-flight requests"})");
        net::post(acceptor.get_executor(), [this] {
            beast::error_code ec;
            acceptor.close(ec);
        });
        signals.cancel();
        std::lock_guard lock(connections_mutex);
        for (auto& weak : connections) {
            if (auto c = weak.lock()) c->close_if_idle();
        }
        std::lock_guard stop_lock(stop_mutex);
        stop_requested = true;
        stop_cv.notify_all();
    }

    net::io_context ioc;
    net::thread_pool workers;
    Shared shared;
    tcp::acceptor acceptor;
    net::signal_set signals;
    std::mutex connections_mutex;
    std::vector<std::weak_ptr<Connection>> connections;
    std::mutex stop_mutex;
    std::condition_variable stop_cv;
    bool stop_requested = false;
    bool finished = false;
};

HttpServer::HttpServer(Api& api, ServerOptions options) : impl_(std::make_unique<Impl>(api, std::move(options))) {}

HttpServer::~HttpServer() = default;

Result<unsigned short> HttpServer::listen() {
    beast::error_code ec;
    const ServerOptions& options = impl_->shared.options;
    tcp::endpoint endpoint(net::ip::make_address(options.host, ec), options.port);
    if (ec) return fail(ErrorCode::kInvalidArgument, "bad listen address: " + ec.message(), "listen");
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        return fail(ErrorCode::kUnavailable,
                    "cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " + ec.message(),
                    "listen");
    }
    return acceptor.local_endpoint().port();
}

void HttpServer::run() {
    Impl& impl = *impl_;
    impl.signals.async_wait([&impl](beast::error_code ec, int) {
        if (!ec) impl.begin_stop();
    });
    impl.accept();
    std::vector<std::thread> threads;
    for (int i = 0; i < std::max(1, impl.shared.options.io_threads); ++i) {
        threads.emplace_back([&impl] { impl.ioc.run(); });
    }
    // Watchdog: once a stop is requested, in-flight requests get shutdown_grace to finish.
    std::thread watchdog([&impl] {
        std::unique_lock lock(impl.stop_mutex);
        impl.stop_cv.wait(lock, [&impl] { return impl.stop_requested || impl.finished; });
        if (impl.finished) return;
        if (!impl.stop_cv.wait_for(lock, impl.shared.options.shutdown_grace, [&impl] { return impl.finished; })) {
            spdlog::warn(R"({"msg":"shutdown grace period over; closing remaining connections"})");
            impl.ioc.stop();
        }
    });
    for (auto& t : threads) t.join();
    impl.workers.join();
    {
        std::lock_guard lock(impl.stop_mutex);
        impl.finished = true;
        impl.stop_cv.notify_all();
    }
    watchdog.join();
    spdlog::info(R"({"msg":"server stopped"})");
}

void HttpServer::stop() { impl_->begin_stop(); }

}  // namespace yandian::server
