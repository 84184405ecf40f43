#pragma once
// Diagnosis of one vibration record for the CLI and the HTTP API: the bearing's geometry from the catalogue, the
// ISO 20816-3 class of the machine, the record's speed (given, from the file, a nominal one, or estimated), then
// monitor::diagnose and its JSON document with where each input came from.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "catalog/ratings.hpp"
#include "common/result.hpp"
#include "ingest/vibration/vibration_file.hpp"
#include "monitor/diagnosis.hpp"

namespace yandian::app::monitoring {

struct DiagnoseRequest {
    std::string bearing;               // designation, e.g. "6205"
    std::string channel;               // MAT: DE/FE/BA or a variable name; "" = DE or the only signal
    std::optional<double> fs;          // overrides the record's rate
    std::optional<double> rpm;         // overrides the record's speed
    std::string unit;                  // "", "g", "m/s2", "mm/s"
    std::string group = "2";           // ISO 20816-3 machine group
    std::string mounting = "rigid";    // or "flexible"
    double speed_tolerance = 0.01;     // fraction
    std::optional<double> default_fs;  // when neither the record nor `fs` gives a rate
    // A nominal speed used (searched with the wider tolerance) when neither `rpm` nor the record gives one.
    std::optional<double> nominal_rpm;
    double nominal_tolerance = 0.02;
};

struct Prepared {
    catalog::Geometry geometry;
    monitor::MachineGroup group = monitor::MachineGroup::kGroup2;
    monitor::Mounting mounting = monitor::Mounting::kRigid;
    std::optional<monitor::Unit> unit;
};

// The geometry, class and unit the request names; an error names the bad field.
[[nodiscard]] Result<Prepared> prepare(const DiagnoseRequest& request);

// How the record is read under the request.
ingest::vibration::ReadOptions read_options(const DiagnoseRequest& request, const Prepared& prepared);

struct Outcome {
    ingest::vibration::VibrationRecord record;
    monitor::Diagnosis diagnosis;
    nlohmann::json doc;   // monitor::diagnosis_json plus the sources of speed and rate, the record and the bearing
    double seconds = 0;   // analysis time
};

// `label` names the record in messages and in the document ("file").
[[nodiscard]] Result<Outcome> diagnose_record(monitor::FftPlans& fft, ingest::vibration::VibrationRecord record,
                                              const DiagnoseRequest& request, const Prepared& prepared,
                                              std::string_view label);

// The record's plots (monitor/plots.hpp) as JSON: what the record page draws.
nlohmann::json plots_json(monitor::FftPlans& fft, const Outcome& outcome);

}  // namespace yandian::app::monitoring
