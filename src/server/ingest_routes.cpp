// File acquisition routes: AQDEF upload onto a line and AQDEF export of a characteristic.
#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "app/file_import.hpp"
#include "app/spc_service.hpp"
#include "server/api.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

using nlohmann::json;

Result<ingest::AqdefOptions> aqdef_options(const HttpRequest& request) {
    ingest::AqdefOptions options;
    const std::string* offset = request.query_param("utc_offset_minutes");
    if (offset == nullptr || offset->empty()) return options;
    int minutes = 0;
    auto [end, ec] = std::from_chars(offset->data(), offset->data() + offset->size(), minutes);
    if (ec != std::errc() || end != offset->data() + offset->size() || minutes < -14 * 60 || minutes > 14 * 60) {
        return fail(ErrorCode::kInvalidArgument, "'utc_offset_minutes' must be an integer from -840 to 840",
                    "utc_offset_minutes");
    }
    options.utc_offset_minutes = minutes;
    return options;
}

json report_json(const app::ImportReport& report) {
    json list = json::array();
    for (const auto& c : report.characteristics) {
        json rejected = json::array();
        for (const auto& e : c.rejected) rejected.push_back({{"index", e.index}, {"field", e.field}, {"message", e.message}});
        list.push_back({{"id", c.id},
                        {"code", c.code},
                        {"created", c.created},
                        {"accepted", c.accepted},
                        {"replayed", c.replayed},
                        {"rejected", rejected}});
    }
    return {{"sha256", report.sha256}, {"characteristics", list}, {"warnings", report.warnings}};
}

}  // namespace

void add_ingest_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    app::SpcService& spc = services.spc;
    store::Database* db = services.db;

    // Upload of a .dfq file (the body, as text): characteristics created when new, values ingested once per file.
    router.add("POST", "/api/v1/lines/{id}/aqdef", authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
        auto id = path_id(params, "id");
        if (!id) return error_response(id.error());
        // The line first: another organisation's line is not found, whatever the body.
        auto lines = spc.list_lines(who);
        if (!lines) return error_response(lines.error());
        if (std::none_of(lines->begin(), lines->end(), [&](const store::LineRecord& l) { return l.id == *id; })) {
            return error_response(ErrorCode::kNotFound, fmt::format("line {} not found", *id), "id");
        }
        std::string_view type = request.header("content-type");
        if (type.rfind("text/plain", 0) != 0 && type.rfind("application/octet-stream", 0) != 0) {
            return error_response(ErrorCode::kInvalidArgument,
                                  "Content-Type must be text/plain (the .dfq file as the body)", "content-type");
        }
        auto options = aqdef_options(request);
        if (!options) return error_response(options.error());
        auto report = app::import_aqdef(spc, who, *id, request.body, *options);
        if (!report) return error_response(report.error());
        bool any_new = false;
        for (const auto& c : report->characteristics) any_new = any_new || !c.replayed || c.created;
        return json_response(any_new ? 201 : 200, report_json(*report));
    }));

    // The characteristic's description and values as a .dfq file.
    router.add("GET", "/api/v1/characteristics/{id}/aqdef", authenticated(accounts, [&spc, db](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
        auto id = path_id(params, "id");
        if (!id) return error_response(id.error());
        if (db == nullptr) return error_response(ErrorCode::kUnavailable, "export is not available on this server");
        auto options = aqdef_options(request);
        if (!options) return error_response(options.error());
        auto text = app::export_aqdef(*db, spc, who, *id, *options);
        if (!text) return error_response(text.error());
        HttpResponse response;
        response.content_type = "text/plain; charset=utf-8";
        response.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"characteristic-{}.dfq\"", *id));
        response.body = std::move(*text);
        return response;
    }));
}

}  // namespace yandian::server
