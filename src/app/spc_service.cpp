#include "app/spc_service.hpp"
#include "common/json_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "app/spc_statistics.hpp"
#include "app/utc_time.hpp"
#include "spc/rules.hpp"
#include "spc/variables.hpp"
#include "store/database.hpp"

namespace yandian::app {

namespace {

using nlohmann::json;
using store::CharacteristicRecord;
using store::EventRecord;
using store::MeasurementRecord;

// Rule windows are at most 15 points long (Nelson rule 7 with its default K); 20 leaves room for longer K.
constexpr std::int64_t kRuleWindowPoints = 20;

Status require_writer(const Principal& who) {
    if (who.role == Role::kAdmin || who.role == Role::kEngineer) return {};
    return fail(ErrorCode::kPermissionDenied, "only engineers and administrators may change SPC data", "role");
}

Status require_admin(const Principal& who) {
    if (who.role == Role::kAdmin) return {};
    return fail(ErrorCode::kPermissionDenied, "only administrators may grant or revoke access", "role");
}

template <class T>
Result<T> found_or(Result<std::optional<T>> found, std::string_view what, std::int64_t id) {
    if (!found) return tl::unexpected(found.error());
    if (!*found) return fail(ErrorCode::kNotFound, fmt::format("{} {} not found", what, id), "id");
    return std::move(**found);
}

bool is_code(std::string_view code) {
    if (code.empty() || code.size() > 64) return false;
    return std::all_of(code.begin(), code.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
               ch == '_' || ch == '.';
    });
}

// Why a value cannot be a sample of an attribute characteristic: (field, message), or nullopt.
std::optional<std::pair<std::string, std::string>> attribute_problem(std::string_view chart_type,
                                                                     const ingest::IncomingValue& v) {
    if (v.value < 0 || std::floor(v.value) != v.value) {
        return std::pair<std::string, std::string>{"value",
                                                   "a count of an attribute sample must be a whole number >= 0"};
    }
    if (chart_type == "c") return std::nullopt;
    if (!v.size) {
        return std::pair<std::string, std::string>{
            "size", fmt::format("a sample of a {} chart needs its size (units inspected)", chart_type)};
    }
    if ((chart_type == "p" || chart_type == "np") && v.value > *v.size) {
        return std::pair<std::string, std::string>{
            "value", fmt::format("{} nonconforming out of {} inspected", v.value, *v.size)};
    }
    return std::nullopt;
}

std::string rule_list(std::uint16_t mask) {
    std::string out;
    for (int r : spc::violation_numbers(mask)) {
        if (!out.empty()) out += ",";
        out += std::to_string(r);
    }
    return out;
}

json event_json(const EventRecord& e) {
    json j = {{"id", e.id},
              {"kind", e.kind},
              {"at", e.at},
              {"message", e.message},
              {"characteristic_id", e.characteristic_id ? json(*e.characteristic_id) : json()}};
    if (e.point) j["point"] = *e.point;
    if (e.rules) j["rules"] = *e.rules;
    if (e.value) j["value"] = *e.value;
    if (e.user_id) j["user_id"] = *e.user_id;
    if (e.cause) j["cause"] = *e.cause;
    if (e.action) j["action"] = *e.action;
    if (e.ref_event_id) j["ref_event_id"] = *e.ref_event_id;
    return j;
}

}  // namespace

// Stores phase-I limits and their event (inside the caller's transaction).
Result<EventRecord> store_computed_limits(store::SpcStore& spc, const CharacteristicRecord& c,
                                          const LimitsEstimate& estimate, const std::string& now_iso) {
    std::string reason = fmt::format("phase I: first {} subgroups", c.phase1_subgroups);
    if (estimate.left_out_values > 0) {
        reason += fmt::format(" that count, of points 0-{} ({} values left out)", estimate.range_points - 1,
                              estimate.left_out_values);
    }
    if (auto set = spc.set_limits(c.id, estimate.center, estimate.sigma, "computed", reason, now_iso); !set) {
        return tl::unexpected(set.error());
    }
    EventRecord e;
    e.org_id = c.org_id;
    e.characteristic_id = c.id;
    e.kind = "limits";
    e.at = now_iso;
    e.message =
        fmt::format("limits computed ({}): center {:.6g}, sigma {:.6g}", reason, estimate.center, estimate.sigma);
    return spc.add_event(e);
}

std::string event_payload(const EventRecord& e) { return json_text(event_json(e)); }

SpcService::SpcService(store::Database& db, LiveHub& hub, Clock clock) : db_(db), hub_(hub), clock_(std::move(clock)) {}

std::string SpcService::now_text() const { return format_utc(clock_()); }

Result<store::PlantRecord> SpcService::create_plant(const Principal& who, std::string_view name) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    if (name.empty() || name.size() > 200)
        return fail(ErrorCode::kInvalidArgument, "plant name: 1 to 200 characters", "name");
    return db_.spc().create_plant({0, who.org_id, std::string(name), now_text()});
}

Result<std::vector<store::PlantRecord>> SpcService::list_plants(const Principal& who) {
    return db_.spc().list_plants(who.org_id);
}

Result<store::LineRecord> SpcService::create_line(const Principal& who, std::int64_t plant_id, std::string_view code,
                                                  std::string_view name) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    auto plant = found_or(db_.spc().find_plant(plant_id), "plant", plant_id);
    if (!plant) return tl::unexpected(plant.error());
    if (plant->org_id != who.org_id)
        return fail(ErrorCode::kNotFound, fmt::format("plant {} not found", plant_id), "plant_id");
    if (!is_code(code)) {
        return fail(ErrorCode::kInvalidArgument, "line code: 1 to 64 of A-Z a-z 0-9 . _ - (it names the MQTT topic)",
                    "code");
    }
    auto line = db_.spc().create_line({0, who.org_id, plant_id, std::string(code), std::string(name), now_text()});
    if (!line && line.error().code == ErrorCode::kAlreadyExists) {
        return fail(ErrorCode::kAlreadyExists, fmt::format("line code '{}' is already used", code), "code");
    }
    return line;
}

Result<std::vector<store::LineRecord>> SpcService::list_lines(const Principal& who) {
    return db_.spc().list_lines(who.org_id);
}

Result<CharacteristicRecord> SpcService::create_characteristic(const Principal& who, const CharacteristicInput& in) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    auto line = found_or(db_.spc().find_line(in.line_id), "line", in.line_id);
    if (!line || line->org_id != who.org_id) {
        return fail(ErrorCode::kNotFound, fmt::format("production line {} not found", in.line_id), "line_id");
    }
    if (!is_code(in.code)) {
        return fail(ErrorCode::kInvalidArgument, "characteristic code: 1 to 64 of A-Z a-z 0-9 . _ -", "code");
    }
    if (in.feature.empty()) return fail(ErrorCode::kInvalidArgument, "feature name is required", "feature");
    if (in.subgroup_size < 1 || in.subgroup_size > 25) {
        return fail(ErrorCode::kInvalidArgument, "subgroup size must be 1 to 25", "subgroup_size");
    }
    if (in.lsl && in.usl && *in.lsl >= *in.usl) {
        return fail(ErrorCode::kInvalidArgument, "LSL must be below USL", "lsl");
    }
    std::string chart_type = in.chart_type.empty() ? (in.subgroup_size == 1 ? "imr" : "xbar-r") : in.chart_type;
    if (chart_type != "imr" && chart_type != "xbar-r" && chart_type != "xbar-s" && !is_attribute_chart(chart_type)) {
        return fail(ErrorCode::kInvalidArgument, "chart type must be imr, xbar-r, xbar-s, p, np, c or u", "chart_type");
    }
    if (is_attribute_chart(chart_type)) {
        if (in.subgroup_size != 1) {
            return fail(ErrorCode::kInvalidArgument,
                        "an attribute characteristic (p, np, c, u) takes one sample per point: subgroup size 1 (the "
                        "units inspected come with each value as its size)",
                        "subgroup_size");
        }
    } else if ((chart_type == "imr") != (in.subgroup_size == 1)) {
        return fail(ErrorCode::kInvalidArgument, "imr charts take subgroups of 1; xbar charts subgroups of 2 or more",
                    "chart_type");
    }
    if (auto rules = spc::parse_rules(in.rules); !rules) {
        return fail(ErrorCode::kInvalidArgument, rules.error().message, "rules");
    }
    if (in.phase1_subgroups < 2 || in.phase1_subgroups > 10000) {
        return fail(ErrorCode::kInvalidArgument, "phase I needs 2 to 10000 subgroups", "phase1_subgroups");
    }
    CharacteristicRecord r;
    r.org_id = who.org_id;
    r.line_id = in.line_id;
    r.code = in.code;
    r.part_number = in.part_number;
    r.feature = in.feature;
    r.nominal = in.nominal;
    r.lsl = in.lsl;
    r.usl = in.usl;
    r.unit = in.unit.empty() ? "mm" : in.unit;
    r.resolution = in.resolution;
    r.subgroup_size = in.subgroup_size;
    r.chart_type = chart_type;
    r.rules = in.rules;
    r.phase1_subgroups = in.phase1_subgroups;
    r.created_at = now_text();
    auto created = db_.spc().create_characteristic(r);
    if (!created && created.error().code == ErrorCode::kAlreadyExists) {
        return fail(ErrorCode::kAlreadyExists,
                    fmt::format("characteristic code '{}' is already used on this line", in.code), "code");
    }
    return created;
}

std::string_view SpcService::grant_state(const store::GrantRecord& grant) const {
    if (grant.revoked_at) return "revoked";
    // Both are ISO 8601 UTC texts of one fixed width, so text order is time order.
    if (grant.expires_at <= now_text()) return "expired";
    return "active";
}

Result<std::optional<std::int64_t>> SpcService::live_grant(std::int64_t viewer_org_id, const CharacteristicRecord& c) {
    auto grants = db_.spc().list_grants_for_grantee(viewer_org_id);
    if (!grants) return tl::unexpected(grants.error());
    for (const store::GrantRecord& g : *grants) {
        if (g.org_id != c.org_id || grant_state(g) != "active") continue;
        if ((g.characteristic_id && *g.characteristic_id == c.id) || (g.line_id && *g.line_id == c.line_id)) {
            return std::optional<std::int64_t>(g.id);
        }
    }
    return std::optional<std::int64_t>();
}

bool SpcService::may_see(std::int64_t viewer_org_id, std::int64_t owner_org_id, std::int64_t characteristic_id) {
    if (viewer_org_id == owner_org_id) return true;
    auto c = db_.spc().find_characteristic(characteristic_id);
    if (!c || !*c) return false;
    auto grant = live_grant(viewer_org_id, **c);
    return grant && grant->has_value();
}

Result<ReadAccess> SpcService::read_characteristic(const Principal& who, std::int64_t id, std::string_view what) {
    auto c = db_.spc().find_characteristic(id);
    if (!c) return tl::unexpected(c.error());
    const Error not_found{ErrorCode::kNotFound, fmt::format("characteristic {} not found", id), "id"};
    if (!*c) return tl::unexpected(not_found);
    if ((*c)->org_id == who.org_id) return ReadAccess{std::move(**c), std::nullopt};
    auto grant = live_grant(who.org_id, **c);
    if (!grant) return tl::unexpected(grant.error());
    if (!*grant) return tl::unexpected(not_found);
    if (auto logged = db_.spc().log_grant_access(**grant, who.user_id, now_text(), what); !logged) {
        return tl::unexpected(logged.error());
    }
    return ReadAccess{std::move(**c), *grant};
}

Result<std::vector<ReadAccess>> SpcService::list_characteristics(const Principal& who) {
    auto own = db_.spc().list_characteristics(who.org_id);
    if (!own) return tl::unexpected(own.error());
    std::vector<ReadAccess> out;
    for (auto& c : *own) out.push_back({std::move(c), std::nullopt});
    auto grants = db_.spc().list_grants_for_grantee(who.org_id);
    if (!grants) return tl::unexpected(grants.error());
    for (const store::GrantRecord& g : *grants) {
        if (grant_state(g) != "active") continue;
        auto theirs = db_.spc().list_characteristics(g.org_id);
        if (!theirs) return tl::unexpected(theirs.error());
        for (auto& c : *theirs) {
            bool granted =
                (g.characteristic_id && *g.characteristic_id == c.id) || (g.line_id && *g.line_id == c.line_id);
            bool listed =
                std::any_of(out.begin(), out.end(), [&](const ReadAccess& a) { return a.characteristic.id == c.id; });
            if (granted && !listed) out.push_back({std::move(c), g.id});
        }
    }
    return out;
}

Result<CharacteristicRecord> SpcService::freeze_limits(const Principal& who, std::int64_t id, double center,
                                                       double sigma, std::string_view reason) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    if (!std::isfinite(center)) return fail(ErrorCode::kInvalidArgument, "center must be a finite number", "center");
    if (!std::isfinite(sigma) || sigma <= 0)
        return fail(ErrorCode::kInvalidArgument, "sigma must be positive", "sigma");
    if (reason.empty()) return fail(ErrorCode::kInvalidArgument, "a reason is required to freeze limits", "reason");
    auto c = db_.spc().find_characteristic(id);
    if (!c) return tl::unexpected(c.error());
    if (!*c || (*c)->org_id != who.org_id)
        return fail(ErrorCode::kNotFound, fmt::format("characteristic {} not found", id), "id");
    const std::string now = now_text();
    Status done = db_.in_transaction([&]() -> Status {
        if (auto set = db_.spc().set_limits(id, center, sigma, "frozen", reason, now); !set) return set;
        EventRecord e;
        e.org_id = who.org_id;
        e.characteristic_id = id;
        e.kind = "limits";
        e.at = now;
        e.user_id = who.user_id;
        e.message = fmt::format("limits frozen at center {} sigma {}: {}", center, sigma, reason);
        auto added = db_.spc().add_event(e);
        if (!added) return tl::unexpected(added.error());
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    return found_or(db_.spc().find_characteristic(id), "characteristic", id);
}

Result<EventRecord> SpcService::record_event(const Principal& who, std::int64_t id, std::string_view kind,
                                             std::string_view message) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    if (kind != "tool_change" && kind != "note") {
        return fail(ErrorCode::kInvalidArgument, "event kind must be tool_change or note", "kind");
    }
    if (message.empty() || message.size() > 2000) {
        return fail(ErrorCode::kInvalidArgument, "message: 1 to 2000 characters", "message");
    }
    auto c = db_.spc().find_characteristic(id);
    if (!c) return tl::unexpected(c.error());
    if (!*c || (*c)->org_id != who.org_id)
        return fail(ErrorCode::kNotFound, fmt::format("characteristic {} not found", id), "id");
    auto total = db_.spc().count_measurements(id);
    if (!total) return tl::unexpected(total.error());
    EventRecord e;
    e.org_id = who.org_id;
    e.characteristic_id = id;
    e.kind = std::string(kind);
    e.at = now_text();
    e.point = *total / (*c)->subgroup_size;  // the point the next values will form
    e.user_id = who.user_id;
    e.message = std::string(message);
    auto added = db_.spc().add_event(e);
    if (added) hub_.publish(who.org_id, id, std::string(kind), json_text(event_json(*added)));
    return added;
}

Result<IngestOutcome> SpcService::ingest(const Principal& who, std::int64_t characteristic_id,
                                         const ingest::IncomingBatch& batch, std::optional<std::string> idempotency_key,
                                         std::string_view source, bool atomic) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    auto c = db_.spc().find_characteristic(characteristic_id);
    if (!c) return tl::unexpected(c.error());
    if (!*c || (*c)->org_id != who.org_id) {
        return fail(ErrorCode::kNotFound, fmt::format("characteristic {} not found", characteristic_id), "id");
    }
    return ingest_into(**c, batch, std::move(idempotency_key), source, atomic);
}

Result<CharacteristicRecord> SpcService::resolve_key(const ingest::CharacteristicKey& key) {
    auto org = lookup_organisation(db_, key.organisation);
    if (!org) return tl::unexpected(org.error());
    auto line = db_.spc().find_line_by_code(org->id, key.line);
    if (!line) return tl::unexpected(line.error());
    if (!*line) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("production line '{}' not found in organisation '{}'", key.line, key.organisation),
                    "line");
    }
    auto c = db_.spc().find_characteristic_by_code((*line)->id, key.characteristic);
    if (!c) return tl::unexpected(c.error());
    if (!*c) {
        return fail(ErrorCode::kNotFound,
                    fmt::format("characteristic '{}' not found on production line '{}'", key.characteristic, key.line),
                    "characteristic");
    }
    return **c;
}

Result<IngestOutcome> SpcService::ingest_by_key(const ingest::CharacteristicKey& key,
                                                const ingest::IncomingBatch& batch,
                                                std::optional<std::string> idempotency_key, std::string_view source) {
    auto c = resolve_key(key);
    if (!c) return tl::unexpected(c.error());
    return ingest_into(*c, batch, std::move(idempotency_key), source, false);
}

Result<IngestOutcome> SpcService::ingest_into(const CharacteristicRecord& c, const ingest::IncomingBatch& batch,
                                              std::optional<std::string> idempotency_key, std::string_view source,
                                              bool atomic) {
    IngestOutcome out;
    out.rejected = batch.errors;
    std::vector<const ingest::IncomingValue*> good;
    const bool attributes = is_attribute_chart(c.chart_type);
    for (std::size_t i = 0; i < batch.values.size(); ++i) {
        const ingest::IncomingValue& v = batch.values[i];
        if (!std::isfinite(v.value)) {
            out.rejected.push_back({i, "value", "value must be a finite number"});
            continue;
        }
        if (attributes) {
            if (auto problem = attribute_problem(c.chart_type, v)) {
                out.rejected.push_back({i, problem->first, problem->second});
                continue;
            }
        }
        good.push_back(&v);
    }
    std::sort(out.rejected.begin(), out.rejected.end(),
              [](const ingest::ValueError& a, const ingest::ValueError& b) { return a.index < b.index; });
    if (atomic && !out.rejected.empty()) {
        return fail(
            ErrorCode::kInvalidArgument,
            fmt::format("batch refused whole (atomic): {} of its values are invalid, the first at index {} ({})",
                        out.rejected.size(), out.rejected.front().index, out.rejected.front().message),
            fmt::format("values[{}].{}", out.rejected.front().index, out.rejected.front().field));
    }
    const auto now = clock_();
    const std::string now_iso = format_utc(now);
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    store::SpcStore& spc = db_.spc();
    std::vector<EventRecord> events_to_push;
    std::optional<EventRecord> limits_event;

    Status done = db_.in_transaction([&]() -> Status {
        if (idempotency_key) {
            auto previous = spc.find_batch(c.id, *idempotency_key);
            if (!previous) return tl::unexpected(previous.error());
            if (*previous) {
                out.replayed = true;
                out.response = (*previous)->response;
                out.accepted = static_cast<std::size_t>((*previous)->accepted);
                return {};
            }
        }
        auto total = spc.count_measurements(c.id);
        if (!total) return tl::unexpected(total.error());
        const std::int64_t first_new = *total;
        out.first_seq = first_new;
        std::vector<MeasurementRecord> records;
        records.reserve(good.size());
        for (std::size_t i = 0; i < good.size(); ++i) {
            const ingest::IncomingValue& v = *good[i];
            MeasurementRecord r;
            r.seq = first_new + static_cast<std::int64_t>(i);
            r.time_ms = v.time_ms.value_or(now_ms);
            r.value = v.value;
            r.subgroup = v.subgroup;
            r.part = v.part;
            r.operator_name = v.operator_name;
            r.gauge = v.gauge;
            r.attributes = static_cast<std::int64_t>(v.attributes);
            r.sample_size = v.size;
            records.push_back(std::move(r));
        }
        const std::int64_t n = is_attribute_chart(c.chart_type) ? 1 : c.subgroup_size;
        const std::int64_t end = first_new + static_cast<std::int64_t>(records.size());

        // Records of [from, to): stored ones first, then this batch's.
        auto records_from = [&](std::int64_t from, std::int64_t to) -> Result<std::vector<MeasurementRecord>> {
            std::vector<MeasurementRecord> list;
            if (from < first_new) {
                auto stored = spc.measurements(c.id, from, std::min(to, first_new));
                if (!stored) return tl::unexpected(stored.error());
                list = std::move(*stored);
            }
            for (const auto& r : records) {
                if (r.seq >= from && r.seq < to) list.push_back(r);
            }
            return list;
        };

        std::optional<double> center = c.limits_center;
        std::optional<double> sigma = c.limits_sigma;
        // Phase I: limits from the first phase1_subgroups points that count, once there are that many.
        if ((!center || !sigma) && end / n >= c.phase1_subgroups) {
            auto base = records_from(0, (end / n) * n);
            if (!base) return tl::unexpected(base.error());
            auto estimate = phase1_limits(c, *base);
            if (estimate && *estimate && (*estimate)->sigma > 0) {
                auto added = store_computed_limits(spc, c, **estimate, now_iso);
                if (!added) return tl::unexpected(added.error());
                limits_event = *added;
                center = (*estimate)->center;
                sigma = (*estimate)->sigma;
            }
        }

        std::vector<EventRecord> alarms;
        // Phase II: run rules over a window that ends with the points this batch completed. Left-out points take
        // no part: the window reaches back far enough to hold the rule windows of the points that count.
        const std::int64_t first_new_point = first_new / n;
        const std::int64_t end_point = end / n;
        if (center && sigma && end_point > first_new_point) {
            const std::int64_t window_start = std::max<std::int64_t>(0, first_new_point - 3 * kRuleWindowPoints);
            auto window = records_from(window_start * n, end_point * n);
            if (!window) return tl::unexpected(window.error());
            const JudgedPoints judged = judge_points(c, *window, *center, *sigma);
            // The mask of the last point that counts before each new point, for the episode rule below.
            std::uint16_t previous = 0;
            for (std::int64_t p = window_start; p < end_point; ++p) {
                const std::size_t i = static_cast<std::size_t>(p - window_start);
                if (i >= judged.violations.size() || judged.left_out[i]) continue;
                std::uint16_t mask = judged.violations[i];
                const std::uint16_t own = mask;
                // One alarm per episode: a run rule that already fired on the previous point (the 10th point
                // of a run of 9, say) continues that alarm rather than raising another. Rule 1 is a signal on
                // every point beyond the limits. The chart still marks every violating point.
                mask &= static_cast<std::uint16_t>(~(previous & ~std::uint16_t{1}));
                previous = own;
                if (p < first_new_point || mask == 0) continue;
                EventRecord e;
                e.org_id = c.org_id;
                e.characteristic_id = c.id;
                e.kind = "alarm";
                e.at = now_iso;
                e.point = p;
                e.rules = rule_list(mask);
                e.value = judged.values[i];
                e.message = fmt::format("{} {}: rule {} at point {}", c.part_number, c.feature, *e.rules, p);
                alarms.push_back(e);
            }
        }
        // Specification limits: a value outside LSL/USL is an alarm on its own, whatever the limits say.
        for (const auto& r : records) {
            if (!r.counts()) continue;  // a marked or excluded value raises no alarm
            if ((c.lsl && r.value < *c.lsl) || (c.usl && r.value > *c.usl)) {
                EventRecord e;
                e.org_id = c.org_id;
                e.characteristic_id = c.id;
                e.kind = "alarm";
                e.at = now_iso;
                e.point = r.seq / n;
                e.rules = "spec";
                e.value = r.value;
                e.message =
                    fmt::format("{} {}: value {} outside specification [{}, {}]", c.part_number, c.feature, r.value,
                                c.lsl ? fmt::format("{}", *c.lsl) : "-", c.usl ? fmt::format("{}", *c.usl) : "-");
                alarms.push_back(e);
            }
        }
        for (EventRecord& e : alarms) {
            auto added = spc.add_event(e);
            if (!added) return tl::unexpected(added.error());
            out.alarms.push_back(*added);
        }

        json rejected = json::array();
        for (const auto& r : out.rejected)
            rejected.push_back({{"index", r.index}, {"field", r.field}, {"message", r.message}});
        json alarm_list = json::array();
        for (const auto& a : out.alarms) alarm_list.push_back(event_json(a));
        out.accepted = records.size();
        json response = {{"characteristic_id", c.id},
                         {"accepted", out.accepted},
                         {"rejected", rejected},
                         {"first_seq", first_new},
                         {"alarms", alarm_list}};
        out.response = json_text(response);
        store::BatchRecord b{
            0,           c.id, idempotency_key, std::string(source), now_iso, static_cast<std::int64_t>(records.size()),
            out.response};
        auto stored = spc.append_batch(b, records);
        if (!stored) return tl::unexpected(stored.error());
        return {};
    });
    if (!done) return tl::unexpected(done.error());
    if (out.replayed) return out;

    // Durable now: tell the dashboards.
    if (out.accepted > 0) {
        json points = {{"characteristic_id", c.id}, {"first_seq", out.first_seq}, {"count", out.accepted}};
        hub_.publish(c.org_id, c.id, "measurements", json_text(points));
    }
    if (limits_event) hub_.publish(c.org_id, c.id, "limits", json_text(event_json(*limits_event)));
    for (const EventRecord& a : out.alarms) hub_.publish(c.org_id, c.id, "alarm", json_text(event_json(a)));
    return out;
}

Result<ChartView> SpcService::chart(const Principal& who, std::int64_t id, std::int64_t last_points,
                                    const std::optional<TimeWeightedRequest>& weighted) {
    auto access = read_characteristic(who, id, "chart");
    if (!access) return tl::unexpected(access.error());
    const CharacteristicRecord& c = access->characteristic;
    auto total = db_.spc().count_measurements(c.id);
    if (!total) return tl::unexpected(total.error());
    const std::int64_t n = is_attribute_chart(c.chart_type) ? 1 : c.subgroup_size;
    const std::int64_t points = *total / n;
    const std::int64_t first = std::max<std::int64_t>(0, points - std::clamp<std::int64_t>(last_points, 2, 5000));
    auto stored = db_.spc().measurements(c.id, first * n, points * n);
    if (!stored) return tl::unexpected(stored.error());
    ChartView view;
    view.characteristic = c;
    view.first_point = first;
    for (std::size_t i = 0; i < stored->size(); ++i) {
        const MeasurementRecord& m = (*stored)[i];
        if ((i + 1) % static_cast<std::size_t>(n) == 0) view.point_time_ms.push_back(m.time_ms);
        if (!m.counts()) view.left_out.push_back(m);
    }
    view.limits_established = c.limits_center && c.limits_sigma;
    if (weighted) {
        view.target = c.nominal ? c.nominal : c.limits_center;
        auto tw = time_weighted_chart(c, *stored, *weighted, view.target,
                                      view.limits_established ? c.limits_sigma : std::nullopt);
        if (!tw) {
            if (tw.error().code == ErrorCode::kInvalidArgument) return tl::unexpected(tw.error());
            return fail(ErrorCode::kFailedPrecondition,
                        fmt::format("not enough data for a chart yet: {} ({} values)", tw.error().message, *total),
                        "measurements");
        }
        view.chart = std::move(*tw);
        if (!view.target && weighted->kind == "ewma" && !view.chart.primary.limits.empty()) {
            view.target = view.chart.primary.limits_at(0).center;  // the mean the EWMA was started from
        }
        return view;
    }
    auto chart = view.limits_established ? marked_chart(c, *stored, c.limits_center, c.limits_sigma)
                                         : marked_chart(c, *stored, std::nullopt, std::nullopt);
    if (!chart) {
        return fail(ErrorCode::kFailedPrecondition,
                    fmt::format("not enough data for a chart yet: {} ({} values)", chart.error().message, *total),
                    "measurements");
    }
    view.chart = std::move(*chart);
    return view;
}

Result<std::vector<MeasurementRecord>> SpcService::recent_measurements(const Principal& who, std::int64_t id,
                                                                       std::int64_t last_values,
                                                                       std::string_view what) {
    auto access = read_characteristic(who, id, what);
    if (!access) return tl::unexpected(access.error());
    auto total = db_.spc().count_measurements(id);
    if (!total) return tl::unexpected(total.error());
    const CharacteristicRecord& c = access->characteristic;
    const std::int64_t n = is_attribute_chart(c.chart_type) ? 1 : c.subgroup_size;
    std::int64_t complete = (*total / n) * n;
    std::int64_t from = std::max<std::int64_t>(0, complete - std::clamp<std::int64_t>(last_values, n, 100000));
    from -= from % n;
    return db_.spc().measurements(id, from, complete);
}

Result<CapabilityInput> SpcService::capability_values(const Principal& who, std::int64_t id, std::int64_t last_values) {
    auto access = read_characteristic(who, id, "capability");
    if (!access) return tl::unexpected(access.error());
    if (is_attribute_chart(access->characteristic.chart_type)) {
        return fail(ErrorCode::kFailedPrecondition,
                    "capability indices (Cp, Cpk, ...) are for variables; an attribute characteristic is judged on "
                    "its p, np, c or u chart",
                    "chart_type");
    }
    auto records = recent_measurements(who, id, last_values, "values");
    if (!records) return tl::unexpected(records.error());
    return capability_input(access->characteristic, *records);
}

Result<std::vector<EventRecord>> SpcService::events(const Principal& who, std::optional<std::int64_t> characteristic_id,
                                                    std::optional<std::string_view> kind, std::int64_t limit) {
    std::int64_t org_id = who.org_id;
    if (characteristic_id) {
        auto access = read_characteristic(who, *characteristic_id, "events");
        if (!access) return tl::unexpected(access.error());
        org_id = access->characteristic.org_id;
    }
    return db_.spc().list_events(org_id, characteristic_id, kind, 0, std::clamp<std::int64_t>(limit, 1, 1000));
}

Result<std::vector<std::pair<EventRecord, std::optional<EventRecord>>>> SpcService::alarms(const Principal& who,
                                                                                           bool open_only,
                                                                                           std::int64_t limit) {
    auto alarms = db_.spc().list_events(who.org_id, std::nullopt, "alarm", 0, std::clamp<std::int64_t>(limit, 1, 1000));
    if (!alarms) return tl::unexpected(alarms.error());
    auto acks = db_.spc().list_events(who.org_id, std::nullopt, "acknowledgement", 0, 100000);
    if (!acks) return tl::unexpected(acks.error());
    std::vector<std::pair<EventRecord, std::optional<EventRecord>>> out;
    for (EventRecord& a : *alarms) {
        std::optional<EventRecord> ack;
        for (const EventRecord& k : *acks) {
            if (k.ref_event_id && *k.ref_event_id == a.id) ack = k;
        }
        if (open_only && ack) continue;
        out.emplace_back(std::move(a), std::move(ack));
    }
    return out;
}

Result<EventRecord> SpcService::acknowledge(const Principal& who, std::int64_t alarm_id, std::string_view cause,
                                            std::string_view action) {
    if (auto ok = require_writer(who); !ok) return tl::unexpected(ok.error());
    if (cause.empty()) return fail(ErrorCode::kInvalidArgument, "the assignable cause is required", "cause");
    if (action.empty()) return fail(ErrorCode::kInvalidArgument, "the corrective action is required", "action");
    auto alarm = db_.spc().find_event(alarm_id);
    if (!alarm) return tl::unexpected(alarm.error());
    if (!*alarm || (*alarm)->org_id != who.org_id || (*alarm)->kind != "alarm") {
        return fail(ErrorCode::kNotFound, fmt::format("alarm {} not found", alarm_id), "id");
    }
    EventRecord e;
    e.org_id = who.org_id;
    e.characteristic_id = (*alarm)->characteristic_id;
    e.kind = "acknowledgement";
    e.at = now_text();
    e.point = (*alarm)->point;
    e.user_id = who.user_id;
    e.cause = std::string(cause);
    e.action = std::string(action);
    e.ref_event_id = alarm_id;
    e.message = fmt::format("alarm {} acknowledged by {}", alarm_id, who.login);
    auto added = db_.spc().add_event(e);
    if (!added && added.error().code == ErrorCode::kAlreadyExists) {
        return fail(ErrorCode::kAlreadyExists, fmt::format("alarm {} is already acknowledged", alarm_id), "id");
    }
    if (added && e.characteristic_id) {
        hub_.publish(who.org_id, *e.characteristic_id, "acknowledgement", json_text(event_json(*added)));
    }
    return added;
}

Result<store::GrantRecord> SpcService::create_grant(const Principal& who, std::int64_t grantee_org_id,
                                                    std::optional<std::int64_t> line_id,
                                                    std::optional<std::int64_t> characteristic_id,
                                                    std::string_view expires_at) {
    if (auto ok = require_admin(who); !ok) return tl::unexpected(ok.error());
    if (line_id.has_value() == characteristic_id.has_value()) {
        return fail(ErrorCode::kInvalidArgument, "grant either a line_id or a characteristic_id", "line_id");
    }
    if (grantee_org_id == who.org_id) {
        return fail(ErrorCode::kInvalidArgument, "an organisation already sees its own data", "grantee_org_id");
    }
    auto expiry = parse_utc(expires_at, "expires_at");
    if (!expiry) return tl::unexpected(expiry.error());
    if (*expiry <= clock_()) return fail(ErrorCode::kInvalidArgument, "expiry must be in the future", "expires_at");
    auto grantee = db_.organisations().find(grantee_org_id);
    if (!grantee) return tl::unexpected(grantee.error());
    if (!*grantee)
        return fail(ErrorCode::kNotFound, fmt::format("organisation {} not found", grantee_org_id), "grantee_org_id");
    if (line_id) {
        auto line = db_.spc().find_line(*line_id);
        if (!line) return tl::unexpected(line.error());
        if (!*line || (*line)->org_id != who.org_id)
            return fail(ErrorCode::kNotFound, fmt::format("production line {} not found", *line_id), "line_id");
    } else {
        auto c = db_.spc().find_characteristic(*characteristic_id);
        if (!c) return tl::unexpected(c.error());
        if (!*c || (*c)->org_id != who.org_id) {
            return fail(ErrorCode::kNotFound, fmt::format("characteristic {} not found", *characteristic_id),
                        "characteristic_id");
        }
    }
    store::GrantRecord g;
    g.org_id = who.org_id;
    g.grantee_org_id = grantee_org_id;
    g.line_id = line_id;
    g.characteristic_id = characteristic_id;
    g.expires_at = format_utc(*expiry);
    g.created_by = who.user_id;
    g.created_at = now_text();
    return db_.spc().create_grant(g);
}

Result<std::vector<store::GrantRecord>> SpcService::list_grants(const Principal& who) {
    auto given = db_.spc().list_grants_by_grantor(who.org_id);
    if (!given) return tl::unexpected(given.error());
    auto received = db_.spc().list_grants_for_grantee(who.org_id);
    if (!received) return tl::unexpected(received.error());
    given->insert(given->end(), received->begin(), received->end());
    return given;
}

Status SpcService::revoke_grant(const Principal& who, std::int64_t grant_id) {
    if (auto ok = require_admin(who); !ok) return ok;
    auto g = db_.spc().find_grant(grant_id);
    if (!g) return tl::unexpected(g.error());
    if (!*g || (*g)->org_id != who.org_id)
        return fail(ErrorCode::kNotFound, fmt::format("grant {} not found", grant_id), "id");
    if ((*g)->revoked_at) return fail(ErrorCode::kFailedPrecondition, "grant is already revoked", "id");
    return db_.spc().revoke_grant(grant_id, now_text());
}

Result<std::int64_t> SpcService::grant_access_count(const Principal& who, std::int64_t grant_id) {
    auto g = db_.spc().find_grant(grant_id);
    if (!g) return tl::unexpected(g.error());
    if (!*g || (*g)->org_id != who.org_id)
        return fail(ErrorCode::kNotFound, fmt::format("grant {} not found", grant_id), "id");
    return db_.spc().count_grant_access(grant_id);
}

}  // namespace yandian::app
