#pragma once
// Spectral lines: a line's prominence over the local noise floor, a harmonic family (with sidebands) searched over
// a speed tolerance, the defect frequencies of a bearing at a shaft speed (from the catalogue's geometry), and the
// shaft speed estimated from a spectrum.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/ratings.hpp"

namespace yandian::monitor {

// A magnitude spectrum with uniform bins (SES or amplitude spectrum).
struct SpectrumView {
    double df = 0;
    std::span<const double> magnitude;
};

struct LineMeasure {
    double expected_hz = 0;
    double found_hz = 0;  // bin of the largest magnitude within the search half-width
    double magnitude = 0;
    double floor = 0;       // median magnitude of the surrounding window, the search band excluded
    double prominence = 0;  // magnitude / floor
    double prominence_db() const;  // 20 log10(prominence)
};

// Largest bin within expected_hz +- half_width_hz, over the median of the bins within +- floor_half_width_hz
// (outside the search band).
LineMeasure measure_line(const SpectrumView& s, double expected_hz, double half_width_hz, double floor_half_width_hz);

enum class FaultKind { kOuterRace, kInnerRace, kBall, kCage };
std::string_view fault_name(FaultKind k);  // outer_race, inner_race, ball, cage
std::string_view fault_line_name(FaultKind k);  // BPFO, BPFI, 2xBSF, FTF

// Defect frequencies of a bearing at one speed, Hz (catalog::defect_frequencies of the geometry).
struct DefectLines {
    double shaft_hz = 0;
    catalog::DefectFrequencies f;
    // The line a fault of this kind repeats at, and the frequency that modulates it: BPFO (no modulation: the outer
    // ring is stationary), BPFI modulated at shaft speed, 2 x BSF (a ball's defect strikes both races once per spin
    // revolution) modulated at the cage speed FTF, FTF.
    double fundamental(FaultKind k) const;
    double modulation(FaultKind k) const;
};
DefectLines defect_lines(const catalog::Geometry& g, double shaft_hz);

struct FamilyMatch {
    FaultKind kind = FaultKind::kOuterRace;
    double scale = 1;                     // speed factor found within the tolerance
    std::vector<LineMeasure> harmonics;   // 1x, 2x, ... of the fundamental at `scale`
    std::vector<LineMeasure> lower;       // h x f0 - fm, per harmonic (empty without modulation)
    std::vector<LineMeasure> upper;       // h x f0 + fm
};

struct FamilyOptions {
    int harmonics = 3;
    double speed_tolerance = 0.02;  // +- fraction of the nominal frequencies searched
    double floor_half_width_orders = 0.5;  // floor window, in shaft orders each side
};

// Searches the speed factor in [1 - tol, 1 + tol] that maximises the summed log-prominence of the family's
// harmonics, then measures harmonics and sidebands there.
FamilyMatch match_family(const SpectrumView& s, const DefectLines& d, FaultKind kind, const FamilyOptions& o);

// Shaft speed from a spectrum: the frequency in [f_min, f_max] whose first `harmonics` multiples stand out most over
// their local floors (a harmonic-sum of log-prominences), refined from the strongest harmonics' peaks. Returns 0 when
// no candidate has a prominent fundamental.
struct SpeedEstimate {
    double shaft_hz = 0;
    double score = 0;
    int harmonics_found = 0;
};
SpeedEstimate estimate_shaft_speed(const SpectrumView& s, double f_min, double f_max, int harmonics = 8);

}  // namespace yandian::monitor
