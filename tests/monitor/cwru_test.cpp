// Verdicts on CWRU 12 kHz drive-end records (skipped when /work/shared/data/cwru is absent). The records were chosen
// before looking at this method's results per record: per fault type, records Smith & Randall (MSSP 2015) graded
// clearly diagnosable (Y1/Y2 in the single grade of the reference notes, section 1.3), at each load where possible.
// Records the method gets wrong are listed with the reason in docs/monitor/cwru.md, not hidden here: the second test
// pins the ones it is known to miss, so a change that fixes or breaks them is seen.
// Expected lines: BPFO/BPFI/2xBSF computed here from the CWRU geometry (9 balls, 0.3126 in, pitch 1.537 in, 0 deg)
// at the speed in the file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "catalog/catalog_json.hpp"
#include "ingest/vibration/vibration_file.hpp"
#include "monitor/diagnosis.hpp"

namespace yandian::monitor {
namespace {

const std::string kDir = std::string(YANDIAN_SOURCE_DIR) + "/../shared/data/cwru/";

struct Case {
    const char* file;
    const char* fault;  // expected verdict
    double nominal_rpm; // used only when the file holds no speed (3001-3008)
    double fs = 12000;  // the normal baseline 97 is sampled at 48 kHz (reference notes section 2.4)
};

double expected_line(FaultKind kind, double rpm) {
    const double fr = rpm / 60, r = 0.3126 / 1.537;
    switch (kind) {
        case FaultKind::kOuterRace: return 4.5 * fr * (1 - r);
        case FaultKind::kInnerRace: return 4.5 * fr * (1 + r);
        case FaultKind::kBall: return 1.537 / 0.3126 * fr * (1 - r * r);  // 2 x BSF
        case FaultKind::kCage: return fr / 2 * (1 - r);
    }
    return 0;
}

Result<Diagnosis> diagnose_file(const Case& c) {
    ingest::vibration::ReadOptions o;
    o.fs = c.fs;
    auto rec = ingest::vibration::read_vibration_file(kDir + c.file, o);
    if (!rec) return tl::unexpected(rec.error());
    FftPlans fft;
    DiagnosisInput in;
    in.samples = rec->samples;
    in.fs = rec->fs;
    in.rpm = rec->rpm ? rec->rpm : std::optional<double>(c.nominal_rpm);
    in.geometry = *catalog::rolling_geometry(catalog::default_catalog(), "6205");
    DiagnosisOptions opt;
    if (!rec->rpm) opt.speed_tolerance = 0.02;
    return diagnose(fft, in, opt);
}

class CwruRecord : public ::testing::TestWithParam<Case> {
  protected:
    void SetUp() override {
        if (!std::filesystem::exists(kDir)) GTEST_SKIP() << "CWRU data not found at " << kDir;
    }
};

TEST_P(CwruRecord, VerdictAndFundamental) {
    const Case c = GetParam();
    auto d = diagnose_file(c);
    ASSERT_TRUE(d) << d.error().message;
    const std::string verdict = d->fault ? std::string(fault_name(*d->fault)) : "none";
    ASSERT_EQ(verdict, c.fault) << c.file;
    if (!d->fault) return;
    // The fault's own line (or its second harmonic) is in the evidence, within 2 % of the geometry's frequency.
    const double f = expected_line(*d->fault, d->rpm);
    bool found = false;
    for (const auto& e : d->evidence) {
        if (e.sideband == 0 && e.harmonic <= 2 && std::abs(e.found_hz - e.harmonic * f) < 0.02 * e.harmonic * f) {
            found = true;
        }
    }
    EXPECT_TRUE(found) << c.file;
}

INSTANTIATE_TEST_SUITE_P(
    Clear, CwruRecord,
    ::testing::Values(Case{"12k_Drive_End_IR007_0_105.mat", "inner_race", 1797},
                      Case{"12k_Drive_End_IR014_1_170.mat", "inner_race", 1772},
                      Case{"12k_Drive_End_IR021_0_209.mat", "inner_race", 1797},
                      Case{"12k_Drive_End_IR021_3_212.mat", "inner_race", 1730},
                      Case{"12k_Drive_End_OR007@6_0_130.mat", "outer_race", 1797},
                      Case{"12k_Drive_End_OR007@6_3_133.mat", "outer_race", 1730},
                      Case{"12k_Drive_End_OR021@6_1_235.mat", "outer_race", 1772},
                      Case{"12k_Drive_End_OR007@3_2_146.mat", "outer_race", 1750},
                      Case{"12k_Drive_End_OR021@12_0_258.mat", "outer_race", 1797},
                      Case{"12k_Drive_End_OR007@12_0_156.mat", "outer_race", 1797},
                      Case{"12k_Drive_End_B028_0_3005.mat", "ball", 1797},
                      Case{"12k_Drive_End_B028_2_3007.mat", "ball", 1750},
                      Case{"normal_0_97.mat", "none", 1797, 48000}),
    [](const auto& info) {
        std::string n = info.param.file;
        n = n.substr(0, n.find(".mat"));
        for (char& ch : n) {
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        }
        return n;
    });

// Records graded clearly diagnosable (Y2) by the benchmark that this method misses, with the verdict it gives.
TEST(CwruKnownMisses, StillMissed) {
    if (!std::filesystem::exists(kDir)) GTEST_SKIP() << "CWRU data not found at " << kDir;
    const Case misses[] = {{"12k_Drive_End_B007_3_121.mat", "inner_race", 1730},
                           {"12k_Drive_End_B021_0_222.mat", "inner_race", 1797},
                           {"12k_Drive_End_OR014@6_0_197.mat", "inner_race", 1797}};
    for (const Case& c : misses) {
        auto d = diagnose_file(c);
        ASSERT_TRUE(d) << d.error().message;
        const std::string verdict = d->fault ? std::string(fault_name(*d->fault)) : "none";
        EXPECT_EQ(verdict, c.fault) << c.file << ": the miss is documented in docs/monitor/cwru.md; update it";
    }
}

}  // namespace
}  // namespace yandian::monitor
