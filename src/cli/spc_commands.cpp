// `yandian spc chart|capability|normality|grr`: reads a CSV file, runs the spc core, prints JSON (or text).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "spc/spc_json.hpp"
#include "common/csv.hpp"
#include "common/result.hpp"
#include "spc/attributes.hpp"
#include "spc/capability.hpp"
#include "spc/grr.hpp"
#include "spc/multivariate.hpp"
#include "spc/nonnormal.hpp"
#include "spc/normality.hpp"
#include "spc/short_run.hpp"
#include "spc/time_weighted.hpp"
#include "spc/variables.hpp"

namespace yandian::cli {
namespace {

using json = nlohmann::ordered_json;
namespace spc = yandian::spc;

// The input file of the running command, named in its error messages (one command runs per process).
std::string& current_input() {
    static std::string path;
    return path;
}

int report(const Error& e) {
    const std::string& input = current_input();
    std::cerr << "yandian spc: " << (input.empty() ? "" : input + ": ") << e.message << "\n";
    return exit_code(e.code);
}

tl::unexpected<Error> bad(std::string message, std::string field = {}) {
    return fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

Result<csv::Table> read_table(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return bad(fmt::format("cannot read input file '{}'", path), "input");
    current_input() = path;
    std::ostringstream ss;
    ss << in.rdbuf();
    auto table = csv::parse(ss.str());
    if (!table) return tl::unexpected(table.error());
    if (table->rows.empty()) return bad("line 2: no data rows after the header (empty file)", "line 2");
    return table;
}

json number_or_null(const std::optional<double>& v) {
    if (!v || !std::isfinite(*v)) return nullptr;
    return *v;
}

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// ---- input shapes ----

struct Variables {
    std::vector<double> values;
    std::vector<std::size_t> sizes;
    std::vector<std::size_t> group_lines;  // line of the first row of each subgroup
    std::vector<std::string> group_ids;
};

Result<Variables> load_variables(const csv::Table& t, std::size_t subgroup_size) {
    Variables v;
    auto values = csv::numeric_column(t, "value");
    if (!values) return tl::unexpected(values.error());
    v.values = std::move(*values);
    if (auto sub = t.column("subgroup")) {
        std::vector<std::string> ids;
        ids.reserve(t.rows.size());
        for (const auto& row : t.rows) ids.push_back(row[*sub]);
        v.sizes = spc::sizes_from_ids(ids);
        std::size_t at = 0;
        for (std::size_t n : v.sizes) {
            v.group_lines.push_back(t.row_lines[at]);
            v.group_ids.push_back(ids[at]);
            at += n;
        }
    } else {
        const std::size_t n = subgroup_size == 0 ? 1 : subgroup_size;
        if (v.values.size() % n != 0) {
            const std::size_t first = v.values.size() - v.values.size() % n;
            return bad(fmt::format("line {}, field 'value': the last subgroup has {} values, --subgroup-size is {}",
                                   t.row_lines[first], v.values.size() % n, n),
                       "value");
        }
        for (std::size_t at = 0; at < v.values.size(); at += n) {
            v.sizes.push_back(n);
            v.group_lines.push_back(t.row_lines[at]);
            v.group_ids.push_back(std::to_string(at / n + 1));
        }
    }
    return v;
}

Status require_pairs(const Variables& v, const std::string& chart) {
    for (std::size_t g = 0; g < v.sizes.size(); ++g) {
        if (v.sizes[g] < 2) {
            return bad(fmt::format("line {}, field 'subgroup': subgroup '{}' has 1 value; an {} chart needs at least 2 "
                                   "values per subgroup (give a 'subgroup' column or --subgroup-size)",
                                   v.group_lines[g], v.group_ids[g], chart),
                       "subgroup");
        }
    }
    return {};
}

struct Attributes {
    std::vector<double> counts;
    std::vector<double> sizes;
};

Result<Attributes> load_attributes(const csv::Table& t, bool size_optional) {
    Attributes a;
    auto counts = csv::numeric_column(t, "count");
    if (!counts) return tl::unexpected(counts.error());
    a.counts = std::move(*counts);
    if (size_optional && !t.column("size")) {
        a.sizes.assign(a.counts.size(), 1.0);
    } else {
        auto sizes = csv::numeric_column(t, "size");
        if (!sizes) return tl::unexpected(sizes.error());
        a.sizes = std::move(*sizes);
    }
    for (std::size_t i = 0; i < a.counts.size(); ++i) {
        if (a.counts[i] < 0 || std::floor(a.counts[i]) != a.counts[i]) {
            return bad(fmt::format("line {}, field 'count': '{}' is not a whole number of 0 or more", t.row_lines[i],
                                   t.rows[i][*t.column("count")]),
                       "count");
        }
        if (!(a.sizes[i] > 0)) {
            return bad(fmt::format("line {}, field 'size': must be positive", t.row_lines[i]), "size");
        }
    }
    return a;
}

// ---- output ----

// Decimals for a chart's numbers in text: three significant digits of its sigma (0.0018 -> 6 decimals), so limits and
// points read at the resolution that matters; 4 when the chart has no sigma (attribute charts with varying limits).
int chart_decimals(const json& s) {
    if (!s.contains("sigma") || !s["sigma"].is_number()) return 4;
    const double sigma = s["sigma"].get<double>();
    if (!(sigma > 0) || !std::isfinite(sigma)) return 4;
    return std::clamp(2 - static_cast<int>(std::floor(std::log10(sigma))), 0, 10);
}

std::string fixed(const json& v, int decimals) {
    if (v.is_number()) return fmt::format("{:.{}f}", v.get<double>(), decimals);
    if (v.is_null()) return "-";
    return v.dump();
}

std::string rule_list(const json& violations) {
    std::string out;
    for (const auto& r : violations) out += (out.empty() ? "" : ",") + r.dump();
    return out.empty() ? "-" : out;
}

void print_series_text(std::ostream& os, const json& s) {
    const int d = chart_decimals(s);
    const std::string sigma = s.contains("sigma") && s["sigma"].is_number()
                                  ? fmt::format("{:.4g}", s["sigma"].get<double>())
                                  : std::string("-");
    os << fmt::format("{}: center {} lcl {} ucl {} sigma {}\n", s["type"].get<std::string>(),
                      fixed(s.value("center", json()), d), fixed(s.value("lcl", json()), d),
                      fixed(s.value("ucl", json()), d), sigma);
    os << fmt::format("{:>6} {:>14} {:>14} {:>14} {:>14}  {}\n", "index", "value", "center", "lcl", "ucl", "rules");
    for (const auto& p : s["points"]) {
        os << fmt::format("{:>6} {:>14} {:>14} {:>14} {:>14}  {}\n", p["index"].get<std::size_t>(),
                          fixed(p["value"], d), fixed(p["center"], d), fixed(p["lcl"], d), fixed(p["ucl"], d),
                          rule_list(p["violations"]));
    }
}


std::string general(const json& v) {
    if (v.is_number_float()) return fmt::format("{:.7g}", v.get<double>());
    if (v.is_null()) return "-";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

// A result as "name: value" lines, nested objects flattened with dots (ci.cpk: [1.535, 2.075]), numbers to seven
// significant digits: for people; the JSON keeps every digit.
void print_fields_text(std::ostream& os, const json& j, const std::string& prefix) {
    for (const auto& [key, value] : j.items()) {
        const std::string name = prefix.empty() ? key : prefix + "." + key;
        if (value.is_object()) {
            print_fields_text(os, value, name);
        } else if (value.is_array() && std::all_of(value.begin(), value.end(), [](const json& v) { return !v.is_structured(); })) {
            std::string items;
            for (const auto& v : value) items += (items.empty() ? "" : ", ") + general(v);
            os << fmt::format("{:<28} [{}]\n", name, items);
        } else if (value.is_array()) {
            os << fmt::format("{:<28} {}\n", name, value.dump());
        } else {
            os << fmt::format("{:<28} {}\n", name, general(value));
        }
    }
}

void print_grr_text(std::ostream& os, const json& g) {
    os << fmt::format("Gauge R&R (ANOVA, crossed): {} parts x {} operators x {} replicates; interaction {}\n",
                      g["parts"].dump(), g["operators"].dump(), g["replicates"].dump(),
                      g["interaction_pooled"].get<bool>() ? "pooled into repeatability" : "kept");
    os << "\nANOVA\n"
       << fmt::format("{:<16} {:>4} {:>12} {:>12} {:>10} {:>10}\n", "source", "df", "SS", "MS", "F", "p");
    for (const auto& [source, r] : g["anova"].items()) {
        os << fmt::format("{:<16} {:>4} {:>12} {:>12} {:>10} {:>10}\n", source, general(r["df"]), general(r["ss"]),
                          general(r["ms"]), general(r["f"]), general(r["p"]));
    }
    os << "\nVariance components\n"
       << fmt::format("{:<16} {:>12} {:>10} {:>9} {:>10} {:>10} {:>10}\n", "source", "variance", "sd", "%contrib",
                      "study var", "%study", "%tolerance");
    auto pct = [](const json& v) { return v.is_number() ? fmt::format("{:.2f}", v.get<double>()) : std::string("-"); };
    for (const auto& [source, c] : g["components"].items()) {
        os << fmt::format("{:<16} {:>12} {:>10} {:>9} {:>10} {:>10} {:>10}\n", source, general(c["variance"]),
                          general(c["sd"]), pct(c["contribution"]), general(c["study_var"]), pct(c["pct_study_var"]),
                          pct(c["pct_tolerance"]));
    }
    os << fmt::format("\nnumber of distinct categories (ndc): {}\n", general(g["ndc"]));
}

int emit(const json& out, const std::string& format, bool chart) {
    if (format == "text") {
        if (chart) {
            print_series_text(std::cout, out);
            if (out.contains("secondary")) print_series_text(std::cout, out["secondary"]);
        } else {
            print_fields_text(std::cout, out, "");
        }
    } else {
        std::cout << out.dump(2) << "\n";
    }
    return 0;
}

// ---- commands ----

struct ChartArgs {
    std::string type;
    std::string input;
    std::size_t subgroup_size = 0;
    std::string rules = "nelson";
    std::size_t phase1 = 0;
    std::vector<std::size_t> exclude;
    double lambda = 0.2;
    double width = 3.0;
    double k = 0.5;
    double h = 4.0;
    std::optional<double> target;
    std::optional<double> sigma_value;
    std::string sigma;
    std::string format = "json";
    bool width_given = false;
};

Result<std::optional<spc::SigmaMethod>> sigma_method(const std::string& s) {
    if (s.empty()) return std::optional<spc::SigmaMethod>{};
    if (s == "rbar") return std::optional{spc::SigmaMethod::kRbar};
    if (s == "sbar") return std::optional{spc::SigmaMethod::kSbar};
    if (s == "pooled") return std::optional{spc::SigmaMethod::kPooled};
    if (s == "mr") return std::optional{spc::SigmaMethod::kMovingRange};
    if (s == "median-mr") return std::optional{spc::SigmaMethod::kMedianMovingRange};
    return bad(fmt::format("--sigma: unknown method '{}'", s), "sigma");
}

Result<spc::Chart> build_chart(const ChartArgs& a, const csv::Table& t) {
    auto method = sigma_method(a.sigma);
    if (!method) return tl::unexpected(method.error());
    auto rules = spc::parse_rules(a.rules);
    if (!rules) return tl::unexpected(rules.error());
    spc::PhaseOptions phase;
    phase.phase1 = a.phase1;
    phase.excluded = a.exclude;
    phase.mean = a.target;
    phase.sigma = a.sigma_value;
    if (a.sigma_value && !(*a.sigma_value > 0)) return bad("--sigma-value must be positive", "sigma-value");

    if (a.type == "xbar-r" || a.type == "xbar-s" || a.type == "imr") {
        auto v = load_variables(t, a.subgroup_size);
        if (!v) return tl::unexpected(v.error());
        spc::VariablesOptions opt;
        opt.phase = phase;
        opt.sigma = *method;
        opt.width = a.width;
        opt.rules = *rules;
        if (a.type == "imr") return spc::imr_chart(v->values, opt);
        if (auto st = require_pairs(*v, a.type == "xbar-r" ? "Xbar-R" : "Xbar-S"); !st)
            return tl::unexpected(st.error());
        return a.type == "xbar-r" ? spc::xbar_r_chart(v->values, v->sizes, opt)
                                  : spc::xbar_s_chart(v->values, v->sizes, opt);
    }
    if (a.type == "ewma" || a.type == "cusum") {
        auto v = load_variables(t, a.subgroup_size);
        if (!v) return tl::unexpected(v.error());
        if (a.type == "ewma") {
            spc::EwmaOptions opt;
            opt.phase = phase;
            opt.lambda = a.lambda;
            opt.width = a.width;
            return spc::ewma_chart(v->values, v->sizes, opt);
        }
        spc::CusumOptions opt;
        opt.phase = phase;
        opt.k = a.k;
        opt.h = a.h;
        return spc::cusum_chart(v->values, v->sizes, opt);
    }
    if (a.type == "p" || a.type == "np" || a.type == "c" || a.type == "u") {
        auto at = load_attributes(t, a.type == "c");
        if (!at) return tl::unexpected(at.error());
        spc::AttributeOptions opt;
        opt.phase = phase;
        opt.width = a.width;
        opt.rules = *rules;
        if (a.type == "p" || a.type == "np") {
            for (std::size_t i = 0; i < at->counts.size(); ++i) {
                if (at->counts[i] > at->sizes[i]) {
                    return bad(fmt::format("line {}, field 'count': {} nonconforming out of a sample of {}",
                                           t.row_lines[i], at->counts[i], at->sizes[i]),
                               "count");
                }
            }
        }
        if (a.type == "p") return spc::p_chart(at->counts, at->sizes, opt);
        if (a.type == "np") return spc::np_chart(at->counts, at->sizes, opt);
        if (a.type == "c") return spc::c_chart(at->counts, opt);
        return spc::u_chart(at->counts, at->sizes, opt);
    }
    if (a.type == "z-mr") {
        auto part = csv::require_column(t, "part");
        if (!part) return tl::unexpected(part.error());
        auto values = csv::numeric_column(t, "value");
        if (!values) return tl::unexpected(values.error());
        std::vector<std::string> parts;
        for (const auto& row : t.rows) parts.push_back(row[*part]);
        spc::ShortRunOptions opt;
        opt.rules = *rules;
        return spc::zmr_chart(*values, parts, opt);
    }
    if (a.type == "t2") {
        // Every numeric column other than subgroup/time is a variable.
        std::vector<std::vector<double>> columns;
        for (const auto& name : t.header) {
            if (name == "subgroup" || name == "time") continue;
            auto col = csv::numeric_column(t, name);
            if (!col) return tl::unexpected(col.error());
            columns.push_back(std::move(*col));
        }
        std::vector<std::size_t> sizes;
        if (auto sub = t.column("subgroup")) {
            std::vector<std::string> ids;
            for (const auto& row : t.rows) ids.push_back(row[*sub]);
            sizes = spc::sizes_from_ids(ids);
        } else {
            sizes.assign(t.rows.size(), a.subgroup_size == 0 ? 1 : a.subgroup_size);
            if (a.subgroup_size > 1) {
                auto fs = spc::fixed_sizes(t.rows.size(), a.subgroup_size);
                if (!fs) return tl::unexpected(fs.error());
                sizes = *fs;
            }
        }
        spc::T2Options opt;
        opt.phase1 = a.phase1;
        return spc::hotelling_t2_chart(columns, sizes, opt);
    }
    return bad(fmt::format("unknown chart type '{}'", a.type), "type");
}

int run_chart(const ChartArgs& a) {
    auto t = read_table(a.input);
    if (!t) return report(t.error());
    auto c = build_chart(a, *t);
    if (!c) return report(c.error());
    return emit(spc::chart_json(*c), a.format, true);
}

struct CapabilityArgs {
    std::string input;
    std::optional<double> lsl, usl, target;
    std::size_t subgroup_size = 0;
    std::string sigma;
    double confidence = 0.95;
    std::string method = "normal";
    std::string format = "json";
};

int run_capability(const CapabilityArgs& a) {
    spc::SpecLimits spec{a.lsl, a.usl, a.target};
    if (auto st = spc::check_spec(spec); !st) return report(st.error());
    auto t = read_table(a.input);
    if (!t) return report(t.error());
    auto v = load_variables(*t, a.subgroup_size);
    if (!v) return report(v.error());
    auto method = sigma_method(a.sigma);
    if (!method) return report(method.error());
    spc::CapabilityOptions opt;
    opt.spec = spec;
    opt.confidence = a.confidence;
    opt.sigma = *method;
    if (a.method == "percentile") {
        auto r = spc::percentile_capability(v->values, spec);
        if (!r) return report(r.error());
        json out;
        out["method"] = a.method;
        out["n"] = v->values.size();
        out["distribution"] = {{"family", std::string(spc::family_name(r->fit.family))},
                               {"a", num(r->fit.a)},
                               {"b", num(r->fit.b)},
                               {"log_likelihood", num(r->fit.log_likelihood)},
                               {"x0_135", num(r->x00135)},
                               {"x50", num(r->x50)},
                               {"x99_865", num(r->x99865)}};
        for (const char* key : {"mean", "sigma_within", "sigma_overall", "cp", "cpl", "cpu", "cpk", "cpm"}) {
            out[key] = nullptr;
        }
        out["pp"] = number_or_null(r->pp);
        out["ppl"] = number_or_null(r->ppl);
        out["ppu"] = number_or_null(r->ppu);
        out["ppk"] = number_or_null(r->ppk);
        out["ci"] = {{"cp", nullptr}, {"cpk", nullptr}, {"pp", nullptr}, {"ppk", nullptr}};
        out["ppm"] = {{"observed", num(r->ppm_observed)},
                      {"expected_within", nullptr},
                      {"expected_overall", num(r->ppm_expected)}};
        auto ad = spc::anderson_darling(v->values);
        out["normality"] = ad ? json{{"ad", num(ad->ad)}, {"p", num(ad->p)}} : json(nullptr);
        return emit(out, a.format, false);
    }
    std::optional<double> lambda;
    std::optional<spc::Johnson> johnson;
    Result<spc::Capability> c = fail(ErrorCode::kInternal, "not computed");
    if (a.method == "johnson") {
        auto j = spc::johnson_capability(v->values, spec);
        if (!j) return report(j.error());
        johnson = j->fit;
        c = j->capability;
    } else if (a.method == "boxcox") {
        auto b = spc::box_cox_capability(v->values, v->sizes, opt);
        if (!b) return report(b.error());
        lambda = b->lambda;
        c = b->capability;
    } else {
        c = spc::capability(v->values, v->sizes, opt);
    }
    if (!c) return report(c.error());
    json out;
    out["method"] = a.method;
    if (lambda) out["lambda"] = *lambda;  // indices below are on the transformed scale
    if (johnson) {
        out["johnson"] = {{"family", std::string(spc::johnson_family_name(johnson->family))},
                          {"gamma", num(johnson->gamma)},
                          {"eta", num(johnson->eta)},
                          {"epsilon", num(johnson->epsilon)},
                          {"lambda", num(johnson->lambda)},
                          {"z", num(johnson->z)},
                          {"ad_p", num(johnson->ad_p)}};
    }
    out.update(spc::capability_json(*c, a.confidence));
    if (johnson) {
        // As Minitab: a Johnson transformation gives overall (performance) indices only.
        for (const char* key : {"sigma_within", "cp", "cpl", "cpu", "cpk", "cpm"}) out[key] = nullptr;
        for (const char* key : {"cp", "cpk", "cpm"}) out["ci"][key] = nullptr;
        out["ppm"]["expected_within"] = nullptr;
    }
    return emit(out, a.format, false);
}

int run_normality(const std::string& input, const std::string& format) {
    auto t = read_table(input);
    if (!t) return report(t.error());
    auto values = csv::numeric_column(*t, "value");
    if (!values) return report(values.error());
    auto r = spc::anderson_darling(*values);
    if (!r) return report(r.error());
    json out = {{"n", r->n},
                {"mean", num(r->mean)},
                {"sd", num(r->sd)},
                {"ad", num(r->ad)},
                {"ad_adjusted", num(r->ad_adjusted)},
                {"p", num(r->p)},
                {"skewness", num(r->skewness)},
                {"kurtosis", num(r->kurtosis)}};
    return emit(out, format, false);
}

json component_json(const spc::VarianceComponent& c) {
    return {{"variance", num(c.variance)},           {"sd", num(c.sd)},
            {"contribution", num(c.contribution)},   {"study_var", num(c.study_var)},
            {"pct_study_var", num(c.pct_study_var)}, {"pct_tolerance", number_or_null(c.pct_tolerance)}};
}

json anova_json(const spc::AnovaRow& r) {
    return {{"df", r.df}, {"ss", num(r.ss)}, {"ms", num(r.ms)}, {"f", number_or_null(r.f)}, {"p", number_or_null(r.p)}};
}

int run_grr(const std::string& input, std::optional<double> lsl, std::optional<double> usl, double alpha,
            const std::string& format) {
    if (lsl && usl && !(*lsl < *usl)) {
        return report(
            Error{ErrorCode::kInvalidArgument, fmt::format("--lsl ({}) must be below --usl ({})", *lsl, *usl), "lsl"});
    }
    auto t = read_table(input);
    if (!t) return report(t.error());
    auto part = csv::require_column(*t, "part");
    if (!part) return report(part.error());
    auto op = csv::require_column(*t, "operator");
    if (!op) return report(op.error());
    auto values = csv::numeric_column(*t, "value");
    if (!values) return report(values.error());
    std::vector<std::string> parts;
    std::vector<std::string> ops;
    for (const auto& row : t->rows) {
        parts.push_back(row[*part]);
        ops.push_back(row[*op]);
    }
    spc::GrrOptions opt;
    opt.alpha_interaction = alpha;
    if (lsl && usl) opt.tolerance = *usl - *lsl;
    auto g = spc::gauge_rr(parts, ops, *values, opt);
    if (!g) return report(g.error());
    json anova = {{"part", anova_json(g->part)},
                  {"operator", anova_json(g->op)},
                  {"part_operator", anova_json(g->interaction)},
                  {"repeatability", anova_json(g->error)},
                  {"total", anova_json(g->total)}};
    if (g->pooled_error) anova["pooled_error"] = anova_json(*g->pooled_error);
    json out = {{"parts", g->parts},
                {"operators", g->operators},
                {"replicates", g->replicates},
                {"interaction_pooled", g->interaction_pooled},
                {"anova", anova},
                {"components",
                 {{"total_grr", component_json(g->grr)},
                  {"repeatability", component_json(g->repeatability)},
                  {"reproducibility", component_json(g->reproducibility)},
                  {"operator", component_json(g->operator_only)},
                  {"part_operator", component_json(g->part_op)},
                  {"part_to_part", component_json(g->part_to_part)},
                  {"total", component_json(g->total_var)}}},
                {"ndc", g->ndc}};
    if (format == "text") {
        print_grr_text(std::cout, out);
        return 0;
    }
    return emit(out, format, false);
}

}  // namespace

void register_spc_commands(CLI::App& app, Action& action) {
    auto* spc_cmd = app.add_subcommand("spc", "Statistical process control: charts, capability, normality, gauge R&R");
    spc_cmd->require_subcommand(1);
    const std::vector<std::string> formats{"json", "text"};

    // chart
    auto chart_args = std::make_shared<ChartArgs>();
    auto* chart = spc_cmd->add_subcommand("chart", "Control chart with run rules");
    chart->add_option("--type", chart_args->type, "Chart type")
        ->required()
        ->check(CLI::IsMember({"xbar-r", "xbar-s", "imr", "p", "np", "c", "u", "ewma", "cusum", "t2", "z-mr"}));
    chart->add_option("--input", chart_args->input, "CSV file")->required();
    chart->add_option("--subgroup-size", chart_args->subgroup_size, "Fixed subgroup size (without a subgroup column)")
        ->check(CLI::PositiveNumber);
    chart->add_option("--rules", chart_args->rules, "nelson, we, none, or a list of Nelson rules with K: 1,2:7,5");
    chart->add_option("--phase1", chart_args->phase1, "Limits from the first N points (subgroups); 0 = all");
    chart->add_option("--exclude", chart_args->exclude, "0-based points left out of the limit computation")
        ->delimiter(',');
    chart->add_option("--lambda", chart_args->lambda, "EWMA weight");
    auto* width = chart->add_option("--width", chart_args->width, "Limits at +/- width sigma (EWMA: L)");
    chart->add_option("--k", chart_args->k, "CUSUM reference value (sigma units)");
    chart->add_option("--h", chart_args->h, "CUSUM decision interval (sigma units)");
    auto* target = chart->add_option("--target", "Given centre (target mean, p, c or u)");
    auto* sigma_value = chart->add_option("--sigma-value", "Given process sigma");
    chart->add_option("--sigma", chart_args->sigma, "Sigma estimate: rbar, sbar, pooled, mr, median-mr");
    chart->add_option("--format", chart_args->format, "json or text")->check(CLI::IsMember(formats));
    chart->callback([chart_args, target, sigma_value, width, &action]() {
        if (target->count() > 0) chart_args->target = target->as<double>();
        if (sigma_value->count() > 0) chart_args->sigma_value = sigma_value->as<double>();
        chart_args->width_given = width->count() > 0;
        if (chart_args->type == "ewma" && !chart_args->width_given) chart_args->width = 3.0;
        action = [chart_args]() { return run_chart(*chart_args); };
    });

    // capability
    auto cap_args = std::make_shared<CapabilityArgs>();
    auto* cap = spc_cmd->add_subcommand("capability", "Capability and performance indices");
    cap->add_option("--input", cap_args->input, "CSV file")->required();
    auto* lsl = cap->add_option("--lsl", "Lower specification limit");
    auto* usl = cap->add_option("--usl", "Upper specification limit");
    auto* cap_target = cap->add_option("--target", "Target (Cpm)");
    cap->add_option("--subgroup-size", cap_args->subgroup_size, "Fixed subgroup size")->check(CLI::PositiveNumber);
    cap->add_option("--sigma", cap_args->sigma, "Within sigma: rbar, sbar, pooled, mr, median-mr");
    cap->add_option("--confidence", cap_args->confidence, "Confidence level of the intervals")
        ->check(CLI::Range(0.5, 0.9999));
    cap->add_option("--method", cap_args->method, "normal, boxcox, johnson or percentile")
        ->check(CLI::IsMember({"normal", "boxcox", "johnson", "percentile"}));
    cap->add_option("--format", cap_args->format, "json or text")->check(CLI::IsMember(formats));
    cap->callback([cap_args, lsl, usl, cap_target, &action]() {
        if (lsl->count() > 0) cap_args->lsl = lsl->as<double>();
        if (usl->count() > 0) cap_args->usl = usl->as<double>();
        if (cap_target->count() > 0) cap_args->target = cap_target->as<double>();
        action = [cap_args]() { return run_capability(*cap_args); };
    });

    // normality
    auto norm_input = std::make_shared<std::string>();
    auto norm_format = std::make_shared<std::string>("json");
    auto* norm = spc_cmd->add_subcommand("normality", "Anderson-Darling normality test, skewness, kurtosis");
    norm->add_option("--input", *norm_input, "CSV file with a value column")->required();
    norm->add_option("--format", *norm_format, "json or text")->check(CLI::IsMember(formats));
    norm->callback([norm_input, norm_format, &action]() {
        action = [norm_input, norm_format]() { return run_normality(*norm_input, *norm_format); };
    });

    // grr
    struct GrrArgs {
        std::string input;
        std::string format = "json";
        double alpha = 0.25;
    };
    auto grr_args = std::make_shared<GrrArgs>();
    auto* grr = spc_cmd->add_subcommand("grr", "Gauge R&R, crossed design, ANOVA method");
    grr->add_option("--input", grr_args->input, "CSV file with part, operator, value")->required();
    auto* grr_lsl = grr->add_option("--lsl", "Lower specification limit (for %Tolerance)");
    auto* grr_usl = grr->add_option("--usl", "Upper specification limit (for %Tolerance)");
    grr->add_option("--alpha", grr_args->alpha, "p-value above which the interaction is pooled")
        ->check(CLI::Range(0.0, 1.0));
    grr->add_option("--format", grr_args->format, "json or text")->check(CLI::IsMember(formats));
    grr->callback([grr_args, grr_lsl, grr_usl, &action]() {
        std::optional<double> lo;
        std::optional<double> hi;
        if (grr_lsl->count() > 0) lo = grr_lsl->as<double>();
        if (grr_usl->count() > 0) hi = grr_usl->as<double>();
        action = [grr_args, lo, hi]() { return run_grr(grr_args->input, lo, hi, grr_args->alpha, grr_args->format); };
    });
}

}  // namespace yandian::cli
