#include "credit/scorecard_json.hpp"
#include "common/json_text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

namespace yandian::credit {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

tl::unexpected<Error> bad_spec(std::string message, std::string field = {}) {
    return fail(ErrorCode::kInvalidArgument, "spec: " + std::move(message), std::move(field));
}

Status known_keys(const json& obj, const std::set<std::string>& keys, const std::string& where) {
    for (const auto& [k, v] : obj.items()) {
        if (keys.count(k) == 0) {
            std::string list;
            for (const auto& key : keys) list += (list.empty() ? "" : ", ") + key;
            return bad_spec(fmt::format("{}: unknown key '{}' (known: {})", where, k, list), k);
        }
    }
    return {};
}

Result<double> number_at(const json& obj, const char* key, const std::string& where, double fallback) {
    if (!obj.contains(key)) return fallback;
    const auto& v = obj[key];
    if (!v.is_number()) return bad_spec(fmt::format("{}.{} must be a number", where, key), key);
    const double d = v.get<double>();
    if (!std::isfinite(d)) return bad_spec(fmt::format("{}.{} must be finite", where, key), key);
    return d;
}

Result<std::size_t> count_at(const json& obj, const char* key, const std::string& where, std::size_t fallback,
                             std::size_t max) {
    if (!obj.contains(key)) return fallback;
    const auto& v = obj[key];
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > static_cast<std::int64_t>(max)) {
        return bad_spec(fmt::format("{}.{} must be a whole number from 0 to {}", where, key, max), key);
    }
    return static_cast<std::size_t>(v.get<std::int64_t>());
}

Result<VariableSpec> parse_variable(const json& v, std::size_t index) {
    const std::string where = fmt::format("variables[{}]", index);
    if (!v.is_object()) return bad_spec(where + " must be an object like {\"name\": \"age\"}", where);
    if (auto st = known_keys(v, {"name", "breaks", "groups"}, where); !st) return tl::unexpected(st.error());
    if (!v.contains("name") || !v["name"].is_string() || v["name"].get<std::string>().empty()) {
        return bad_spec(where + ".name must be a non-empty string (the column name)", where);
    }
    VariableSpec out;
    out.name = v["name"].get<std::string>();
    const std::string named = fmt::format("variable '{}'", out.name);
    if (v.contains("breaks") && v.contains("groups")) {
        return bad_spec(named + " has both breaks and groups; give one", out.name);
    }
    if (v.contains("breaks")) {
        out.mode = BinningMode::kBreaks;
        if (!v["breaks"].is_array()) return bad_spec(named + ": breaks must be an array of numbers", out.name);
        for (const auto& b : v["breaks"]) {
            if (!b.is_number() || !std::isfinite(b.get<double>())) {
                return bad_spec(fmt::format("{}: break {} is not a finite number", named, json_text(b)), out.name);
            }
            out.breaks.push_back(b.get<double>());
        }
    } else if (v.contains("groups")) {
        out.mode = BinningMode::kGroups;
        if (!v["groups"].is_array() || v["groups"].empty()) {
            return bad_spec(named + ": groups must be a non-empty array of arrays of levels", out.name);
        }
        for (const auto& g : v["groups"]) {
            if (!g.is_array() || g.empty()) {
                return bad_spec(named + ": each group must be a non-empty array of levels, e.g. [\"rent\", \"own\"]",
                                out.name);
            }
            std::vector<std::string> levels;
            for (const auto& level : g) {
                if (level.is_string()) {
                    levels.push_back(level.get<std::string>());
                } else if (level.is_number()) {
                    levels.push_back(json_text(level));
                } else {
                    return bad_spec(fmt::format("{}: level {} is neither text nor a number", named, json_text(level)),
                                    out.name);
                }
            }
            out.groups.push_back(std::move(levels));
        }
    }
    Binning check;
    check.kind = out.mode == BinningMode::kGroups ? BinKind::kCategorical : BinKind::kNumeric;
    check.breaks = out.breaks;
    check.groups = out.groups;
    if (out.mode != BinningMode::kAuto) {
        if (auto st = validate(check, out.name); !st) return bad_spec(st.error().message, out.name);
    }
    return out;
}

}  // namespace

Result<ScorecardSpec> parse_spec(std::string_view text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        return bad_spec(fmt::format("not valid JSON at byte {}: {}", e.byte, e.what()));
    } catch (const json::exception& e) {  // a number beyond the range of a double (333E333333333), ...
        return bad_spec(fmt::format("not readable JSON: {}", e.what()));
    }
    if (!j.is_object()) return bad_spec("the spec must be a JSON object with \"variables\" and \"scaling\"");
    if (auto st = known_keys(j, {"variables", "scaling", "auto_binning", "filter", "reasons", "psi_bins"}, "spec");
        !st) {
        return tl::unexpected(st.error());
    }
    ScorecardSpec spec;
    if (!j.contains("variables") || !j["variables"].is_array() || j["variables"].empty()) {
        return bad_spec("\"variables\" must be a non-empty array", "variables");
    }
    for (std::size_t i = 0; i < j["variables"].size(); ++i) {
        auto v = parse_variable(j["variables"][i], i);
        if (!v) return tl::unexpected(v.error());
        spec.variables.push_back(std::move(*v));
    }
    if (j.contains("scaling")) {
        const auto& s = j["scaling"];
        if (!s.is_object()) return bad_spec("\"scaling\" must be an object", "scaling");
        if (auto st = known_keys(s, {"points0", "odds0", "pdo", "round"}, "scaling"); !st) {
            return tl::unexpected(st.error());
        }
        auto p0 = number_at(s, "points0", "scaling", spec.scaling.points0);
        auto o0 = number_at(s, "odds0", "scaling", spec.scaling.odds0);
        auto pdo = number_at(s, "pdo", "scaling", spec.scaling.pdo);
        for (const auto* r : {&p0, &o0, &pdo}) {
            if (!*r) return tl::unexpected(r->error());
        }
        spec.scaling.points0 = *p0;
        spec.scaling.odds0 = *o0;
        spec.scaling.pdo = *pdo;
        if (s.contains("round")) {
            if (!s["round"].is_boolean()) return bad_spec("scaling.round must be true or false", "round");
            spec.scaling.round = s["round"].get<bool>();
        }
        if (auto c = scale_constants(spec.scaling); !c) return bad_spec(c.error().message, c.error().field);
    }
    if (j.contains("auto_binning")) {
        const auto& a = j["auto_binning"];
        if (!a.is_object()) return bad_spec("\"auto_binning\" must be an object", "auto_binning");
        if (auto st = known_keys(a, {"fine_classes", "min_share", "max_bins"}, "auto_binning"); !st) {
            return tl::unexpected(st.error());
        }
        auto fine = count_at(a, "fine_classes", "auto_binning", spec.auto_binning.fine_classes, 1000);
        auto share = number_at(a, "min_share", "auto_binning", spec.auto_binning.min_share);
        auto max_bins = count_at(a, "max_bins", "auto_binning", spec.auto_binning.max_bins, 1000);
        if (!fine) return tl::unexpected(fine.error());
        if (!share) return tl::unexpected(share.error());
        if (!max_bins) return tl::unexpected(max_bins.error());
        spec.auto_binning = {*fine, *share, *max_bins};
        if (auto st = validate(spec.auto_binning); !st) return bad_spec(st.error().message, "auto_binning");
    }
    if (j.contains("filter")) {
        const auto& f = j["filter"];
        if (!f.is_object()) return bad_spec("\"filter\" must be an object", "filter");
        if (auto st = known_keys(f, {"min_iv", "max_missing_rate", "max_identical_rate"}, "filter"); !st) {
            return tl::unexpected(st.error());
        }
        FilterThresholds t;
        auto iv = number_at(f, "min_iv", "filter", t.min_iv);
        auto mr = number_at(f, "max_missing_rate", "filter", t.max_missing_rate);
        auto ir = number_at(f, "max_identical_rate", "filter", t.max_identical_rate);
        for (const auto* r : {&iv, &mr, &ir}) {
            if (!*r) return tl::unexpected(r->error());
        }
        spec.filter = FilterThresholds{*iv, *mr, *ir};
    }
    auto reasons = count_at(j, "reasons", "spec", spec.reasons, 100);
    if (!reasons) return tl::unexpected(reasons.error());
    spec.reasons = *reasons;
    auto psi_bins = count_at(j, "psi_bins", "spec", spec.psi_bins, 1000);
    if (!psi_bins) return tl::unexpected(psi_bins.error());
    if (*psi_bins < 1) return bad_spec("psi_bins must be at least 1", "psi_bins");
    spec.psi_bins = *psi_bins;
    return spec;
}

namespace {

const char* mode_name(BinningMode m) {
    switch (m) {
        case BinningMode::kBreaks:
            return "breaks";
        case BinningMode::kGroups:
            return "groups";
        case BinningMode::kAuto:
            return "auto";
    }
    return "auto";
}

ojson set_json(const SetResult& s) {
    ojson out;
    out["rows"] = s.rows.size();
    std::size_t bads = 0;
    for (const auto& r : s.rows) bads += r.bad ? 1 : 0;
    out["bad"] = bads;
    if (s.metrics) {
        out["ks"] = s.metrics->ks;
        out["auc"] = s.metrics->auc;
        out["gini"] = s.metrics->gini;
    } else {
        out["ks"] = nullptr;
        out["auc"] = nullptr;
        out["gini"] = nullptr;
    }
    ojson scores = ojson::array();
    ojson probs = ojson::array();
    ojson reasons = ojson::array();
    for (const auto& r : s.rows) {
        scores.push_back(r.score);
        probs.push_back(r.p_bad);
        reasons.push_back(r.reasons);
    }
    out["scores"] = std::move(scores);
    out["p_bad"] = std::move(probs);
    out["reasons"] = std::move(reasons);
    return out;
}

}  // namespace

ojson to_json(const ScorecardResult& r, const ScorecardSpec& spec) {
    ojson out;
    out["target"] = r.target;
    out["bad"] = r.bad_value;
    out["good"] = r.good_value;
    out["woe"] = "ln(%bad/%good)";
    ojson vars = ojson::array();
    for (const auto& v : r.variables) {
        ojson jv;
        jv["name"] = v.name;
        jv["type"] = v.binning.kind == BinKind::kNumeric ? "numeric" : "categorical";
        jv["binning"] = mode_name(v.mode);
        if (v.binning.kind == BinKind::kNumeric) {
            jv["breaks"] = v.binning.breaks;
        } else {
            jv["groups"] = v.binning.groups;
        }
        ojson bins = ojson::array();
        for (std::size_t k = 0; k < v.woe.bins.size(); ++k) {
            const auto& b = v.woe.bins[k];
            ojson jb;
            jb["label"] = v.labels[k];
            jb["count"] = b.count;
            jb["good"] = b.good;
            jb["bad"] = b.bad;
            jb["woe"] = b.woe;
            jb["iv"] = b.iv;
            if (!v.points.empty()) jb["points"] = v.points[k];
            if (!v.test_counts.empty()) jb["test_count"] = v.test_counts[k];
            bins.push_back(std::move(jb));
        }
        jv["bins"] = std::move(bins);
        jv["iv"] = v.woe.iv;
        jv["missing_rate"] = v.missing_rate;
        jv["identical_rate"] = v.identical_rate;
        jv["in_model"] = v.model_index.has_value();
        if (!v.dropped_because.empty()) jv["dropped_because"] = v.dropped_because;
        if (v.psi) jv["psi"] = *v.psi;
        if (v.csi) jv["csi"] = *v.csi;
        vars.push_back(std::move(jv));
    }
    out["variables"] = std::move(vars);

    ojson model;
    model["outcome"] = "P(" + r.target + " = " + r.bad_value + ")";
    model["intercept"] = {{"estimate", r.fit.coefficients[0]}, {"se", r.fit.standard_errors[0]}};
    ojson coefs = ojson::array();
    for (std::size_t m = 0; m < r.model_variables.size(); ++m) {
        coefs.push_back({{"name", r.variables[r.model_variables[m]].name},
                         {"estimate", r.fit.coefficients[m + 1]},
                         {"se", r.fit.standard_errors[m + 1]}});
    }
    model["coefficients"] = std::move(coefs);
    model["deviance"] = r.fit.deviance;
    model["null_deviance"] = r.fit.null_deviance;
    model["aic"] = r.fit.aic;
    model["iterations"] = r.fit.iterations;
    model["n"] = r.fit.n;
    out["model"] = std::move(model);

    ojson card;
    card["points0"] = spec.scaling.points0;
    card["odds0"] = spec.scaling.odds0;
    card["pdo"] = spec.scaling.pdo;
    card["round"] = spec.scaling.round;
    card["factor"] = r.card.constants.factor;
    card["offset"] = r.card.constants.offset;
    card["base_points"] = r.card.base_points;
    ojson cvars = ojson::array();
    for (std::size_t m = 0; m < r.model_variables.size(); ++m) {
        const auto& v = r.variables[r.model_variables[m]];
        ojson bins = ojson::array();
        for (std::size_t k = 0; k < v.points.size(); ++k)
            bins.push_back({{"label", v.labels[k]}, {"points", v.points[k]}});
        cvars.push_back({{"name", v.name}, {"bins", std::move(bins)}});
    }
    card["variables"] = std::move(cvars);
    out["card"] = std::move(card);

    out["train"] = set_json(r.train);
    if (r.test) out["test"] = set_json(*r.test);
    if (r.psi) {
        out["psi"] = {{"score", r.psi->psi},
                      {"edges", r.psi->edges},
                      {"train_counts", r.psi->expected},
                      {"test_counts", r.psi->actual}};
    }
    return out;
}

std::string card_text(const ScorecardResult& r, const ScorecardSpec& spec) {
    std::string s;
    const auto& c = r.card.constants;
    auto num = [&](double v) { return spec.scaling.round ? fmt::format("{:.0f}", v) : fmt::format("{:.2f}", v); };
    s += fmt::format("Scorecard for {} (bad = '{}', good = '{}'), {} training rows\n", r.target, r.bad_value,
                     r.good_value, r.train.rows.size());
    s += fmt::format(
        "Scaling: {} points at good:bad odds {}:1, {} points to double the odds (factor {:.4f}, offset "
        "{:.4f})\n",
        format_number(spec.scaling.points0), format_number(spec.scaling.odds0), format_number(spec.scaling.pdo),
        c.factor, c.offset);
    s += fmt::format("Base points {}\n", num(r.card.base_points));
    for (const auto& v : r.variables) {
        s += "\n";
        if (v.model_index) {
            const std::size_t m = *v.model_index + 1;
            s += fmt::format("{}  IV {:.4f}  coefficient {:.4f} (se {:.4f})\n", v.name, v.woe.iv, r.fit.coefficients[m],
                             r.fit.standard_errors[m]);
        } else {
            std::string why;
            for (const auto& d : v.dropped_because) why += (why.empty() ? "" : "; ") + d;
            s += fmt::format("{}  IV {:.4f}  not in the model: {}\n", v.name, v.woe.iv, why);
        }
        std::size_t width = 4;
        for (const auto& l : v.labels) width = std::max(width, l.size());
        width = std::min<std::size_t>(width, 60);
        s += fmt::format("  {:<{}}  {:>6}  {:>6}  {:>8}  {:>9}  {:>7}\n", "bin", width, "count", "bad", "bad rate",
                         "WoE", v.model_index ? "points" : "");
        for (std::size_t k = 0; k < v.woe.bins.size(); ++k) {
            const auto& b = v.woe.bins[k];
            std::string label = v.labels[k];
            if (label.size() > width) label = label.substr(0, width - 3) + "...";
            s += fmt::format("  {:<{}}  {:>6}  {:>6}  {:>8.4f}  {:>9.4f}  {:>7}\n", label, width, b.count, b.bad,
                             b.count ? static_cast<double>(b.bad) / static_cast<double>(b.count) : 0.0, b.woe,
                             v.model_index ? num(v.points[k]) : "");
        }
    }
    s += "\n";
    auto metrics_line = [&](const char* name, const SetResult& set) {
        if (!set.metrics) return fmt::format("{}: {} rows, no KS/AUC (needs goods and bads)\n", name, set.rows.size());
        return fmt::format("{}: {} rows, KS {:.4f}, AUC {:.4f}, Gini {:.4f}\n", name, set.rows.size(), set.metrics->ks,
                           set.metrics->auc, set.metrics->gini);
    };
    s += fmt::format("Model: deviance {:.4f}, AIC {:.4f}, intercept {:.4f} (se {:.4f})\n", r.fit.deviance, r.fit.aic,
                     r.fit.coefficients[0], r.fit.standard_errors[0]);
    s += metrics_line("Train", r.train);
    if (r.test) s += metrics_line("Test", *r.test);
    if (r.psi) s += fmt::format("PSI of the score, train to test: {:.4f}\n", r.psi->psi);
    return s;
}

}  // namespace yandian::credit
