#pragma once
// Request counters and latency histograms, exposed in the Prometheus text format at /metrics.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace yandian::server {

class Metrics {
public:
    // route is the matched pattern ("/api/v1/users/{id}"), "static" or "unmatched", never a raw path,
    // so that the number of series stays bounded.
    void record(std::string_view method, std::string_view route, int status, double seconds);
    void set_gauge(std::string_view name, double value);
    std::string prometheus_text() const;

    static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1.0,  2.5};

private:
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram, std::less<>> latency_;
    std::map<std::string, std::uint64_t, std::less<>> errors_;  // by route, status >= 500
    std::map<std::string, double, std::less<>> gauges_;
};

}  // namespace yandian::server
