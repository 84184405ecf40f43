#pragma once
// The demo's heat-treatment furnace: pit furnace 1 hardening 6205 rings (GCr15 at 850 °C ± 10, soak 60 min), two
// zones whose temperatures the demo line's simulation sends through the ordinary ingest, a load in progress and one
// TUS and one SAT per zone's instrument on record.
//
// Model per zone and reading k (°C): 850 + offset + AR(1) noise (phi 0.8, innovation sigma 0.8 °C); a door opening
// (`door_open` readings from the start of an excursion) drops the zone by 22 °C, recovering by 30 % a reading after.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "app/accounts.hpp"
#include "app/spc_service.hpp"
#include "app/monitor/furnace_service.hpp"

namespace yandian::app::monitoring {

inline constexpr std::string_view kDemoFurnaceLine = "ht-1";

struct DemoZone {
    const char* code;  // characteristic code on line ht-1
    const char* name;
    double offset;     // the zone's steady offset from the set point, °C
};
const std::vector<DemoZone>& demo_zones();

class FurnaceZoneModel {
  public:
    FurnaceZoneModel(std::uint64_t seed, double offset);
    // The next reading; `door_open` true while a door opening pulls the zone down.
    double next(bool door_open);

  private:
    std::mt19937_64 random_;
    double offset_;
    double noise_ = 0;
    double drop_ = 0;
};

struct DemoFurnace {
    std::int64_t furnace_id = 0;
    std::vector<std::int64_t> zone_characteristics;
};

// Creates (once) line ht-1 in `plant_id`, the zone characteristics with `history_ms` of readings every `cycle_ms` up
// to `now_ms` (a door opening 30 minutes before the end), the furnace, recipe, a load started 50 minutes before the
// end, one TUS (passing, 2 months back) and one SAT per zone (passing, 4 months back: due, so the audit flags it).
Result<DemoFurnace> seed_demo_furnace(store::Database& db, SpcService& spc, FurnaceService& furnaces,
                                      const Principal& who, std::int64_t plant_id, std::int64_t now_ms,
                                      std::int64_t history_ms, std::int64_t cycle_ms);

}  // namespace yandian::app::monitoring
