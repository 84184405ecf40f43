#pragma once
// HTTP/1.1 server on Boost.Beast: network I/O on a few threads, request handling on a worker pool
// (handlers may block on the store or on password hashing). Graceful stop: no new connections,
// in-flight requests finish and are answered, idle connections are closed.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace yandian::server {

class Api;

struct ServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;  // 0 = any free port
    std::size_t body_limit = 1 << 20;       // bytes; larger bodies get 413
    // Routes that take whole files (vibration records) accept larger bodies: path prefix -> limit in bytes.
    std::vector<std::pair<std::string, std::size_t>> upload_limits{{"/api/v1/monitor/", 64u << 20}};
    std::size_t header_limit = 16 * 1024;   // bytes
    int io_threads = 2;
    int worker_threads = 4;
    std::chrono::seconds idle_timeout{60};
    std::chrono::seconds shutdown_grace{20};  // after this, a stop no longer waits for in-flight requests
};

// "127.0.0.1:8080", "[::1]:0", "0.0.0.0:80" → host and port.
Status parse_listen_address(std::string_view text, ServerOptions& options);

// The body limit of a request target under `options` (body_limit, or the upload limit of its path).
std::size_t body_limit_for(std::string_view target, const ServerOptions& options);

struct HttpRequest;
// Parses one complete request from raw bytes with the server's limits and conversion (for the fuzzer
// and tests; the server itself parses incrementally from the socket with the same steps).
Result<HttpRequest> parse_http_request(std::string_view bytes, const ServerOptions& options);

class HttpServer {
public:
    HttpServer(Api& api, ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and listens; returns the bound port (useful with port 0).
    Result<unsigned short> listen();
    // Serves until SIGTERM or SIGINT (or stop()), then shuts down gracefully and returns.
    void run();
    // Asks a running server to stop gracefully; safe from any thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace yandian::server
