#include "server/api.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "app/accounts.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

std::string_view content_type_for(const std::filesystem::path& file) {
    static const std::pair<std::string_view, std::string_view> kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"},
    };
    std::string ext = file.extension().string();
    for (const auto& [suffix, type] : kTypes) {
        if (ext == suffix) return type;
    }
    return "application/octet-stream";
}

bool read_file(const std::filesystem::path& file, std::string& out) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = std::move(buffer).str();
    return true;
}

}  // namespace

Api::Api(Services services, ApiOptions options) : services_(services), options_(std::move(options)) {
    router_.add("GET", "/api/v1/health", [this](const HttpRequest&, const PathParams&) {
        return json_response(200, {{"status", "ok"}, {"version", options_.version}});
    });
    add_account_routes(router_, services_.accounts);
    add_bearing_routes(router_);
    add_spc_routes(router_, services_);
    add_market_routes(router_, services_);
    add_market_offer_routes(router_, services_);
    add_ingest_routes(router_, services_);
    add_monitor_routes(router_, services_);
    add_furnace_routes(router_, services_);
    add_stats_routes(router_, services_);
    add_credit_routes(router_, services_);
    add_returns_routes(router_, services_);
    add_receivable_routes(router_, services_);
    add_quality_routes(router_, services_);
}

Api::~Api() = default;

HttpResponse Api::handle(const HttpRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    std::string route = "unmatched";
    HttpResponse response;
    try {
        response = dispatch(request, route);
    } catch (const std::exception& e) {
        // The handler's failure stays on the server's log; the client learns only that it failed.
        spdlog::error(R"({{"msg":"handler failed","route":{},"error":{}}})", nlohmann::json(route).dump(),
                      nlohmann::json(e.what()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        response = error_response(ErrorCode::kInternal, "internal error");
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_.record(request.method, route, response.status, seconds);
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("X-Frame-Options", "DENY");
    response.headers.emplace_back("Referrer-Policy", "same-origin");
    if (options_.log_requests) {
        nlohmann::json line = {{"msg", "request"},       {"method", request.method}, {"path", request.path},
                               {"route", route},         {"status", response.status},
                               {"ms", seconds * 1000.0}, {"remote", request.remote_address}};
        spdlog::info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    return response;
}

HttpResponse Api::dispatch(const HttpRequest& request, std::string& route_label) {
    if (request.path == "/metrics") {
        route_label = "/metrics";
        if (request.method != "GET") return error_response(ErrorCode::kInvalidArgument, "use GET", "method");
        HttpResponse response;
        response.content_type = "text/plain; version=0.0.4";
        response.body = metrics_.prometheus_text();
        return response;
    }
    if (request.path.rfind("/api/", 0) == 0) {
        Router::Match match = router_.match(request.method, request.raw_path);
        if (match.route == nullptr) {
            if (match.status == 405) {
                HttpResponse response = error_response(ErrorCode::kInvalidArgument,
                                                       "method " + request.method + " is not allowed here", "method");
                response.status = 405;
                return response;
            }
            return error_response(ErrorCode::kNotFound, "no such API route: " + request.path, "path");
        }
        route_label = match.route->pattern;
        return match.route->handler(request, match.params);
    }
    route_label = "static";
    if (request.method != "GET" && request.method != "HEAD") {
        return error_response(ErrorCode::kNotFound, "no such route: " + request.path, "path");
    }
    return serve_static(request);
}

HttpResponse Api::serve_static(const HttpRequest& request) {
    if (options_.web_root.empty()) return error_response(ErrorCode::kNotFound, "no web front end configured", "path");
    std::string_view rel = request.path;
    rel.remove_prefix(1);
    // No parent references, hidden files or backslashes: the path must stay inside web_root.
    for (std::size_t start = 0; start <= rel.size();) {
        std::size_t end = rel.find('/', start);
        if (end == std::string_view::npos) end = rel.size();
        std::string_view segment = rel.substr(start, end - start);
        if (segment == ".." || (!segment.empty() && segment.front() == '.') ||
            segment.find('\\') != std::string_view::npos) {
            return error_response(ErrorCode::kNotFound, "no such file", "path");
        }
        start = end + 1;
    }
    std::filesystem::path file = options_.web_root / std::filesystem::path(std::string(rel));
    std::error_code ec;
    HttpResponse response;
    if (rel.empty() || !std::filesystem::is_regular_file(file, ec)) {
        // Client-side routes ("/bearings/6205") get the application; missing assets stay 404.
        std::string_view last = rel.substr(rel.rfind('/') == std::string_view::npos ? 0 : rel.rfind('/') + 1);
        if (!rel.empty() && last.find('.') != std::string_view::npos) {
            return error_response(ErrorCode::kNotFound, "no such file", "path");
        }
        file = options_.web_root / "index.html";
    }
    if (!read_file(file, response.body)) {
        return error_response(ErrorCode::kNotFound, "web front end not built (run make web)", "path");
    }
    response.content_type = std::string(content_type_for(file));
    if (rel.rfind("assets/", 0) == 0) {
        response.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
    } else {
        response.headers.emplace_back("Cache-Control", "no-cache");
    }
    if (response.content_type.rfind("text/html", 0) == 0) {
        response.headers.emplace_back("Content-Security-Policy",
                                      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                      "frame-ancestors 'none'");
    }
    if (request.method == "HEAD") response.body.clear();
    return response;
}

}  // namespace yandian::server
