#pragma once
// The JSON shapes of charts and capability studies, shared by `yandian spc` and the HTTP API
// (the contract of the `spc chart` / `spc capability` output).
#include <nlohmann/json_fwd.hpp>

#include "spc/capability.hpp"
#include "spc/chart.hpp"

namespace yandian::spc {

// {"type", "center", "lcl", "ucl", "sigma", "points": [{"index", "value", "center", "lcl", "ucl", "violations"
//  (, "left_out": true for a point plotted but left out of the evaluation)}],
//  "secondary": {...}}; non-finite numbers become null.
nlohmann::json chart_json(const Chart& chart);
nlohmann::json series_json(const Series& series, const std::string& type, double sigma);
// {"n", "mean", "sigma_within", "sigma_overall", "cp", ..., "ci": {...}, "ppm": {...}, "normality": {...}}
nlohmann::json capability_json(const Capability& capability, double confidence);

}  // namespace yandian::spc
