#pragma once
// Store port of furnace monitoring: the heat-treatment furnaces of an organisation, their zones (each the live
// quantity of one SPC characteristic, fed like a gauge), recipes (set point, tolerance, soak), loads, and the
// CQI-9 records kept per furnace: temperature uniformity surveys (TUS) and system accuracy tests (SAT).
// TUS and SAT records are append-only: never changed, never deleted. A load gets its end time once.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace yandian::store {

struct FurnaceRecord {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string name;  // unique within the organisation
    std::string kind = "batch";  // batch | continuous
    double tus_tolerance_c = 0;  // uniformity tolerance (± °C) of the furnace's process table
    int tus_interval_months = 12;
    double sat_tolerance_c = 5.0;
    int sat_interval_months = 3;
    std::string created_at;
    std::string created_by;
};

struct FurnaceZoneRecord {
    std::int64_t id = 0;
    std::int64_t furnace_id = 0;
    std::string name;  // unique within the furnace
    std::int64_t characteristic_id = 0;
};

struct FurnaceRecipeRecord {
    std::int64_t id = 0;
    std::int64_t furnace_id = 0;
    std::string code;  // unique within the furnace
    double set_point_c = 0;
    double tolerance_c = 0;
    double soak_minutes = 0;
    std::string soak_rule = "restart";  // restart | accumulate
    std::string created_at;
};

struct FurnaceLoadRecord {
    std::int64_t id = 0;
    std::int64_t furnace_id = 0;
    std::int64_t recipe_id = 0;
    std::string label;  // what the plant calls the load (work order, batch)
    std::string started_at;
    std::optional<std::string> ended_at;
    std::string started_by;
};

struct TusRecord {
    std::int64_t id = 0;
    std::int64_t furnace_id = 0;
    std::string surveyed_on;  // YYYY-MM-DD
    double set_point_c = 0;
    double tolerance_c = 0;
    double max_over_c = 0;
    double max_under_c = 0;
    bool pass = false;
    std::string readings_json;  // the thermocouples with their correction factors and readings, as recorded
    std::string recorded_at;
    std::string recorded_by;
};

struct SatRecord {
    std::int64_t id = 0;
    std::int64_t furnace_id = 0;
    std::optional<std::int64_t> zone_id;
    std::string tested_on;  // YYYY-MM-DD
    double control_reading_c = 0;
    double test_reading_c = 0;
    double test_thermocouple_correction_c = 0;
    double test_instrument_correction_c = 0;
    double corrected_test_c = 0;
    double difference_c = 0;
    double tolerance_c = 0;
    bool pass = false;
    std::string recorded_at;
    std::string recorded_by;
};

class FurnaceStore {
  public:
    virtual ~FurnaceStore() = default;

    // kAlreadyExists names the furnace name taken in the organisation.
    virtual Result<FurnaceRecord> create_furnace(const FurnaceRecord& furnace) = 0;
    virtual Result<std::optional<FurnaceRecord>> find_furnace(std::int64_t id) = 0;
    virtual Result<std::vector<FurnaceRecord>> list_furnaces(std::int64_t org_id) = 0;  // by id

    // kAlreadyExists: a zone of that name in the furnace; kNotFound: no such furnace or characteristic.
    virtual Result<FurnaceZoneRecord> add_zone(const FurnaceZoneRecord& zone) = 0;
    virtual Result<std::vector<FurnaceZoneRecord>> list_zones(std::int64_t furnace_id) = 0;  // by id

    // kAlreadyExists: a recipe of that code in the furnace.
    virtual Result<FurnaceRecipeRecord> add_recipe(const FurnaceRecipeRecord& recipe) = 0;
    virtual Result<std::vector<FurnaceRecipeRecord>> list_recipes(std::int64_t furnace_id) = 0;  // by id

    virtual Result<FurnaceLoadRecord> start_load(const FurnaceLoadRecord& load) = 0;
    virtual Result<std::optional<FurnaceLoadRecord>> find_load(std::int64_t id) = 0;
    virtual Result<std::vector<FurnaceLoadRecord>> list_loads(std::int64_t furnace_id) = 0;  // by id
    // kNotFound: no such load; kFailedPrecondition: the load has ended already.
    virtual Status end_load(std::int64_t id, std::string_view at) = 0;

    virtual Result<TusRecord> add_tus(const TusRecord& record) = 0;
    virtual Result<std::vector<TusRecord>> list_tus(std::int64_t furnace_id) = 0;  // oldest first (date, id)
    virtual Result<SatRecord> add_sat(const SatRecord& record) = 0;
    virtual Result<std::vector<SatRecord>> list_sat(std::int64_t furnace_id) = 0;  // oldest first (date, id)
};

}  // namespace yandian::store
