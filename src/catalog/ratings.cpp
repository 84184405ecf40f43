// ISO 281 / ISO 76 ratings, equivalent load, life and defect frequencies.
// Sources of the tables are named beside each one; docs/catalog/README.md lists which are verified.
#include "catalog/ratings.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>

namespace yandian::catalog {

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

// Linear interpolation in a table sampled at gamma = x0 + k * step, clamped at both ends.
template <size_t N>
double interp_uniform(const double (&table)[N], double x0, double step, double x) {
    const double pos = (x - x0) / step;
    if (!(pos > 0)) return table[0];
    if (pos >= static_cast<double>(N - 1)) return table[N - 1];
    const auto k = static_cast<size_t>(pos);
    const double t = pos - static_cast<double>(k);
    return table[k] + (table[k + 1] - table[k]) * t;
}

// ISO 281:2007 Table 2, single-row radial ball bearings, gamma = 0.01 ... 0.40. The first 30 values are confirmed in
// the reference notes (bearing-domain.md section 3); all 40 appear in the open ISO 281 calculator named there.
constexpr double kFcBall[] = {29.1, 35.8, 40.3, 43.8, 46.7, 49.1, 51.1, 52.8, 54.3, 55.5, 56.6, 57.5, 58.2, 58.8,
                              59.3, 59.6, 59.8, 59.9, 60.0, 59.9, 59.8, 59.6, 59.3, 59.0, 58.6, 58.2, 57.7, 57.1,
                              56.6, 56.0, 55.3, 54.6, 53.9, 53.2, 52.4, 51.7, 50.9, 50.0, 49.2, 48.4};

// ISO 76 f0 for radial (deep groove / angular) ball bearings, gamma = 0.00 ... 0.40, as carried by the same open
// calculator; its 0.06 entry repeats 15.7 where the monotone run gives 15.9, which is used here.
constexpr double kF0Ball[] = {14.7, 14.9, 15.1, 15.3, 15.5, 15.7, 15.9, 16.1, 16.3, 16.5, 16.4, 16.1, 15.9, 15.6,
                              15.4, 15.2, 14.9, 14.7, 14.4, 14.2, 14.0, 13.7, 13.5, 13.2, 13.0, 12.8, 12.5, 12.3,
                              12.1, 11.8, 11.6, 11.4, 11.2, 10.9, 10.7, 10.5, 10.3, 10.0, 9.8,  9.6,  9.4};

// ISO 281 Table 7 f_c for radial roller bearings, gamma = 0.01 ... 0.30 (recalled values, to be checked against
// the standard; results computed with it are always flagged "estimated").
constexpr double kFcRoller[] = {52.1, 60.8, 66.5, 70.7, 74.1, 76.9, 79.2, 81.2, 82.8, 84.2,
                                85.4, 86.4, 87.1, 87.7, 88.2, 88.5, 88.7, 88.8, 88.8, 88.7,
                                88.5, 88.2, 87.9, 87.5, 87.0, 86.4, 85.8, 85.2, 84.5, 83.8};

double angle_for_code(std::string_view code) {
    if (code == "C") return 15;
    if (code == "AC") return 25;
    if (code == "A") return 30;
    return 40;  // B, BE and the plain 7xxx of SKF/FAG
}

// Nominal contact angle of tapered series, estimated from typical catalogue e values (e = 1.5 tan alpha).
double tapered_angle(std::string_view series) {
    if (series == "313") return 28.8;
    if (series == "303" || series == "323") return 12.0;
    if (series == "320") return 15.0;
    return 14.0;
}

double spherical_angle(std::string_view series) {
    if (series == "223" || series == "231" || series == "241") return 13.0;
    if (series == "232") return 16.0;
    if (series == "240") return 9.0;
    return 10.0;
}

double self_aligning_angle(std::string_view series) {
    if (series == "13") return 12.0;
    if (series == "22") return 15.0;
    if (series == "23") return 18.0;
    return 10.0;
}

bool is_ball_type(BearingType t) {
    switch (t) {
        case BearingType::kDeepGrooveBall:
        case BearingType::kDoubleRowDeepGrooveBall:
        case BearingType::kAngularContactBall:
        case BearingType::kDoubleRowAngularContactBall:
        case BearingType::kFourPointContactBall:
        case BearingType::kSelfAligningBall:
        case BearingType::kInsertBall:
        case BearingType::kHousedUnit:
            return true;
        default:
            return false;
    }
}

std::string fmt_num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace

double fc_radial_ball(double gamma) { return interp_uniform(kFcBall, 0.01, 0.01, gamma); }
double f0_radial_ball(double gamma) { return interp_uniform(kF0Ball, 0.0, 0.01, gamma); }
double fc_radial_roller(double gamma) { return interp_uniform(kFcRoller, 0.01, 0.01, gamma); }

std::optional<Geometry> estimate_geometry(BearingType type, std::string_view contact_angle, double d, double D,
                                          double width) {
    if (!(d > 0) || !(D > d) || !(width > 0)) return std::nullopt;
    Geometry g;
    g.estimated = true;
    g.dpw = (d + D) / 2;
    if (is_ball_type(type)) {
        g.dw = 0.3 * (D - d);
        g.rows = 1;
        switch (type) {
            case BearingType::kAngularContactBall:
                g.alpha_deg = angle_for_code(contact_angle);
                break;
            case BearingType::kFourPointContactBall:
                g.alpha_deg = 35;
                break;
            case BearingType::kDoubleRowAngularContactBall:
                g.alpha_deg = 30;
                g.rows = 2;
                g.dw = 0.22 * (D - d);
                break;
            case BearingType::kDoubleRowDeepGrooveBall:
                g.rows = 2;
                g.dw = 0.22 * (D - d);
                break;
            case BearingType::kSelfAligningBall:
                g.rows = 2;
                g.dw = 0.22 * (D - d);
                g.alpha_deg = 10;
                break;
            default:
                break;
        }
        g.z = static_cast<int>(std::floor(std::numbers::pi * g.dpw / (1.6 * g.dw)));
        g.source = "estimated from d, D: Dw = 0.3 (D - d) per row set, Dpw = (d + D)/2, Z = floor(pi Dpw / 1.6 Dw)";
        return g;
    }
    if (type == BearingType::kCylindricalRoller || type == BearingType::kTaperedRoller ||
        type == BearingType::kSphericalRoller) {
        g.dw = 0.25 * (D - d);
        g.rows = type == BearingType::kSphericalRoller ? 2 : 1;
        g.lwe = type == BearingType::kSphericalRoller ? 0.4 * width
                                                      : (type == BearingType::kTaperedRoller ? 0.7 : 0.6) * width;
        g.z = static_cast<int>(std::floor(std::numbers::pi * g.dpw / (1.4 * g.dw)));
        g.source = "estimated from d, D, B: Dwe = 0.25 (D - d), Dpw = (d + D)/2, Z = floor(pi Dpw / 1.4 Dwe)";
        return g;
    }
    return std::nullopt;
}

std::optional<IsoRating> iso_rating(BearingType type, const Geometry& g) {
    if (g.z <= 0 || !(g.dw > 0) || !(g.dpw > 0)) return std::nullopt;
    const double ca = std::cos(g.alpha_deg * kDeg);
    const double gamma = g.dw * ca / g.dpw;
    IsoRating r;
    if (is_ball_type(type)) {
        const double fc = fc_radial_ball(gamma);
        const double tail = g.dw <= 25.4 ? std::pow(g.dw, 1.8) : 3.647 * std::pow(g.dw, 1.4);
        r.c_kn = 1.3 * fc * std::pow(g.rows * ca, 0.7) * std::pow(g.z, 2.0 / 3.0) * tail / 1000.0;
        r.f0 = f0_radial_ball(gamma);
        r.c0_kn = r.f0 * g.rows * g.z * g.dw * g.dw * ca / 1000.0;
        r.method = "ISO 281 C_r = b_m f_c (i cos a)^0.7 Z^(2/3) D_w^1.8 (b_m 1.3, f_c " + fmt_num(fc) + " at gamma " +
                   fmt_num(gamma) + "); ISO 76 C_0r = f_0 i Z D_w^2 cos a (f_0 " + fmt_num(r.f0) + ")";
        return r;
    }
    if (type == BearingType::kCylindricalRoller || type == BearingType::kTaperedRoller ||
        type == BearingType::kSphericalRoller) {
        const double bm = type == BearingType::kSphericalRoller ? 1.15 : 1.1;
        const double fc = fc_radial_roller(gamma);
        r.c_kn = bm * fc * std::pow(g.rows * g.lwe * ca, 7.0 / 9.0) * std::pow(g.z, 0.75) *
                 std::pow(g.dw, 29.0 / 27.0) / 1000.0;
        r.c0_kn = 44.0 * (1 - gamma) * g.rows * g.z * g.lwe * g.dw * ca / 1000.0;
        r.method = "ISO 281 C_r = b_m f_c (i L_we cos a)^(7/9) Z^(3/4) D_we^(29/27) (b_m " + fmt_num(bm) + ", f_c " +
                   fmt_num(fc) + " recalled table); ISO 76 C_0r = 44 (1 - gamma) i Z L_we D_we cos a";
        return r;
    }
    return std::nullopt;
}

namespace {

struct DgbbRow {
    double key, e_n, y_n, e_c3, y_c3, e_c4, y_c4;
};
// SKF General Catalogue, single row deep groove ball bearings, "Calculation factors" table (bearing-domain.md
// section 3, verified): X = 0.56 / 0.46 / 0.44 for normal / C3 / C4 clearance.
constexpr DgbbRow kDgbb[] = {
    {0.172, 0.19, 2.30, 0.29, 1.88, 0.38, 1.47}, {0.345, 0.22, 1.99, 0.32, 1.71, 0.40, 1.40},
    {0.689, 0.26, 1.71, 0.36, 1.52, 0.43, 1.30}, {1.03, 0.28, 1.55, 0.38, 1.41, 0.46, 1.23},
    {1.38, 0.30, 1.45, 0.40, 1.34, 0.47, 1.19},  {2.07, 0.34, 1.31, 0.44, 1.23, 0.50, 1.12},
    {3.45, 0.38, 1.15, 0.49, 1.10, 0.55, 1.02},  {5.17, 0.42, 1.04, 0.54, 1.01, 0.56, 1.00},
    {6.89, 0.44, 1.00, 0.54, 1.00, 0.56, 1.00},
};

// ISO 281 Table 3, single-row angular contact 15 degrees, keyed i Fa / C0, X = 0.44 (recalled; its e/Y run equals
// the C4 column of the verified SKF deep groove table above).
struct AngRow {
    double key, e, y;
};
constexpr AngRow kAng15[] = {{0.015, 0.38, 1.47}, {0.029, 0.40, 1.40}, {0.058, 0.43, 1.30},
                             {0.087, 0.46, 1.23}, {0.12, 0.47, 1.19},  {0.17, 0.50, 1.12},
                             {0.29, 0.55, 1.02},  {0.44, 0.56, 1.00},  {0.58, 0.56, 1.00}};

template <class Row, size_t N, class Get>
double interp_rows(const Row (&rows)[N], double key, Get get) {
    if (key <= rows[0].key) return get(rows[0]);
    for (size_t k = 1; k < N; ++k) {
        if (key <= rows[k].key) {
            const double t = (key - rows[k - 1].key) / (rows[k].key - rows[k - 1].key);
            return get(rows[k - 1]) + (get(rows[k]) - get(rows[k - 1])) * t;
        }
    }
    return get(rows[N - 1]);
}

std::string_view part_code(const Designation& des, PartKind kind) {
    const Part* p = des.find(kind);
    return p != nullptr ? p->canonical : std::string_view{};
}

}  // namespace

Result<EquivalentLoad> equivalent_load(const Designation& des, const LoadCase& load) {
    if (!(load.fr_n >= 0) || !(load.fa_n >= 0) || !std::isfinite(load.fr_n) || !std::isfinite(load.fa_n)) {
        return fail(ErrorCode::kInvalidArgument, "loads must be finite and not negative", "fr/fa");
    }
    EquivalentLoad out;
    const double fr = load.fr_n;
    const double fa = load.fa_n;
    const double ratio = fr > 0 ? fa / fr : (fa > 0 ? INFINITY : 0);
    auto radial_axial = [&](double e, double x1, double y1, double x2, double y2) {
        out.e = e;
        if (ratio <= e) {
            out.x = x1;
            out.y = y1;
        } else {
            out.x = x2;
            out.y = y2;
        }
        out.p_n = out.x * fr + out.y * fa;
    };
    switch (des.type) {
        case BearingType::kDeepGrooveBall:
        case BearingType::kInsertBall:
        case BearingType::kHousedUnit:
        case BearingType::kDoubleRowDeepGrooveBall: {
            if (!(load.c0_n > 0) || !(load.f0 > 0)) {
                return fail(ErrorCode::kFailedPrecondition, "static rating C0 and f0 are needed for the e/X/Y table",
                            "C0");
            }
            const std::string_view clr = part_code(des, PartKind::kClearance);
            const int col = clr == "C3" ? 1 : (clr == "C4" || clr == "C5") ? 2 : 0;
            out.key = load.f0 * fa / load.c0_n;
            const double e = interp_rows(kDgbb, out.key, [&](const DgbbRow& r) {
                return col == 0 ? r.e_n : col == 1 ? r.e_c3 : r.e_c4;
            });
            const double y = interp_rows(kDgbb, out.key, [&](const DgbbRow& r) {
                return col == 0 ? r.y_n : col == 1 ? r.y_c3 : r.y_c4;
            });
            const double x = col == 0 ? 0.56 : col == 1 ? 0.46 : 0.44;
            radial_axial(e, 1, 0, x, y);
            out.basis = std::string("deep groove ball e/X/Y table keyed f0 Fa/C0, ") +
                        (col == 0   ? "normal clearance"
                         : col == 1 ? "C3 clearance"
                                    : "C4 clearance") +
                        " (SKF General Catalogue)";
            if (clr == "C5") out.warning = "C5 clearance: C4 factors used";
            return out;
        }
        case BearingType::kAngularContactBall: {
            const std::string_view code = part_code(des, PartKind::kContactAngle);
            if (code == "C") {
                if (!(load.c0_n > 0)) {
                    return fail(ErrorCode::kFailedPrecondition, "static rating C0 is needed for the 15 degree table",
                                "C0");
                }
                out.key = fa / load.c0_n;
                const double e = interp_rows(kAng15, out.key, [](const AngRow& r) { return r.e; });
                const double y = interp_rows(kAng15, out.key, [](const AngRow& r) { return r.y; });
                radial_axial(e, 1, 0, 0.44, y);
                out.basis = "ISO 281 angular contact 15 degrees, keyed i Fa/C0";
            } else if (code == "AC") {
                radial_axial(0.68, 1, 0, 0.41, 0.87);
                out.basis = "ISO 281 angular contact 25 degrees (e 0.68, X 0.41, Y 0.87)";
            } else if (code == "A") {
                radial_axial(0.80, 1, 0, 0.39, 0.76);
                out.basis = "ISO 281 angular contact 30 degrees (e 0.80, X 0.39, Y 0.76)";
            } else {
                radial_axial(1.14, 1, 0, 0.35, 0.57);
                out.basis = "ISO 281 angular contact 40 degrees (e 1.14, X 0.35, Y 0.57)";
                if (code.empty()) out.warning = "no contact angle given: 40 degrees assumed (plain 7xxx of SKF/FAG)";
            }
            out.estimated_factors = true;
            return out;
        }
        case BearingType::kDoubleRowAngularContactBall:
            radial_axial(0.80, 1, 0.78, 0.63, 1.24);
            out.basis = "double row angular contact 30 degrees (e 0.80; X 1, Y 0.78 / X 0.63, Y 1.24)";
            out.estimated_factors = true;
            return out;
        case BearingType::kFourPointContactBall:
            radial_axial(0.95, 1, 0.66, 0.6, 1.07);
            out.basis = "four-point contact 35 degrees (e 0.95; X 1, Y 0.66 / X 0.6, Y 1.07)";
            out.estimated_factors = true;
            return out;
        case BearingType::kSelfAligningBall: {
            const double a = self_aligning_angle(des.series) * kDeg;
            radial_axial(1.5 * std::tan(a), 1, 0.42 / std::tan(a), 0.65, 0.65 / std::tan(a));
            out.basis = "self-aligning ball: e = 1.5 tan a, Y1 = 0.42 cot a, X2 = 0.65, Y2 = 0.65 cot a, a estimated " +
                        fmt_num(self_aligning_angle(des.series)) + " deg";
            out.estimated_factors = true;
            return out;
        }
        case BearingType::kSphericalRoller: {
            const double a = spherical_angle(des.series) * kDeg;
            radial_axial(1.5 * std::tan(a), 1, 0.45 / std::tan(a), 0.67, 0.67 / std::tan(a));
            out.basis = "spherical roller: e = 1.5 tan a, Y1 = 0.45 cot a, X2 = 0.67, Y2 = 0.67 cot a, a estimated " +
                        fmt_num(spherical_angle(des.series)) + " deg";
            out.estimated_factors = true;
            return out;
        }
        case BearingType::kTaperedRoller:
        case BearingType::kTaperedRollerInch: {
            const double deg = tapered_angle(des.series);
            const double a = deg * kDeg;
            radial_axial(1.5 * std::tan(a), 1, 0, 0.4, 0.4 / std::tan(a));
            out.basis = "single tapered roller: e = 1.5 tan a, X 0.4, Y = 0.4 cot a, a estimated " + fmt_num(deg) +
                        " deg (induced axial load of the opposed bearing not included)";
            out.estimated_factors = true;
            return out;
        }
        case BearingType::kCylindricalRoller:
        case BearingType::kNeedleRoller:
            out.p_n = fr;
            out.basis = "radial roller bearing: P = Fr";
            if (fa > 0) out.warning = "axial load not included in P; check the rib load capacity separately";
            return out;
        case BearingType::kThrustBall:
        case BearingType::kDoubleDirectionThrustBall:
        case BearingType::kThrustCylindricalRoller:
            if (fr > 0) {
                return fail(ErrorCode::kInvalidArgument,
                            "a thrust ball or cylindrical roller thrust bearing carries "
                            "no radial load (Fr must be 0)",
                            "fr");
            }
            out.p_n = fa;
            out.x = 0;
            out.y = 1;
            out.basis = "thrust bearing, contact angle 90 degrees: P = Fa";
            return out;
        case BearingType::kSphericalRollerThrust:
            if (fr > 0.55 * fa) {
                return fail(ErrorCode::kInvalidArgument, "spherical roller thrust bearings need Fr <= 0.55 Fa", "fr");
            }
            out.p_n = fa + 1.2 * fr;
            out.x = 1.2;
            out.y = 1;
            out.basis = "spherical roller thrust: P = Fa + 1.2 Fr";
            out.estimated_factors = true;
            return out;
    }
    return fail(ErrorCode::kInternal, "bearing type without a load rule");
}

Life basic_life(double c_n, double p_n, bool roller, double rpm, double a_iso) {
    Life life;
    life.exponent = roller ? 10.0 / 3.0 : 3.0;
    life.a_iso = a_iso;
    if (!(p_n > 0)) {
        life.l10_mrev = INFINITY;
        life.l10_h = INFINITY;
        life.lnm_h = INFINITY;
        return life;
    }
    life.l10_mrev = std::pow(c_n / p_n, life.exponent);
    life.l10_h = rpm > 0 ? life.l10_mrev * 1e6 / (60.0 * rpm) : INFINITY;
    life.lnm_h = a_iso * life.l10_h;
    return life;
}

DefectFrequencies defect_frequencies(const Geometry& g, double fr_hz) {
    DefectFrequencies f;
    if (!(g.dpw > 0) || g.z <= 0) return f;
    const double r = g.dw / g.dpw * std::cos(g.alpha_deg * kDeg);
    f.ftf = fr_hz / 2 * (1 - r);
    f.bpfo = g.z / 2.0 * fr_hz * (1 - r);
    f.bpfi = g.z / 2.0 * fr_hz * (1 + r);
    f.bsf = g.dpw / (2 * g.dw) * fr_hz * (1 - r * r);
    return f;
}

}  // namespace yandian::catalog
