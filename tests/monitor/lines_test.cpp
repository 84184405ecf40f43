// Defect frequencies from the catalogue's geometry against the CWRU page's table, the speed-tolerance search, line
// prominence, and the shaft speed estimated from a spectrum.
#include <gtest/gtest.h>

#include <cmath>

#include "catalog/catalog_json.hpp"
#include "monitor/lines.hpp"
#include "monitor/spectrum.hpp"
#include "synthetic.hpp"

namespace yandian::monitor {
namespace {

// CWRU bearing data center, "Bearing specifications" (defect frequencies, multiples of running speed) and the
// frequencies at 1797 r/min tabulated in /work/shared/reference/fault-diagnosis.md section 3: BPFI 162.19,
// BPFO 107.36, FTF 11.93, "BSF" (= 2 x ball spin) 141.17 Hz.
TEST(DefectLines, CatalogueGeometryOf6205MatchesTheCwruTable) {
    auto g = catalog::rolling_geometry(catalog::default_catalog(), "6205-2RS JEM");
    ASSERT_TRUE(g) << g.error().message;
    EXPECT_FALSE(g->estimated);
    const DefectLines d = defect_lines(*g, 1797 / 60.0);
    EXPECT_NEAR(d.fundamental(FaultKind::kInnerRace), 162.19, 0.01);
    EXPECT_NEAR(d.fundamental(FaultKind::kOuterRace), 107.36, 0.01);
    EXPECT_NEAR(d.fundamental(FaultKind::kCage), 11.93, 0.01);
    EXPECT_NEAR(d.fundamental(FaultKind::kBall), 141.17, 0.01);
    EXPECT_NEAR(d.modulation(FaultKind::kInnerRace), 29.95, 1e-9);
    EXPECT_NEAR(d.modulation(FaultKind::kBall), 11.93, 0.01);
    // Fan-end 6203 at 1772 r/min: BPFI 146.10, BPFO 90.17, FTF 11.27, 2 x BSF 117.76 Hz (same table).
    auto fe = catalog::rolling_geometry(catalog::default_catalog(), "6203");
    ASSERT_TRUE(fe);
    const DefectLines f = defect_lines(*fe, 1772 / 60.0);
    EXPECT_NEAR(f.f.bpfi, 146.10, 0.02);
    EXPECT_NEAR(f.f.bpfo, 90.17, 0.02);
    EXPECT_NEAR(2 * f.f.bsf, 117.76, 0.02);
}

TEST(DefectLines, UnknownDesignationIsNamed) {
    auto g = catalog::rolling_geometry(catalog::default_catalog(), "QQ99");
    ASSERT_FALSE(g);
}

TEST(Lines, ProminenceOverTheLocalMedian) {
    std::vector<double> mag(1000, 1.0);
    mag[500] = 10.0;
    const SpectrumView v{0.5, mag};
    const LineMeasure m = measure_line(v, 250.2, 1.0, 10.0);
    EXPECT_DOUBLE_EQ(m.found_hz, 250.0);
    EXPECT_DOUBLE_EQ(m.prominence, 10.0);
    EXPECT_NEAR(m.prominence_db(), 20.0, 1e-9);
}

TEST(Lines, ALineWhoseFloorRunsPastTheSpectrumIsNotMeasured) {
    // 1,000 bins of 0.5 Hz end at 499.5 Hz: a line at 495 Hz with a floor window of +-10 Hz reaches past the end.
    std::vector<double> mag(1000, 1.0);
    mag[990] = 10.0;
    const SpectrumView v{0.5, mag};
    EXPECT_EQ(measure_line(v, 495.0, 1.0, 10.0).prominence, 0.0);
    EXPECT_DOUBLE_EQ(measure_line(v, 489.0, 1.0, 10.0).prominence, 1.0);  // window ends at 499 Hz: measured
}

TEST(Lines, FamilyFoundAtASpeedOffWithinTheTolerance) {
    // A BPFO family of 3 harmonics at 1.5 % above the nominal speed, on a flat floor with a small ripple.
    const auto g = testing::cwru_drive_end();
    const DefectLines d = defect_lines(g, 29.95);
    std::vector<double> mag(20000, 1.0);
    for (std::size_t k = 0; k < mag.size(); ++k) mag[k] += 0.1 * std::sin(0.37 * static_cast<double>(k));
    const double df = 0.1;
    const double actual = d.f.bpfo * 1.015;
    for (int h = 1; h <= 3; ++h) mag[static_cast<std::size_t>(std::lround(h * actual / df))] = 20.0 / h;
    const SpectrumView v{df, mag};
    FamilyOptions o;
    const FamilyMatch m = match_family(v, d, FaultKind::kOuterRace, o);
    EXPECT_NEAR(m.scale, 1.015, 0.001);
    ASSERT_EQ(m.harmonics.size(), 3u);
    for (int h = 1; h <= 3; ++h) {
        EXPECT_NEAR(m.harmonics[h - 1].found_hz, h * actual, df) << h;
        EXPECT_GT(m.harmonics[h - 1].prominence, 5.0) << h;
    }
    // At a 1 % tolerance the family is out of reach.
    o.speed_tolerance = 0.01;
    const FamilyMatch narrow = match_family(v, d, FaultKind::kOuterRace, o);
    EXPECT_LT(narrow.harmonics[0].prominence, 2.0);
}

TEST(Lines, ShaftSpeedFromHarmonics) {
    const double fs = 12000, fr = 29.47;
    std::vector<double> x(120000, 0.0);
    for (int h = 1; h <= 6; ++h) testing::add(x, testing::sine(fs, x.size(), h * fr, 0.3 / h, h));
    testing::add(x, testing::sine(fs, x.size(), 60.0, 0.2));  // mains-related line, not a shaft harmonic
    testing::add_noise(x, 0.2, 17);
    FftPlans fft;
    const AmplitudeSpectrum a = amplitude_spectrum(fft, x, fs);
    const SpeedEstimate e = estimate_shaft_speed(SpectrumView{a.df, a.amplitude}, 10, 60);
    EXPECT_NEAR(e.shaft_hz, fr, 0.001 * fr);
    EXPECT_GE(e.harmonics_found, 4);
    // Noise alone: nothing stands out enough to be called a shaft line.
    std::vector<double> noise(120000, 0.0);
    testing::add_noise(noise, 1.0, 2);
    const AmplitudeSpectrum an = amplitude_spectrum(fft, noise, fs);
    EXPECT_EQ(estimate_shaft_speed(SpectrumView{an.df, an.amplitude}, 10, 60).harmonics_found, 0);
}

}  // namespace
}  // namespace yandian::monitor
