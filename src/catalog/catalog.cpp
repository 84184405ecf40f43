// Bundled tables: CSV loading, dimension look-up, size search and type-ahead.
#include "catalog/catalog.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "catalog/designation_tables.hpp"

namespace yandian::catalog {

namespace {

std::vector<std::string_view> split(std::string_view line, char sep) {
    std::vector<std::string_view> out;
    size_t b = 0;
    while (true) {
        const size_t e = line.find(sep, b);
        out.push_back(line.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
        if (e == std::string_view::npos) break;
        b = e + 1;
    }
    return out;
}

// Rows of a CSV table without comments and header, each with its 1-based line number.
struct CsvRow {
    size_t line;
    std::vector<std::string_view> cells;
};

Result<std::vector<CsvRow>> read_csv(const TableInput& t, size_t columns) {
    std::vector<CsvRow> rows;
    size_t line_no = 0;
    bool header = true;
    for (std::string_view line : split(t.text, '\n')) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        auto cells = split(line, ',');
        if (cells.size() != columns) {
            return fail(ErrorCode::kInvalidArgument,
                        std::string(t.name) + ".csv line " + std::to_string(line_no) + ": expected " +
                            std::to_string(columns) + " fields, found " + std::to_string(cells.size()),
                        std::string(t.name) + ":" + std::to_string(line_no));
        }
        if (header) {
            header = false;
            continue;
        }
        rows.push_back({line_no, std::move(cells)});
    }
    return rows;
}

Result<double> number(const TableInput& t, const CsvRow& row, size_t col, bool allow_empty) {
    const std::string_view s = row.cells[col];
    if (s.empty() && allow_empty) return 0.0;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v) || v < 0) {
        return fail(ErrorCode::kInvalidArgument,
                    std::string(t.name) + ".csv line " + std::to_string(row.line) + " field " +
                        std::to_string(col + 1) + ": '" + std::string(s) + "' is not a number",
                    std::string(t.name) + ":" + std::to_string(row.line) + ":" + std::to_string(col + 1));
    }
    return v;
}

bool near(double a, double b) { return std::fabs(a - b) < 1e-6; }

std::string num_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string normalize_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.') out += c;
    }
    return out;
}

}  // namespace

std::string bore_code_for(double d, bool small_bore_digit, bool slash_for_small) {
    if (near(d, 10)) return "00";
    if (near(d, 12)) return "01";
    if (near(d, 15)) return "02";
    if (near(d, 17)) return "03";
    if (d >= 20 && d <= 480 && near(std::fmod(d, 5.0), 0) && !near(d, 22) && !near(d, 28) && !near(d, 32)) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(std::lround(d / 5)));
        return buf;
    }
    if (d < 10 && near(d, std::round(d)) && small_bore_digit && !slash_for_small) return num_text(d);
    return "/" + num_text(d);
}

Result<Catalog> Catalog::load(std::span<const TableInput> tables) {
    Catalog cat;
    for (const auto& t : tables) {
        const bool radial = t.name.starts_with("iso15_radial");
        const bool thrust = t.name.starts_with("iso104_thrust");
        if (radial || thrust) {
            auto rows = read_csv(t, 6);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                RadialRow r;
                r.dim_series = std::string(row.cells[0]);
                auto d = number(t, row, 1, false);
                auto D = number(t, row, 2, false);
                auto w = number(t, row, 3, false);
                auto rmin = number(t, row, 4, true);
                if (!d) return tl::unexpected(d.error());
                if (!D) return tl::unexpected(D.error());
                if (!w) return tl::unexpected(w.error());
                if (!rmin) return tl::unexpected(rmin.error());
                r.dims.d = *d;
                r.dims.D = *D;
                if (thrust) {
                    r.dims.H = *w;
                } else {
                    r.dims.B = *w;
                }
                r.dims.r_min = *rmin;
                r.dims.checked = t.name.find("unchecked") == std::string_view::npos;
                r.dims.source = std::string(row.cells[5]);
                (thrust ? cat.thrust_ : cat.radial_).push_back(std::move(r));
            }
        } else if (t.name.starts_with("iso355_tapered")) {
            auto rows = read_csv(t, 8);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                TaperedRow r;
                r.series = std::string(row.cells[0]);
                double* fields[] = {&r.dims.d, &r.dims.D, &r.dims.T, &r.dims.B, &r.dims.C, &r.dims.r_min};
                for (size_t k = 0; k < 6; ++k) {
                    auto v = number(t, row, k + 1, k == 5);
                    if (!v) return tl::unexpected(v.error());
                    *fields[k] = *v;
                }
                r.dims.checked = t.name.find("unchecked") == std::string_view::npos;
                r.dims.source = std::string(row.cells[7]);
                cat.tapered_.push_back(std::move(r));
            }
        } else if (t.name.starts_with("insert_bearing")) {
            auto rows = read_csv(t, 6);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                InsertRow r;
                r.series = std::string(row.cells[0]);
                r.code = std::string(row.cells[1]);
                double* fields[] = {&r.dims.d, &r.dims.B, &r.dims.S};
                for (size_t k = 0; k < 3; ++k) {
                    auto v = number(t, row, k + 2, false);
                    if (!v) return tl::unexpected(v.error());
                    *fields[k] = *v;
                }
                r.dims.checked = t.name.find("unchecked") == std::string_view::npos;
                r.dims.source = std::string(row.cells[5]);
                cat.inserts_.push_back(std::move(r));
            }
        } else if (t.name.starts_with("ball_insert")) {
            auto rows = read_csv(t, 8);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                InsertRow r;
                r.prefix = std::string(row.cells[0]);
                if (r.prefix != "UC" && r.prefix != "SB" && r.prefix != "UK" && r.prefix != "SA") {
                    return fail(ErrorCode::kInvalidArgument,
                                std::string(t.name) + ".csv line " + std::to_string(row.line) + ": insert type '" +
                                    r.prefix + "' is not UC, SB, SA or UK",
                                std::string(t.name) + ":" + std::to_string(row.line));
                }
                r.series = std::string(row.cells[1]);
                r.code = std::string(row.cells[2]);
                double* fields[] = {&r.dims.d, &r.dims.D, &r.dims.B, &r.dims.S};
                for (size_t k = 0; k < 4; ++k) {
                    auto v = number(t, row, k + 3, k == 3);
                    if (!v) return tl::unexpected(v.error());
                    *fields[k] = *v;
                }
                r.dims.checked = t.name.find("unchecked") == std::string_view::npos;
                r.dims.source = std::string(row.cells[7]);
                cat.inserts_fyh_.push_back(std::move(r));
            }
        } else if (t.name.starts_with("takeup_unit")) {
            auto rows = read_csv(t, 17);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                UnitRow r;
                r.code = std::string(row.cells[1]);
                r.housing.unit = std::string(row.cells[0]) + "2" + r.code;
                double v[14] = {};  // d, A, A1, A2, H, H1, H2, L, L1, L2, L3, N, N1, N2
                for (size_t k = 0; k < 14; ++k) {
                    auto x = number(t, row, k + 2, false);
                    if (!x) return tl::unexpected(x.error());
                    v[k] = *x;
                }
                r.housing.A = v[1];
                r.housing.A1 = v[2];
                r.housing.H = v[4];
                r.housing.H1 = v[5];
                r.housing.L = v[7];
                r.housing.N = v[11];
                r.housing.source = std::string(row.cells[16]);
                cat.units_.push_back(std::move(r));
            }
        } else if (t.name.starts_with("housed_unit")) {
            auto rows = read_csv(t, 10);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                UnitRow r;
                r.code = std::string(row.cells[1]);
                r.housing.unit = std::string(row.cells[0]) + "2" + r.code;
                double d = 0;
                double* fields[] = {&d, &r.housing.H, &r.housing.L, &r.housing.J, &r.housing.A, &r.housing.N};
                for (size_t k = 0; k < 6; ++k) {
                    auto v = number(t, row, k + 2, k == 1);
                    if (!v) return tl::unexpected(v.error());
                    *fields[k] = *v;
                }
                r.housing.bolt = std::string(row.cells[8]);
                r.housing.source = std::string(row.cells[9]);
                cat.units_.push_back(std::move(r));
            }
        } else if (t.name.starts_with("needle_roller")) {
            auto rows = read_csv(t, 7);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                NeedleRow r;
                r.series = std::string(row.cells[0]);
                double* fields[] = {&r.dims.d, &r.fw, &r.dims.D, &r.dims.B, &r.dims.r_min};
                for (size_t k = 0; k < 5; ++k) {
                    auto v = number(t, row, k + 1, k == 4);
                    if (!v) return tl::unexpected(v.error());
                    *fields[k] = *v;
                }
                r.dims.checked = t.name.find("unchecked") == std::string_view::npos;
                r.dims.source = std::string(row.cells[6]);
                cat.needle_.push_back(std::move(r));
            }
        } else if (t.name.starts_with("needle_cup_cage")) {
            auto rows = read_csv(t, 7);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                CupCageRow r;
                const std::string_view type = row.cells[0];
                r.designation = std::string(row.cells[1]);
                if (type != "HK" && type != "BK" && type != "NK" && type != "NKI") {
                    return fail(ErrorCode::kInvalidArgument,
                                std::string(t.name) + ".csv line " + std::to_string(row.line) + ": type '" +
                                    std::string(type) + "' is not HK, BK, NK or NKI",
                                std::string(t.name) + ":" + std::to_string(row.line));
                }
                if (!r.designation.starts_with(type)) {
                    return fail(ErrorCode::kInvalidArgument,
                                std::string(t.name) + ".csv line " + std::to_string(row.line) + ": designation '" +
                                    r.designation + "' does not start with its type " + std::string(type),
                                std::string(t.name) + ":" + std::to_string(row.line));
                }
                const bool has_inner_ring = type == "NKI";
                double* fields[] = {&r.dims.d, &r.fw, &r.dims.D, &r.dims.B};
                for (size_t k = 0; k < 4; ++k) {
                    auto v = number(t, row, k + 2, k == 0 && !has_inner_ring);
                    if (!v) return tl::unexpected(v.error());
                    *fields[k] = *v;
                }
                if (!has_inner_ring) r.dims.d = r.fw;
                r.dims.checked = t.name.find("unchecked") == std::string_view::npos;
                r.dims.source = std::string(row.cells[6]);
                cat.cup_cage_.push_back(std::move(r));
            }
        } else if (t.name.starts_with("inch_tapered")) {
            auto rows = read_csv(t, 8);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                InchRow r;
                r.cone = std::string(row.cells[0]);
                r.cup = std::string(row.cells[1]);
                if (r.cone.empty() || r.cup.empty()) {
                    return fail(ErrorCode::kInvalidArgument,
                                std::string(t.name) + ".csv line " + std::to_string(row.line) +
                                    ": cone and cup numbers are required",
                                std::string(t.name) + ":" + std::to_string(row.line));
                }
                double* fields[] = {&r.dims.d, &r.dims.D, &r.dims.T, &r.dims.B, &r.dims.C};
                for (size_t k = 0; k < 5; ++k) {
                    auto v = number(t, row, k + 2, false);
                    if (!v) return tl::unexpected(v.error());
                    *fields[k] = *v;
                }
                r.dims.checked = t.name.find("unchecked") == std::string_view::npos;
                r.dims.source = std::string(row.cells[7]);
                cat.inch_.push_back(std::move(r));
            }
        } else if (t.name == "ratings_published") {
            auto rows = read_csv(t, 6);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                PublishedRating p;
                p.designation = std::string(row.cells[0]);
                p.design = std::string(row.cells[1]);
                p.brand = std::string(row.cells[2]);
                auto c = number(t, row, 3, false);
                auto c0 = number(t, row, 4, false);
                if (!c) return tl::unexpected(c.error());
                if (!c0) return tl::unexpected(c0.error());
                p.c_kn = *c;
                p.c0_kn = *c0;
                p.source = std::string(row.cells[5]);
                cat.ratings_.push_back(std::move(p));
            }
        } else if (t.name == "rolling_elements") {
            auto rows = read_csv(t, 7);
            if (!rows) return tl::unexpected(rows.error());
            for (const auto& row : *rows) {
                GeometryRow g;
                g.designation = std::string(row.cells[0]);
                double z = 0;
                double* fields[] = {&z, &g.geometry.dw, &g.geometry.dpw, &g.geometry.alpha_deg};
                for (size_t k = 0; k < 4; ++k) {
                    auto v = number(t, row, k + 2, false);
                    if (!v) return tl::unexpected(v.error());
                    *fields[k] = *v;
                }
                g.geometry.z = static_cast<int>(z);
                g.geometry.estimated = false;
                g.geometry.source =
                    std::string(row.cells[1]) + " " + std::string(row.cells[0]) + ": " + std::string(row.cells[6]);
                cat.geometry_.push_back(std::move(g));
            }
        } else {
            return fail(ErrorCode::kInvalidArgument, "unknown table " + std::string(t.name) + ".csv",
                        std::string(t.name));
        }
    }
    cat.build_entries();
    return cat;
}

std::optional<Dimensions> Catalog::dimensions(const Designation& des) const {
    if (des.series == "MR" && des.d > 0) {
        Dimensions dims;
        dims.d = des.d;
        dims.D = des.outer_from_code;
        dims.checked = true;
        dims.source = "from the designation (MR + D + d)";
        return dims;
    }
    if (des.type == BearingType::kNeedleRoller && (des.type_prefix == "NA" || des.type_prefix == "RNA")) {
        for (const auto& r : needle_) {
            if (r.series != des.series || !near(r.dims.d, des.d)) continue;
            Dimensions dims = r.dims;
            if (des.type_prefix == "RNA") {
                // without inner ring: the bore is the roller inscribed circle Fw of the NA bearing with the same code
                dims.d = r.fw;
                dims.source += " (RNA: d = Fw; NA" + r.series + " inner ring bore " + num_text(r.dims.d) + ")";
            } else {
                dims.source += " (Fw " + num_text(r.fw) + ")";
            }
            return dims;
        }
        return std::nullopt;
    }
    if (des.type == BearingType::kNeedleRoller && des.find(PartKind::kSeal) == nullptr &&
        (des.type_prefix == "HK" || des.type_prefix == "BK" || des.type_prefix == "NK" || des.type_prefix == "NKI")) {
        // tabled drawn cups and NK/NKI (sealed drawn cups can have another D: they keep the designation's numbers)
        const std::string basic = basic_designation(des);
        for (const auto& r : cup_cage_) {
            if (r.designation != basic) continue;
            Dimensions dims = r.dims;
            dims.source += " (Fw " + num_text(r.fw) + ")";
            return dims;
        }
    }
    if (des.type == BearingType::kNeedleRoller && des.dimension_series.empty() && des.d > 0) {
        Dimensions dims;
        dims.d = des.d;  // Fw for drawn cups and cages
        dims.D = des.outer_from_code;
        dims.B = des.width_from_code;
        dims.checked = true;
        dims.source = "from the designation (Fw, width)";
        return dims;
    }
    if (des.notation == Notation::kInch) return inch_dimensions(des.inch_view());
    if (des.type == BearingType::kInsertBall || des.type == BearingType::kHousedUnit) {
        // UC205, UC205-16 (inch bore, same ring), UCP205, UK205, UKP205, SB205: the insert's bore code is the first
        // two digits. The NSK unit tables give B and S of UC2, the FYH insert tables D (and B, S of UC3, SB, SA, UK).
        std::string_view prefix;
        if (des.type_prefix.starts_with("UC") && des.type_prefix != "UCX") prefix = "UC";
        if (des.type_prefix.starts_with("UK") && des.type_prefix != "UKX") prefix = "UK";
        if (des.type_prefix == "SB") prefix = "SB";
        if (des.type_prefix == "SA") prefix = "SA";
        if (prefix.empty()) return std::nullopt;
        const std::string_view code = des.bore_view().substr(0, 2);
        std::optional<Dimensions> found;
        if (prefix == "UC") {
            for (const auto& r : inserts_) {
                if (r.series == des.series && r.code == code) found = r.dims;
            }
        }
        for (const auto& r : inserts_fyh_) {
            if (r.prefix != prefix || r.series != des.series || r.code != code) continue;
            if (!found) {
                found = r.dims;
            } else {
                found->D = r.dims.D;
                found->source += "; D: " + r.dims.source;
            }
            break;
        }
        if (found && !near(des.d, found->d)) found->d = des.d;  // inch bore of the same insert size
        return found;
    }
    if (des.d <= 0 || des.dimension_series.empty()) return std::nullopt;
    if (des.type == BearingType::kTaperedRoller) {
        for (const auto& r : tapered_) {
            if (r.series == des.series && near(r.dims.d, des.d)) return r.dims;
        }
        return std::nullopt;
    }
    if (des.type == BearingType::kThrustBall || des.type == BearingType::kThrustCylindricalRoller) {
        for (const auto& r : thrust_) {
            if (r.dim_series != des.dimension_series || !near(r.dims.d, des.d)) continue;
            Dimensions dims = r.dims;
            if (des.type == BearingType::kThrustCylindricalRoller) {
                // 811/812 share the ISO 104 dimension series 11/12 with 511/512; the rule was confirmed on SKF 81109,
                // 81112, 81206 and 81208 TN listings (data/README.md)
                dims.source += "; 8" + std::string(des.dimension_series) + " shares the 5" +
                               std::string(des.dimension_series) + " row (ISO 104 dimension series " +
                               std::string(des.dimension_series) + ")";
            }
            return dims;
        }
        return std::nullopt;
    }
    if (is_thrust(des.type)) return std::nullopt;
    for (const auto& r : radial_) {
        if (r.dim_series == des.dimension_series && near(r.dims.d, des.d)) return r.dims;
    }
    return std::nullopt;
}

std::optional<Dimensions> Catalog::inch_dimensions(std::string_view set) const {
    const size_t slash = set.find('/');
    const std::string_view cone = set.substr(0, slash);
    std::string_view cup = slash == std::string_view::npos ? std::string_view{} : set.substr(slash + 1);
    // "LM11949/10" names the cup by its last digits after the cone's letters and leading digits
    std::string cup_full;
    if (!cup.empty() && cup.size() < cone.size() && cup.find_first_not_of("0123456789") == std::string_view::npos) {
        cup_full = std::string(cone.substr(0, cone.size() - cup.size())) + std::string(cup);
        cup = cup_full;
    }
    const InchRow* cone_row = nullptr;
    const InchRow* cup_row = nullptr;
    for (const auto& r : inch_) {
        if (r.cone == cone && r.cup == cup) return r.dims;
        if (cone_row == nullptr && r.cone == cone) cone_row = &r;
        if (cup_row == nullptr && r.cup == (cup.empty() ? cone : cup)) cup_row = &r;
    }
    Dimensions dims;
    if (cup.empty()) {
        // a cone alone has its bore and width; a cup alone its outside diameter and width
        if (cone_row != nullptr) {
            dims.d = cone_row->dims.d;
            dims.B = cone_row->dims.B;
            dims.checked = cone_row->dims.checked;
            dims.source = cone_row->dims.source + " (cone " + cone_row->cone + " of the set " + cone_row->cone + "/" +
                          cone_row->cup + ")";
            return dims;
        }
        if (cup_row != nullptr) {
            dims.D = cup_row->dims.D;
            dims.C = cup_row->dims.C;
            dims.checked = cup_row->dims.checked;
            dims.source = cup_row->dims.source + " (cup " + cup_row->cup + " of the set " + cup_row->cone + "/" +
                          cup_row->cup + ")";
            return dims;
        }
        return std::nullopt;
    }
    if (cone_row == nullptr || cup_row == nullptr) return std::nullopt;
    // a cone and cup listed in other sets: each part's own dimensions; the total width T is not known
    dims.d = cone_row->dims.d;
    dims.B = cone_row->dims.B;
    dims.D = cup_row->dims.D;
    dims.C = cup_row->dims.C;
    dims.checked = cone_row->dims.checked && cup_row->dims.checked;
    dims.source = "cone " + cone_row->cone + ": " + cone_row->dims.source + "; cup " + cup_row->cup + ": " +
                  cup_row->dims.source + " (set not listed: total width T unknown)";
    return dims;
}

std::optional<HousingDimensions> Catalog::housing(const Designation& des) const {
    if (des.type != BearingType::kHousedUnit) return std::nullopt;
    const std::string unit =
        std::string(des.type_prefix) + std::string(des.series) + std::string(des.bore_view().substr(0, 2));
    for (const auto& r : units_) {
        if (r.housing.unit == unit) return r.housing;
    }
    return std::nullopt;
}

std::vector<const PublishedRating*> Catalog::ratings(std::string_view basic) const {
    std::vector<const PublishedRating*> out;
    for (const auto& r : ratings_) {
        if (r.designation == basic) out.push_back(&r);
    }
    return out;
}

std::optional<Geometry> Catalog::geometry(std::string_view basic) const {
    for (const auto& g : geometry_) {
        if (g.designation == basic) return g.geometry;
    }
    return std::nullopt;
}

void Catalog::build_entries() {
    entries_.clear();
    keys_.clear();
    auto add = [&](std::string designation, BearingType type, const Dimensions& dims, std::string alias = {}) {
        CatalogEntry e;
        e.key = normalize_key(designation);
        e.designation = std::move(designation);
        e.type = type;
        e.dims = dims;
        entries_.push_back(std::move(e));
        if (!alias.empty()) keys_.emplace_back(normalize_key(alias), entries_.size() - 1);
    };
    for (const auto& row : radial_) {
        const double d = row.dims.d;
        const bool slash_bore = d < 10 || near(d, 22) || near(d, 28) || near(d, 32);
        for (const auto& s : detail::numeric_series()) {
            if (s.japanese || s.dim_series != row.dim_series) continue;
            if (s.type == BearingType::kTaperedRoller || is_thrust(s.type)) continue;
            if (d < 10 && !s.small_bore && s.canonical.size() < 3) continue;
            if (slash_bore && s.type != BearingType::kDeepGrooveBall && !(d < 10 && s.small_bore)) continue;
            const bool three_digit = s.canonical.size() == 3;
            const std::string code = bore_code_for(d, s.small_bore, three_digit);
            std::string alias;
            if (s.canonical == "618" || s.canonical == "619") {  // Japanese spelling 68xx / 69xx
                alias = (s.canonical == "618" ? "68" : "69") + (d < 10 ? num_text(d) : code);
            }
            add(std::string(s.canonical) + code, s.type, row.dims, alias);
        }
        if (slash_bore) continue;
        const std::string code = bore_code_for(d, false, false);
        std::string_view letter_series;
        if (row.dim_series == "02") letter_series = "2";
        if (row.dim_series == "03") letter_series = "3";
        if (row.dim_series == "04") letter_series = "4";
        if (row.dim_series == "22") letter_series = "22";
        if (row.dim_series == "23") letter_series = "23";
        if (row.dim_series == "10") letter_series = "10";
        if (letter_series.empty()) continue;
        for (std::string_view prefix : {"N", "NU", "NJ", "NUP"}) {
            add(std::string(prefix) + std::string(letter_series) + code, BearingType::kCylindricalRoller, row.dims);
        }
        if (letter_series == "2" || letter_series == "3") {
            add("QJ" + std::string(letter_series) + code, BearingType::kFourPointContactBall, row.dims);
        }
    }
    for (const auto& row : tapered_) {
        add(row.series + bore_code_for(row.dims.d, false, false), BearingType::kTaperedRoller, row.dims);
    }
    for (const auto& row : inserts_) {
        Dimensions dims = row.dims;
        for (const auto& f : inserts_fyh_) {
            if (f.prefix == "UC" && f.series == row.series && f.code == row.code) dims.D = f.dims.D;
        }
        add("UC" + row.series + row.code, BearingType::kInsertBall, dims);
        for (const auto& u : units_) {
            if (u.code == row.code && u.housing.unit.ends_with(row.series + row.code)) {
                add(u.housing.unit, BearingType::kHousedUnit, dims);
            }
        }
    }
    for (const auto& row : inserts_fyh_) {
        const bool in_nsk = std::any_of(inserts_.begin(), inserts_.end(), [&](const InsertRow& n) {
            return row.prefix == "UC" && n.series == row.series && n.code == row.code;
        });
        if (!in_nsk) add(row.prefix + row.series + row.code, BearingType::kInsertBall, row.dims);
    }
    for (const auto& row : needle_) {
        const std::string code = bore_code_for(row.dims.d, false, false);
        add("NA" + row.series + code, BearingType::kNeedleRoller, row.dims);
        Dimensions rna = row.dims;
        rna.d = row.fw;
        add("RNA" + row.series + code, BearingType::kNeedleRoller, rna);
    }
    for (const auto& row : cup_cage_) add(row.designation, BearingType::kNeedleRoller, row.dims);
    for (const auto& row : inch_) {
        add(row.cone + "/" + row.cup, BearingType::kTaperedRollerInch, row.dims);
    }
    for (const auto& row : thrust_) {
        const std::string code = bore_code_for(row.dims.d, false, false);
        add("5" + row.dim_series + code, BearingType::kThrustBall, row.dims);
        if (row.dim_series == "11" || row.dim_series == "12") {
            add("8" + row.dim_series + code, BearingType::kThrustCylindricalRoller, row.dims);
        }
    }
    for (size_t i = 0; i < entries_.size(); ++i) keys_.emplace_back(entries_[i].key, i);
    std::sort(keys_.begin(), keys_.end());
}

std::vector<const CatalogEntry*> Catalog::by_size(const SizeQuery& q) const {
    // inch sizes are listed to 0.001 mm and typed to 0.01 mm ("19.05x45.24"): a size matches within 0.006 mm, far
    // below the 0.25 mm steps of the metric tables
    auto same = [](double a, double b) { return std::fabs(a - b) < 0.006; };
    std::vector<const CatalogEntry*> out;
    for (const auto& e : entries_) {
        if (!same(e.dims.d, q.d)) continue;
        if (q.D > 0 && !same(e.dims.D, q.D)) continue;
        if (q.width > 0) {
            const bool w = same(e.dims.B, q.width) || same(e.dims.T, q.width) || same(e.dims.H, q.width);
            if (!w) continue;
        }
        out.push_back(&e);
    }
    std::stable_sort(out.begin(), out.end(), [](const CatalogEntry* a, const CatalogEntry* b) {
        return static_cast<int>(a->type) < static_cast<int>(b->type);
    });
    return out;
}

std::vector<const CatalogEntry*> Catalog::typeahead(std::string_view prefix, size_t limit) const {
    std::vector<const CatalogEntry*> out;
    const std::string key = normalize_key(prefix);
    if (key.empty() || limit == 0) return out;
    auto it =
        std::lower_bound(keys_.begin(), keys_.end(), key,
                         [](const std::pair<std::string, size_t>& a, const std::string& k) { return a.first < k; });
    for (; it != keys_.end() && out.size() < limit && it->first.compare(0, key.size(), key) == 0; ++it) {
        const CatalogEntry* e = &entries_[it->second];
        if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
    }
    return out;
}

Result<SizeQuery> parse_size_query(std::string_view text) {
    double values[3] = {0, 0, 0};
    bool set[3] = {false, false, false};
    int next_positional = 0;
    int label = -1;
    size_t i = 0;
    auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
    while (i < text.size()) {
        const char c = text[i];
        if ((c >= '0' && c <= '9') || c == '.') {
            size_t e = i;
            while (e < text.size() && ((text[e] >= '0' && text[e] <= '9') || text[e] == '.')) ++e;
            double v = 0;
            const auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + e, v);
            if (ec != std::errc() || ptr != text.data() + e || !(v > 0) || v > 10000) {
                return fail(ErrorCode::kInvalidArgument,
                            "size '" + std::string(text.substr(i, e - i)) + "' at position " + std::to_string(i) +
                                " is not a dimension in mm",
                            "position " + std::to_string(i));
            }
            int slot = label >= 0 ? label : next_positional;
            if (slot > 2 || set[slot]) {
                return fail(ErrorCode::kInvalidArgument,
                            "too many dimensions at position " + std::to_string(i) + " (expected d x D x width)",
                            "position " + std::to_string(i));
            }
            values[slot] = v;
            set[slot] = true;
            if (label < 0)
                ++next_positional;
            else
                next_positional = slot + 1;
            label = -1;
            i = e;
            continue;
        }
        if (c == ' ' || c == 'x' || c == 'X' || c == '*' || c == ',' || c == '=' || c == ':' || c == '\t' || c == '/') {
            ++i;
            continue;
        }
        if (starts("mm") || starts("MM")) {
            i += 2;
            continue;
        }
        if (starts("×")) {
            i += std::string_view("×").size();
            continue;
        }
        if (starts("，")) {
            i += std::string_view("，").size();
            continue;
        }
        if (starts("：")) {
            i += std::string_view("：").size();
            continue;
        }
        if (starts("　")) {
            i += std::string_view("　").size();
            continue;
        }
        if (starts("内径")) {
            label = 0;
            i += std::string_view("内径").size();
            continue;
        }
        if (starts("外径")) {
            label = 1;
            i += std::string_view("外径").size();
            continue;
        }
        for (std::string_view w : {"宽度", "厚度", "高度", "宽", "厚", "高"}) {
            if (starts(w)) {
                label = 2;
                i += w.size();
                goto next;
            }
        }
        if (c == 'd') {
            label = 0;
            ++i;
            continue;
        }
        if (c == 'D') {
            label = 1;
            ++i;
            continue;
        }
        if (c == 'B' || c == 'T' || c == 'H' || c == 'W') {
            label = 2;
            ++i;
            continue;
        }
        return fail(ErrorCode::kInvalidArgument,
                    "size query not understood at position " + std::to_string(i) +
                        " (write d x D x width, e.g. 25x52x15, or 内径25 外径52)",
                    "position " + std::to_string(i));
    next:;
    }
    if (!set[0]) {
        return fail(ErrorCode::kInvalidArgument, "size query needs at least the bore d (e.g. 25x52x15)", "d");
    }
    return SizeQuery{values[0], values[1], values[2]};
}

}  // namespace yandian::catalog
