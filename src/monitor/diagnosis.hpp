#pragma once
// Bearing fault diagnosis of one vibration record against the defect frequencies of a bearing's geometry.
//
// Three envelope analyses are run (the three methods of Smith & Randall's CWRU benchmark, MSSP 64-65 (2015)
// 100-131):
//   raw  - squared-envelope spectrum (SES) of the full band of the record;
//   cpw  - SES after cepstrum pre-whitening;
//   drs+sk - discrete/random separation, the band of largest spectral kurtosis (fast kurtogram), SES of that band.
// In each SES the family of each fault (BPFO; BPFI with shaft-speed sidebands; 2 x BSF with cage-speed sidebands;
// FTF) is searched within a speed tolerance; a line counts when it stands `line_threshold_db` over the median of
// its neighbourhood. A family's score sums the prominence (dB) of its lines, harmonic h weighted 1/h, a sideband a
// quarter of its carrier's weight and only with its carrier. A line on a whole shaft order counts for no family; a
// line shared by two families counts for the one whose fundamental stands out more; FTF lines add to a ball whose
// own line is present (at half weight), and a cage verdict needs the ball's line absent. The verdict is the fault of
// highest score over the three analyses, "none" when no score reaches `verdict_threshold`. Nothing is learnt from
// labelled records: the frequencies come from geometry. docs/monitor/README.md explains the rules.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "catalog/ratings.hpp"
#include "common/result.hpp"
#include "monitor/fft.hpp"
#include "monitor/kurtogram.hpp"
#include "monitor/lines.hpp"
#include "monitor/severity.hpp"
#include "monitor/spectrum.hpp"

namespace yandian::monitor {

struct DiagnosisInput {
    std::span<const double> samples;
    double fs = 0;
    Unit unit = Unit::kG;
    std::optional<double> rpm;  // measured or given speed; estimated from the spectrum when absent
    catalog::Geometry geometry;
    MachineGroup group = MachineGroup::kGroup2;
    Mounting mounting = Mounting::kRigid;
};

struct DiagnosisOptions {
    int harmonics = 3;
    double speed_tolerance = 0.01;   // fault orders deviate from geometry by slip; +-1 % searched
    double line_threshold_db = 6.0;  // a line counts when it stands this far over its local floor
    double verdict_threshold = 25.0; // score (summed weighted dB) needed for a fault verdict (docs/monitor/README.md)
    double rpm_min = 600;            // speed search range when no speed is given
    double rpm_max = 3600;
    int kurtogram_levels = 6;
};

enum class Method { kRaw, kPrewhitened, kSeparatedKurtogram };
std::string_view method_name(Method m);  // "raw", "cpw", "drs+sk"

struct MethodResult {
    Method method = Method::kRaw;
    double f_low = 0;  // band demodulated
    double f_high = 0;
    std::array<FamilyMatch, 4> families;  // indexed by FaultKind
    std::array<double, 4> scores{};
    EnvelopeSpectrum ses;  // the squared-envelope spectrum analysed (up to the highest line searched), for plots
};

struct Evidence {
    Method method = Method::kRaw;
    FaultKind kind = FaultKind::kOuterRace;
    std::string line;    // "BPFO", "2xBPFI", "BPFI-fr", "2xBSF+FTF", ...
    int harmonic = 1;
    int sideband = 0;    // -1 lower, +1 upper, 0 the harmonic itself
    double expected_hz = 0;  // at the nominal speed
    double found_hz = 0;
    double order = 0;    // found_hz / shaft_hz
    double prominence_db = 0;
};

// Name of a line of a fault family: "BPFO", "2xBPFI", "BPFI-fr", "2xBSF+FTF", "2x(2xBSF)", ...
std::string line_label(FaultKind kind, int harmonic, int sideband);

struct Diagnosis {
    std::optional<FaultKind> fault;  // nullopt: no bearing fault found
    double confidence = 0;
    double rpm = 0;
    bool rpm_estimated = false;
    double fs = 0;
    double duration_s = 0;
    DefectLines lines;
    std::array<double, 4> scores{};  // best score of each fault over the analyses
    std::vector<Evidence> evidence;  // the lines found for the verdict (or, for "none", for the best candidate)
    std::vector<MethodResult> methods;
    Kurtogram kurtogram;
    TimeFeatures features;
    Severity severity;
};

[[nodiscard]] Result<Diagnosis> diagnose(FftPlans& fft, const DiagnosisInput& in, const DiagnosisOptions& o = {});

// Score of a matched family under the options (the rule described above). Lines within 2 bins (+0.5 %) of a
// frequency in `taken_hz` (claimed by a family whose fundamental stands out more) do not count.
double family_score(const FamilyMatch& m, const DiagnosisOptions& o, const std::vector<double>& taken_hz,
                    double df);
double family_score(const FamilyMatch& m, const DiagnosisOptions& o);

}  // namespace yandian::monitor
