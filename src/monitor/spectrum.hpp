#pragma once
// Spectra and broad-band features of one record: Welch power spectral density, time-domain features (RMS, peak,
// crest factor, kurtosis) and the r.m.s. velocity in a band (ISO 20816 uses 10-1000 Hz) from an acceleration or
// velocity record, integrated in the frequency domain.
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "monitor/fft.hpp"

namespace yandian::monitor {

// Unit of the samples of a record. Acceleration in g (9.80665 m/s^2) or m/s^2; velocity in mm/s.
enum class Unit { kG, kMetresPerSecondSquared, kMillimetresPerSecond };
std::string_view unit_name(Unit u);  // "g", "m/s2", "mm/s"
[[nodiscard]] Result<Unit> parse_unit(std::string_view text);

inline constexpr double kStandardGravity = 9.80665;  // m/s^2 per g (CGPM 1901)

struct Psd {
    double df = 0;                // bin spacing, Hz
    std::vector<double> density;  // one-sided, unit^2 / Hz, bins 0 .. nfft/2
    std::size_t segments = 0;
    double frequency(std::size_t k) const { return df * static_cast<double>(k); }
};

// Welch's averaged periodogram: Hann window, 50 % overlap, segment length nfft (a record shorter than nfft is one
// zero-padded segment), mean removed per segment. One-sided density: the integral over 0..fs/2 equals the variance.
Psd welch_psd(FftPlans& fft, std::span<const double> x, double fs, std::size_t nfft);

struct TimeFeatures {
    double mean = 0;
    double rms = 0;       // of the signal less its mean
    double peak = 0;      // largest |x - mean|
    double crest = 0;     // peak / rms
    double kurtosis = 0;  // m4 / m2^2 (3 for a Gaussian signal, not the excess)
};
TimeFeatures time_features(std::span<const double> x);

// R.m.s. velocity in mm/s over [f_low, f_high] Hz: the PSD (nfft-point Welch) of the record converted to velocity
// by dividing acceleration by (2 pi f)^2 bin by bin, summed over the band.
double rms_velocity_mm_s(FftPlans& fft, std::span<const double> x, double fs, Unit unit, double f_low = 10.0,
                         double f_high = 1000.0, std::size_t nfft = 16384);

// One-sided amplitude spectrum (peak amplitude of a sine in each bin, Hann window, coherent gain corrected) of the
// whole record zero-padded to nfft (0 = the next fast size of the record length).
struct AmplitudeSpectrum {
    double df = 0;
    std::vector<double> amplitude;
    double frequency(std::size_t k) const { return df * static_cast<double>(k); }
};
AmplitudeSpectrum amplitude_spectrum(FftPlans& fft, std::span<const double> x, double fs, std::size_t nfft = 0);

}  // namespace yandian::monitor
