#include "server/http_types.hpp"

#include <nlohmann/json.hpp>

namespace yandian::server {

std::string_view HttpRequest::header(std::string_view name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string_view{} : std::string_view{it->second};
}

std::string_view HttpRequest::cookie(std::string_view name) const {
    std::string_view all = header("cookie");
    while (!all.empty()) {
        std::size_t end = all.find(';');
        std::string_view pair = all.substr(0, end);
        all = end == std::string_view::npos ? std::string_view{} : all.substr(end + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    }
    return {};
}

const std::string* HttpRequest::query_param(std::string_view name) const {
    auto it = query.find(name);
    return it == query.end() ? nullptr : &it->second;
}

void EventStream::push(std::string frame) {
    std::function<void()> wakeup;
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        const bool was_empty = pending_.empty();
        pending_ += frame;
        // Bound the backlog of a client that does not read: drop it rather than grow without limit.
        if (pending_.size() > (4u << 20)) pending_ = ": backlog dropped\n\n";
        if (was_empty) wakeup = wakeup_;
    }
    if (wakeup) wakeup();
}

std::string EventStream::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(pending_, {});
}

void EventStream::set_wakeup(std::function<void()> wakeup) {
    bool pending = false;
    {
        std::lock_guard lock(mutex_);
        wakeup_ = std::move(wakeup);
        pending = !pending_.empty();
    }
    if (pending && wakeup_) wakeup_();
}

void EventStream::set_on_close(std::function<void()> on_close) {
    std::lock_guard lock(mutex_);
    on_close_ = std::move(on_close);
}

void EventStream::closed() {
    std::function<void()> on_close;
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        closed_ = true;
        wakeup_ = nullptr;
        on_close = std::move(on_close_);
    }
    if (on_close) on_close();
}

HttpResponse json_response(int status, const nlohmann::json& body) {
    HttpResponse response;
    response.status = status;
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

HttpResponse error_response(const Error& error) {
    nlohmann::json inner = {{"code", error_code_name(error.code)}, {"message", error.message}};
    if (!error.field.empty()) inner["field"] = error.field;
    HttpResponse response = json_response(http_status(error.code), {{"error", inner}});
    // "Unavailable" is temporary (a store that lost its connection, a service starting): say when to try again.
    if (response.status == 503) response.headers.emplace_back("Retry-After", "5");
    return response;
}

HttpResponse error_response(ErrorCode code, std::string message, std::string field) {
    return error_response(Error{code, std::move(message), std::move(field)});
}

HttpResponse no_content() {
    HttpResponse response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space, bool& ok) {
    std::string out;
    out.reserve(text.size());
    ok = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) {  // a '%' needs two hex digits after it
                ok = false;
                return out;
            }
            int hi = hex_value(text[i + 1]);
            int lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) {
                ok = false;
                return out;
            }
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

Status parse_target(std::string_view target, HttpRequest& request) {
    request.target = std::string(target);
    std::size_t q = target.find('?');
    bool ok = true;
    request.raw_path = std::string(target.substr(0, q));
    request.path = percent_decode(request.raw_path, false, ok);
    if (!ok || request.path.empty() || request.path.front() != '/') {
        return fail(ErrorCode::kInvalidArgument, "malformed request path", "path");
    }
    if (request.path.find('\0') != std::string::npos) {
        return fail(ErrorCode::kInvalidArgument, "request path contains a NUL byte", "path");
    }
    if (q == std::string_view::npos) return {};
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        std::size_t amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty()) continue;
        std::size_t eq = pair.find('=');
        std::string key = percent_decode(pair.substr(0, eq), true, ok);
        if (!ok) return fail(ErrorCode::kInvalidArgument, "malformed query parameter name", "query");
        std::string value;
        if (eq != std::string_view::npos) {
            value = percent_decode(pair.substr(eq + 1), true, ok);
            if (!ok) return fail(ErrorCode::kInvalidArgument, "malformed value of query parameter '" + key + "'", key);
        }
        request.query.insert_or_assign(std::move(key), std::move(value));
    }
    return {};
}

}  // namespace yandian::server
