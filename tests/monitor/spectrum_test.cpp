// Spectra and broad-band features against closed-form values: Parseval for Welch's PSD, the amplitude and r.m.s.
// of known sines, the moments of a sine (r.m.s. A/sqrt 2, crest sqrt 2, kurtosis 3/2), and the r.m.s. velocity of
// a sinusoidal acceleration (A / (2 pi f) / sqrt 2).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <numeric>

#include "monitor/spectrum.hpp"
#include "synthetic.hpp"

namespace yandian::monitor {
namespace {

using testing::add_noise;
using testing::sine;

double integral(const Psd& p, double f_low = 0, double f_high = 1e300) {
    double s = 0;
    for (std::size_t k = 0; k < p.density.size(); ++k) {
        if (p.frequency(k) >= f_low && p.frequency(k) <= f_high) s += p.density[k] * p.df;
    }
    return s;
}

TEST(Welch, IntegralOfWhiteNoiseDensityIsItsVariance) {
    std::vector<double> x(120000, 0.0);
    add_noise(x, 0.7, 11);
    FftPlans fft;
    const Psd p = welch_psd(fft, x, 12000, 4096);
    const TimeFeatures f = time_features(x);
    EXPECT_NEAR(integral(p), f.rms * f.rms, 0.02 * f.rms * f.rms);
    // White: the mean density is variance / (fs / 2) in every part of the band.
    EXPECT_NEAR(integral(p, 1000, 2000) / 1000, 0.49 / 6000, 0.1 * 0.49 / 6000);
    EXPECT_EQ(p.segments, 2 * 120000 / 4096 - 1);
}

TEST(Welch, SinePowerIsHalfTheSquaredAmplitude) {
    FftPlans fft;
    const auto x = sine(12000, 60000, 437.3, 3.0);
    const Psd p = welch_psd(fft, x, 12000, 8192);
    EXPECT_NEAR(integral(p), 4.5, 0.01 * 4.5);
    EXPECT_NEAR(integral(p, 430, 445), 4.5, 0.01 * 4.5);  // and it sits at the sine's frequency
}

TEST(AmplitudeSpectrum, SineOnABinGivesItsAmplitude) {
    FftPlans fft;
    const auto x = sine(12000, 48000, 100.0, 2.0);  // 48000 points: 0.25 Hz bins, 100 Hz on bin 400
    const AmplitudeSpectrum a = amplitude_spectrum(fft, x, 12000);
    ASSERT_DOUBLE_EQ(a.df, 0.25);
    EXPECT_NEAR(a.amplitude[400], 2.0, 1e-6);
    EXPECT_LT(a.amplitude[420], 1e-6);
}

TEST(TimeFeatures, SineMoments) {
    const auto x = sine(12000, 12000, 50.0, 2.0);  // 50 whole periods
    const TimeFeatures f = time_features(x);
    EXPECT_NEAR(f.rms, 2.0 / std::sqrt(2.0), 1e-9);
    EXPECT_NEAR(f.peak, 2.0, 1e-9);
    EXPECT_NEAR(f.crest, std::sqrt(2.0), 1e-9);
    EXPECT_NEAR(f.kurtosis, 1.5, 1e-9);
}

TEST(TimeFeatures, GaussianKurtosisIsThree) {
    std::vector<double> x(200000, 0.0);
    add_noise(x, 1.0, 3);
    EXPECT_NEAR(time_features(x).kurtosis, 3.0, 0.05);
}

TEST(RmsVelocity, SinusoidalAccelerationIntegratesToAOverOmega) {
    FftPlans fft;
    const double f = 50, a = 1.0;  // 1 m/s^2 peak at 50 Hz
    const double expected = a / (2 * std::numbers::pi * f) / std::sqrt(2.0) * 1000;  // 2.2508 mm/s
    const auto x = sine(12000, 120000, f, a);
    EXPECT_NEAR(rms_velocity_mm_s(fft, x, 12000, Unit::kMetresPerSecondSquared), expected, 0.01 * expected);
    // The same record in g is 9.80665 times faster.
    EXPECT_NEAR(rms_velocity_mm_s(fft, x, 12000, Unit::kG), expected * kStandardGravity,
                0.01 * expected * kStandardGravity);
    // Outside 10-1000 Hz nothing counts.
    const auto high = sine(12000, 120000, 2000, a);
    EXPECT_LT(rms_velocity_mm_s(fft, high, 12000, Unit::kMetresPerSecondSquared), 0.01 * expected);
}

TEST(RmsVelocity, VelocityRecordIsTakenAsIs) {
    FftPlans fft;
    const auto x = sine(12000, 120000, 120, 5.0);  // 5 mm/s peak
    EXPECT_NEAR(rms_velocity_mm_s(fft, x, 12000, Unit::kMillimetresPerSecond), 5.0 / std::sqrt(2.0), 0.01 * 3.54);
}

TEST(Units, NamesAndErrors) {
    EXPECT_EQ(*parse_unit("m/s2"), Unit::kMetresPerSecondSquared);
    auto bad = parse_unit("furlong");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("furlong"), std::string::npos);
}

TEST(Fft, PlansAreMadeOncePerSize) {
    FftPlans fft;
    std::vector<double> x(1000, 1.0);
    for (int i = 0; i < 5; ++i) (void)fft.forward_real(x, 1024);
    EXPECT_EQ(fft.plans_made(), 1u);
    const auto back = fft.inverse_real(fft.forward_real(x, 1000), 1000);
    for (double v : back) ASSERT_NEAR(v, 1.0, 1e-12);
    EXPECT_EQ(fft.plans_made(), 2u);
    EXPECT_EQ(fast_fft_size(121265), 121500u);  // 2^2 3^5 5^3
}

}  // namespace
}  // namespace yandian::monitor
