#include "quality/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/json_text.hpp"
#include "quality/windows.hpp"

namespace yandian::quality {

namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

tl::unexpected<Error> bad(const std::string& path, const std::string& message) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("rules: {}: {}", path, message), path);
}

Status known_keys(const json& obj, const std::set<std::string>& keys, const std::string& path) {
    for (const auto& [k, v] : obj.items()) {
        if (!keys.count(k)) {
            std::string list;
            for (const auto& key : keys) list += (list.empty() ? "" : ", ") + key;
            return bad(path.empty() ? k : path + "." + k, fmt::format("unknown key (known: {})", list));
        }
    }
    return {};
}

std::string at(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }

Result<std::string> text(const json& obj, const char* key, const std::string& path, bool required) {
    if (!obj.contains(key)) {
        if (required) return bad(at(path, key), "missing (a text)");
        return std::string();
    }
    if (!obj[key].is_string()) return bad(at(path, key), "must be a text");
    std::string v = obj[key].get<std::string>();
    if (required && v.empty()) return bad(at(path, key), "must not be empty");
    return v;
}

Result<std::optional<int>> whole(const json& obj, const char* key, const std::string& path, int lo, int hi) {
    if (!obj.contains(key)) return std::optional<int>();
    const json& v = obj[key];
    if (!v.is_number_integer()) return bad(at(path, key), fmt::format("must be a whole number from {} to {}", lo, hi));
    const auto n = v.get<std::int64_t>();
    if (n < lo || n > hi) return bad(at(path, key), fmt::format("{} is outside {} to {}", n, lo, hi));
    return std::optional<int>(static_cast<int>(n));
}

Result<int> required_whole(const json& obj, const char* key, const std::string& path, int lo, int hi) {
    auto v = whole(obj, key, path, lo, hi);
    if (!v) return tl::unexpected(v.error());
    if (!*v) return bad(at(path, key), fmt::format("missing (a whole number from {} to {})", lo, hi));
    return **v;
}

Result<Match> parse_match(const json& m, const std::string& path, bool veto) {
    if (!m.is_object()) return bad(path, "must be an object like {\"kind\": \"penalty\"}");
    if (auto st = known_keys(m, {"kind", "subkind", "valid", "retest", "fields", "in_window", "blacklisted"}, path);
        !st) {
        return tl::unexpected(st.error());
    }
    Match out;
    if (m.contains("blacklisted")) {
        if (!veto) return bad(at(path, "blacklisted"), "only a veto can match the blacklist");
        if (!m["blacklisted"].is_boolean() || !m["blacklisted"].get<bool>()) {
            return bad(at(path, "blacklisted"), "must be true");
        }
        if (m.size() != 1) return bad(path, "a blacklist match has no other condition");
        out.blacklisted = true;
        return out;
    }
    if (!m.contains("kind")) return bad(at(path, "kind"), "missing (the entry kind the item counts)");
    if (!m["kind"].is_string()) return bad(at(path, "kind"), "must be a text");
    auto kind = parse_kind(m["kind"].get<std::string>());
    if (!kind) return bad(at(path, "kind"), kind.error().message);
    if (*kind == EntryKind::kWithdrawal || *kind == EntryKind::kRepair) {
        return bad(at(path, "kind"), "withdrawal and repair entries act on other entries; they are not counted");
    }
    out.kind = *kind;
    if (m.contains("subkind")) {
        const json& s = m["subkind"];
        if (!s.is_array() || s.empty()) return bad(at(path, "subkind"), "must be a non-empty list of texts");
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (!s[i].is_string() || s[i].get<std::string>().empty()) {
                return bad(fmt::format("{}[{}]", at(path, "subkind"), i), "must be a non-empty text");
            }
            out.subkinds.push_back(s[i].get<std::string>());
        }
    }
    if (m.contains("valid")) {
        if (!m["valid"].is_boolean()) return bad(at(path, "valid"), "must be true or false");
        out.valid = m["valid"].get<bool>();
    }
    if (m.contains("retest")) {
        if (!m["retest"].is_string()) return bad(at(path, "retest"), "must be a text");
        out.retest = m["retest"].get<std::string>();
        if (out.retest != "requested" && out.retest != "pass" && out.retest != "fail") {
            return bad(at(path, "retest"), "must be requested, pass or fail");
        }
    }
    if (m.contains("fields")) {
        const json& f = m["fields"];
        if (!f.is_object() || f.empty()) return bad(at(path, "fields"), "must be a non-empty object of texts");
        for (const auto& [k, v] : f.items()) {
            if (!v.is_string()) return bad(at(path, "fields") + "." + k, "must be a text");
            out.fields[k] = v.get<std::string>();
        }
    }
    if (m.contains("in_window")) {
        if (!m["in_window"].is_boolean()) return bad(at(path, "in_window"), "must be true or false");
        out.in_window = m["in_window"].get<bool>();
    }
    return out;
}

struct Labels {
    std::string id, zh, en;
};

Result<Labels> labels(const json& v, const std::string& path, std::set<std::string>& ids) {
    Labels l;
    auto id = text(v, "id", path, true);
    if (!id) return tl::unexpected(id.error());
    if (!ids.insert(*id).second) return bad(at(path, "id"), fmt::format("'{}' is used twice", *id));
    auto zh = text(v, "label_zh", path, true);
    if (!zh) return tl::unexpected(zh.error());
    auto en = text(v, "label_en", path, true);
    if (!en) return tl::unexpected(en.error());
    return Labels{*id, *zh, *en};
}

}  // namespace

Result<RuleSet> parse_rules(std::string_view input) {
    json j;
    try {
        j = json::parse(input);
    } catch (const json::parse_error& e) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("rules: not valid JSON at byte {}: {}", e.byte, e.what()));
    } catch (const json::exception& e) {
        return fail(ErrorCode::kInvalidArgument, fmt::format("rules: not readable JSON: {}", e.what()));
    }
    if (!j.is_object()) return bad("(top)", "the rule set must be a JSON object with items, vetoes and grades");
    if (auto st = known_keys(j, {"version", "title_zh", "title_en", "source", "items", "vetoes", "grades"}, ""); !st) {
        return tl::unexpected(st.error());
    }
    RuleSet rules;
    for (auto [key, target] : {std::pair{"version", &rules.version}, std::pair{"title_zh", &rules.title_zh},
                               std::pair{"title_en", &rules.title_en}, std::pair{"source", &rules.source}}) {
        auto v = text(j, key, "", std::string_view(key) == "version");
        if (!v) return tl::unexpected(v.error());
        *target = *v;
    }
    // grades first: vetoes name them
    if (!j.contains("grades") || !j["grades"].is_array() || j["grades"].empty()) {
        return bad("grades", "must be a non-empty list of {\"grade\": \"AAA\", \"min\": 90}, best first");
    }
    for (std::size_t i = 0; i < j["grades"].size(); ++i) {
        const json& g = j["grades"][i];
        const std::string path = fmt::format("grades[{}]", i);
        if (!g.is_object()) return bad(path, "must be an object like {\"grade\": \"AAA\", \"min\": 90}");
        if (auto st = known_keys(g, {"grade", "min"}, path); !st) return tl::unexpected(st.error());
        auto name = text(g, "grade", path, true);
        if (!name) return tl::unexpected(name.error());
        auto min = required_whole(g, "min", path, 0, 100);
        if (!min) return tl::unexpected(min.error());
        for (const GradeBand& b : rules.grades) {
            if (b.grade == *name) return bad(path + ".grade", fmt::format("'{}' is given twice", *name));
            if (b.min <= *min) {
                return bad(path + ".min", fmt::format("{} is not below the previous band's {}: grades go best first",
                                                      *min, b.min));
            }
        }
        rules.grades.push_back({*name, *min});
    }
    if (rules.grades.back().min != 0) {
        return bad(fmt::format("grades[{}].min", rules.grades.size() - 1), "the last band must start at 0");
    }
    std::set<std::string> ids;
    if (!j.contains("items") || !j["items"].is_array() || j["items"].empty()) {
        return bad("items", "must be a non-empty list of scored items");
    }
    int total = 0;
    for (std::size_t i = 0; i < j["items"].size(); ++i) {
        const json& v = j["items"][i];
        const std::string path = fmt::format("items[{}]", i);
        if (!v.is_object()) return bad(path, "must be an object");
        if (auto st = known_keys(v, {"id", "label_zh", "label_en", "max", "start", "per_entry", "per_subkind",
                                     "lookback_months", "match"},
                                 path);
            !st) {
            return tl::unexpected(st.error());
        }
        RuleItem item;
        auto l = labels(v, path, ids);
        if (!l) return tl::unexpected(l.error());
        item.id = l->id;
        item.label_zh = l->zh;
        item.label_en = l->en;
        auto max = required_whole(v, "max", path, 1, 100);
        if (!max) return tl::unexpected(max.error());
        item.max = *max;
        auto start = whole(v, "start", path, 0, item.max);
        if (!start) return tl::unexpected(start.error());
        item.start = start->value_or(0);
        auto per = required_whole(v, "per_entry", path, -100, 100);
        if (!per) return tl::unexpected(per.error());
        item.per_entry = *per;
        if (v.contains("per_subkind")) {
            const json& ps = v["per_subkind"];
            if (!ps.is_object() || ps.empty()) return bad(path + ".per_subkind", "must be an object of class: points");
            for (const auto& [k, pv] : ps.items()) {
                if (!pv.is_number_integer() || pv.get<std::int64_t>() < -100 || pv.get<std::int64_t>() > 100) {
                    return bad(path + ".per_subkind." + k, "must be a whole number from -100 to 100");
                }
                item.per_subkind[k] = static_cast<int>(pv.get<std::int64_t>());
            }
        }
        auto look = whole(v, "lookback_months", path, 1, 1200);
        if (!look) return tl::unexpected(look.error());
        item.lookback_months = *look;
        if (!v.contains("match")) return bad(path + ".match", "missing (which entries the item counts)");
        auto m = parse_match(v["match"], path + ".match", false);
        if (!m) return tl::unexpected(m.error());
        item.match = *m;
        total += item.max;
        rules.items.push_back(std::move(item));
    }
    if (total != 100) return bad("items", fmt::format("the items' max add up to {}, not 100", total));
    if (j.contains("vetoes")) {
        if (!j["vetoes"].is_array()) return bad("vetoes", "must be a list");
        for (std::size_t i = 0; i < j["vetoes"].size(); ++i) {
            const json& v = j["vetoes"][i];
            const std::string path = fmt::format("vetoes[{}]", i);
            if (!v.is_object()) return bad(path, "must be an object");
            if (auto st = known_keys(v, {"id", "label_zh", "label_en", "cap", "lookback_months", "match"}, path); !st) {
                return tl::unexpected(st.error());
            }
            VetoRule veto;
            auto l = labels(v, path, ids);
            if (!l) return tl::unexpected(l.error());
            veto.id = l->id;
            veto.label_zh = l->zh;
            veto.label_en = l->en;
            auto cap = text(v, "cap", path, true);
            if (!cap) return tl::unexpected(cap.error());
            if (std::none_of(rules.grades.begin(), rules.grades.end(),
                             [&](const GradeBand& b) { return b.grade == *cap; })) {
                return bad(path + ".cap", fmt::format("'{}' is not one of the grades", *cap));
            }
            veto.cap = *cap;
            auto look = whole(v, "lookback_months", path, 1, 1200);
            if (!look) return tl::unexpected(look.error());
            veto.lookback_months = *look;
            if (!v.contains("match")) return bad(path + ".match", "missing (which entries trigger the veto)");
            auto m = parse_match(v["match"], path + ".match", true);
            if (!m) return tl::unexpected(m.error());
            veto.match = *m;
            rules.vetoes.push_back(std::move(veto));
        }
    }
    return rules;
}

namespace {

bool matches(const EffectiveEntry& e, const Match& m, const std::optional<int>& lookback, DayNumber on) {
    const Entry& x = e.entry;
    if (!held_on(x, on)) return false;
    if (e.repaired_on && *e.repaired_on <= on) return false;
    if (lookback && x.date <= add_months(on, -*lookback)) return false;
    if (m.kind && x.kind != *m.kind) return false;
    if (!m.subkinds.empty() &&
        std::find(m.subkinds.begin(), m.subkinds.end(), window_class(x)) == m.subkinds.end()) {
        return false;
    }
    if (m.valid) {
        const bool valid = x.valid_until && *x.valid_until > on;
        if (valid != *m.valid) return false;
    }
    if (!m.retest.empty() && x.retest != m.retest) return false;
    for (const auto& [k, v] : m.fields) {
        const auto it = x.fields.find(k);
        if (it == x.fields.end() || it->second != v) return false;
    }
    if (m.in_window && !visible_on(e, on)) return false;
    return true;
}

std::size_t band_index(const RuleSet& rules, const std::string& grade) {
    for (std::size_t i = 0; i < rules.grades.size(); ++i) {
        if (rules.grades[i].grade == grade) return i;
    }
    return rules.grades.size() - 1;
}

}  // namespace

Rating rate(const CreditFile& file, const RuleSet& rules, DayNumber on, const BlacklistTerms& terms) {
    Rating r;
    r.rules_version = rules.version;
    r.on = on;
    const std::vector<EffectiveEntry> entries = effective_entries(file.entries, on);
    for (const RuleItem& item : rules.items) {
        ItemResult out{item.id, item.label_zh, item.label_en, 0, item.max, {}, {}};
        int points = item.start;
        out.computation = fmt::format("start {}", item.start);
        for (const EffectiveEntry& e : entries) {
            if (!matches(e, item.match, item.lookback_months, on)) continue;
            const std::string cls = window_class(e.entry);
            const auto it = item.per_subkind.find(cls);
            const int p = it != item.per_subkind.end() ? it->second : item.per_entry;
            points += p;
            out.entries.push_back(e.entry.id);
            out.computation += fmt::format("; entry {}{} {:+d}", e.entry.id, cls.empty() ? "" : " (" + cls + ")", p);
        }
        out.points = std::clamp(points, 0, item.max);
        out.computation += fmt::format(" = {}", points);
        if (out.points != points) out.computation += fmt::format(", held to 0..{}: {}", item.max, out.points);
        r.score += out.points;
        r.items.push_back(std::move(out));
    }
    std::size_t band = rules.grades.size() - 1;
    for (std::size_t i = 0; i < rules.grades.size(); ++i) {
        if (r.score >= rules.grades[i].min) {
            band = i;
            break;
        }
    }
    r.score_grade = rules.grades[band].grade;
    std::size_t final_band = band;
    const BlacklistState black = blacklist_state(file.blacklist, on, terms);
    for (const VetoRule& veto : rules.vetoes) {
        VetoResult v{veto.id, veto.label_zh, veto.label_en, veto.cap, {}, std::nullopt};
        if (veto.match.blacklisted) {
            if (!black.listed) continue;
            v.blacklist_event = black.listing->id;
        } else {
            for (const EffectiveEntry& e : entries) {
                if (matches(e, veto.match, veto.lookback_months, on)) v.entries.push_back(e.entry.id);
            }
            if (v.entries.empty()) continue;
        }
        final_band = std::max(final_band, band_index(rules, veto.cap));
        r.vetoes.push_back(std::move(v));
    }
    r.grade = rules.grades[final_band].grade;
    return r;
}

nlohmann::ordered_json to_json(const Rating& r) {
    ojson out;
    out["rules_version"] = r.rules_version;
    out["on"] = format_iso_date(r.on);
    out["score"] = r.score;
    out["score_grade"] = r.score_grade;
    out["grade"] = r.grade;
    out["items"] = ojson::array();
    for (const ItemResult& i : r.items) {
        out["items"].push_back({{"id", i.id},
                                {"label_zh", i.label_zh},
                                {"label_en", i.label_en},
                                {"points", i.points},
                                {"max", i.max},
                                {"entries", i.entries},
                                {"computation", i.computation}});
    }
    out["vetoes"] = ojson::array();
    for (const VetoResult& v : r.vetoes) {
        ojson o{{"id", v.id}, {"label_zh", v.label_zh}, {"label_en", v.label_en}, {"cap", v.cap},
                {"entries", v.entries}};
        if (v.blacklist_event) o["blacklist_event"] = *v.blacklist_event;
        out["vetoes"].push_back(std::move(o));
    }
    return out;
}

std::string rating_text(const Rating& r) {
    std::string out = fmt::format("grade {} (score {} of 100, band {}; rules {}; on {})\n", r.grade, r.score,
                                  r.score_grade, r.rules_version, format_iso_date(r.on));
    for (const ItemResult& i : r.items) {
        out += fmt::format("  {:<14} {:>3} / {:<3} {}\n", i.id, i.points, i.max, i.computation);
    }
    for (const VetoResult& v : r.vetoes) {
        std::string what;
        for (auto id : v.entries) what += (what.empty() ? "entry " : ", ") + std::to_string(id);
        if (v.blacklist_event) what = fmt::format("blacklist event {}", *v.blacklist_event);
        out += fmt::format("  veto {}: grade at most {} ({})\n", v.id, v.cap, what);
    }
    return out;
}

}  // namespace yandian::quality
