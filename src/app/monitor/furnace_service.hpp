#pragma once
// Heat-treatment furnaces of an organisation (monitor/furnace.hpp is the pure core): furnaces, zones, recipes,
// loads, soak status, and the CQI-9 records (TUS, SAT) with the audit an automotive customer asks for.
// A zone is the live quantity of one SPC characteristic of the organisation: its temperatures arrive through the
// ordinary measurement ingest (HTTP, MQTT, Modbus, files) and are read back here; there is no second ingest.
// A furnace is its organisation's: another organisation's furnace is not found.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/accounts.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "monitor/furnace.hpp"
#include "store/database.hpp"

namespace yandian::app::monitoring {

struct FurnaceInput {
    std::string name;
    std::string kind = "batch";  // batch | continuous
    std::optional<double> tus_tolerance_c;  // required: from the process table the furnace runs under
    std::optional<int> tus_interval_months;  // required: no citable default (monitor/furnace.hpp)
    double sat_tolerance_c = monitor::kCqi9SatToleranceC;
    int sat_interval_months = monitor::kCqi9SatIntervalMonths;
};

struct ZoneInput {
    std::string name;
    std::string line;            // line code of the characteristic
    std::string characteristic;  // characteristic code on that line (its values are the zone's temperatures)
};

struct RecipeInput {
    std::string code;
    std::optional<double> set_point_c;
    std::optional<double> tolerance_c;
    std::optional<double> soak_minutes;
    std::string soak_rule = "restart";
};

struct LoadInput {
    std::string recipe;  // recipe code
    std::string label;
    std::optional<std::string> started_at;  // ISO 8601 UTC; now when not given
};

struct TusInput {
    std::string surveyed_on;  // YYYY-MM-DD
    std::optional<double> set_point_c;
    std::vector<monitor::ThermocoupleReadings> thermocouples;
};

struct SatRecordInput {
    std::string tested_on;  // YYYY-MM-DD
    std::optional<std::string> zone;  // zone name, when the test is of one zone's instrument
    std::optional<double> control_reading_c;
    std::optional<double> test_reading_c;
    double test_thermocouple_correction_c = 0;
    double test_instrument_correction_c = 0;
};

struct ZoneSoak {
    store::FurnaceZoneRecord zone;
    std::optional<double> latest_c;
    std::optional<std::string> latest_at;
    monitor::SoakStatus soak;
};

struct LoadStatus {
    store::FurnaceLoadRecord load;
    store::FurnaceRecipeRecord recipe;
    // Each zone's soak; the load's soak is complete when every zone's is, else the least advanced state.
    std::vector<ZoneSoak> zones;
    monitor::SoakState state = monitor::SoakState::kWaiting;
};

struct Cqi9Status {
    std::optional<store::TusRecord> last_tus;
    monitor::Cqi9Due tus_due;
    std::optional<store::SatRecord> last_sat;
    monitor::Cqi9Due sat_due;
};

struct FurnaceView {
    store::FurnaceRecord furnace;
    std::vector<store::FurnaceZoneRecord> zones;
    std::vector<store::FurnaceRecipeRecord> recipes;
    std::optional<LoadStatus> running;  // the latest load that has not ended
    Cqi9Status cqi9;
};

class FurnaceService {
  public:
    FurnaceService(store::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

    // Writes: engineers and administrators.
    Result<store::FurnaceRecord> create_furnace(const Principal& who, const FurnaceInput& input);
    Result<std::vector<store::FurnaceRecord>> list_furnaces(const Principal& who);
    Result<store::FurnaceRecord> furnace(const Principal& who, std::int64_t id);
    Result<store::FurnaceZoneRecord> add_zone(const Principal& who, std::int64_t furnace_id, const ZoneInput& input);
    Result<store::FurnaceRecipeRecord> add_recipe(const Principal& who, std::int64_t furnace_id,
                                                  const RecipeInput& input);
    Result<store::FurnaceLoadRecord> start_load(const Principal& who, std::int64_t furnace_id, const LoadInput& input);
    Status end_load(const Principal& who, std::int64_t load_id, std::optional<std::string> at);
    Result<LoadStatus> load_status(const Principal& who, std::int64_t load_id);
    Result<store::TusRecord> record_tus(const Principal& who, std::int64_t furnace_id, const TusInput& input);
    Result<store::SatRecord> record_sat(const Principal& who, std::int64_t furnace_id, const SatRecordInput& input);
    Result<std::vector<store::TusRecord>> list_tus(const Principal& who, std::int64_t furnace_id);
    Result<std::vector<store::SatRecord>> list_sat(const Principal& who, std::int64_t furnace_id);
    Result<FurnaceView> view(const Principal& who, std::int64_t furnace_id);
    // Every furnace of the organisation with its CQI-9 status today.
    Result<std::vector<FurnaceView>> audit(const Principal& who);

  private:
    Result<LoadStatus> status_of(const store::FurnaceLoadRecord& load);
    Result<Cqi9Status> cqi9_of(const store::FurnaceRecord& furnace);
    store::Database& db_;
    Clock clock_;
};

// JSON of the records and views, as the routes and the CLI print them.
nlohmann::json furnace_json(const store::FurnaceRecord& f);
nlohmann::json zone_json(const store::FurnaceZoneRecord& z);
nlohmann::json recipe_json(const store::FurnaceRecipeRecord& r);
nlohmann::json load_json(const store::FurnaceLoadRecord& l);
nlohmann::json tus_json(const store::TusRecord& t);
nlohmann::json sat_json(const store::SatRecord& s);
nlohmann::json load_status_json(const LoadStatus& s);
nlohmann::json cqi9_json(const Cqi9Status& s);
nlohmann::json view_json(const FurnaceView& v);

}  // namespace yandian::app::monitoring
