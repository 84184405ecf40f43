#pragma once
// What a person needs to see a diagnosis: the waveform, the spectrum, the squared-envelope spectrum of each of the
// three analyses with the defect frequencies of the bearing marked, and the kurtogram. Reduced to a few thousand
// points so a record's plots can be kept beside it and drawn in a browser, without losing what matters:
//   - the waveform is kept as the minimum and maximum of each time bucket (every impact's peak stays visible);
//   - the spectrum is Welch's density (monitor/spectrum.hpp), which is already a few thousand bins;
//   - each envelope spectrum is kept as the largest bin of each frequency bucket, at the frequency of that bin, so a
//     fault line keeps its height and its frequency to within one bin of the analysis.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "monitor/diagnosis.hpp"

namespace yandian::monitor {

struct PlotOptions {
    std::size_t waveform_buckets = 1500;  // min and max of each
    std::size_t spectrum_nfft = 4096;     // Welch segment length (shorter records: the largest power of two)
    std::size_t envelope_points = 2000;   // per analysis
};

// Min and max of consecutive buckets of samples; bucket i starts at t = i * dt.
struct WaveformEnvelope {
    double dt = 0;
    std::vector<double> min;
    std::vector<double> max;
};
WaveformEnvelope waveform_envelope(std::span<const double> x, double fs, std::size_t buckets);

// (frequency, value) points.
struct Curve {
    std::vector<double> hz;
    std::vector<double> value;
};
// The largest value of each of `points` buckets of equal width, at its own frequency; all bins when they are fewer.
Curve peak_decimate(double df, std::span<const double> magnitude, std::size_t points);

// A frequency the chart marks: a harmonic or sideband of a fault family, or a shaft order.
struct Marker {
    std::string family;  // outer_race | inner_race | ball | cage | shaft
    std::string label;   // "BPFO", "2xBPFI", "BPFI-fr", "1xfr", ...
    double hz = 0;       // at the diagnosis' speed
};
// The fundamental and harmonics 2..harmonics of each family, the sidebands of the modulated ones (inner race at
// shaft speed, ball at cage speed), and shaft orders 1..harmonics.
std::vector<Marker> defect_markers(const DefectLines& lines, int harmonics);

struct EnvelopePlot {
    Method method = Method::kRaw;
    double f_low = 0;  // band demodulated
    double f_high = 0;
    Curve ses;
};

struct RecordPlots {
    double fs = 0;
    double duration_s = 0;
    WaveformEnvelope waveform;
    Psd psd;
    std::vector<EnvelopePlot> envelopes;  // one per analysis, in the diagnosis' order
    std::vector<Marker> markers;
    Kurtogram kurtogram;
};

RecordPlots record_plots(FftPlans& fft, std::span<const double> samples, const Diagnosis& d, int harmonics,
                         const PlotOptions& o = {});

// {"fs", "duration_s", "waveform": {"dt", "min", "max"}, "spectrum": {"df", "density"}, "envelopes": [{"method",
// "band_hz", "hz", "magnitude"}], "markers": [{"family", "label", "hz"}], "kurtogram": {"cells": [[level, f_low,
// f_high, sk], ...], "best": [...]}}; values rounded to 4 significant digits (plots, not analysis).
nlohmann::json record_plots_json(const RecordPlots& p);

}  // namespace yandian::monitor
