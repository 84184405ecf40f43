// Furnace routes (app/monitor/furnace_service.hpp): furnaces, zones, recipes, loads and their soak, CQI-9 TUS/SAT
// records and the audit. Organisation-scoped: another organisation's furnace or load answers 404.
#include <string>

#include <fmt/format.h>

#include "app/monitor/furnace_service.hpp"
#include "server/api.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

using nlohmann::json;
namespace mon = app::monitoring;

HttpResponse unavailable() {
    return error_response(ErrorCode::kUnavailable, "furnace monitoring is not available on this server");
}

// An optional number field: absent or null gives nothing; anything but a number is an error naming the field.
Result<std::optional<double>> number_field(const json& body, std::string_view name) {
    auto it = body.find(std::string(name));
    if (it == body.end() || it->is_null()) return std::optional<double>{};
    if (!it->is_number()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a number", name), std::string(name));
    }
    return std::optional<double>(it->get<double>());
}

Result<std::optional<std::string>> text_field(const json& body, std::string_view name) {
    auto it = body.find(std::string(name));
    if (it == body.end() || it->is_null()) return std::optional<std::string>{};
    if (!it->is_string()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a string", name), std::string(name));
    }
    return std::optional<std::string>(it->get<std::string>());
}

Result<std::optional<int>> months_field(const json& body, std::string_view name) {
    auto it = body.find(std::string(name));
    if (it == body.end() || it->is_null()) return std::optional<int>{};
    if (!it->is_number_integer()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a whole number of months", name),
                    std::string(name));
    }
    return std::optional<int>(it->get<int>());
}

Result<std::vector<monitor::ThermocoupleReadings>> thermocouples_field(const json& body) {
    auto it = body.find("thermocouples");
    if (it == body.end() || !it->is_array()) {
        return fail(ErrorCode::kInvalidArgument,
                    "'thermocouples' must be an array of {label, correction, readings: [°C, ...]}", "thermocouples");
    }
    std::vector<monitor::ThermocoupleReadings> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& tc = (*it)[i];
        const std::string where = fmt::format("thermocouples[{}]", i);
        if (!tc.is_object() || !tc.contains("label") || !tc["label"].is_string() || !tc.contains("readings") ||
            !tc["readings"].is_array()) {
            return fail(ErrorCode::kInvalidArgument, fmt::format("{} needs a 'label' and 'readings'", where), where);
        }
        monitor::ThermocoupleReadings r;
        r.label = tc["label"].get<std::string>();
        if (tc.contains("correction") && !tc["correction"].is_null()) {
            if (!tc["correction"].is_number()) {
                return fail(ErrorCode::kInvalidArgument, fmt::format("{}.correction must be a number", where), where);
            }
            r.correction_c = tc["correction"].get<double>();
        }
        for (const auto& v : tc["readings"]) {
            if (!v.is_number()) {
                return fail(ErrorCode::kInvalidArgument, fmt::format("{}.readings must be numbers (°C)", where), where);
            }
            r.readings_c.push_back(v.get<double>());
        }
        out.push_back(std::move(r));
    }
    return out;
}

#define YD_TRY(var, expr)                                      \
    auto var = (expr);                                         \
    if (!var) return error_response(var.error())

}  // namespace

void add_furnace_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    mon::FurnaceService* furnaces = services.furnace;

    router.add("POST", "/api/v1/furnaces",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest& request, const PathParams&) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(body, parse_json_object(request));
                   mon::FurnaceInput in;
                   YD_TRY(name, string_field(*body, "name"));
                   in.name = *name;
                   YD_TRY(kind, text_field(*body, "kind"));
                   if (*kind) in.kind = **kind;
                   YD_TRY(tus_tolerance, number_field(*body, "tus_tolerance"));
                   in.tus_tolerance_c = *tus_tolerance;
                   YD_TRY(tus_months, months_field(*body, "tus_interval_months"));
                   in.tus_interval_months = *tus_months;
                   YD_TRY(sat_tolerance, number_field(*body, "sat_tolerance"));
                   if (*sat_tolerance) in.sat_tolerance_c = **sat_tolerance;
                   YD_TRY(sat_months, months_field(*body, "sat_interval_months"));
                   if (*sat_months) in.sat_interval_months = **sat_months;
                   YD_TRY(created, furnaces->create_furnace(who, in));
                   return json_response(201, mon::furnace_json(*created));
               }));

    router.add("GET", "/api/v1/furnaces",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(all, furnaces->list_furnaces(who));
                   json out = json::array();
                   for (const auto& f : *all) out.push_back(mon::furnace_json(f));
                   return json_response(200, out);
               }));

    // The furnace page's one call: zones, recipes, the running load's soak per zone, CQI-9 status.
    router.add("GET", "/api/v1/furnaces/{id}",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(view, furnaces->view(who, *id));
                   return json_response(200, mon::view_json(*view));
               }));

    router.add("POST", "/api/v1/furnaces/{id}/zones",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest& request,
                                                  const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(body, parse_json_object(request));
                   mon::ZoneInput in;
                   YD_TRY(name, string_field(*body, "name"));
                   YD_TRY(line, string_field(*body, "line"));
                   YD_TRY(characteristic, string_field(*body, "characteristic"));
                   in.name = *name;
                   in.line = *line;
                   in.characteristic = *characteristic;
                   YD_TRY(zone, furnaces->add_zone(who, *id, in));
                   return json_response(201, mon::zone_json(*zone));
               }));

    router.add("POST", "/api/v1/furnaces/{id}/recipes",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest& request,
                                                  const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(body, parse_json_object(request));
                   mon::RecipeInput in;
                   YD_TRY(code, string_field(*body, "code"));
                   in.code = *code;
                   YD_TRY(set_point, number_field(*body, "set_point"));
                   YD_TRY(tolerance, number_field(*body, "tolerance"));
                   YD_TRY(soak, number_field(*body, "soak_minutes"));
                   YD_TRY(rule, text_field(*body, "soak_rule"));
                   in.set_point_c = *set_point;
                   in.tolerance_c = *tolerance;
                   in.soak_minutes = *soak;
                   if (*rule) in.soak_rule = **rule;
                   YD_TRY(recipe, furnaces->add_recipe(who, *id, in));
                   return json_response(201, mon::recipe_json(*recipe));
               }));

    router.add("POST", "/api/v1/furnaces/{id}/loads",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest& request,
                                                  const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(body, parse_json_object(request));
                   mon::LoadInput in;
                   YD_TRY(recipe, string_field(*body, "recipe"));
                   YD_TRY(label, string_field(*body, "label"));
                   YD_TRY(at, text_field(*body, "started_at"));
                   in.recipe = *recipe;
                   in.label = *label;
                   in.started_at = *at;
                   YD_TRY(load, furnaces->start_load(who, *id, in));
                   return json_response(201, mon::load_json(*load));
               }));

    router.add("GET", "/api/v1/furnace-loads/{id}",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(status, furnaces->load_status(who, *id));
                   return json_response(200, mon::load_status_json(*status));
               }));

    router.add("POST", "/api/v1/furnace-loads/{id}/end",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest& request,
                                                  const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(body, parse_json_object(request));
                   YD_TRY(at, text_field(*body, "ended_at"));
                   if (auto done = furnaces->end_load(who, *id, *at); !done) return error_response(done.error());
                   YD_TRY(status, furnaces->load_status(who, *id));
                   return json_response(200, mon::load_status_json(*status));
               }));

    router.add("POST", "/api/v1/furnaces/{id}/tus",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest& request,
                                                  const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(body, parse_json_object(request));
                   mon::TusInput in;
                   YD_TRY(on, string_field(*body, "surveyed_on"));
                   YD_TRY(set_point, number_field(*body, "set_point"));
                   YD_TRY(tcs, thermocouples_field(*body));
                   in.surveyed_on = *on;
                   in.set_point_c = *set_point;
                   in.thermocouples = std::move(*tcs);
                   YD_TRY(tus, furnaces->record_tus(who, *id, in));
                   return json_response(201, mon::tus_json(*tus));
               }));

    router.add("GET", "/api/v1/furnaces/{id}/tus",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(all, furnaces->list_tus(who, *id));
                   json out = json::array();
                   for (const auto& t : *all) out.push_back(mon::tus_json(t));
                   return json_response(200, out);
               }));

    router.add("POST", "/api/v1/furnaces/{id}/sat",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest& request,
                                                  const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(body, parse_json_object(request));
                   mon::SatRecordInput in;
                   YD_TRY(on, string_field(*body, "tested_on"));
                   YD_TRY(zone, text_field(*body, "zone"));
                   YD_TRY(control, number_field(*body, "control_reading"));
                   YD_TRY(test, number_field(*body, "test_reading"));
                   YD_TRY(tc_cf, number_field(*body, "test_thermocouple_correction"));
                   YD_TRY(in_cf, number_field(*body, "test_instrument_correction"));
                   in.tested_on = *on;
                   in.zone = *zone;
                   in.control_reading_c = *control;
                   in.test_reading_c = *test;
                   in.test_thermocouple_correction_c = tc_cf->value_or(0.0);
                   in.test_instrument_correction_c = in_cf->value_or(0.0);
                   YD_TRY(sat, furnaces->record_sat(who, *id, in));
                   return json_response(201, mon::sat_json(*sat));
               }));

    router.add("GET", "/api/v1/furnaces/{id}/sat",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(id, path_id(params, "id"));
                   YD_TRY(all, furnaces->list_sat(who, *id));
                   json out = json::array();
                   for (const auto& s : *all) out.push_back(mon::sat_json(s));
                   return json_response(200, out);
               }));

    // What an automotive customer's auditor asks under CQI-9, for every furnace of the caller's organisation.
    router.add("GET", "/api/v1/furnace-audit",
               authenticated(accounts, [furnaces](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   if (furnaces == nullptr) return unavailable();
                   YD_TRY(views, furnaces->audit(who));
                   json out = json::array();
                   for (const auto& v : *views) {
                       out.push_back({{"furnace", mon::furnace_json(v.furnace)}, {"cqi9", mon::cqi9_json(v.cqi9)}});
                   }
                   return json_response(200, out);
               }));
}

}  // namespace yandian::server
