// Routes of shop-floor SPC: plants, lines, characteristics, measurement ingest, charts, capability,
// events and alarms, customer grants, and the live event stream.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "app/live_hub.hpp"
#include "app/spc_service.hpp"
#include "app/spc_statistics.hpp"
#include "ingest/payload.hpp"
#include "server/api.hpp"
#include "server/routes.hpp"
#include "spc/capability.hpp"
#include "spc/spc_json.hpp"

namespace yandian::server {

namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
template <class T>
json optional_value(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json characteristic_json(const store::CharacteristicRecord& c, std::optional<std::int64_t> grant_id) {
    json limits = nullptr;
    if (c.limits_center && c.limits_sigma) {
        limits = {{"center", *c.limits_center},
                  {"sigma", *c.limits_sigma},
                  {"source", optional_value(c.limits_source)},
                  {"reason", optional_value(c.limits_reason)},
                  {"at", optional_value(c.limits_at)}};
    }
    return {{"id", c.id},
            {"org_id", c.org_id},
            {"line_id", c.line_id},
            {"code", c.code},
            {"part_number", c.part_number},
            {"feature", c.feature},
            {"nominal", optional_number(c.nominal)},
            {"lsl", optional_number(c.lsl)},
            {"usl", optional_number(c.usl)},
            {"unit", c.unit},
            {"resolution", optional_number(c.resolution)},
            {"subgroup_size", c.subgroup_size},
            {"chart_type", c.chart_type},
            {"rules", c.rules},
            {"phase1_subgroups", c.phase1_subgroups},
            {"limits", limits},
            {"granted_by_grant", optional_value(grant_id)},
            {"created_at", c.created_at}};
}

json event_json(const store::EventRecord& e) {
    json j = {{"id", e.id},
              {"kind", e.kind},
              {"at", e.at},
              {"characteristic_id", optional_value(e.characteristic_id)},
              {"point", optional_value(e.point)},
              {"rules", optional_value(e.rules)},
              {"value", optional_number(e.value)},
              {"message", e.message},
              {"user_id", optional_value(e.user_id)},
              {"cause", optional_value(e.cause)},
              {"action", optional_value(e.action)},
              {"ref_event_id", optional_value(e.ref_event_id)}};
    return j;
}

// A stored value with its mark: attributes (the source's K0002 code), excluded_reason (an engineer's), counts.
json measurement_json(const store::MeasurementRecord& m) {
    json j = {{"seq", m.seq},
              {"time", ingest::format_iso8601_ms(m.time_ms)},
              {"value", m.value},
              {"subgroup", optional_value(m.subgroup)},
              {"part", optional_value(m.part)},
              {"operator", optional_value(m.operator_name)},
              {"gauge", optional_value(m.gauge)},
              {"attributes", m.attributes},
              {"excluded_reason", optional_value(m.excluded_reason)},
              {"counts", m.counts()}};
    if (m.sample_size) j["size"] = *m.sample_size;
    if (!m.counts()) j["reason"] = app::left_out_reason(m);
    return j;
}

json grant_json(const store::GrantRecord& g, std::string_view state) {
    return {{"id", g.id},
            {"state", state},
            {"org_id", g.org_id},
            {"grantee_org_id", g.grantee_org_id},
            {"line_id", optional_value(g.line_id)},
            {"characteristic_id", optional_value(g.characteristic_id)},
            {"expires_at", g.expires_at},
            {"created_at", g.created_at},
            {"revoked_at", optional_value(g.revoked_at)}};
}

Result<std::optional<double>> optional_number_field(const json& body, std::string_view name) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::optional<double>();
    if (!it->is_number())
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a number", name), std::string(name));
    return std::optional<double>(it->get<double>());
}

Result<std::optional<std::int64_t>> optional_int_field(const json& body, std::string_view name) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::optional<std::int64_t>();
    if (!it->is_number_integer()) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be an integer", name), std::string(name));
    }
    return std::optional<std::int64_t>(it->get<std::int64_t>());
}

Result<std::string> optional_string_field(const json& body, std::string_view name, std::string fallback) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) return fallback;
    if (!it->is_string())
        return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' must be a string", name), std::string(name));
    return it->get<std::string>();
}

Result<app::CharacteristicInput> characteristic_input(const json& body) {
    app::CharacteristicInput in;
    auto line_id = optional_int_field(body, "line_id");
    if (!line_id) return tl::unexpected(line_id.error());
    if (!*line_id) return fail(ErrorCode::kInvalidArgument, "'line_id' is required", "line_id");
    in.line_id = **line_id;
    auto code = string_field(body, "code");
    if (!code) return tl::unexpected(code.error());
    in.code = *code;
    auto feature = string_field(body, "feature");
    if (!feature) return tl::unexpected(feature.error());
    in.feature = *feature;
    for (auto [name, target] : {std::pair<const char*, std::string*>{"part_number", &in.part_number},
                                {"unit", &in.unit},
                                {"chart_type", &in.chart_type},
                                {"rules", &in.rules}}) {
        auto v = optional_string_field(body, name, *target);
        if (!v) return tl::unexpected(v.error());
        *target = *v;
    }
    for (auto [name, target] : {std::pair<const char*, std::optional<double>*>{"nominal", &in.nominal},
                                {"lsl", &in.lsl},
                                {"usl", &in.usl},
                                {"resolution", &in.resolution}}) {
        auto v = optional_number_field(body, name);
        if (!v) return tl::unexpected(v.error());
        *target = *v;
    }
    for (auto [name, target] : {std::pair<const char*, std::int64_t*>{"subgroup_size", &in.subgroup_size},
                                {"phase1_subgroups", &in.phase1_subgroups}}) {
        auto v = optional_int_field(body, name);
        if (!v) return tl::unexpected(v.error());
        if (*v) *target = **v;
    }
    return in;
}

// The {seq} of a stored value: 0 or more (path_id refuses 0, a valid seq).
Result<std::int64_t> path_seq(const PathParams& params) {
    auto it = params.find("seq");
    const std::string text = it == params.end() ? std::string() : it->second;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
        return fail(ErrorCode::kNotFound, fmt::format("no value with seq '{}'", text), "seq");
    }
    return value;
}

std::string sse_frame(const std::string& event, const std::string& data) {
    return fmt::format("event: {}\ndata: {}\n\n", event, data);
}

}  // namespace

void add_spc_routes(Router& router, Services services) {
    app::AccountService& accounts = services.accounts;
    app::SpcService& spc = services.spc;
    app::LiveHub& hub = services.hub;

    router.add("GET", "/api/v1/plants",
               authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   auto plants = spc.list_plants(who);
                   if (!plants) return error_response(plants.error());
                   json list = json::array();
                   for (const auto& p : *plants)
                       list.push_back({{"id", p.id}, {"name", p.name}, {"created_at", p.created_at}});
                   return json_response(200, {{"plants", list}});
               }));
    router.add(
        "POST", "/api/v1/plants",
        authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest& request, const PathParams&) {
            auto body = parse_json_object(request);
            if (!body) return error_response(body.error());
            auto name = string_field(*body, "name");
            if (!name) return error_response(name.error());
            auto plant = spc.create_plant(who, *name);
            if (!plant) return error_response(plant.error());
            return json_response(201, {{"id", plant->id}, {"name", plant->name}, {"created_at", plant->created_at}});
        }));

    router.add("GET", "/api/v1/lines",
               authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   auto lines = spc.list_lines(who);
                   if (!lines) return error_response(lines.error());
                   json list = json::array();
                   for (const auto& l : *lines) {
                       list.push_back({{"id", l.id},
                                       {"plant_id", l.plant_id},
                                       {"code", l.code},
                                       {"name", l.name},
                                       {"created_at", l.created_at}});
                   }
                   return json_response(200, {{"lines", list}});
               }));
    router.add(
        "POST", "/api/v1/lines",
        authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest& request, const PathParams&) {
            auto body = parse_json_object(request);
            if (!body) return error_response(body.error());
            auto plant_id = optional_int_field(*body, "plant_id");
            if (!plant_id) return error_response(plant_id.error());
            if (!*plant_id) return error_response(ErrorCode::kInvalidArgument, "'plant_id' is required", "plant_id");
            auto code = string_field(*body, "code");
            if (!code) return error_response(code.error());
            auto name = optional_string_field(*body, "name", *code);
            if (!name) return error_response(name.error());
            auto line = spc.create_line(who, **plant_id, *code, *name);
            if (!line) return error_response(line.error());
            return json_response(
                201, {{"id", line->id}, {"plant_id", line->plant_id}, {"code", line->code}, {"name", line->name}});
        }));

    router.add("GET", "/api/v1/characteristics",
               authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   auto list = spc.list_characteristics(who);
                   if (!list) return error_response(list.error());
                   json out = json::array();
                   for (const auto& a : *list) out.push_back(characteristic_json(a.characteristic, a.grant_id));
                   return json_response(200, {{"characteristics", out}});
               }));
    router.add(
        "POST", "/api/v1/characteristics",
        authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest& request, const PathParams&) {
            auto body = parse_json_object(request);
            if (!body) return error_response(body.error());
            auto input = characteristic_input(*body);
            if (!input) return error_response(input.error());
            auto c = spc.create_characteristic(who, *input);
            if (!c) return error_response(c.error());
            return json_response(201, characteristic_json(*c, std::nullopt));
        }));
    router.add("GET", "/api/v1/characteristics/{id}",
               authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto access = spc.read_characteristic(who, *id, "characteristic");
                   if (!access) return error_response(access.error());
                   return json_response(200, characteristic_json(access->characteristic, access->grant_id));
               }));
    router.add("POST", "/api/v1/characteristics/{id}/limits",
               authenticated(
                   accounts, [&spc](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
                       auto id = path_id(params, "id");
                       if (!id) return error_response(id.error());
                       auto body = parse_json_object(request);
                       if (!body) return error_response(body.error());
                       auto center = optional_number_field(*body, "center");
                       if (!center) return error_response(center.error());
                       auto sigma = optional_number_field(*body, "sigma");
                       if (!sigma) return error_response(sigma.error());
                       if (!*center)
                           return error_response(ErrorCode::kInvalidArgument, "'center' is required", "center");
                       if (!*sigma) return error_response(ErrorCode::kInvalidArgument, "'sigma' is required", "sigma");
                       auto reason = string_field(*body, "reason");
                       if (!reason) return error_response(reason.error());
                       auto c = spc.freeze_limits(who, *id, **center, **sigma, *reason);
                       if (!c) return error_response(c.error());
                       return json_response(200, characteristic_json(*c, std::nullopt));
                   }));

    router.add("POST", "/api/v1/characteristics/{id}/measurements",
               authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest& request,
                                              const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   std::string_view type = request.header("content-type");
                   Result<ingest::IncomingBatch> batch = fail(ErrorCode::kInvalidArgument, "", "");
                   if (type.rfind("application/json", 0) == 0) {
                       batch = ingest::parse_json_measurements(request.body);
                   } else if (type.rfind("text/csv", 0) == 0) {
                       batch = ingest::parse_csv_measurements(request.body);
                   } else {
                       return error_response(ErrorCode::kInvalidArgument,
                                             "Content-Type must be application/json or text/csv", "content-type");
                   }
                   if (!batch) return error_response(batch.error());
                   std::optional<std::string> key;
                   if (std::string_view k = request.header("idempotency-key"); !k.empty()) {
                       if (k.size() > 200)
                           return error_response(ErrorCode::kInvalidArgument,
                                                 "Idempotency-Key is longer than 200 characters", "idempotency-key");
                       key = std::string(k);
                   }
                   const std::string* atomic = request.query_param("atomic");
                   auto outcome = spc.ingest(who, *id, *batch, key, "http", atomic != nullptr && *atomic == "true");
                   if (!outcome) return error_response(outcome.error());
                   HttpResponse response;
                   response.status = outcome->replayed ? 200 : 201;
                   response.body = outcome->response;
                   if (outcome->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
                   return response;
               }));
    router.add("GET", "/api/v1/characteristics/{id}/chart",
               authenticated(accounts,
                             [&spc](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
                                 auto id = path_id(params, "id");
                                 if (!id) return error_response(id.error());
                                 auto last = int_query(request, "last", 100);
                                 if (!last) return error_response(last.error());
                                 // kind=ewma|cusum: the time-weighted view against the target (app/spc_statistics.hpp).
                                 std::optional<app::TimeWeightedRequest> weighted;
                                 const std::string* kind = request.query_param("kind");
                                 if (kind != nullptr && !kind->empty() && *kind != "shewhart") {
                                     app::TimeWeightedRequest r;
                                     r.kind = *kind;
                                     for (auto [name, target] : {std::pair{"lambda", &r.lambda}, {"width", &r.width},
                                                                 {"k", &r.k}, {"h", &r.h}}) {
                                         auto v = number_query(request, name, *target);
                                         if (!v) return error_response(v.error());
                                         *target = *v;
                                     }
                                     weighted = r;
                                 }
                                 auto view = spc.chart(who, *id, *last, weighted);
                                 if (!view) return error_response(view.error());
                                 json out = spc::chart_json(view->chart);
                                 if (weighted) out["target"] = view->target ? json(*view->target) : json(nullptr);
                                 out["first_point"] = view->first_point;
                                 out["limits_established"] = view->limits_established;
                                 json times = json::array();
                                 for (std::int64_t t : view->point_time_ms)
                                     times.push_back(ingest::format_iso8601_ms(t));
                                 out["times"] = times;
                                 out["characteristic"] = characteristic_json(view->characteristic, std::nullopt);
                                 // Values of these points left out of the statistics, with the point they belong to and
                                 // why.
                                 const std::int64_t n = app::is_attribute_chart(view->characteristic.chart_type)
                                                            ? 1
                                                            : view->characteristic.subgroup_size;
                                 json left_out = json::array();
                                 for (const auto& m : view->left_out) {
                                     json j = measurement_json(m);
                                     j["point"] = m.seq / n;
                                     left_out.push_back(std::move(j));
                                 }
                                 out["left_out"] = std::move(left_out);
                                 return json_response(200, out);
                             }));
    router.add("GET", "/api/v1/characteristics/{id}/capability",
               authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest& request,
                                              const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto last = int_query(request, "last", 500);
                   if (!last) return error_response(last.error());
                   auto access = spc.read_characteristic(who, *id, "capability");
                   if (!access) return error_response(access.error());
                   const auto& c = access->characteristic;
                   // Only the values that count: marked and excluded ones are left out, and counted in "left_out".
                   auto input = spc.capability_values(who, *id, *last);
                   if (!input) return error_response(input.error());
                   spc::CapabilityOptions options;
                   options.spec = {c.lsl, c.usl, c.nominal};
                   auto cap = spc::capability(input->values, input->sizes, options);
                   if (!cap)
                       return error_response(ErrorCode::kFailedPrecondition, cap.error().message, cap.error().field);
                   json out = spc::capability_json(*cap, options.confidence);
                   out["left_out"] = input->left_out;
                   return json_response(200, out);
               }));
    router.add("GET", "/api/v1/characteristics/{id}/measurements",
               authenticated(accounts,
                             [&spc](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
                                 auto id = path_id(params, "id");
                                 if (!id) return error_response(id.error());
                                 auto last = int_query(request, "last", 100);
                                 if (!last) return error_response(last.error());
                                 auto records = spc.recent_measurements(who, *id, *last, "values");
                                 if (!records) return error_response(records.error());
                                 json list = json::array();
                                 for (const auto& m : *records) list.push_back(measurement_json(m));
                                 return json_response(200, {{"characteristic_id", *id}, {"measurements", list}});
                             }));
    router.add("POST", "/api/v1/characteristics/{id}/measurements/{seq}/exclusion",
               authenticated(accounts,
                             [&spc](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
                                 auto id = path_id(params, "id");
                                 if (!id) return error_response(id.error());
                                 auto seq = path_seq(params);
                                 if (!seq) return error_response(seq.error());
                                 auto body = parse_json_object(request);
                                 if (!body) return error_response(body.error());
                                 auto reason = string_field(*body, "reason");
                                 if (!reason) return error_response(reason.error());
                                 auto event = spc.set_exclusion(who, *id, *seq, std::string_view(*reason), "");
                                 if (!event) return error_response(event.error());
                                 return json_response(201, event_json(*event));
                             }));
    router.add("DELETE", "/api/v1/characteristics/{id}/measurements/{seq}/exclusion",
               authenticated(
                   accounts, [&spc](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
                       auto id = path_id(params, "id");
                       if (!id) return error_response(id.error());
                       auto seq = path_seq(params);
                       if (!seq) return error_response(seq.error());
                       const std::string* note = request.query_param("note");
                       auto event =
                           spc.set_exclusion(who, *id, *seq, std::nullopt, note != nullptr ? *note : std::string());
                       if (!event) return error_response(event.error());
                       return json_response(200, event_json(*event));
                   }));
    router.add("GET", "/api/v1/characteristics/{id}/events",
               authenticated(accounts,
                             [&spc](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
                                 auto id = path_id(params, "id");
                                 if (!id) return error_response(id.error());
                                 auto limit = int_query(request, "limit", 100);
                                 if (!limit) return error_response(limit.error());
                                 auto events = spc.events(who, *id, std::nullopt, *limit);
                                 if (!events) return error_response(events.error());
                                 json list = json::array();
                                 for (const auto& e : *events) list.push_back(event_json(e));
                                 return json_response(200, {{"events", list}});
                             }));

    router.add("POST", "/api/v1/characteristics/{id}/events",
               authenticated(accounts,
                             [&spc](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
                                 auto id = path_id(params, "id");
                                 if (!id) return error_response(id.error());
                                 auto body = parse_json_object(request);
                                 if (!body) return error_response(body.error());
                                 auto kind = string_field(*body, "kind");
                                 if (!kind) return error_response(kind.error());
                                 auto message = string_field(*body, "message");
                                 if (!message) return error_response(message.error());
                                 auto event = spc.record_event(who, *id, *kind, *message);
                                 if (!event) return error_response(event.error());
                                 return json_response(201, event_json(*event));
                             }));

    router.add(
        "GET", "/api/v1/alarms",
        authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest& request, const PathParams&) {
            const std::string* state = request.query_param("state");
            auto limit = int_query(request, "limit", 200);
            if (!limit) return error_response(limit.error());
            auto alarms = spc.alarms(who, state != nullptr && *state == "open", *limit);
            if (!alarms) return error_response(alarms.error());
            json list = json::array();
            for (const auto& [alarm, ack] : *alarms) {
                json a = event_json(alarm);
                a["acknowledgement"] = ack ? event_json(*ack) : json(nullptr);
                list.push_back(std::move(a));
            }
            return json_response(200, {{"alarms", list}});
        }));
    router.add("POST", "/api/v1/alarms/{id}/acknowledgement",
               authenticated(accounts,
                             [&spc](const app::Principal& who, const HttpRequest& request, const PathParams& params) {
                                 auto id = path_id(params, "id");
                                 if (!id) return error_response(id.error());
                                 auto body = parse_json_object(request);
                                 if (!body) return error_response(body.error());
                                 auto cause = string_field(*body, "cause");
                                 if (!cause) return error_response(cause.error());
                                 auto action = string_field(*body, "action");
                                 if (!action) return error_response(action.error());
                                 auto ack = spc.acknowledge(who, *id, *cause, *action);
                                 if (!ack) return error_response(ack.error());
                                 return json_response(201, event_json(*ack));
                             }));

    router.add("GET", "/api/v1/grants",
               authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   auto grants = spc.list_grants(who);
                   if (!grants) return error_response(grants.error());
                   json list = json::array();
                   for (const auto& g : *grants) list.push_back(grant_json(g, spc.grant_state(g)));
                   return json_response(200, {{"grants", list}});
               }));
    router.add(
        "POST", "/api/v1/grants",
        authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest& request, const PathParams&) {
            auto body = parse_json_object(request);
            if (!body) return error_response(body.error());
            auto grantee = optional_int_field(*body, "grantee_org_id");
            if (!grantee) return error_response(grantee.error());
            if (!*grantee)
                return error_response(ErrorCode::kInvalidArgument, "'grantee_org_id' is required", "grantee_org_id");
            auto line_id = optional_int_field(*body, "line_id");
            if (!line_id) return error_response(line_id.error());
            auto characteristic_id = optional_int_field(*body, "characteristic_id");
            if (!characteristic_id) return error_response(characteristic_id.error());
            auto expires_at = string_field(*body, "expires_at");
            if (!expires_at) return error_response(expires_at.error());
            auto grant = spc.create_grant(who, **grantee, *line_id, *characteristic_id, *expires_at);
            if (!grant) return error_response(grant.error());
            return json_response(201, grant_json(*grant, spc.grant_state(*grant)));
        }));
    router.add("DELETE", "/api/v1/grants/{id}",
               authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   if (auto done = spc.revoke_grant(who, *id); !done) return error_response(done.error());
                   return no_content();
               }));
    router.add("GET", "/api/v1/grants/{id}/access",
               authenticated(accounts, [&spc](const app::Principal& who, const HttpRequest&, const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto count = spc.grant_access_count(who, *id);
                   if (!count) return error_response(count.error());
                   return json_response(200, {{"grant_id", *id}, {"accesses", *count}});
               }));

    // Server-Sent Events: new points, alarms, limit changes and acknowledgements of every characteristic
    // the caller may see (its own, and those granted to it while the grant is live).
    router.add("GET", "/api/v1/live",
               authenticated(accounts, [&spc, &hub](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   HttpResponse response;
                   response.content_type = "text/event-stream";
                   response.stream = std::make_shared<EventStream>();
                   std::weak_ptr<EventStream> weak = response.stream;
                   const std::int64_t viewer = who.org_id;
                   std::int64_t id = hub.subscribe(
                       [&spc, viewer](std::int64_t owner, std::int64_t characteristic_id) {
                           return spc.may_see(viewer, owner, characteristic_id);
                       },
                       [weak](const std::string& event, const std::string& data) {
                           if (auto stream = weak.lock()) stream->push(sse_frame(event, data));
                       });
                   response.stream->set_on_close([&hub, id] { hub.unsubscribe(id); });
                   return response;
               }));
}

}  // namespace yandian::server
