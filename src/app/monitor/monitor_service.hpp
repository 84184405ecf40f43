#pragma once
// Monitoring over time: an organisation's monitored bearing positions (assets), vibration records sent for them
// (diagnosed on arrival with the asset's bearing and machine class, stored with their figures, never the samples)
// and the alarms of monitor/trend.hpp. An asset is its organisation's: another organisation's asset is not found.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/database.hpp"

namespace yandian::app::monitoring {

struct AssetInput {
    std::string name;
    std::string machine;
    std::string position;
    std::string bearing;
    std::string machine_group = "2";
    std::string mounting = "rigid";
    std::optional<double> nominal_rpm;
};

// What a sender knows about a record beyond its bytes.
struct RecordInput {
    std::string label;                       // file name; "upload" when not given
    std::optional<std::string> measured_at;  // ISO 8601; the arrival time when not given
    std::optional<double> fs;
    std::optional<double> rpm;
    std::string channel;
    std::string unit;
};

struct RecordOutcome {
    store::MonitorRecordRow record;
    bool inserted = false;
    std::vector<store::MonitorAlarmRow> alarms;
};

class MonitorService {
  public:
    MonitorService(store::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

    // Engineers and administrators; the bearing must be in the catalogue (its geometry gives the defect lines).
    Result<store::AssetRecord> create_asset(const Principal& who, const AssetInput& input);
    Result<std::vector<store::AssetRecord>> list_assets(const Principal& who);
    Result<store::AssetRecord> asset(const Principal& who, std::int64_t id);
    // Diagnoses and stores a record (engineers and administrators); the same file again is not stored twice.
    Result<RecordOutcome> add_record(const Principal& who, std::int64_t asset_id, std::string_view bytes,
                                     const RecordInput& input);
    Result<std::vector<store::MonitorRecordRow>> records(const Principal& who, std::int64_t asset_id);
    Result<std::vector<store::MonitorAlarmRow>> alarms(const Principal& who, std::int64_t asset_id);
    // One record of the asset with its plots (nullopt for a record stored before plots were kept).
    struct RecordView {
        store::MonitorRecordRow record;
        std::optional<std::string> plots_json;
    };
    Result<RecordView> record(const Principal& who, std::int64_t asset_id, std::int64_t record_id);

  private:
    store::Database& db_;
    Clock clock_;
};

}  // namespace yandian::app::monitoring
