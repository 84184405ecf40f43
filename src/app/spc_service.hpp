#pragma once
// Shop-floor SPC: plants, lines and characteristics; the one ingest path every acquisition adapter
// ends in (validate → store durably → evaluate the run rules → push); charts, capability, alarms and
// their acknowledgement; customer grants with expiry, revocation and an access log.
//
// Live subgrouping is by arrival order: values seq 0..n-1 form subgroup 0, n..2n-1 subgroup 1, and so
// on (subgroup ids sent with values are stored, and kept for exports). Limits are computed once from
// the first `phase1_subgroups` subgroups (phase I) or frozen by an engineer, and then applied to every
// new subgroup (phase II); each change of limits is an event.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts.hpp"
#include "app/live_hub.hpp"
#include "app/spc_statistics.hpp"
#include "common/result.hpp"
#include "ingest/incoming.hpp"
#include "spc/chart.hpp"
#include "store/spc_store.hpp"

namespace yandian::store {
class Database;
}

namespace yandian::app {

struct CharacteristicInput {
    std::int64_t line_id = 0;
    std::string code;
    std::string part_number;
    std::string feature;
    std::optional<double> nominal;
    std::optional<double> lsl;
    std::optional<double> usl;
    std::string unit = "mm";
    std::optional<double> resolution;
    std::int64_t subgroup_size = 1;
    std::string chart_type;  // imr (n = 1), xbar-r or xbar-s (n >= 2); p, np, c, u (attributes, n = 1); default from n
    std::string rules = "nelson";
    std::int64_t phase1_subgroups = 25;
};

struct IngestOutcome {
    std::size_t accepted = 0;
    std::vector<ingest::ValueError> rejected;
    std::int64_t first_seq = 0;
    bool replayed = false;  // a retry of a batch already stored: nothing new was written
    std::string response;   // the JSON answer (identical for a retry)
    std::vector<store::EventRecord> alarms;
};

struct ChartView {
    store::CharacteristicRecord characteristic;
    spc::Chart chart;
    std::int64_t first_point = 0;             // global index of chart point 0
    std::vector<std::int64_t> point_time_ms;  // time of the last value of each point
    bool limits_established = false;          // false: limits are a provisional phase-I estimate over these points
    // The values of these points left out of the statistics (marked by their source or excluded by an engineer).
    std::vector<store::MeasurementRecord> left_out;
    // EWMA and CUSUM: the target the chart is drawn against (the nominal, else the frozen centre, else the mean).
    std::optional<double> target;
};

// Which characteristics a caller may read, and through which grant (for the access log).
struct ReadAccess {
    store::CharacteristicRecord characteristic;
    std::optional<std::int64_t> grant_id;
};

// The JSON of an event as the live stream and the alarm webhook carry it.
std::string event_payload(const store::EventRecord& e);
// Stores computed phase-I limits and their event (kind limits), inside the caller's transaction.
Result<store::EventRecord> store_computed_limits(store::SpcStore& spc, const store::CharacteristicRecord& c,
                                                 const LimitsEstimate& estimate, const std::string& now_iso);

// The quality of one characteristic as another context's service sees it (credit reports): capability over the
// latest values that count, chart points whose last value lies in a period, and the times of its alarms.
struct CharacteristicQualityFacts {
    store::CharacteristicRecord characteristic;
    std::optional<double> cpk;
    std::string capability_reason;  // why there is no Cpk
    std::int64_t capability_values = 0;
    std::int64_t points_in_period = 0;
    std::vector<std::int64_t> alarm_times_ms;
};

class SpcService {
  public:
    SpcService(store::Database& db, LiveHub& hub, Clock clock);

    Result<store::PlantRecord> create_plant(const Principal& who, std::string_view name);
    Result<std::vector<store::PlantRecord>> list_plants(const Principal& who);
    Result<store::LineRecord> create_line(const Principal& who, std::int64_t plant_id, std::string_view code,
                                          std::string_view name);
    Result<std::vector<store::LineRecord>> list_lines(const Principal& who);
    Result<store::CharacteristicRecord> create_characteristic(const Principal& who, const CharacteristicInput& input);
    // Own characteristics and those granted to the caller's organisation (live grants only).
    Result<std::vector<ReadAccess>> list_characteristics(const Principal& who);
    Result<ReadAccess> read_characteristic(const Principal& who, std::int64_t id, std::string_view what);
    // Freezes the limits at the given center and process sigma, with a reason (kind "limits" event).
    Result<store::CharacteristicRecord> freeze_limits(const Principal& who, std::int64_t id, double center,
                                                      double sigma, std::string_view reason);

    // A shop-floor event on a characteristic: "tool_change" (wheel dressed or changed, insert replaced) or
    // "note"; kept in the event log with who and when, and pushed to live dashboards.
    Result<store::EventRecord> record_event(const Principal& who, std::int64_t id, std::string_view kind,
                                            std::string_view message);

    // The ingest path. `who` must be an engineer or admin of the owning organisation.
    Result<IngestOutcome> ingest(const Principal& who, std::int64_t characteristic_id,
                                 const ingest::IncomingBatch& batch, std::optional<std::string> idempotency_key,
                                 std::string_view source, bool atomic);
    // The characteristic an adapter addresses by organisation (id or code), line code and characteristic code;
    // kNotFound naming the part that does not exist. Used to check acquisition configurations at start.
    Result<store::CharacteristicRecord> resolve_key(const ingest::CharacteristicKey& key);
    // For trusted adapters (MQTT, Modbus) that address a characteristic by organisation (id or code), line and code.
    Result<IngestOutcome> ingest_by_key(const ingest::CharacteristicKey& key, const ingest::IncomingBatch& batch,
                                        std::optional<std::string> idempotency_key, std::string_view source);

    // The last `last_points` points with their limits and violations.
    // The Shewhart chart of the characteristic (its chart type), or with `weighted` its EWMA or CUSUM against the
    // target: the nominal when set, else the frozen centre line, else the mean of the points shown.
    Result<ChartView> chart(const Principal& who, std::int64_t id, std::int64_t last_points,
                            const std::optional<TimeWeightedRequest>& weighted = std::nullopt);
    // The values of the last complete points covering `last_values` values, with their marks (read logged as `what`).
    Result<std::vector<store::MeasurementRecord>> recent_measurements(const Principal& who, std::int64_t id,
                                                                      std::int64_t last_values, std::string_view what);
    // The values that count among the last `last_values`, for capability, and how many were left out.
    Result<CapabilityInput> capability_values(const Principal& who, std::int64_t id, std::int64_t last_values);

    // Leaves stored value `seq` out of the statistics (reason given) or takes it back in (reason nullopt), as an
    // event (kind exclusion / inclusion) with who and why. Computed phase-I limits whose base the change touches
    // are computed again (a limits event); frozen limits stay. A value marked by its source stays marked.
    Result<store::EventRecord> set_exclusion(const Principal& who, std::int64_t id, std::int64_t seq,
                                             std::optional<std::string_view> reason, std::string_view note);

    Result<std::vector<store::EventRecord>> events(const Principal& who, std::optional<std::int64_t> characteristic_id,
                                                   std::optional<std::string_view> kind, std::int64_t limit);
    // Alarms of the caller's organisation with their acknowledgement, if any (newest first).
    Result<std::vector<std::pair<store::EventRecord, std::optional<store::EventRecord>>>> alarms(const Principal& who,
                                                                                                 bool open_only,
                                                                                                 std::int64_t limit);
    Result<store::EventRecord> acknowledge(const Principal& who, std::int64_t alarm_id, std::string_view cause,
                                           std::string_view action);

    Result<store::GrantRecord> create_grant(const Principal& who, std::int64_t grantee_org_id,
                                            std::optional<std::int64_t> line_id,
                                            std::optional<std::int64_t> characteristic_id, std::string_view expires_at);
    Result<std::vector<store::GrantRecord>> list_grants(const Principal& who);  // given and received
    Status revoke_grant(const Principal& who, std::int64_t grant_id);
    Result<std::int64_t> grant_access_count(const Principal& who, std::int64_t grant_id);

    // The quality facts of every characteristic of an organisation, for a service that enforces its own access (the
    // credit service reads them only for the firm itself or under the firm's consent). Period [from_ms, to_ms).
    Result<std::vector<CharacteristicQualityFacts>> organisation_quality(std::int64_t org_id, std::int64_t from_ms,
                                                                          std::int64_t to_ms,
                                                                          std::int64_t last_values);

    // A grant as it stands by the service's clock: "revoked", "expired" (its expiry has passed) or "active".
    std::string_view grant_state(const store::GrantRecord& grant) const;

    // Whether the organisation may see live events of a characteristic (own or live grant).
    bool may_see(std::int64_t viewer_org_id, std::int64_t owner_org_id, std::int64_t characteristic_id);

  private:
    Result<IngestOutcome> ingest_into(const store::CharacteristicRecord& c, const ingest::IncomingBatch& batch,
                                      std::optional<std::string> idempotency_key, std::string_view source, bool atomic);
    Result<std::optional<std::int64_t>> live_grant(std::int64_t viewer_org_id, const store::CharacteristicRecord& c);
    std::string now_text() const;

    store::Database& db_;
    LiveHub& hub_;
    Clock clock_;
};

}  // namespace yandian::app
