#pragma once
// Store port of condition monitoring: the monitored bearing positions (assets) of an organisation, the vibration
// records diagnosed on each (the figures and the whole diagnosis; not the samples) and the alarms they raised.
// Records are never changed; a record sent twice (same asset, same file digest) is stored once.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct AssetRecord {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string name;      // unique within the organisation, e.g. "grinder 3 spindle DE"
    std::string machine;
    std::string position;  // DE, NDE, ...
    std::string bearing;   // designation, e.g. 6205
    std::string machine_group = "2";   // ISO 20816-3
    std::string mounting = "rigid";
    std::optional<double> nominal_rpm;
    std::string created_at;
    std::string created_by;
};

struct MonitorRecordRow {
    std::int64_t id = 0;
    std::int64_t asset_id = 0;
    std::string measured_at;  // ISO 8601 UTC: when the record was taken
    std::string received_at;
    std::string received_by;
    std::string sha256;  // of the file as sent
    std::string label;   // file name or what the sender called it
    std::string format;  // mat | wav | csv
    std::string channel;
    double fs = 0;
    double rpm = 0;
    std::string rpm_source;
    std::string unit;
    std::int64_t samples = 0;
    double rms = 0;
    double peak = 0;
    double crest_factor = 0;
    double kurtosis = 0;
    double velocity_rms_mm_s = 0;
    std::string zone;   // A..D
    std::string fault;  // outer_race | inner_race | ball | cage | none
    double confidence = 0;
    std::string diagnosis_json;  // the whole diagnosis document
    // Plots of the record (monitor/plots.hpp) as JSON text: written by add_record when not empty, never read by the
    // lists (read it with record_plots).
    std::string plots_json;
};

struct MonitorAlarmRow {
    std::int64_t id = 0;
    std::int64_t asset_id = 0;
    std::int64_t record_id = 0;
    std::string raised_at;  // the record's measured_at
    std::string kind;       // zone | change | fault
    std::string message;
    double value = 0;
    double limit = 0;
};

struct AddedMonitorRecord {
    MonitorRecordRow record;
    bool inserted = false;  // false: the same file was stored before (the stored record is returned)
    std::vector<MonitorAlarmRow> alarms;  // raised by this record (none when it was stored before)
};

class MonitorStore {
  public:
    virtual ~MonitorStore() = default;

    // kAlreadyExists names the asset name taken in the organisation.
    virtual Result<AssetRecord> create_asset(const AssetRecord& asset) = 0;
    virtual Result<std::optional<AssetRecord>> find_asset(std::int64_t id) = 0;
    // By id ascending.
    virtual Result<std::vector<AssetRecord>> list_assets(std::int64_t org_id) = 0;
    // The record and its alarms in one transaction; a record whose (asset, sha256) is stored is not added again.
    virtual Result<AddedMonitorRecord> add_record(const MonitorRecordRow& record,
                                                  std::span<const MonitorAlarmRow> alarms) = 0;
    // Oldest first (measured_at, then id).
    virtual Result<std::vector<MonitorRecordRow>> list_records(std::int64_t asset_id) = 0;
    virtual Result<std::optional<MonitorRecordRow>> get_record(std::int64_t id) = 0;
    // nullopt: the record has no plots (stored before they were kept).
    virtual Result<std::optional<std::string>> record_plots(std::int64_t record_id) = 0;
    // Oldest first.
    virtual Result<std::vector<MonitorAlarmRow>> list_alarms(std::int64_t asset_id) = 0;
};

}  // namespace yandian::store
