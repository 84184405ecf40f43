#pragma once
// Fan-out of live events (new points, alarms, acknowledgements) to open dashboards. Publishing never
// blocks on a slow subscriber: each subscriber's deliver function only queues.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace yandian::app {

class LiveHub {
public:
    // `wants(org_id, characteristic_id)` says whether this subscriber may see the event; `deliver` queues it.
    using Filter = std::function<bool(std::int64_t org_id, std::int64_t characteristic_id)>;
    using Deliver = std::function<void(const std::string& event_name, const std::string& data)>;

    std::int64_t subscribe(Filter wants, Deliver deliver);
    void unsubscribe(std::int64_t id);
    void publish(std::int64_t org_id, std::int64_t characteristic_id, const std::string& event_name,
                 const std::string& data);
    std::size_t subscribers() const;

private:
    struct Subscriber {
        Filter wants;
        Deliver deliver;
    };
    mutable std::mutex mutex_;
    std::int64_t next_id_ = 1;
    std::map<std::int64_t, Subscriber> subscribers_;
};

}  // namespace yandian::app
