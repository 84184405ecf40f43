// Routes of quality credit (app/quality): the authority and the association keep the files (entries, sampling CSV,
// ratings, blacklist events, objection decisions); a firm reads its own file with its grade and the computation, and
// files objections to its entries (another firm's file answers exactly as a firm that does not exist: 404); the public
// reads, without logging in, the list published today, the blacklist and a firm's public page. "Today" is the server's
// clock. Documented in docs/openapi.yaml.
#include <fmt/format.h>

#include <optional>
#include <set>
#include <string>

#include "app/quality/quality_service.hpp"
#include "server/api.hpp"
#include "server/routes.hpp"

namespace yandian::server {

namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

HttpResponse ordered_response(int status, const ojson& body) {
    HttpResponse r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

HttpResponse unavailable() {
    return error_response(ErrorCode::kUnavailable, "quality credit is not available on this server", "quality");
}

HttpResponse keepers_only() {
    return error_response(ErrorCode::kPermissionDenied,
                          "only the authority and the association (organisation kinds authority, association) keep "
                          "quality credit files",
                          "organisation");
}

HttpResponse writers_only() {
    return error_response(ErrorCode::kPermissionDenied, "viewers cannot change quality credit files", "role");
}

tl::unexpected<Error> bad(std::string message, std::string field) {
    return fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

// An optional string field: absent or null is empty; another type names the field.
Result<std::string> text_field(const json& body, std::string_view name, std::string_view prefix = {}) {
    const std::string path = std::string(prefix) + std::string(name);
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::string();
    if (!it->is_string()) return bad(fmt::format("'{}' must be a string", path), path);
    return it->get<std::string>();
}

Result<std::string> required_text(const json& body, std::string_view name, std::string_view prefix = {}) {
    auto v = text_field(body, name, prefix);
    if (!v) return v;
    const std::string path = std::string(prefix) + std::string(name);
    if (v->empty()) return bad(fmt::format("'{}' is required", path), path);
    return v;
}

Result<std::optional<std::int64_t>> optional_id(const json& body, std::string_view name,
                                                std::string_view prefix = {}) {
    const std::string path = std::string(prefix) + std::string(name);
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::optional<std::int64_t>();
    if (!it->is_number_integer() || it->get<std::int64_t>() <= 0) {
        return bad(fmt::format("'{}' must be an entry id (a positive integer)", path), path);
    }
    return std::optional<std::int64_t>(it->get<std::int64_t>());
}

// "firm": a firm id (number or digits) or a unified social credit code.
Result<std::string> firm_ref(const json& body) {
    auto it = body.find("firm");
    if (it == body.end() || it->is_null()) {
        return bad("'firm' is required (a firm id or its unified social credit code)", "firm");
    }
    if (it->is_number_integer() && it->get<std::int64_t>() > 0) return std::to_string(it->get<std::int64_t>());
    if (it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
    return bad("'firm' must be a firm id or a unified social credit code", "firm");
}

// The fields of a new entry (see app::EntryInput); `prefix` names nested objects in errors ("correction.").
Result<app::EntryInput> entry_input(const json& body, std::string_view prefix = {}) {
    app::EntryInput in;
    using Text = std::pair<std::string_view, std::string*>;
    for (auto [name, out] : {Text{"kind", &in.kind}, Text{"subkind", &in.subkind}, Text{"date", &in.date},
                             Text{"outcome", &in.outcome}, Text{"retest", &in.retest}, Text{"source", &in.source}}) {
        auto v = text_field(body, name, prefix);
        if (!v) return tl::unexpected(v.error());
        *out = std::move(*v);
    }
    if (in.date.empty()) return bad(fmt::format("'{}date' is required (YYYY-MM-DD)", prefix), std::string(prefix) + "date");
    auto valid = text_field(body, "valid_until", prefix);
    if (!valid) return tl::unexpected(valid.error());
    if (!valid->empty()) in.valid_until = *valid;
    auto corrects = optional_id(body, "corrects", prefix);
    if (!corrects) return tl::unexpected(corrects.error());
    in.corrects = *corrects;
    auto fields = body.find("fields");
    if (fields != body.end() && !fields->is_null()) {
        const std::string path = std::string(prefix) + "fields";
        if (!fields->is_object()) return bad(fmt::format("'{}' must be an object of strings", path), path);
        for (const auto& [k, v] : fields->items()) {
            if (!v.is_string()) return bad(fmt::format("'{}.{}' must be a string", path, k), path + "." + k);
            in.fields[k] = v.get<std::string>();
        }
    }
    for (const auto& [k, v] : body.items()) {
        static const std::set<std::string> known = {"firm",    "kind",     "subkind", "date",   "valid_until",
                                                    "outcome", "retest",   "corrects", "fields", "source"};
        if (!known.count(k)) return bad(fmt::format("'{}{}' is not a field of an entry", prefix, k), std::string(prefix) + k);
    }
    return in;
}

bool wants_csv(const HttpRequest& request) {
    const std::string* format = request.query_param("format");
    return format != nullptr && *format == "csv";
}

Result<app::PublicFilter> public_filter(const HttpRequest& request) {
    app::PublicFilter f;
    using Text = std::pair<std::string_view, std::string*>;
    for (auto [name, out] :
         {Text{"grade", &f.grade}, Text{"town", &f.town}, Text{"product", &f.product}, Text{"q", &f.text}}) {
        if (const std::string* v = request.query_param(name)) *out = *v;
    }
    if (const std::string* format = request.query_param("format")) {
        if (*format != "json" && *format != "csv") {
            return bad(fmt::format("format: '{}' must be json or csv", *format), "format");
        }
    }
    return f;
}

}  // namespace

void add_quality_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    app::QualityService* service = services.quality;

    // ---- the public, without logging in: what is published today

    router.add("GET", "/api/v1/public/quality", [service](const HttpRequest& request, const PathParams&) {
        if (service == nullptr) return unavailable();
        auto filter = public_filter(request);
        if (!filter) return error_response(filter.error());
        auto view = service->publish(service->today());
        if (!view) return error_response(view.error());
        auto filtered = app::filter_public(std::move(*view), *filter, service->config().rules);
        if (!filtered) return error_response(filtered.error());
        if (wants_csv(request)) {
            HttpResponse r;
            r.content_type = "text/csv; charset=utf-8";
            r.body = app::public_csv(*filtered);
            return r;
        }
        return ordered_response(200, app::to_json(*filtered));
    });
    router.add("GET", "/api/v1/public/quality/blacklist", [service](const HttpRequest& request, const PathParams&) {
        if (service == nullptr) return unavailable();
        auto view = service->publish(service->today());
        if (!view) return error_response(view.error());
        const ojson all = app::to_json(*view);
        if (wants_csv(request)) {
            HttpResponse r;
            r.content_type = "text/csv; charset=utf-8";
            r.body = app::blacklist_csv(*view);
            return r;
        }
        return ordered_response(200, ojson{{"on", all.at("on")}, {"blacklist", all.at("blacklist")}});
    });
    router.add("GET", "/api/v1/public/quality/firms/{firm}", [service](const HttpRequest&, const PathParams& params) {
        if (service == nullptr) return unavailable();
        auto it = params.find("firm");
        auto firm = service->resolve_firm(it == params.end() ? std::string() : it->second);
        if (!firm) return error_response(firm.error());
        auto view = service->publish(service->today(), firm->id);
        if (!view) return error_response(view.error());
        if (view->firms.empty()) {
            return error_response(ErrorCode::kNotFound,
                                  fmt::format("firm {} has no published quality credit file", it->second), "firm");
        }
        ojson out = app::to_json(*view);
        ojson page = out.at("firms")[0];
        page["on"] = out.at("on");
        page["rules_version"] = out.at("rules_version");
        page["blacklist"] = out.at("blacklist");
        return ordered_response(200, page);
    });

    // ---- logged in: the authority and the association, and a firm for its own file

    auto with_quality = [&accounts, service](auto f) {
        return authenticated(accounts, [service, f](const app::Principal& who, const HttpRequest& request,
                                                    const PathParams& params) -> HttpResponse {
            if (service == nullptr) return unavailable();
            auto caller = service->caller(who);
            if (!caller) return error_response(caller.error());
            return f(*service, who, *caller, request, params);
        });
    };
    // A firm seen by the caller: keepers see every firm; a firm only itself — any other firm is "not found", exactly
    // as a firm that does not exist.
    auto visible_firm = [](app::QualityService& q, const app::QualityCaller& caller,
                           const std::string& ref) -> Result<store::FirmRecord> {
        auto firm = q.resolve_firm(ref);
        if (caller.keeper) return firm;
        const bool own = firm && caller.firm && caller.firm->id == firm->id;
        if (own) return firm;
        if (!firm && firm.error().code != ErrorCode::kNotFound) return firm;
        return fail(ErrorCode::kNotFound, fmt::format("firm {} is not in the enterprise library", ref), "firm");
    };

    router.add("POST", "/api/v1/quality/entries",
               with_quality([](app::QualityService& q, const app::Principal& who, const app::QualityCaller& caller,
                               const HttpRequest& request, const PathParams&) {
                   if (!caller.keeper) return keepers_only();
                   if (!caller.can_write) return writers_only();
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto ref = firm_ref(*body);
                   if (!ref) return error_response(ref.error());
                   auto in = entry_input(*body);
                   if (!in) return error_response(in.error());
                   auto firm = q.resolve_firm(*ref);
                   if (!firm) return error_response(firm.error());
                   auto added = q.add_entry(*firm, *in, who.login);
                   if (!added) return error_response(added.error());
                   return ordered_response(201, app::to_json(*added));
               }));
    router.add("POST", "/api/v1/quality/import",
               with_quality([](app::QualityService& q, const app::Principal& who, const app::QualityCaller& caller,
                               const HttpRequest& request, const PathParams&) {
                   if (!caller.keeper) return keepers_only();
                   if (!caller.can_write) return writers_only();
                   if (request.header("content-type").rfind("text/csv", 0) != 0) {
                       return error_response(ErrorCode::kInvalidArgument,
                                             "send the sampling results as Content-Type text/csv", "content-type");
                   }
                   auto report = q.import_sampling(request.body, who.login);
                   if (!report) return error_response(report.error());
                   ojson out{{"added", report->added}, {"errors", ojson::array()}};
                   for (const Error& e : report->errors) {
                       out["errors"].push_back({{"message", e.message}, {"field", e.field}});
                   }
                   return ordered_response(report->errors.empty() ? 200 : 422, out);
               }));
    router.add("GET", "/api/v1/quality/file",
               with_quality([](app::QualityService& q, const app::Principal& who, const app::QualityCaller& caller,
                               const HttpRequest&, const PathParams&) {
                   if (!caller.firm) {
                       return error_response(
                           ErrorCode::kNotFound,
                           fmt::format("organisation {} is not linked to a firm of the enterprise library", who.org_id),
                           "organisation");
                   }
                   auto view = q.file(*caller.firm, q.today());
                   if (!view) return error_response(view.error());
                   return ordered_response(200, app::to_json(*view));
               }));
    router.add("GET", "/api/v1/quality/files/{firm}",
               with_quality([visible_firm](app::QualityService& q, const app::Principal&,
                                           const app::QualityCaller& caller, const HttpRequest&,
                                           const PathParams& params) {
                   auto firm = visible_firm(q, caller, params.at("firm"));
                   if (!firm) return error_response(firm.error());
                   auto view = q.file(*firm, q.today());
                   if (!view) return error_response(view.error());
                   return ordered_response(200, app::to_json(*view));
               }));
    router.add("POST", "/api/v1/quality/files/{firm}/rating",
               with_quality([](app::QualityService& q, const app::Principal& who, const app::QualityCaller& caller,
                               const HttpRequest&, const PathParams& params) {
                   if (!caller.keeper) return keepers_only();
                   if (!caller.can_write) return writers_only();
                   auto firm = q.resolve_firm(params.at("firm"));
                   if (!firm) return error_response(firm.error());
                   auto rated = q.rate(*firm, std::nullopt, true, who.login);
                   if (!rated) return error_response(rated.error());
                   return ordered_response(201, app::to_json(*rated));
               }));
    router.add("POST", "/api/v1/quality/blacklist",
               with_quality([](app::QualityService& q, const app::Principal& who, const app::QualityCaller& caller,
                               const HttpRequest& request, const PathParams&) {
                   if (!caller.keeper) return keepers_only();
                   if (!caller.can_write) return writers_only();
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto ref = firm_ref(*body);
                   if (!ref) return error_response(ref.error());
                   auto action = required_text(*body, "action");
                   if (!action) return error_response(action.error());
                   auto date = required_text(*body, "date");
                   if (!date) return error_response(date.error());
                   auto decision = required_text(*body, "decision_no");
                   if (!decision) return error_response(decision.error());
                   auto reasons = required_text(*body, "reasons");
                   if (!reasons) return error_response(reasons.error());
                   auto firm = q.resolve_firm(*ref);
                   if (!firm) return error_response(firm.error());
                   auto event = q.blacklist_event(*firm, *action, *date, *decision, *reasons, who.login);
                   if (!event) return error_response(event.error());
                   return ordered_response(201, app::to_json(*event));
               }));
    router.add("GET", "/api/v1/quality/blacklist",
               with_quality([visible_firm](app::QualityService& q, const app::Principal&,
                                           const app::QualityCaller& caller, const HttpRequest& request,
                                           const PathParams&) {
                   std::optional<std::int64_t> firm_id;
                   if (const std::string* ref = request.query_param("firm"); ref != nullptr && !ref->empty()) {
                       auto firm = visible_firm(q, caller, *ref);
                       if (!firm) return error_response(firm.error());
                       firm_id = firm->id;
                   } else if (!caller.keeper) {
                       if (!caller.firm) return keepers_only();
                       firm_id = caller.firm->id;
                   }
                   auto history = q.blacklist_history(firm_id);
                   if (!history) return error_response(history.error());
                   ojson out{{"events", ojson::array()}};
                   for (const auto& e : *history) out["events"].push_back(app::to_json(e));
                   return ordered_response(200, out);
               }));
    router.add("GET", "/api/v1/quality/objections",
               with_quality([](app::QualityService& q, const app::Principal&, const app::QualityCaller& caller,
                               const HttpRequest& request, const PathParams&) {
                   std::optional<std::int64_t> firm_id;
                   if (!caller.keeper) {
                       if (!caller.firm) return keepers_only();
                       firm_id = caller.firm->id;
                   }
                   bool open_only = false;
                   if (const std::string* open = request.query_param("open")) {
                       if (*open != "true" && *open != "false") {
                           return error_response(ErrorCode::kInvalidArgument,
                                                 fmt::format("open: '{}' must be true or false", *open), "open");
                       }
                       open_only = *open == "true";
                   }
                   auto list = q.objections(firm_id, open_only, std::nullopt);
                   if (!list) return error_response(list.error());
                   ojson out{{"on", format_iso_date(q.today())}, {"objections", ojson::array()}};
                   for (const auto& o : *list) {
                       ojson j = app::to_json(o);
                       auto firm = q.resolve_firm(std::to_string(o.objection.firm_id));
                       if (firm) {
                           j["firm_name_zh"] = firm->name_zh;
                           j["firm_name_en"] = firm->name_en;
                       }
                       auto entry = q.entry(o.objection.entry_id);
                       if (entry) j["entry"] = app::to_json(*entry);
                       out["objections"].push_back(std::move(j));
                   }
                   return ordered_response(200, out);
               }));
    router.add("POST", "/api/v1/quality/objections",
               with_quality([](app::QualityService& q, const app::Principal& who, const app::QualityCaller& caller,
                               const HttpRequest& request, const PathParams&) {
                   if (!caller.firm) {
                       return error_response(ErrorCode::kPermissionDenied,
                                             "objections are filed by the firm whose file holds the entry (your "
                                             "organisation is not linked to a firm of the enterprise library)",
                                             "organisation");
                   }
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto entry_id = optional_id(*body, "entry");
                   if (!entry_id) return error_response(entry_id.error());
                   if (!*entry_id) return error_response(ErrorCode::kInvalidArgument, "'entry' is required", "entry");
                   auto grounds = required_text(*body, "grounds");
                   if (!grounds) return error_response(grounds.error());
                   auto evidence = text_field(*body, "evidence");
                   if (!evidence) return error_response(evidence.error());
                   bool other_units = false;
                   if (auto it = body->find("other_units"); it != body->end() && !it->is_null()) {
                       if (!it->is_boolean()) {
                           return error_response(ErrorCode::kInvalidArgument, "'other_units' must be true or false",
                                                 "other_units");
                       }
                       other_units = it->get<bool>();
                   }
                   // Another firm's entry answers as an entry that does not exist.
                   auto entry = q.entry(**entry_id);
                   if (!entry || entry->firm_id != caller.firm->id) {
                       if (!entry && entry.error().code != ErrorCode::kNotFound) return error_response(entry.error());
                       return error_response(ErrorCode::kNotFound, fmt::format("entry {} not found", **entry_id),
                                             "entry");
                   }
                   std::string text = *grounds;
                   if (!evidence->empty()) text += "\n证据 Evidence: " + *evidence;
                   auto filed = q.file_objection(**entry_id, format_iso_date(q.today()), other_units, text, who.login);
                   if (!filed) return error_response(filed.error());
                   return ordered_response(201, app::to_json(app::ObjectionView{*filed, false}));
               }));
    router.add("POST", "/api/v1/quality/objections/{id}/decision",
               with_quality([](app::QualityService& q, const app::Principal& who, const app::QualityCaller& caller,
                               const HttpRequest& request, const PathParams& params) {
                   if (!caller.keeper) return keepers_only();
                   if (!caller.can_write) return writers_only();
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto status = required_text(*body, "status");
                   if (!status) return error_response(status.error());
                   auto reasons = required_text(*body, "reasons");
                   if (!reasons) return error_response(reasons.error());
                   std::optional<app::EntryInput> correction;
                   if (auto it = body->find("correction"); it != body->end() && !it->is_null()) {
                       if (!it->is_object()) {
                           return error_response(ErrorCode::kInvalidArgument,
                                                 "'correction' must be an object (the corrected entry's fields)",
                                                 "correction");
                       }
                       auto in = entry_input(*it, "correction.");
                       if (!in) return error_response(in.error());
                       correction = std::move(*in);
                   }
                   const std::string today = format_iso_date(q.today());
                   auto decided = q.decide_objection(*id, *status, today, *reasons, who.login, correction);
                   if (!decided) return error_response(decided.error());
                   auto list = q.objections(decided->objection.firm_id, false, std::nullopt);
                   bool overdue = false;
                   if (list) {
                       for (const auto& o : *list) {
                           if (o.objection.id == *id) overdue = o.overdue;
                       }
                   }
                   ojson out = app::to_json(app::ObjectionView{decided->objection, overdue});
                   out["correction"] = decided->correction ? app::to_json(*decided->correction) : ojson();
                   auto firm = q.resolve_firm(std::to_string(decided->objection.firm_id));
                   if (firm) {
                       auto rated = q.rate(*firm, std::nullopt, false, who.login);
                       if (rated) out["rating"] = app::to_json(*rated);
                   }
                   return ordered_response(200, out);
               }));
}

}  // namespace yandian::server
