// Condition-monitoring routes: diagnosis of an uploaded vibration record (MAT level 5, WAV/FLAC/..., CSV as the
// request body; the readers and the MAT structural check of ingest/vibration decide what it is).
#include <string>

#include <fmt/format.h>

#include "app/monitor/diagnosis_service.hpp"
#include "app/monitor/monitor_json.hpp"
#include "app/monitor/monitor_service.hpp"
#include "common/json_text.hpp"
#include "server/api.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

std::string text_query(const HttpRequest& request, std::string_view name, std::string fallback = {}) {
    const std::string* v = request.query_param(name);
    return v == nullptr ? fallback : *v;
}

Result<std::optional<double>> optional_number(const HttpRequest& request, std::string_view name) {
    const std::string* v = request.query_param(name);
    if (v == nullptr || v->empty()) return std::optional<double>{};
    auto n = number_query(request, name, std::nullopt);
    if (!n) return tl::unexpected(n.error());
    if (!(*n > 0)) return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be positive", name), std::string(name));
    return std::optional<double>(*n);
}

Result<app::monitoring::DiagnoseRequest> diagnose_request(const HttpRequest& request) {
    app::monitoring::DiagnoseRequest r;
    r.bearing = text_query(request, "bearing");
    r.channel = text_query(request, "channel");
    r.unit = text_query(request, "unit");
    r.group = text_query(request, "group", "2");
    r.mounting = text_query(request, "mounting", "rigid");
    auto fs = optional_number(request, "fs");
    if (!fs) return tl::unexpected(fs.error());
    r.fs = *fs;
    auto rpm = optional_number(request, "rpm");
    if (!rpm) return tl::unexpected(rpm.error());
    r.rpm = *rpm;
    auto tolerance = number_query(request, "speed_tolerance", 1.0);  // percent, as on the command line
    if (!tolerance) return tl::unexpected(tolerance.error());
    r.speed_tolerance = *tolerance / 100;
    return r;
}

Result<std::optional<std::string>> optional_text_field(const nlohmann::json& body, std::string_view name) {
    auto it = body.find(std::string(name));
    if (it == body.end() || it->is_null()) return std::optional<std::string>{};
    if (!it->is_string()) return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a string", name), std::string(name));
    return std::optional<std::string>(it->get<std::string>());
}

HttpResponse unavailable() {
    return error_response(ErrorCode::kUnavailable, "condition monitoring is not available on this server");
}

}  // namespace

void add_monitor_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;

    // The record is the body; what it was measured on comes in the query. Nothing is stored: the answer is the
    // diagnosis, with the rate, channel and speed used and where each came from.
    router.add("POST", "/api/v1/monitor/diagnose",
               authenticated(accounts, [](const app::Principal&, const HttpRequest& request, const PathParams&) {
                   auto req = diagnose_request(request);
                   if (!req) return error_response(req.error());
                   auto prepared = app::monitoring::prepare(*req);
                   if (!prepared) return error_response(prepared.error());
                   const std::string label = text_query(request, "name", "upload");
                   auto record = ingest::vibration::read_vibration_bytes(
                       request.body, app::monitoring::read_options(*req, *prepared), label);
                   if (!record) return error_response(record.error());
                   thread_local monitor::FftPlans fft;  // plans are kept per worker thread (fft.hpp)
                   auto out = app::monitoring::diagnose_record(fft, std::move(*record), *req, *prepared, label);
                   if (!out) return error_response(out.error());
                   if (text_query(request, "plots") == "1") {
                       nlohmann::json doc = out->doc;
                       doc["plots"] = app::monitoring::plots_json(fft, *out);
                       return json_response(200, doc);
                   }
                   return json_response(200, out->doc);
               }));

    app::monitoring::MonitorService* monitor = services.monitor;

    router.add("POST", "/api/v1/monitor/assets",
               authenticated(accounts, [monitor](const app::Principal& who, const HttpRequest& request, const PathParams&) {
                   if (monitor == nullptr) return unavailable();
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   app::monitoring::AssetInput in;
                   for (auto [field, target] : {std::pair{"name", &in.name}, {"machine", &in.machine},
                                                {"position", &in.position}, {"bearing", &in.bearing}}) {
                       auto v = string_field(*body, field);
                       if (!v) return error_response(v.error());
                       *target = *v;
                   }
                   for (auto [field, target] : {std::pair{"machine_group", &in.machine_group}, {"mounting", &in.mounting}}) {
                       auto v = optional_text_field(*body, field);
                       if (!v) return error_response(v.error());
                       if (*v) *target = **v;
                   }
                   if (auto it = body->find("nominal_rpm"); it != body->end() && !it->is_null()) {
                       if (!it->is_number()) {
                           return error_response(ErrorCode::kInvalidArgument, "'nominal_rpm' must be a number", "nominal_rpm");
                       }
                       in.nominal_rpm = it->get<double>();
                   }
                   auto created = monitor->create_asset(who, in);
                   if (!created) return error_response(created.error());
                   return json_response(201, app::monitoring::asset_json(*created));
               }));

    router.add("GET", "/api/v1/monitor/assets",
               authenticated(accounts, [monitor](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   if (monitor == nullptr) return unavailable();
                   auto list = monitor->list_assets(who);
                   if (!list) return error_response(list.error());
                   nlohmann::json out = nlohmann::json::array();
                   for (const auto& a : *list) out.push_back(app::monitoring::asset_json(a));
                   return json_response(200, {{"assets", out}});
               }));

    // The asset with its records (figures, oldest first) and its alarms: the trend.
    router.add("GET", "/api/v1/monitor/assets/{id}",
               authenticated(accounts, [monitor](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   if (monitor == nullptr) return unavailable();
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto a = monitor->asset(who, *id);
                   if (!a) return error_response(a.error());
                   auto records = monitor->records(who, *id);
                   if (!records) return error_response(records.error());
                   auto alarms = monitor->alarms(who, *id);
                   if (!alarms) return error_response(alarms.error());
                   nlohmann::json r = nlohmann::json::array();
                   for (const auto& row : *records) r.push_back(app::monitoring::record_json(row, false));
                   nlohmann::json al = nlohmann::json::array();
                   for (const auto& alarm : *alarms) al.push_back(app::monitoring::alarm_json(alarm));
                   nlohmann::json out = app::monitoring::asset_json(*a);
                   out["records"] = std::move(r);
                   out["alarms"] = std::move(al);
                   return json_response(200, out);
               }));

    // One record with its whole diagnosis and its plots (null for a record stored before plots were kept).
    router.add("GET", "/api/v1/monitor/assets/{id}/records/{record}",
               authenticated(accounts, [monitor](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   if (monitor == nullptr) return unavailable();
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto record_id = path_id(params, "record");
                   if (!record_id) return error_response(record_id.error());
                   auto view = monitor->record(who, *id, *record_id);
                   if (!view) return error_response(view.error());
                   nlohmann::json out = app::monitoring::record_json(view->record, true);
                   out["plots"] = view->plots_json ? nlohmann::json::parse(*view->plots_json, nullptr, false)
                                                   : nlohmann::json(nullptr);
                   return json_response(200, out);
               }));

    // A record of the asset as the body: diagnosed with the asset's bearing and class, stored once per file.
    router.add("POST", "/api/v1/monitor/assets/{id}/records",
               authenticated(accounts, [monitor](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
                   if (monitor == nullptr) return unavailable();
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   app::monitoring::RecordInput in;
                   in.label = text_query(request, "name", "upload");
                   if (const std::string* at = request.query_param("measured_at"); at != nullptr && !at->empty()) {
                       in.measured_at = *at;
                   }
                   in.channel = text_query(request, "channel");
                   in.unit = text_query(request, "unit");
                   auto fs = optional_number(request, "fs");
                   if (!fs) return error_response(fs.error());
                   in.fs = *fs;
                   auto rpm = optional_number(request, "rpm");
                   if (!rpm) return error_response(rpm.error());
                   in.rpm = *rpm;
                   auto added = monitor->add_record(who, *id, request.body, in);
                   if (!added) return error_response(added.error());
                   nlohmann::json alarms = nlohmann::json::array();
                   for (const auto& a : added->alarms) alarms.push_back(app::monitoring::alarm_json(a));
                   return json_response(added->inserted ? 201 : 200,
                                        {{"record", app::monitoring::record_json(added->record, true)},
                                         {"stored", added->inserted},
                                         {"alarms", alarms}});
               }));
}

}  // namespace yandian::server
