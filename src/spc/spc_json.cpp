#include "spc/spc_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "spc/rules.hpp"

namespace yandian::spc {

namespace {

using nlohmann::json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json number_or_null(const std::optional<double>& v) { return v ? num(*v) : json(nullptr); }

json interval_json(const std::optional<Interval>& i) {
    if (!i) return nullptr;
    return json::array({num(i->lo), num(i->hi)});
}

std::string secondary_name(ChartType t) {
    switch (t) {
        case ChartType::kXbarR:
            return "r";
        case ChartType::kXbarS:
            return "s";
        case ChartType::kIMR:
        case ChartType::kZmr:
            return "mr";
        case ChartType::kCusum:
            return "cusum-lower";
        default:
            return "secondary";
    }
}

}  // namespace

json series_json(const Series& s, const std::string& type, double sigma) {
    json out;
    out["type"] = type;
    const bool empty = s.limits.empty();
    const Limits first = empty ? Limits{} : s.limits_at(0);
    out["center"] = num(first.center);
    out["lcl"] = num(first.lcl);
    out["ucl"] = num(first.ucl);
    out["sigma"] = num(sigma);
    json points = json::array();
    for (std::size_t i = 0; i < s.size() && !empty; ++i) {
        const Limits& l = s.limits_at(i);
        json p;
        p["index"] = s.first_index + i;
        p["value"] = num(s.values[i]);
        p["center"] = num(l.center);
        p["lcl"] = num(l.lcl);
        p["ucl"] = num(l.ucl);
        p["violations"] = s.violations.empty() ? std::vector<int>{} : violation_numbers(s.violations[i]);
        if (s.is_left_out(i)) p["left_out"] = true;  // plotted, not evaluated (spc/left_out.hpp)
        points.push_back(std::move(p));
    }
    out["points"] = std::move(points);
    return out;
}

json chart_json(const Chart& c) {
    const std::string type(chart_type_name(c.type));
    json out = series_json(c.primary, c.type == ChartType::kCusum ? "cusum" : type, c.sigma);
    out["type"] = type;
    if (c.secondary) {
        out["secondary"] = series_json(*c.secondary, secondary_name(c.type),
                                       c.secondary->limits.empty() ? 0.0 : c.secondary->limits_at(0).sigma);
    }
    return out;
}

json capability_json(const Capability& c, double confidence) {
    json out;
    out["n"] = c.n;
    out["mean"] = num(c.mean);
    out["sigma_within"] = num(c.sigma_within);
    out["sigma_overall"] = num(c.sigma_overall);
    out["cp"] = number_or_null(c.cp);
    out["cpl"] = number_or_null(c.cpl);
    out["cpu"] = number_or_null(c.cpu);
    out["cpk"] = number_or_null(c.cpk);
    out["cpm"] = number_or_null(c.cpm);
    out["pp"] = number_or_null(c.pp);
    out["ppl"] = number_or_null(c.ppl);
    out["ppu"] = number_or_null(c.ppu);
    out["ppk"] = number_or_null(c.ppk);
    out["ci"] = {{"confidence", confidence},       {"cp", interval_json(c.ci_cp)}, {"cpk", interval_json(c.ci_cpk)},
                 {"cpm", interval_json(c.ci_cpm)}, {"pp", interval_json(c.ci_pp)}, {"ppk", interval_json(c.ci_ppk)}};
    out["ppm"] = {{"observed", num(c.ppm_observed)},
                  {"expected_within", num(c.ppm_expected_within)},
                  {"expected_overall", num(c.ppm_expected_overall)}};
    if (c.normality) {
        out["normality"] = {{"ad", num(c.normality->ad)}, {"p", num(c.normality->p)}};
    } else {
        out["normality"] = nullptr;
    }
    return out;
}

}  // namespace yandian::spc
