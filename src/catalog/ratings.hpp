#pragma once
// Load ratings (ISO 281 dynamic, ISO 76 static) from rolling-element geometry, equivalent load, basic rating life
// and bearing defect frequencies. Pure functions of values.
#include <optional>
#include <string>
#include <string_view>

#include "catalog/designation.hpp"
#include "common/result.hpp"

namespace yandian::catalog {

// Rolling-element geometry. Lengths in mm, angle in degrees.
struct Geometry {
    int z = 0;              // rolling elements per row
    int rows = 1;           // i
    double dw = 0;          // ball or roller diameter Dw (Dwe)
    double dpw = 0;         // pitch diameter
    double lwe = 0;         // effective roller length (rollers only)
    double alpha_deg = 0;   // nominal contact angle
    bool estimated = true;  // true when derived from boundary dimensions rather than published
    std::string source;
};

// Geometry estimated from boundary dimensions (d, D, width): Dw ~ 0.3 (D - d) for balls, Dpw = (d + D) / 2,
// Z from a pitch spacing of 1.6 Dw. nullopt for types without a model (needle, inch tapered, units).
std::optional<Geometry> estimate_geometry(BearingType type, std::string_view contact_angle, double d, double D,
                                          double width);

// ISO 281:2007 Table 2, single-row radial ball bearings, f_c against gamma = Dw cos(alpha) / Dpw (linear interp.).
double fc_radial_ball(double gamma);
// ISO 76 f_0 for radial ball bearings against gamma (linear interpolation).
double f0_radial_ball(double gamma);
// ISO 281 Table 7 f_c for radial roller bearings (values as recalled; marked so in docs/catalog/README.md).
double fc_radial_roller(double gamma);

struct IsoRating {
    double c_kn = 0;
    double c0_kn = 0;
    double f0 = 0;  // ISO 76 factor used (balls), for the f0 Fa / C0 look-up
    std::string method;
};
std::optional<IsoRating> iso_rating(BearingType type, const Geometry& g);

struct EquivalentLoad {
    double p_n = 0;
    double x = 1;
    double y = 0;
    double e = 0;
    double key = 0;  // f0 Fa / C0 (deep groove) or i Fa / C0 (15 degree angular), when the table uses one
    bool estimated_factors = false;
    std::string basis;    // which table or rule was applied
    std::string warning;  // e.g. axial load ignored
};

struct LoadCase {
    double fr_n = 0;
    double fa_n = 0;
    double c0_n = 0;  // static rating, for the table look-ups
    double f0 = 0;    // catalogue/ISO 76 factor f0 (deep groove)
};

// Equivalent dynamic load P = X Fr + Y Fa with the e/X/Y rule of the bearing's type. Errors for load cases the type
// cannot carry (radial load on a thrust ball bearing).
[[nodiscard]] Result<EquivalentLoad> equivalent_load(const Designation& des, const LoadCase& load);

struct Life {
    double exponent = 3;  // p: 3 ball, 10/3 roller
    double l10_mrev = 0;  // 10^6 revolutions
    double l10_h = 0;
    double a_iso = 1;
    double lnm_h = 0;  // a1 a_ISO L10h with a1 = 1 (90 % reliability)
};
Life basic_life(double c_n, double p_n, bool roller, double rpm, double a_iso);

// Defect frequencies in Hz for shaft frequency fr_hz (outer ring stationary). BSF is the single ball spin
// frequency (CWRU tables publish 2 x BSF).
struct DefectFrequencies {
    double ftf = 0;
    double bpfo = 0;
    double bpfi = 0;
    double bsf = 0;
};
DefectFrequencies defect_frequencies(const Geometry& g, double fr_hz);

}  // namespace yandian::catalog
