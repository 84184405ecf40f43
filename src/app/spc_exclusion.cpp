// An engineer leaves a stored value out of the statistics, or takes it back in: SpcService::set_exclusion.
#include <fmt/format.h>

#include <cmath>

#include "app/spc_service.hpp"
#include "app/spc_statistics.hpp"
#include "app/utc_time.hpp"
#include "store/database.hpp"

namespace yandian::app {

namespace {

using store::CharacteristicRecord;
using store::EventRecord;
using store::MeasurementRecord;

constexpr std::size_t kMaxReason = 500;

bool same(std::optional<double> a, double b) { return a && std::abs(*a - b) <= 1e-12 * std::max(1.0, std::abs(b)); }

// Phase-I limits over the stored values as they are now: reads from seq 0 in growing chunks until the first
// phase1_subgroups points that count are found or the values run out.
Result<std::optional<LimitsEstimate>> current_phase1(store::SpcStore& spc, const CharacteristicRecord& c,
                                                     std::int64_t n, std::int64_t total) {
    const std::int64_t complete = (total / n) * n;
    std::int64_t to = std::min(complete, c.phase1_subgroups * n);
    while (true) {
        auto records = spc.measurements(c.id, 0, to);
        if (!records) return tl::unexpected(records.error());
        auto estimate = phase1_limits(c, *records);
        if (!estimate || *estimate || to >= complete) return estimate;
        to = std::min(complete, to * 2);
    }
}

}  // namespace

Result<EventRecord> SpcService::set_exclusion(const Principal& who, std::int64_t id, std::int64_t seq,
                                              std::optional<std::string_view> reason, std::string_view note) {
    if (who.role != Role::kAdmin && who.role != Role::kEngineer) {
        return fail(ErrorCode::kPermissionDenied, "only engineers and administrators may change SPC data", "role");
    }
    if (reason && (reason->empty() || reason->size() > kMaxReason)) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("a reason of 1 to {} characters is required to leave a value out", kMaxReason),
                    "reason");
    }
    if (note.size() > kMaxReason) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("note: at most {} characters", kMaxReason), "note");
    }
    auto found = db_.spc().find_characteristic(id);
    if (!found) return tl::unexpected(found.error());
    if (!*found || (*found)->org_id != who.org_id) {
        return fail(ErrorCode::kNotFound, fmt::format("characteristic {} not found", id), "id");
    }
    const CharacteristicRecord c = **found;
    auto stored = db_.spc().measurements(id, seq, seq + 1);
    if (!stored) return tl::unexpected(stored.error());
    if (stored->empty()) {
        return fail(ErrorCode::kNotFound, fmt::format("value {} of characteristic {} not found", seq, id), "seq");
    }
    const MeasurementRecord m = stored->front();
    if (reason && m.excluded_reason) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("value {} is already left out: {}", seq, *m.excluded_reason), "seq");
    }
    if (!reason && !m.excluded_reason) {
        return fail(ErrorCode::kFailedPrecondition,
                    m.attributes != 0 ? fmt::format("value {} was not excluded by an engineer; its source marked it "
                                                    "(K0002 {}) and the mark stays",
                                                    seq, m.attributes)
                                      : fmt::format("value {} is not excluded", seq),
                    "seq");
    }
    const std::int64_t n = is_attribute_chart(c.chart_type) ? 1 : c.subgroup_size;
    const std::string now = format_utc(clock_());
    EventRecord added;
    std::optional<EventRecord> limits_event;
    Status done = db_.in_transaction([&]() -> Status {
        store::SpcStore& spc = db_.spc();
        if (auto set = spc.set_excluded(id, seq, reason); !set) return set;
        EventRecord e;
        e.org_id = c.org_id;
        e.characteristic_id = id;
        e.kind = reason ? "exclusion" : "inclusion";
        e.at = now;
        e.point = seq / n;
        e.value = m.value;
        e.user_id = who.user_id;
        e.message = reason ? fmt::format("value {} ({}) left out of the statistics: {}", seq, m.value, *reason)
                           : fmt::format("value {} ({}) taken back into the statistics{}{}", seq, m.value,
                                         note.empty() ? "" : ": ", note);
        auto event = spc.add_event(e);
        if (!event) return tl::unexpected(event.error());
        added = *event;
        // Computed limits follow the values that count; frozen ones are the engineer's and stay.
        if (c.limits_source && *c.limits_source == "computed") {
            auto total = spc.count_measurements(id);
            if (!total) return tl::unexpected(total.error());
            auto estimate = current_phase1(spc, c, n, *total);
            if (!estimate) return tl::unexpected(estimate.error());
            if (*estimate && (*estimate)->sigma > 0) {
                if (!same(c.limits_center, (*estimate)->center) || !same(c.limits_sigma, (*estimate)->sigma)) {
                    auto event = store_computed_limits(spc, c, **estimate, now);
                    if (!event) return tl::unexpected(event.error());
                    limits_event = *event;
                }
            } else {
                const std::string why =
                    fmt::format("phase I needs {} points that count; limits will be computed again when there are",
                                c.phase1_subgroups);
                if (auto set = spc.set_limits(id, std::nullopt, std::nullopt, "computed", why, now); !set) return set;
                EventRecord cleared;
                cleared.org_id = c.org_id;
                cleared.characteristic_id = id;
                cleared.kind = "limits";
                cleared.at = now;
                cleared.message = fmt::format("limits withdrawn: {}", why);
                auto event = spc.add_event(cleared);
                if (!event) return tl::unexpected(event.error());
                limits_event = *event;
            }
        }
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    hub_.publish(c.org_id, id, added.kind, event_payload(added));
    if (limits_event) hub_.publish(c.org_id, id, "limits", event_payload(*limits_event));
    return added;
}

}  // namespace yandian::app
