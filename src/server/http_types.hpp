#pragma once
// Transport-neutral HTTP request and response: the API is a function from one to the other, so it is
// tested and fuzzed without sockets; the Beast adapter (http_server.cpp) only converts.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"

namespace yandian::server {

struct HttpRequest {
    std::string method;  // "GET", "POST", ...
    std::string target;  // as received: path and query
    std::string path;    // percent-decoded path, without the query
    std::string raw_path;  // the path as sent (still percent-encoded): routes split it before decoding, so
                           // that "/api/v1/bearings/6205-2RSH%2FC3" names one designation
    std::map<std::string, std::string, std::less<>> query;    // percent-decoded query parameters
    std::map<std::string, std::string, std::less<>> headers;  // names lower-cased
    std::string body;
    std::string remote_address;

    std::string_view header(std::string_view name) const;  // "" when absent; name lower-case
    std::string_view cookie(std::string_view name) const;  // from the Cookie header
    const std::string* query_param(std::string_view name) const;
};

// A response that stays open and sends Server-Sent Events as they come (live dashboards).
// Producers push frames from any thread; the connection drains them in order.
class EventStream {
public:
    void push(std::string frame);  // one complete SSE frame ("event: x\ndata: {...}\n\n")
    std::string take();            // everything pushed since the last take
    // Called (from the producer's thread) when frames are waiting; set by the connection.
    void set_wakeup(std::function<void()> wakeup);
    // Called once when the connection closes (unsubscribe here).
    void set_on_close(std::function<void()> on_close);
    void closed();

private:
    std::mutex mutex_;
    std::string pending_;
    std::function<void()> wakeup_;
    std::function<void()> on_close_;
    bool closed_ = false;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, Cache-Control, ...)
    std::shared_ptr<EventStream> stream;  // set: a text/event-stream response that stays open
};

HttpResponse json_response(int status, const nlohmann::json& body);
HttpResponse error_response(const Error& error);
HttpResponse error_response(ErrorCode code, std::string message, std::string field = {});
HttpResponse no_content();

// Splits "/a/b?x=1&y=%20" into the request's path and query (percent-decoding both).
// Fails on malformed percent escapes.
Status parse_target(std::string_view target, HttpRequest& request);
std::string percent_decode(std::string_view text, bool plus_is_space, bool& ok);

}  // namespace yandian::server
