#include "server/metrics.hpp"

#include <fmt/format.h>

namespace yandian::server {

namespace {
// Label values are our own patterns and methods, but escape anyway as the exposition format requires.
std::string escape_label(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}
}  // namespace

void Metrics::record(std::string_view method, std::string_view route, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(method), std::string(route), status}];
    auto it = latency_.find(route);
    if (it == latency_.end()) it = latency_.emplace(std::string(route), Histogram{}).first;
    Histogram& h = it->second;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) ++h.buckets[i];
    }
    ++h.count;
    h.sum += seconds;
    if (status >= 500) {
        auto e = errors_.find(route);
        if (e == errors_.end()) e = errors_.emplace(std::string(route), 0).first;
        ++e->second;
    }
}

void Metrics::set_gauge(std::string_view name, double value) {
    std::lock_guard lock(mutex_);
    gauges_.insert_or_assign(std::string(name), value);
}

std::string Metrics::prometheus_text() const {
    std::lock_guard lock(mutex_);
    std::string out;
    out += "# HELP yandian_http_requests_total HTTP requests by method, route pattern and status.\n";
    out += "# TYPE yandian_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [method, route, status] = key;
        out += fmt::format("yandian_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                           escape_label(method), escape_label(route), status, count);
    }
    out += "# HELP yandian_http_errors_total HTTP responses with a 5xx status, by route pattern.\n";
    out += "# TYPE yandian_http_errors_total counter\n";
    for (const auto& [route, count] : errors_) {
        out += fmt::format("yandian_http_errors_total{{route=\"{}\"}} {}\n", escape_label(route), count);
    }
    out += "# HELP yandian_http_request_duration_seconds Time from a complete request to its response.\n";
    out += "# TYPE yandian_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
        std::string label = escape_label(route);
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            out += fmt::format("yandian_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label,
                               kBuckets[i], h.buckets[i]);
        }
        out += fmt::format("yandian_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label,
                           h.count);
        out += fmt::format("yandian_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label, h.sum);
        out += fmt::format("yandian_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, h.count);
    }
    for (const auto& [name, value] : gauges_) {
        out += fmt::format("# TYPE {} gauge\n{} {}\n", name, name, value);
    }
    return out;
}

}  // namespace yandian::server
