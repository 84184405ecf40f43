#include "app/live_hub.hpp"

#include <vector>

namespace yandian::app {

std::int64_t LiveHub::subscribe(Filter wants, Deliver deliver) {
    std::lock_guard lock(mutex_);
    std::int64_t id = next_id_++;
    subscribers_.emplace(id, Subscriber{std::move(wants), std::move(deliver)});
    return id;
}

void LiveHub::unsubscribe(std::int64_t id) {
    std::lock_guard lock(mutex_);
    subscribers_.erase(id);
}

void LiveHub::publish(std::int64_t org_id, std::int64_t characteristic_id, const std::string& event_name,
                      const std::string& data) {
    // Copy the callbacks out so that filters (which may consult the store) run without the hub's lock.
    std::vector<Subscriber> targets;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : subscribers_) targets.push_back(s);
    }
    for (const Subscriber& s : targets) {
        if (s.wants(org_id, characteristic_id)) s.deliver(event_name, data);
    }
}

std::size_t LiveHub::subscribers() const {
    std::lock_guard lock(mutex_);
    return subscribers_.size();
}

}  // namespace yandian::app
