#pragma once
// Store port for the shop-floor SPC aggregates: plants, lines, characteristics, measurements with
// their ingest batches, events (alarms, acknowledgements, limit changes) and customer grants.
// Records are plain values; the application validates them and enforces access.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct PlantRecord {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string name;
    std::string created_at;
};

struct LineRecord {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::int64_t plant_id = 0;
    std::string code;
    std::string name;
    std::string created_at;
};

struct CharacteristicRecord {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
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
    std::string chart_type = "imr";  // imr, xbar-r, xbar-s; attribute characteristics p, np, c, u
    std::string rules = "nelson";
    std::int64_t phase1_subgroups = 25;
    std::optional<double> limits_center;
    std::optional<double> limits_sigma;
    std::optional<std::string> limits_source;  // computed | frozen
    std::optional<std::string> limits_reason;
    std::optional<std::string> limits_at;
    std::string created_at;
};

struct MeasurementRecord {
    std::int64_t seq = 0;
    std::int64_t time_ms = 0;
    double value = 0;
    std::optional<std::string> subgroup;
    std::optional<std::string> part;
    std::optional<std::string> operator_name;
    std::optional<std::string> gauge;
    std::int64_t attributes = 0;                 // mark of the source (AQDEF K0002); not 0: left out of the statistics
    std::optional<std::string> excluded_reason;  // set while an engineer leaves the value out of the statistics
    std::optional<double> sample_size;           // attribute characteristics: units inspected (AQDEF K0020)

    // Whether the value enters limits, run rules, alarms, capability, normality and the histogram.
    [[nodiscard]] bool counts() const { return attributes == 0 && !excluded_reason; }
};

struct BatchRecord {
    std::int64_t id = 0;
    std::int64_t characteristic_id = 0;
    std::optional<std::string> idempotency_key;
    std::string source;
    std::string received_at;
    std::int64_t accepted = 0;
    std::string response;  // JSON answer of the first delivery
};

struct EventRecord {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::optional<std::int64_t> characteristic_id;
    std::string kind;  // alarm, acknowledgement, limits, tool_change, note, exclusion, inclusion
    std::string at;
    std::optional<std::int64_t> point;
    std::optional<std::string> rules;
    std::optional<double> value;
    std::string message;
    std::optional<std::int64_t> user_id;
    std::optional<std::string> cause;
    std::optional<std::string> action;
    std::optional<std::int64_t> ref_event_id;
};

struct GrantRecord {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::int64_t grantee_org_id = 0;
    std::optional<std::int64_t> line_id;
    std::optional<std::int64_t> characteristic_id;
    std::string expires_at;
    std::int64_t created_by = 0;
    std::string created_at;
    std::optional<std::string> revoked_at;
};

class SpcStore {
  public:
    virtual ~SpcStore() = default;

    virtual Result<PlantRecord> create_plant(const PlantRecord& record) = 0;
    virtual Result<std::vector<PlantRecord>> list_plants(std::int64_t org_id) = 0;
    virtual Result<std::optional<PlantRecord>> find_plant(std::int64_t id) = 0;

    virtual Result<LineRecord> create_line(const LineRecord& record) = 0;
    virtual Result<std::optional<LineRecord>> find_line(std::int64_t id) = 0;
    virtual Result<std::optional<LineRecord>> find_line_by_code(std::int64_t org_id, std::string_view code) = 0;
    virtual Result<std::vector<LineRecord>> list_lines(std::int64_t org_id) = 0;

    virtual Result<CharacteristicRecord> create_characteristic(const CharacteristicRecord& record) = 0;
    virtual Result<std::optional<CharacteristicRecord>> find_characteristic(std::int64_t id) = 0;
    virtual Result<std::optional<CharacteristicRecord>> find_characteristic_by_code(std::int64_t line_id,
                                                                                    std::string_view code) = 0;
    virtual Result<std::vector<CharacteristicRecord>> list_characteristics(std::int64_t org_id) = 0;
    // Sets the current limits; the caller records the change as an event in the same transaction.
    virtual Status set_limits(std::int64_t characteristic_id, std::optional<double> center, std::optional<double> sigma,
                              std::string_view source, std::string_view reason, std::string_view at) = 0;

    virtual Result<std::optional<BatchRecord>> find_batch(std::int64_t characteristic_id,
                                                          std::string_view idempotency_key) = 0;
    // Stores the batch and its measurements (seq numbers continue the characteristic's series);
    // returns the batch id. Call inside Database::in_transaction.
    virtual Result<std::int64_t> append_batch(const BatchRecord& batch,
                                              std::span<const MeasurementRecord> measurements) = 0;
    virtual Result<std::int64_t> count_measurements(std::int64_t characteristic_id) = 0;
    // Measurements with seq in [from_seq, to_seq), ascending.
    virtual Result<std::vector<MeasurementRecord>> measurements(std::int64_t characteristic_id, std::int64_t from_seq,
                                                                std::int64_t to_seq) = 0;

    // Leaves a stored value out of the statistics (reason set) or takes it back in (nullopt); kNotFound when the
    // characteristic has no value with this seq. The caller records the change as an event in the same transaction.
    virtual Status set_excluded(std::int64_t characteristic_id, std::int64_t seq,
                                std::optional<std::string_view> reason) = 0;

    virtual Result<EventRecord> add_event(const EventRecord& record) = 0;
    virtual Result<std::optional<EventRecord>> find_event(std::int64_t id) = 0;
    // Newest first; characteristic_id or kind may be left out; after_id > 0 gives only newer events.
    virtual Result<std::vector<EventRecord>> list_events(std::int64_t org_id,
                                                         std::optional<std::int64_t> characteristic_id,
                                                         std::optional<std::string_view> kind, std::int64_t after_id,
                                                         std::int64_t limit) = 0;

    virtual Result<GrantRecord> create_grant(const GrantRecord& record) = 0;
    virtual Result<std::optional<GrantRecord>> find_grant(std::int64_t id) = 0;
    virtual Result<std::vector<GrantRecord>> list_grants_by_grantor(std::int64_t org_id) = 0;
    virtual Result<std::vector<GrantRecord>> list_grants_for_grantee(std::int64_t grantee_org_id) = 0;
    virtual Status revoke_grant(std::int64_t id, std::string_view at) = 0;
    virtual Status log_grant_access(std::int64_t grant_id, std::int64_t user_id, std::string_view at,
                                    std::string_view what) = 0;
    virtual Result<std::int64_t> count_grant_access(std::int64_t grant_id) = 0;
};

}  // namespace yandian::store
