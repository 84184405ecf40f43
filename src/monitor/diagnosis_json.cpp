#include "monitor/diagnosis_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace yandian::monitor {

using nlohmann::json;

namespace {

json rounded(double v, int digits) {
    if (!std::isfinite(v)) return nullptr;
    const double scale = std::pow(10.0, digits);
    return std::round(v * scale) / scale;
}

json scores_json(const std::array<double, 4>& s) {
    json j = json::object();
    for (std::size_t k = 0; k < 4; ++k) j[std::string(fault_name(static_cast<FaultKind>(k)))] = rounded(s[k], 1);
    return j;
}

}  // namespace

json diagnosis_json(const Diagnosis& d, Unit unit) {
    json j;
    j["fault"] = d.fault ? std::string(fault_name(*d.fault)) : std::string("none");
    j["confidence"] = rounded(d.confidence, 2);
    j["rpm"] = rounded(d.rpm, 1);
    j["rpm_estimated"] = d.rpm_estimated;
    j["fs"] = rounded(d.fs, 3);
    j["duration_s"] = rounded(d.duration_s, 3);
    const auto& f = d.lines.f;
    const double fr = d.lines.shaft_hz;
    j["defect_frequencies"] = {
        {"shaft_hz", rounded(fr, 3)},
        {"FTF_hz", rounded(f.ftf, 3)},
        {"BPFO_hz", rounded(f.bpfo, 3)},
        {"BPFI_hz", rounded(f.bpfi, 3)},
        {"BSF_hz", rounded(f.bsf, 3)},
        {"2xBSF_hz", rounded(2 * f.bsf, 3)},
        {"orders",
         {{"FTF", rounded(f.ftf / fr, 4)},
          {"BPFO", rounded(f.bpfo / fr, 4)},
          {"BPFI", rounded(f.bpfi / fr, 4)},
          {"BSF", rounded(f.bsf / fr, 4)}}},
        {"bsf_convention", "BSF is the ball spin frequency; a ball defect repeats at 2xBSF (CWRU's table lists 2xBSF as BSF)"}};
    json evidence = json::array();
    for (const auto& e : d.evidence) {
        evidence.push_back({{"line", e.line},
                            {"fault", std::string(fault_name(e.kind))},
                            {"method", std::string(method_name(e.method))},
                            {"harmonic", e.harmonic},
                            {"sideband", e.sideband},
                            {"expected_hz", rounded(e.expected_hz, 2)},
                            {"found_hz", rounded(e.found_hz, 2)},
                            {"order", rounded(e.order, 3)},
                            {"prominence_db", rounded(e.prominence_db, 1)}});
    }
    j["evidence"] = std::move(evidence);
    j["scores"] = scores_json(d.scores);
    json methods = json::array();
    for (const auto& m : d.methods) {
        json speed = json::object();
        for (std::size_t k = 0; k < 4; ++k) {
            speed[std::string(fault_name(static_cast<FaultKind>(k)))] = rounded(m.families[k].scale, 4);
        }
        methods.push_back({{"method", std::string(method_name(m.method))},
                           {"band_hz", {rounded(m.f_low, 1), rounded(m.f_high, 1)}},
                           {"scores", scores_json(m.scores)},
                           {"speed_factor", speed}});
    }
    j["methods"] = std::move(methods);
    j["kurtogram"] = {{"level", rounded(d.kurtogram.best.level, 1)},
                      {"band_hz", {rounded(d.kurtogram.best.f_low, 1), rounded(d.kurtogram.best.f_high, 1)}},
                      {"spectral_kurtosis", rounded(d.kurtogram.best.kurtosis, 3)}};
    j["features"] = {{"unit", std::string(unit_name(unit))},
                     {"rms", rounded(d.features.rms, 5)},
                     {"peak", rounded(d.features.peak, 5)},
                     {"crest_factor", rounded(d.features.crest, 3)},
                     {"kurtosis", rounded(d.features.kurtosis, 3)}};
    const auto& s = d.severity;
    j["severity"] = {
        {"standard", "ISO 20816-3:2022"},
        {"zone", std::string(1, s.zone)},
        {"velocity_rms_mm_s", rounded(s.velocity_rms_mm_s, 3)},
        {"band_hz", {10, 1000}},
        {"machine_group", s.group == MachineGroup::kGroup1 ? 1 : 2},
        {"mounting", std::string(mounting_name(s.mounting))},
        {"limits_mm_s", {{"A/B", s.limits.ab}, {"B/C", s.limits.bc}, {"C/D", s.limits.cd}}},
        {"note",
         "zones rate overall machine vibration of machines above 15 kW; they do not assess a bearing's condition"}};
    return j;
}

}  // namespace yandian::monitor
