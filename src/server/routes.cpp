// Shared pieces of the route files (see routes.hpp).
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "server/routes.hpp"

namespace yandian::server {

using nlohmann::json;

Result<app::Principal> authenticate(app::AccountService& accounts, const HttpRequest& request) {
    std::string_view authorization = request.header("authorization");
    if (!authorization.empty()) {
        constexpr std::string_view kBearer = "Bearer ";
        if (authorization.rfind(kBearer, 0) != 0) {
            return fail(ErrorCode::kUnauthenticated, "Authorization must be 'Bearer <token>'", "authorization");
        }
        return accounts.authenticate_token(authorization.substr(kBearer.size()));
    }
    std::string_view secret = request.cookie(kSessionCookie);
    if (secret.empty()) return fail(ErrorCode::kUnauthenticated, "log in or send an API token");
    return accounts.authenticate_session(secret);
}

Result<json> parse_json_object(const HttpRequest& request) {
    std::string_view type = request.header("content-type");
    if (type.rfind("application/json", 0) != 0) {
        return fail(ErrorCode::kInvalidArgument, "Content-Type must be application/json", "content-type");
    }
    json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) return fail(ErrorCode::kInvalidArgument, "request body is not valid JSON", "body");
    if (!body.is_object()) return fail(ErrorCode::kInvalidArgument, "request body must be a JSON object", "body");
    return body;
}

Result<std::int64_t> path_id(const PathParams& params, std::string_view name) {
    auto it = params.find(name);
    if (it == params.end()) return fail(ErrorCode::kNotFound, "missing id", std::string(name));
    const std::string& text = it->second;
    std::int64_t value = 0;
    if (text.empty() || text.size() > 18) return fail(ErrorCode::kNotFound, "no such object", std::string(name));
    for (char c : text) {
        if (c < '0' || c > '9') return fail(ErrorCode::kNotFound, "no such object", std::string(name));
        value = value * 10 + (c - '0');
    }
    if (value <= 0) return fail(ErrorCode::kNotFound, "no such object", std::string(name));
    return value;
}

Result<std::string> string_field(const json& object, std::string_view name) {
    auto it = object.find(name);
    if (it == object.end()) return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is required", name), std::string(name));
    if (!it->is_string()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a string", name), std::string(name));
    }
    return it->get<std::string>();
}

Result<std::int64_t> int_query(const HttpRequest& request, std::string_view name, std::int64_t fallback) {
    const std::string* text = request.query_param(name);
    if (text == nullptr || text->empty()) return fallback;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("query parameter '{}' must be an integer, got '{}'", name, *text),
                    std::string(name));
    }
    return value;
}

Result<double> number_query(const HttpRequest& request, std::string_view name, std::optional<double> fallback) {
    const std::string* text = request.query_param(name);
    if (text == nullptr || text->empty()) {
        if (fallback) return *fallback;
        return fail(ErrorCode::kInvalidArgument, fmt::format("query parameter '{}' is required", name), std::string(name));
    }
    double value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || !std::isfinite(value)) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("query parameter '{}' must be a number, got '{}'", name, *text),
                    std::string(name));
    }
    return value;
}

}  // namespace yandian::server
