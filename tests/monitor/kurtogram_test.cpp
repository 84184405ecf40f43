// The fast kurtogram picks the band of a repetitive transient's resonance out of Gaussian noise, and the
// discrete/random separation strips sines while keeping the transients.
#include <gtest/gtest.h>

#include <cmath>

#include "monitor/kurtogram.hpp"
#include "monitor/separation.hpp"
#include "monitor/spectrum.hpp"
#include "synthetic.hpp"

namespace yandian::monitor {
namespace {

using testing::FaultModel;

class KurtogramBand : public ::testing::TestWithParam<double> {};

TEST_P(KurtogramBand, BestBandHoldsTheResonance) {
    FaultModel m;
    m.resonance_hz = GetParam();
    m.repetition_hz = 87;
    m.amplitude = 1.5;
    auto x = testing::fault_signal(m);
    testing::add_noise(x, 0.5, 21);
    FftPlans fft;
    const RecordSpectrum rec = record_spectrum(fft, x, m.fs);
    const Kurtogram k = fast_kurtogram(fft, rec, {6, 300, 0});
    EXPECT_LE(k.best.f_low, m.resonance_hz);
    EXPECT_GE(k.best.f_high, m.resonance_hz);
    EXPECT_GT(k.best.kurtosis, 0.5);
    // Levels 0, 1, 1.6, 2, 2.6, 3, 3.6, 4: 1 + 2 + 3 + 4 + 6 + 8 + 12 + 16 bands (narrower than 300 Hz skipped).
    EXPECT_EQ(k.cells.size(), 52u);
    // Gaussian noise alone: every band's SK stays near 0.
    std::vector<double> noise(48000, 0.0);
    testing::add_noise(noise, 1.0, 4);
    const Kurtogram kn = fast_kurtogram(fft, record_spectrum(fft, noise, m.fs), {6, 300, 0});
    EXPECT_LT(kn.best.kurtosis, 0.2);
}

INSTANTIATE_TEST_SUITE_P(Resonances, KurtogramBand, ::testing::Values(1200.0, 3000.0, 4700.0));

TEST(Separation, RemovesSinesKeepsTransients) {
    const double fs = 12000;
    FaultModel m;
    m.seconds = 10;
    m.repetition_hz = 107.3;
    m.amplitude = 0.5;
    m.jitter = 0.02;
    auto x = testing::fault_signal(m);
    const auto impulses = x;
    testing::add(x, testing::sine(fs, x.size(), 29.95, 1.0));
    testing::add(x, testing::sine(fs, x.size(), 60.0, 0.5));
    testing::add(x, testing::sine(fs, x.size(), 1500.0, 0.3));
    testing::add_noise(x, 0.05, 9);
    FftPlans fft;
    const Separation s = discrete_random_separation(fft, x);
    // The discrete part carries the sines' power (0.5 + 0.125 + 0.045) within 10 %.
    const double discrete_power = std::pow(time_features(s.discrete).rms, 2);
    EXPECT_NEAR(discrete_power, 0.67, 0.067);
    // The random part keeps the impacts: their r.m.s. within 15 %, and it is impulsive again.
    EXPECT_NEAR(time_features(s.random).rms, std::hypot(time_features(impulses).rms, 0.05),
                0.15 * time_features(impulses).rms);
    EXPECT_GT(time_features(s.random).kurtosis, 2 * time_features(x).kurtosis);
}

}  // namespace
}  // namespace yandian::monitor
