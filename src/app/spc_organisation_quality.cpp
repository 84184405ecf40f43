// The quality facts of an organisation's characteristics, for services that enforce their own access.
#include <algorithm>

#include "app/spc_service.hpp"
#include "app/utc_time.hpp"
#include "spc/capability.hpp"
#include "store/database.hpp"

namespace yandian::app {

namespace {
constexpr std::int64_t kChunk = 20000;

std::int64_t ms_of(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
}  // namespace

Result<std::vector<CharacteristicQualityFacts>> SpcService::organisation_quality(std::int64_t org_id,
                                                                                 std::int64_t from_ms,
                                                                                 std::int64_t to_ms,
                                                                                 std::int64_t last_values) {
    auto characteristics = db_.spc().list_characteristics(org_id);
    if (!characteristics) return tl::unexpected(characteristics.error());
    std::vector<CharacteristicQualityFacts> out;
    for (const auto& c : *characteristics) {
        CharacteristicQualityFacts facts;
        facts.characteristic = c;
        auto total = db_.spc().count_measurements(c.id);
        if (!total) return tl::unexpected(total.error());
        const std::int64_t n = is_attribute_chart(c.chart_type) ? 1 : std::max<std::int64_t>(1, c.subgroup_size);
        const std::int64_t complete = (*total / n) * n;

        // Points in the period: complete points whose last value was taken in [from_ms, to_ms).
        for (std::int64_t start = 0; start < complete; start += kChunk * n) {
            auto chunk = db_.spc().measurements(c.id, start, std::min(complete, start + kChunk * n));
            if (!chunk) return tl::unexpected(chunk.error());
            for (const auto& m : *chunk) {
                if (m.seq % n == n - 1 && m.time_ms >= from_ms && m.time_ms < to_ms) ++facts.points_in_period;
            }
        }

        // Capability over the latest values that count.
        if (is_attribute_chart(c.chart_type)) {
            facts.capability_reason = "an attribute characteristic (" + c.chart_type + " chart) has no Cpk";
        } else if (!c.lsl && !c.usl) {
            facts.capability_reason = "the characteristic has no specification limit";
        } else {
            std::int64_t from = std::max<std::int64_t>(0, complete - std::max<std::int64_t>(last_values, n));
            from -= from % n;
            auto records = db_.spc().measurements(c.id, from, complete);
            if (!records) return tl::unexpected(records.error());
            CapabilityInput input = capability_input(c, *records);
            facts.capability_values = static_cast<std::int64_t>(input.values.size());
            spc::CapabilityOptions options;
            options.spec = {c.lsl, c.usl, c.nominal};
            auto cap = spc::capability(input.values, input.sizes, options);
            if (!cap) {
                facts.capability_reason = cap.error().message;
            } else if (!cap->cpk) {
                facts.capability_reason = "Cpk is not defined for this specification";
            } else {
                facts.cpk = cap->cpk;
            }
        }

        auto alarms = db_.spc().list_events(org_id, c.id, "alarm", 0, 1000000);
        if (!alarms) return tl::unexpected(alarms.error());
        for (const auto& e : *alarms) {
            auto at = parse_utc(e.at, "at");
            if (!at) return tl::unexpected(at.error());
            facts.alarm_times_ms.push_back(ms_of(*at));
        }
        out.push_back(std::move(facts));
    }
    return out;
}

}  // namespace yandian::app
