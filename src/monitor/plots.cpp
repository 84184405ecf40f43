#include "monitor/plots.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace yandian::monitor {

using nlohmann::json;

WaveformEnvelope waveform_envelope(std::span<const double> x, double fs, std::size_t buckets) {
    WaveformEnvelope w;
    if (x.empty() || buckets == 0 || !(fs > 0)) return w;
    const std::size_t per = (x.size() + buckets - 1) / buckets;  // samples per bucket, the last one may be short
    w.dt = static_cast<double>(per) / fs;
    for (std::size_t start = 0; start < x.size(); start += per) {
        const auto [lo, hi] = std::minmax_element(x.begin() + static_cast<std::ptrdiff_t>(start),
                                                  x.begin() + static_cast<std::ptrdiff_t>(std::min(x.size(), start + per)));
        w.min.push_back(*lo);
        w.max.push_back(*hi);
    }
    return w;
}

Curve peak_decimate(double df, std::span<const double> magnitude, std::size_t points) {
    Curve c;
    if (magnitude.empty() || points == 0) return c;
    const std::size_t per = (magnitude.size() + points - 1) / points;
    for (std::size_t start = 0; start < magnitude.size(); start += per) {
        const auto end = std::min(magnitude.size(), start + per);
        std::size_t at = start;
        for (std::size_t k = start + 1; k < end; ++k) {
            if (magnitude[k] > magnitude[at]) at = k;
        }
        c.hz.push_back(df * static_cast<double>(at));
        c.value.push_back(magnitude[at]);
    }
    return c;
}

std::vector<Marker> defect_markers(const DefectLines& lines, int harmonics) {
    std::vector<Marker> out;
    for (FaultKind k : {FaultKind::kOuterRace, FaultKind::kInnerRace, FaultKind::kBall, FaultKind::kCage}) {
        const double f0 = lines.fundamental(k);
        const double fm = lines.modulation(k);
        const std::string family(fault_name(k));
        for (int h = 1; h <= harmonics; ++h) {
            out.push_back({family, line_label(k, h, 0), h * f0});
            if (fm > 0) {
                out.push_back({family, line_label(k, h, -1), h * f0 - fm});
                out.push_back({family, line_label(k, h, +1), h * f0 + fm});
            }
        }
    }
    for (int h = 1; h <= harmonics; ++h) out.push_back({"shaft", fmt::format("{}xfr", h), h * lines.shaft_hz});
    return out;
}

RecordPlots record_plots(FftPlans& fft, std::span<const double> samples, const Diagnosis& d, int harmonics,
                         const PlotOptions& o) {
    RecordPlots p;
    p.fs = d.fs;
    p.duration_s = d.duration_s;
    p.waveform = waveform_envelope(samples, d.fs, o.waveform_buckets);
    std::size_t nfft = 16;
    while (nfft * 2 <= std::min(o.spectrum_nfft, samples.size())) nfft *= 2;
    if (samples.size() >= 16) p.psd = welch_psd(fft, samples, d.fs, nfft);
    for (const auto& m : d.methods) {
        p.envelopes.push_back({m.method, m.f_low, m.f_high, peak_decimate(m.ses.df, m.ses.magnitude, o.envelope_points)});
    }
    p.markers = defect_markers(d.lines, harmonics);
    p.kurtogram = d.kurtogram;
    return p;
}

namespace {

// 4 significant digits: what a chart can show.
json sig4(double v) {
    if (!std::isfinite(v)) return nullptr;
    if (v == 0) return 0.0;
    const double scale = std::pow(10.0, 3 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
    return std::round(v * scale) / scale;
}

json sig4_array(const std::vector<double>& v) {
    json a = json::array();
    for (double x : v) a.push_back(sig4(x));
    return a;
}

json cell_json(const KurtogramCell& c) { return json::array({c.level, sig4(c.f_low), sig4(c.f_high), sig4(c.kurtosis)}); }

}  // namespace

json record_plots_json(const RecordPlots& p) {
    json envelopes = json::array();
    for (const auto& e : p.envelopes) {
        envelopes.push_back({{"method", std::string(method_name(e.method))},
                             {"band_hz", json::array({sig4(e.f_low), sig4(e.f_high)})},
                             {"hz", sig4_array(e.ses.hz)},
                             {"magnitude", sig4_array(e.ses.value)}});
    }
    json markers = json::array();
    for (const auto& m : p.markers) markers.push_back({{"family", m.family}, {"label", m.label}, {"hz", sig4(m.hz)}});
    json cells = json::array();
    for (const auto& c : p.kurtogram.cells) cells.push_back(cell_json(c));
    return {{"fs", p.fs},
            {"duration_s", sig4(p.duration_s)},
            {"waveform", {{"dt", sig4(p.waveform.dt)}, {"min", sig4_array(p.waveform.min)}, {"max", sig4_array(p.waveform.max)}}},
            {"spectrum", {{"df", p.psd.df}, {"density", sig4_array(p.psd.density)}}},
            {"envelopes", std::move(envelopes)},
            {"markers", std::move(markers)},
            {"kurtogram", {{"cells", std::move(cells)}, {"best", cell_json(p.kurtogram.best)}}}};
}

}  // namespace yandian::monitor
