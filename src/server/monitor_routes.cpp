// Condition-monitoring routes: diagnosis of an uploaded vibration record (MAT level 5, WAV/FLAC/..., CSV as the
// request body; the readers and the MAT structural check of ingest/vibration decide what it is).
#include <string>

#include <fmt/format.h>

#include "app/monitor/diagnosis_service.hpp"
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
                   return json_response(200, out->doc);
               }));
}

}  // namespace yandian::server
