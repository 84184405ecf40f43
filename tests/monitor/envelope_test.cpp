// Hilbert envelope, squared-envelope spectrum, band demodulation and cepstrum pre-whitening on signals whose
// envelopes are known in closed form: (1 + m cos wm t) cos wc t has envelope 1 + m cos wm t, and its squared
// envelope 1 + m^2/2 + 2m cos wm t + (m^2/2) cos 2wm t has lines at fm and 2fm in the ratio 4 / m.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "monitor/envelope.hpp"
#include "synthetic.hpp"

namespace yandian::monitor {
namespace {

std::vector<double> am(double fs, std::size_t n, double fc, double fm, double m) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / fs;
        x[i] = (1 + m * std::cos(2 * std::numbers::pi * fm * t)) * std::cos(2 * std::numbers::pi * fc * t);
    }
    return x;
}

std::size_t argmax(const std::vector<double>& v, std::size_t from, std::size_t to) {
    std::size_t best = from;
    for (std::size_t k = from; k < to && k < v.size(); ++k) {
        if (v[k] > v[best]) best = k;
    }
    return best;
}

TEST(Envelope, HilbertEnvelopeOfAnAmSignal) {
    FftPlans fft;
    const double fs = 12000;
    const auto x = am(fs, 24000, 1000, 10, 0.5);
    const auto e = hilbert_envelope(fft, x);
    for (std::size_t i = 2000; i < 22000; i += 97) {
        const double t = static_cast<double>(i) / fs;
        ASSERT_NEAR(e[i], 1 + 0.5 * std::cos(2 * std::numbers::pi * 10 * t), 2e-3) << i;
    }
}

TEST(Envelope, SquaredEnvelopeSpectrumLinesAtFmAndTwiceFm) {
    FftPlans fft;
    const double fs = 12000;
    const double m = 0.5;
    const auto x = am(fs, 48000, 1000, 10, m);  // 4 s: 0.25 Hz bins
    const auto ses = squared_envelope_spectrum(fft, x, fs, 100);
    ASSERT_NEAR(ses.df, 0.25, 1e-9);
    const std::size_t k = argmax(ses.magnitude, 4, ses.magnitude.size());
    EXPECT_NEAR(ses.frequency(k), 10.0, 0.25);
    const double ratio = ses.magnitude[40] / ses.magnitude[80];
    EXPECT_NEAR(ratio, 4 / m, 0.05 * 4 / m);
}

TEST(Envelope, BandDemodulationSeesOnlyItsBand) {
    FftPlans fft;
    const double fs = 12000;
    auto x = am(fs, 48000, 1000, 10, 0.5);
    testing::add(x, am(fs, 48000, 4000, 37, 0.5));
    const RecordSpectrum rec = record_spectrum(fft, x, fs);
    const auto band = squared_envelope_spectrum(fft, rec, 3500, 4500, 100);
    const std::size_t k = argmax(band.magnitude, 4, band.magnitude.size());
    EXPECT_NEAR(band.frequency(k), 37.0, 0.25);
    EXPECT_LT(band.magnitude[40], 0.01 * band.magnitude[k]);  // 10 Hz belongs to the other carrier
    const auto low = squared_envelope_spectrum(fft, rec, 500, 1500, 100);
    EXPECT_NEAR(low.frequency(argmax(low.magnitude, 4, low.magnitude.size())), 10.0, 0.25);
}

// The squared envelope of a band B wide has no content above B (|c|^2 of a complex envelope holding frequencies
// 0..B holds differences of them only): the spectrum stops at B instead of carrying numerical zeros that a line's
// floor would be taken from (a 500 Hz band once gave a "line" 268 dB over its floor at 500 Hz on white noise).
TEST(Envelope, BandEnvelopeSpectrumStopsAtTheBandWidth) {
    FftPlans fft;
    const double fs = 12000;
    std::vector<double> x(120000, 0.0);
    testing::add_noise(x, 0.1, 143);
    const RecordSpectrum rec = record_spectrum(fft, x, fs);
    const auto band = squared_envelope_spectrum(fft, rec, 1000, 1500, 520);
    ASSERT_GT(band.magnitude.size(), 10u);
    EXPECT_LE(band.frequency(band.magnitude.size() - 1), band.f_high - band.f_low + 1e-9);
    EXPECT_GE(band.frequency(band.magnitude.size() - 1), band.f_high - band.f_low - band.df - 1e-9);
    // The full band reaches max_frequency as before.
    const auto full = squared_envelope_spectrum(fft, rec, 0, fs / 2, 520);
    EXPECT_GE(full.frequency(full.magnitude.size() - 1), 520.0);
}

TEST(Envelope, CepstrumPrewhiteningLeavesUnitMagnitudeAndPhase) {
    FftPlans fft;
    const double fs = 12000;
    auto x = testing::sine(fs, 48000, 300, 5.0);
    testing::add_noise(x, 0.1, 5);
    const auto y = cepstrum_prewhiten(fft, x);
    const auto sx = fft.forward_real(x, 48000);
    const auto sy = fft.forward_real(y, 48000);
    for (std::size_t k = 1; k < sy.size(); k += 7) {
        ASSERT_NEAR(std::abs(sy[k]), 1.0, 1e-9) << k;
        ASSERT_NEAR(std::arg(sy[k] * std::conj(sx[k])), 0.0, 1e-9) << k;
    }
}

}  // namespace
}  // namespace yandian::monitor
