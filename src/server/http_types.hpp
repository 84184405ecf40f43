#pragma once
// Transport-neutral HTTP request and response: the API is a function from one to the other, so it is
// tested and fuzzed without sockets; the Beast adapter (http_server.cpp) only converts.
#include <map>
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

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, Cache-Control, ...)
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
