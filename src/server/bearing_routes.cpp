// Routes of the bearing catalog: one designation, size search, type-ahead, rating life.
// The catalog is public reference data (the national bearing data system): readable without logging in.
#include "catalog/catalog_json.hpp"
#include "server/routes.hpp"

namespace yandian::server {

void add_bearing_routes(Router& router) {
    router.add("GET", "/api/v1/bearings", [](const HttpRequest& request, const PathParams&) {
        const catalog::Catalog& cat = catalog::default_catalog();
        if (const std::string* size = request.query_param("size")) {
            auto found = catalog::search_json(cat, *size);
            if (!found) return error_response(found.error());
            return json_response(200, *found);
        }
        if (const std::string* q = request.query_param("q")) {
            return json_response(200, catalog::typeahead_json(cat, *q, 20));
        }
        return error_response(ErrorCode::kInvalidArgument, "give ?q=PREFIX or ?size=dxDxB", "q");
    });
    router.add("GET", "/api/v1/bearings/{designation}", [](const HttpRequest&, const PathParams& params) {
        auto shown = catalog::show_json(catalog::default_catalog(), params.at("designation"));
        if (!shown) return error_response(shown.error());
        return json_response(200, *shown);
    });
    router.add("GET", "/api/v1/bearings/{designation}/life", [](const HttpRequest& request, const PathParams& params) {
        auto fr = number_query(request, "fr", std::nullopt);
        if (!fr) return error_response(fr.error());
        auto fa = number_query(request, "fa", 0.0);
        if (!fa) return error_response(fa.error());
        auto rpm = number_query(request, "rpm", std::nullopt);
        if (!rpm) return error_response(rpm.error());
        auto a_iso = number_query(request, "a_iso", 1.0);
        if (!a_iso) return error_response(a_iso.error());
        auto life = catalog::life_json(catalog::default_catalog(), params.at("designation"), *fr, *fa, *rpm, *a_iso);
        if (!life) return error_response(life.error());
        return json_response(200, *life);
    });
}

}  // namespace yandian::server
