#include "app/monitor/diagnosis_service.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include <fmt/format.h>

#include "catalog/catalog_json.hpp"
#include "monitor/diagnosis_json.hpp"
#include "monitor/plots.hpp"

namespace yandian::app::monitoring {

using nlohmann::json;

Result<Prepared> prepare(const DiagnoseRequest& request) {
    Prepared p;
    if (request.bearing.empty()) return fail(ErrorCode::kInvalidArgument, "a bearing designation is required", "bearing");
    auto g = catalog::rolling_geometry(catalog::default_catalog(), request.bearing);
    if (!g) return fail(g.error().code, fmt::format("bearing '{}': {}", request.bearing, g.error().message), "bearing");
    p.geometry = *g;
    auto mg = monitor::parse_machine_group(request.group);
    if (!mg) return tl::unexpected(mg.error());
    p.group = *mg;
    auto mt = monitor::parse_mounting(request.mounting);
    if (!mt) return tl::unexpected(mt.error());
    p.mounting = *mt;
    if (!request.unit.empty()) {
        auto u = monitor::parse_unit(request.unit);
        if (!u) return tl::unexpected(u.error());
        p.unit = *u;
    }
    if (!(request.speed_tolerance > 0 && request.speed_tolerance < 0.2)) {
        return fail(ErrorCode::kInvalidArgument, "the speed tolerance must be above 0 and below 20 %", "speed_tolerance");
    }
    return p;
}

ingest::vibration::ReadOptions read_options(const DiagnoseRequest& request, const Prepared& prepared) {
    ingest::vibration::ReadOptions ro;
    ro.channel = request.channel;
    ro.fs = request.fs;
    ro.unit = prepared.unit;
    ro.default_fs = request.default_fs;
    return ro;
}

Result<Outcome> diagnose_record(monitor::FftPlans& fft, ingest::vibration::VibrationRecord record,
                                const DiagnoseRequest& request, const Prepared& p, std::string_view label) {
    Outcome out;
    out.record = std::move(record);
    monitor::DiagnosisInput in;
    in.samples = out.record.samples;
    in.fs = out.record.fs;
    in.unit = out.record.unit;
    in.rpm = request.rpm ? request.rpm : out.record.rpm;
    std::string rpm_source = request.rpm ? "given" : (out.record.rpm ? "file" : "estimated");
    in.geometry = p.geometry;
    in.group = p.group;
    in.mounting = p.mounting;
    monitor::DiagnosisOptions o;
    o.speed_tolerance = request.speed_tolerance;
    if (!in.rpm && request.nominal_rpm) {
        in.rpm = request.nominal_rpm;
        o.speed_tolerance = std::max(request.speed_tolerance, request.nominal_tolerance);
        rpm_source = "nominal";
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto d = monitor::diagnose(fft, in, o);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!d) return fail(d.error().code, std::string(label) + ": " + d.error().message, d.error().field);
    out.diagnosis = std::move(*d);
    json doc = monitor::diagnosis_json(out.diagnosis, out.record.unit);
    doc["rpm_source"] = rpm_source;
    doc["fs_source"] = out.record.fs_source;
    doc["file"] = std::string(label);
    doc["format"] = out.record.format;
    doc["channel"] = out.record.channel;
    if (!out.record.variable.empty()) doc["variable"] = out.record.variable;
    doc["samples"] = out.record.samples.size();
    doc["bearing"] = request.bearing;
    doc["geometry"] = {{"Z", p.geometry.z},
                       {"Dw_mm", p.geometry.dw},
                       {"Dpw_mm", p.geometry.dpw},
                       {"alpha_deg", p.geometry.alpha_deg},
                       {"estimated", p.geometry.estimated},
                       {"source", p.geometry.source}};
    doc["speed_tolerance"] = o.speed_tolerance;
    out.doc = std::move(doc);
    return out;
}

json plots_json(monitor::FftPlans& fft, const Outcome& outcome) {
    return monitor::record_plots_json(monitor::record_plots(fft, outcome.record.samples, outcome.diagnosis,
                                                            monitor::DiagnosisOptions{}.harmonics));
}

}  // namespace yandian::app::monitoring
