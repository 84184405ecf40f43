// JSON answers for the CLI and the HTTP API. Field names follow the contract of the bearing data system:
// input, canonical, type, series, d, D, B, T, r_min, seal, clearance, precision, cage, suffixes, C_kN, C0_kN,
// estimated, equivalents [{system, designation}], warnings; fields that do not apply are null.
#include "catalog/catalog_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "catalog/embedded_tables.hpp"
#include "catalog/equivalents.hpp"

namespace yandian::catalog {

using nlohmann::json;

const Catalog& default_catalog() {
    static const Catalog catalog = [] {
        std::vector<TableInput> inputs;
        for (const auto& t : detail::embedded_tables()) inputs.push_back({t.name, t.text});
        auto loaded = Catalog::load(inputs);
        if (!loaded) throw std::logic_error("bundled catalogue tables are invalid: " + loaded.error().message);
        return std::move(*loaded);
    }();
    return catalog;
}

namespace {

json num(double v) { return v > 0 && std::isfinite(v) ? json(v) : json(nullptr); }

json round_to(double v, int digits) {
    if (!std::isfinite(v)) return nullptr;
    const double scale = std::pow(10.0, digits);
    return std::round(v * scale) / scale;
}

json code_or_null(const Designation& des, PartKind kind) {
    std::string joined;
    for (uint8_t i = 0; i < des.part_count; ++i) {
        const Part& p = des.parts[i];
        if (p.kind != kind || p.canonical.empty()) continue;
        if (joined.find(p.canonical) != std::string::npos) continue;
        joined += p.canonical;
    }
    return joined.empty() ? json(nullptr) : json(joined);
}

Brand implied_brand(const Designation& des) {
    if (des.brand != Brand::kNone && des.brand != Brand::kGbOld) return des.brand;
    static constexpr std::pair<std::string_view, Brand> kMarks[] = {
        {"(SKF", Brand::kSkf},   {"(FAG", Brand::kFag},     {"(NSK", Brand::kNsk},       {"(NTN", Brand::kNtn},
        {"(KOYO", Brand::kKoyo}, {"(NACHI", Brand::kNachi}, {"(TIMKEN", Brand::kTimken},
    };
    for (uint8_t i = 0; i < des.part_count; ++i) {
        for (const auto& [mark, brand] : kMarks) {
            if (des.parts[i].meaning.find(mark) != std::string_view::npos) return brand;
        }
    }
    return Brand::kNone;
}

std::string design_code(const Designation& des) {
    if (des.type == BearingType::kAngularContactBall) {
        const Part* p = des.find(PartKind::kContactAngle);
        return p != nullptr ? std::string(p->canonical) : std::string("B");
    }
    for (uint8_t i = 0; i < des.part_count; ++i) {
        if (des.parts[i].kind == PartKind::kInternalDesign && !des.parts[i].canonical.empty()) {
            return std::string(des.parts[i].canonical);
        }
    }
    return {};
}

struct RatingChoice {
    double c_kn = 0;
    double c0_kn = 0;
    double f0 = 0;
    bool estimated = false;
    std::string brand;
    std::string source;
    std::optional<Geometry> geometry;
    std::vector<const PublishedRating*> published;
};

RatingChoice choose_rating(const Catalog& cat, const Designation& des, const std::optional<Dimensions>& dims,
                           json& warnings) {
    RatingChoice rc;
    const std::string basic = basic_designation(des);
    const std::string design = design_code(des);
    const Brand brand = implied_brand(des);
    const std::string brand_text(brand_name(brand));

    rc.geometry = cat.geometry(basic);
    if (!rc.geometry && dims) {
        const Part* angle = des.find(PartKind::kContactAngle);
        const double width = dims->B > 0 ? dims->B : dims->H;
        rc.geometry = estimate_geometry(des.type, angle != nullptr ? angle->canonical : std::string_view{}, dims->d,
                                        dims->D, width);
    }
    std::optional<IsoRating> iso;
    if (rc.geometry) iso = iso_rating(des.type, *rc.geometry);
    if (iso) rc.f0 = iso->f0;

    for (const auto* r : cat.ratings(basic)) {
        if (r->design == design) rc.published.push_back(r);
    }
    const PublishedRating* chosen = nullptr;
    for (const auto* r : rc.published) {
        if (!brand_text.empty() && r->brand == brand_text) chosen = r;
    }
    if (chosen == nullptr && !rc.published.empty()) {
        for (const auto* r : rc.published) {
            if (r->brand == "KOYO") chosen = r;
        }
        if (chosen == nullptr) chosen = rc.published.front();
        if (!brand_text.empty()) {
            warnings.push_back("no " + brand_text + " rating bundled for " + basic + design + "; " + chosen->brand +
                               " catalogue value given");
        }
    }
    if (chosen != nullptr) {
        rc.c_kn = chosen->c_kn;
        rc.c0_kn = chosen->c0_kn;
        rc.brand = chosen->brand;
        rc.source = chosen->source;
        return rc;
    }
    if (iso) {
        rc.c_kn = iso->c_kn;
        rc.c0_kn = iso->c0_kn;
        rc.estimated = true;
        rc.source = iso->method + "; geometry " + rc.geometry->source;
        if (is_roller(des.type)) {
            warnings.push_back(
                "roller rating estimated with the ISO 281 roller f_c table as recalled (not yet "
                "checked against the standard)");
        }
        return rc;
    }
    warnings.push_back(
        "no load rating: neither a published value nor boundary dimensions for an ISO 281 estimate "
        "are bundled for " +
        basic);
    return rc;
}

json parts_json(const Designation& des) {
    json arr = json::array();
    for (uint8_t i = 0; i < des.part_count; ++i) {
        const Part& p = des.parts[i];
        json item = {{"code", std::string(p.code)},
                     {"kind", std::string(part_kind_name(p.kind))},
                     {"canonical", p.canonical.empty() ? json(nullptr) : json(std::string(p.canonical))},
                     {"meaning", std::string(p.meaning)},
                     {"position", p.position}};
        if (p.kind == PartKind::kAccessory) item["code"] = std::string(des.accessory_view());
        arr.push_back(std::move(item));
    }
    return arr;
}

json housing_json(const std::optional<HousingDimensions>& h) {
    if (!h) return nullptr;
    return {{"unit", h->unit},    {"H", num(h->H)},   {"L", num(h->L)},
            {"J", num(h->J)},     {"A", num(h->A)},   {"N", num(h->N)},
            {"H1", num(h->H1)},   {"A1", num(h->A1)}, {"bolt", h->bolt.empty() ? json(nullptr) : json(h->bolt)},
            {"source", h->source}};
}

struct Shown {
    Designation des;
    std::optional<Dimensions> dims;
    RatingChoice rating;
    json doc;
};

Result<Shown> build_show(const Catalog& cat, std::string_view input) {
    auto parsed = parse_designation(input);
    if (!parsed) return tl::unexpected(parsed.error());
    Shown s;
    s.des = *parsed;
    const Designation& des = s.des;
    json warnings = json::array();
    const std::string canon = canonical(des);
    if (des.notation == Notation::kJapaneseSeries) {
        warnings.push_back("68xx/69xx is the Japanese spelling of the ISO 618/619 series; canonical " +
                           basic_designation(des));
    }
    if (des.notation == Notation::kOldChinese) {
        warnings.push_back("old GB 272-88 designation " + std::string(des.old_code_view()) + " read as " + canon);
    }
    if (des.old_reading_differs) {
        ParseOptions opt;
        opt.force_old_system = true;
        auto old = parse_designation(input, opt);
        if (old) {
            warnings.push_back("read as the ISO designation " + canon + "; in the old GB 272-88 system " +
                               std::string(input) + " denotes " + canonical(*old) + " (write \"GB-old " +
                               std::string(input) + "\" for that reading)");
        }
    }
    s.dims = cat.dimensions(des);
    if (!s.dims) {
        warnings.push_back("boundary dimensions of " + basic_designation(des) + " are not in the bundled tables");
    } else if (!s.dims->checked) {
        warnings.push_back("boundary dimensions from a table not yet checked against a published catalogue");
    }
    if (s.dims && des.notation == Notation::kInch && !(s.dims->T > 0)) {
        warnings.push_back(
            "inch cone or cup named alone (or a set not listed): only that part's dimensions are given, "
            "see dimensions_source");
    }
    s.rating = choose_rating(cat, des, s.dims, warnings);
    const Dimensions dims = s.dims.value_or(Dimensions{});
    json equivalents_arr = json::array();
    for (const auto& e : equivalents(des)) {
        equivalents_arr.push_back({{"system", e.system}, {"designation", e.designation}, {"verified", e.verified}});
    }
    json ratings_arr = json::array();
    for (const auto* r : s.rating.published) {
        ratings_arr.push_back({{"brand", r->brand}, {"C_kN", r->c_kn}, {"C0_kN", r->c0_kn}, {"source", r->source}});
    }
    const bool tapered = des.type == BearingType::kTaperedRoller || des.type == BearingType::kTaperedRollerInch;
    const bool thrust = is_thrust(des.type);
    s.doc = {
        {"input", std::string(input)},
        {"canonical", canon},
        {"basic", basic_designation(des)},
        {"type", std::string(type_name(des.type))},
        {"type_label", std::string(type_label(des.type))},
        {"series", des.series.empty() ? json(nullptr) : json(std::string(des.type_prefix) + std::string(des.series))},
        {"dimension_series", des.dimension_series.empty() ? json(nullptr) : json(std::string(des.dimension_series))},
        {"brand", des.brand == Brand::kNone ? json(nullptr) : json(std::string(brand_name(des.brand)))},
        {"notation", des.notation == Notation::kIso              ? "iso"
                     : des.notation == Notation::kJapaneseSeries ? "japanese_series"
                     : des.notation == Notation::kOldChinese     ? "gb_old"
                                                                 : "inch"},
        {"d", num(dims.d > 0 ? dims.d : des.d)},
        {"D", num(dims.D)},
        {"B", num(dims.B)},
        {"T", num(tapered  ? dims.T
                  : thrust ? dims.H
                           : 0)},
        {"C_width", num(dims.C)},
        {"r_min", num(dims.r_min)},
        {"S", num(dims.S)},
        {"dimensions_source", s.dims ? json(dims.source) : json(nullptr)},
        {"dimensions_checked", s.dims ? json(dims.checked) : json(nullptr)},
        {"housing", housing_json(cat.housing(des))},
        {"seal", code_or_null(des, PartKind::kSeal)},
        {"clearance", code_or_null(des, PartKind::kClearance)},
        {"precision", code_or_null(des, PartKind::kPrecision)},
        {"cage", code_or_null(des, PartKind::kCage)},
        {"suffixes", parts_json(des)},
        {"C_kN", s.rating.c_kn > 0 ? round_to(s.rating.c_kn, s.rating.estimated ? 1 : 3) : json(nullptr)},
        {"C0_kN", s.rating.c0_kn > 0 ? round_to(s.rating.c0_kn, s.rating.estimated ? 1 : 3) : json(nullptr)},
        {"estimated", s.rating.c_kn > 0 ? json(s.rating.estimated) : json(nullptr)},
        {"rating_brand", s.rating.brand.empty() ? json(nullptr) : json(s.rating.brand)},
        {"rating_source", s.rating.source.empty() ? json(nullptr) : json(s.rating.source)},
        {"published_ratings", ratings_arr},
        {"equivalents", equivalents_arr},
        {"warnings", warnings},
    };
    return s;
}

}  // namespace

Result<json> show_json(const Catalog& cat, std::string_view designation) {
    auto shown = build_show(cat, designation);
    if (!shown) return tl::unexpected(shown.error());
    return std::move(shown->doc);
}

Result<json> search_json(const Catalog& cat, std::string_view size_query) {
    auto q = parse_size_query(size_query);
    if (!q) return tl::unexpected(q.error());
    const auto hits = cat.by_size(*q);
    json groups = json::array();
    for (const auto* e : hits) {
        const std::string t(type_name(e->type));
        if (groups.empty() || groups.back()["type"] != t) {
            groups.push_back(
                {{"type", t}, {"type_label", std::string(type_label(e->type))}, {"bearings", json::array()}});
        }
        groups.back()["bearings"].push_back(
            {{"designation", e->designation},
             {"d", num(e->dims.d)},
             {"D", num(e->dims.D)},
             {"B", num(e->dims.B)},
             {"T",
              num(e->type == BearingType::kTaperedRoller || e->type == BearingType::kTaperedRollerInch ? e->dims.T
                                                                                                       : e->dims.H)}});
    }
    return json{{"query", std::string(size_query)}, {"d", num(q->d)},       {"D", num(q->D)},
                {"width", num(q->width)},           {"count", hits.size()}, {"groups", groups}};
}

json typeahead_json(const Catalog& cat, std::string_view prefix, size_t limit) {
    json results = json::array();
    auto hits = cat.typeahead(prefix, limit);
    std::string read_as;
    if (hits.empty()) {
        // a full designation in any spelling ("6205-2RSH/C3", "180205", "6805ZZ") suggests its basic designation
        if (auto parsed = parse_designation(prefix)) {
            read_as = basic_designation(*parsed);
            hits = cat.typeahead(read_as, limit);
        }
    }
    for (const auto* e : hits) {
        results.push_back({{"designation", e->designation},
                           {"type", std::string(type_name(e->type))},
                           {"d", num(e->dims.d)},
                           {"D", num(e->dims.D)},
                           {"B", num(e->dims.B > 0                            ? e->dims.B
                                     : e->type == BearingType::kTaperedRoller ? e->dims.T
                                                                              : e->dims.H)}});
    }
    return json{{"query", std::string(prefix)},
                {"read_as", read_as.empty() ? json(nullptr) : json(read_as)},
                {"results", results}};
}

Result<json> life_json(const Catalog& cat, std::string_view designation, double fr_n, double fa_n, double rpm,
                       double a_iso) {
    if (!std::isfinite(rpm) || !(rpm > 0)) {
        return fail(ErrorCode::kInvalidArgument, "speed must be a positive number of rev/min", "rpm");
    }
    if (!std::isfinite(a_iso) || !(a_iso > 0) || a_iso > 50) {
        return fail(ErrorCode::kInvalidArgument, "a_ISO must be in (0, 50] (ISO 281 caps it at 50)", "a_iso");
    }
    if (!std::isfinite(fr_n) || !std::isfinite(fa_n) || fr_n < 0 || fa_n < 0 || (fr_n == 0 && fa_n == 0)) {
        return fail(ErrorCode::kInvalidArgument, "loads must be finite, not negative and not both zero (N)", "fr");
    }
    auto shown = build_show(cat, designation);
    if (!shown) return tl::unexpected(shown.error());
    json doc = std::move(shown->doc);
    const RatingChoice& rc = shown->rating;
    if (!(rc.c_kn > 0)) {
        return fail(ErrorCode::kFailedPrecondition,
                    "no load rating available for " + basic_designation(shown->des) +
                        " (no published value and no "
                        "bundled boundary dimensions)",
                    "designation");
    }
    double f0 = rc.f0;
    if (!(f0 > 0) && rc.geometry) {
        f0 = f0_radial_ball(rc.geometry->dw * std::cos(rc.geometry->alpha_deg * std::acos(-1.0) / 180) /
                            rc.geometry->dpw);
    }
    auto eq = equivalent_load(shown->des, LoadCase{fr_n, fa_n, rc.c0_kn * 1000, f0});
    if (!eq) return tl::unexpected(eq.error());
    const Life life = basic_life(rc.c_kn * 1000, eq->p_n, is_roller(shown->des.type), rpm, a_iso);
    if (!eq->warning.empty()) doc["warnings"].push_back(eq->warning);
    json load = {{"fr_N", fr_n},
                 {"fa_N", fa_n},
                 {"rpm", rpm},
                 {"f0", f0 > 0 ? round_to(f0, 2) : json(nullptr)},
                 {"table_key", eq->key > 0 ? round_to(eq->key, 4) : json(nullptr)},
                 {"e", eq->e > 0 ? round_to(eq->e, 4) : json(nullptr)},
                 {"X", round_to(eq->x, 4)},
                 {"Y", round_to(eq->y, 4)},
                 {"P_N", round_to(eq->p_n, 2)},
                 {"factors_estimated", eq->estimated_factors},
                 {"basis", eq->basis}};
    json life_doc = {{"p", round_to(life.exponent, 4)},
                     {"L10_mrev", round_to(life.l10_mrev, 3)},
                     {"L10h", round_to(life.l10_h, 1)},
                     {"a1", 1.0},
                     {"a_iso", a_iso},
                     {"Lnm_h", round_to(life.lnm_h, 1)},
                     {"formula", "L10 = (C/P)^p [10^6 rev]; L10h = 10^6 L10 / (60 n); Lnm = a1 a_ISO L10h"}};
    json defects = nullptr;
    if (rc.geometry) {
        const double fr_hz = rpm / 60.0;
        const DefectFrequencies f = defect_frequencies(*rc.geometry, fr_hz);
        defects = {{"shaft_hz", round_to(fr_hz, 4)},
                   {"FTF_hz", round_to(f.ftf, 4)},
                   {"BPFO_hz", round_to(f.bpfo, 4)},
                   {"BPFI_hz", round_to(f.bpfi, 4)},
                   {"BSF_hz", round_to(f.bsf, 4)},
                   {"orders",
                    {{"FTF", round_to(f.ftf / fr_hz, 5)},
                     {"BPFO", round_to(f.bpfo / fr_hz, 5)},
                     {"BPFI", round_to(f.bpfi / fr_hz, 5)},
                     {"BSF", round_to(f.bsf / fr_hz, 5)}}},
                   {"bsf_convention", "single ball spin frequency (CWRU tables list 2 x BSF)"},
                   {"geometry",
                    {{"Z", rc.geometry->z},
                     {"Dw", round_to(rc.geometry->dw, 4)},
                     {"Dpw", round_to(rc.geometry->dpw, 4)},
                     {"alpha_deg", rc.geometry->alpha_deg},
                     {"estimated", rc.geometry->estimated},
                     {"source", rc.geometry->source}}}};
    }
    doc["load"] = std::move(load);
    doc["life"] = std::move(life_doc);
    doc["defect_frequencies"] = std::move(defects);
    return doc;
}

Result<Geometry> rolling_geometry(const Catalog& cat, std::string_view designation) {
    auto parsed = parse_designation(designation);
    if (!parsed) return tl::unexpected(parsed.error());
    const std::string basic = basic_designation(*parsed);
    if (auto published = cat.geometry(basic)) return *published;
    const auto dims = cat.dimensions(*parsed);
    if (dims) {
        const Part* angle = parsed->find(PartKind::kContactAngle);
        const double width = dims->B > 0 ? dims->B : dims->H;
        auto estimated = estimate_geometry(parsed->type, angle != nullptr ? angle->canonical : std::string_view{},
                                           dims->d, dims->D, width);
        if (estimated) return *estimated;
    }
    return fail(ErrorCode::kNotFound,
                "no rolling-element geometry for " + basic +
                    " (not published in the bundled tables and no boundary dimensions to estimate it from)",
                "bearing");
}

}  // namespace yandian::catalog
