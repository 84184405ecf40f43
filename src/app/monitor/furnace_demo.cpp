#include "app/monitor/furnace_demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/utc_time.hpp"
#include "common/iso_date.hpp"

namespace yandian::app::monitoring {

const std::vector<DemoZone>& demo_zones() {
    static const std::vector<DemoZone> zones{{"f1-z1", "zone 1 (top)", 1.5}, {"f1-z2", "zone 2 (bottom)", -2.0}};
    return zones;
}

FurnaceZoneModel::FurnaceZoneModel(std::uint64_t seed, double offset) : random_(seed), offset_(offset) {}

double FurnaceZoneModel::next(bool door_open) {
    std::normal_distribution<double> innovation(0.0, 0.8);
    noise_ = 0.8 * noise_ + innovation(random_);
    drop_ = door_open ? 22.0 : drop_ * 0.7;
    return 850.0 + offset_ + noise_ - drop_;
}

namespace {

std::string day_text(std::int64_t ms, int months_back) {
    const auto day = static_cast<DayNumber>(ms / 86'400'000);
    return format_iso_date(add_months(day, -months_back));
}

}  // namespace

Result<DemoFurnace> seed_demo_furnace(store::Database& db, SpcService& spc, FurnaceService& furnaces,
                                      const Principal& who, std::int64_t plant_id, std::int64_t now_ms,
                                      std::int64_t history_ms, std::int64_t cycle_ms) {
    DemoFurnace out;
    auto existing = furnaces.list_furnaces(who);
    if (!existing) return tl::unexpected(existing.error());
    auto line = db.spc().find_line_by_code(who.org_id, kDemoFurnaceLine);
    if (!line) return tl::unexpected(line.error());
    std::int64_t line_id = *line ? (*line)->id : 0;
    if (line_id == 0) {
        auto made = spc.create_line(who, plant_id, std::string(kDemoFurnaceLine), "Heat treatment 1 — 6205 rings");
        if (!made) return tl::unexpected(made.error());
        line_id = made->id;
    }
    const std::int64_t readings = cycle_ms > 0 ? history_ms / cycle_ms : 0;
    const std::int64_t door_from = readings - (30 * 60'000) / std::max<std::int64_t>(1, cycle_ms);
    const std::int64_t door_to = door_from + (3 * 60'000) / std::max<std::int64_t>(1, cycle_ms);
    std::uint64_t seed = 850;
    for (const DemoZone& z : demo_zones()) {
        auto found = db.spc().find_characteristic_by_code(line_id, z.code);
        if (!found) return tl::unexpected(found.error());
        std::int64_t id = *found ? (*found)->id : 0;
        if (id == 0) {
            CharacteristicInput in;
            in.line_id = line_id;
            in.code = z.code;
            in.part_number = "furnace-1";
            in.feature = fmt::format("pit furnace 1 {} temperature", z.name);
            in.nominal = 850.0;
            in.lsl = 840.0;
            in.usl = 860.0;
            in.unit = "°C";
            in.resolution = 0.1;
            in.subgroup_size = 1;
            in.chart_type = "imr";
            // Rule 1 only: a zone's temperature is autocorrelated (the furnace's thermal inertia), so the run rules
            // would alarm on every slow wander; small drifts are the EWMA/CUSUM view's job.
            in.rules = "1";
            auto c = spc.create_characteristic(who, in);
            if (!c) return tl::unexpected(c.error());
            id = c->id;
        }
        out.zone_characteristics.push_back(id);
        auto count = db.spc().count_measurements(id);
        if (!count) return tl::unexpected(count.error());
        if (*count > 0 || readings <= 0) continue;
        FurnaceZoneModel model(seed++, z.offset);
        ingest::IncomingBatch batch;
        for (std::int64_t k = 0; k < readings; ++k) {
            ingest::IncomingValue v;
            v.value = std::round(model.next(k >= door_from && k < door_to) * 10.0) / 10.0;
            v.time_ms = now_ms - (readings - k) * cycle_ms;
            v.gauge = fmt::format("TC-{}", z.code);
            batch.values.push_back(std::move(v));
        }
        auto stored = spc.ingest(who, id, batch, fmt::format("demo-history-{}", z.code), "demo", false);
        if (!stored) return tl::unexpected(stored.error());
    }
    for (const auto& f : *existing) {
        if (f.name == "Pit furnace 1") {
            out.furnace_id = f.id;
            return out;
        }
    }

    // CQI-9 figures of the demo's furnace: the uniformity tolerance and survey interval are the plant's choice
    // (docs/monitor/furnace.md: no citable default); the SAT tolerance and interval are the cited defaults.
    FurnaceInput fin;
    fin.name = "Pit furnace 1";
    fin.tus_tolerance_c = 10.0;
    fin.tus_interval_months = 6;
    auto furnace = furnaces.create_furnace(who, fin);
    if (!furnace) return tl::unexpected(furnace.error());
    out.furnace_id = furnace->id;
    for (const DemoZone& z : demo_zones()) {
        auto zone = furnaces.add_zone(who, furnace->id, ZoneInput{z.name, std::string(kDemoFurnaceLine), z.code});
        if (!zone) return tl::unexpected(zone.error());
    }
    RecipeInput recipe;
    recipe.code = "GCr15-harden";
    recipe.set_point_c = 850.0;
    recipe.tolerance_c = 10.0;
    recipe.soak_minutes = 60.0;
    if (auto r = furnaces.add_recipe(who, furnace->id, recipe); !r) return tl::unexpected(r.error());
    LoadInput load;
    load.recipe = recipe.code;
    load.label = "WO-6205-IR-0815";
    load.started_at = format_utc(TimePoint(std::chrono::milliseconds(now_ms - 50 * 60'000)));
    if (auto l = furnaces.start_load(who, furnace->id, load); !l) return tl::unexpected(l.error());

    TusInput tus;
    tus.surveyed_on = day_text(now_ms, 2);
    tus.set_point_c = 850.0;
    tus.thermocouples = {{"TC1 top front left", 0.3, {851.2, 853.4, 852.8}}, {"TC2 top back right", -0.2, {849.0, 850.6}},
                         {"TC3 centre", 0.0, {850.1, 850.4}},       {"TC4 bottom front right", 0.1, {844.9, 846.2}},
                         {"TC5 bottom back left", -0.4, {845.8, 847.0}}};
    if (auto t = furnaces.record_tus(who, furnace->id, tus); !t) return tl::unexpected(t.error());
    for (const DemoZone& z : demo_zones()) {
        SatRecordInput sat;
        sat.tested_on = day_text(now_ms, 4);
        sat.zone = z.name;
        sat.control_reading_c = 850.0 + z.offset;
        sat.test_reading_c = 849.2 + z.offset;
        sat.test_thermocouple_correction_c = 0.6;
        sat.test_instrument_correction_c = -0.1;
        if (auto s = furnaces.record_sat(who, furnace->id, sat); !s) return tl::unexpected(s.error());
    }
    return out;
}

}  // namespace yandian::app::monitoring
