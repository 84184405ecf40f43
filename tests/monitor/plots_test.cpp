// Plots of a record: the reductions keep what a person looks for (an impact's peak in the waveform, a fault line's
// height and frequency in the envelope spectrum), the markers sit at the defect frequencies the CWRU bearing data
// center publishes for its drive-end bearing, and a whole record's plots stay small enough to keep beside it.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "monitor/plots.hpp"
#include "synthetic.hpp"

namespace yandian::monitor {
namespace {

TEST(Plots, WaveformBucketsKeepEveryImpactPeak) {
    // 10,000 samples of small noise, one impact of 5.0 at sample 4,321 and one of -3.0 at sample 9,999 (the last,
    // short bucket). 1,000 buckets of 10 samples: the impact is in bucket 432, the last one in bucket 999.
    std::vector<double> x(10'000, 0.0);
    testing::add_noise(x, 0.01, 3);
    x[4321] = 5.0;
    x[9999] = -3.0;
    const auto w = waveform_envelope(x, 1000.0, 1000);
    ASSERT_EQ(w.max.size(), 1000u);
    ASSERT_EQ(w.min.size(), 1000u);
    EXPECT_DOUBLE_EQ(w.dt, 0.01);
    EXPECT_DOUBLE_EQ(w.max[432], 5.0);
    EXPECT_DOUBLE_EQ(w.min[999], -3.0);
    EXPECT_EQ(std::max_element(w.max.begin(), w.max.end()) - w.max.begin(), 432);
    for (std::size_t i = 0; i < w.max.size(); ++i) EXPECT_LE(w.min[i], w.max[i]) << i;
}

TEST(Plots, PeakDecimationKeepsALineAtItsOwnBin) {
    // 9,001 bins of 0.1 Hz; a line of 7 at bin 1,058 (105.8 Hz) and a neighbour of 2 two bins away. Reduced to 900
    // points of 11 bins (the last one shorter), the line keeps its height and its frequency to the bin.
    std::vector<double> m(9001, 0.5);
    m[1058] = 7.0;
    m[1060] = 2.0;
    const Curve c = peak_decimate(0.1, m, 900);
    EXPECT_LE(c.hz.size(), 900u);
    const auto top = std::max_element(c.value.begin(), c.value.end()) - c.value.begin();
    EXPECT_DOUBLE_EQ(c.value[static_cast<std::size_t>(top)], 7.0);
    EXPECT_NEAR(c.hz[static_cast<std::size_t>(top)], 105.8, 1e-9);
    // Fewer bins than points: every bin, unchanged.
    const Curve all = peak_decimate(0.5, std::vector<double>{1, 2, 3}, 10);
    EXPECT_EQ(all.hz, (std::vector<double>{0, 0.5, 1.0}));
    EXPECT_EQ(all.value, (std::vector<double>{1, 2, 3}));
}

TEST(Plots, MarkersAtTheCwruPublishedOrders) {
    // CWRU bearing data center, drive-end SKF 6205-2RS JEM, defect frequencies as multiples of shaft speed:
    // BPFI 5.4152, BPFO 3.5848, FTF 0.39828, BSF 4.7135 (the site's "BSF" is twice the spin frequency, the ball
    // line 2xBSF marked here; /work/shared/reference/fault-diagnosis.md section 3).
    const double fr = 1797.0 / 60;
    const auto markers = defect_markers(defect_lines(testing::cwru_drive_end(), fr), 3);
    const auto at = [&](const std::string& label) {
        const auto it = std::find_if(markers.begin(), markers.end(), [&](const Marker& m) { return m.label == label; });
        EXPECT_NE(it, markers.end()) << label;
        return it == markers.end() ? 0.0 : it->hz;
    };
    EXPECT_NEAR(at("BPFO") / fr, 3.5848, 5e-4);
    EXPECT_NEAR(at("3xBPFO") / fr, 3 * 3.5848, 15e-4);
    EXPECT_NEAR(at("BPFI") / fr, 5.4152, 5e-4);
    EXPECT_NEAR(at("BPFI-fr") / fr, 5.4152 - 1, 5e-4);
    EXPECT_NEAR(at("2xBPFI+fr") / fr, 2 * 5.4152 + 1, 1e-3);
    EXPECT_NEAR(at("2xBSF") / fr, 4.7135, 5e-4);
    EXPECT_NEAR(at("2xBSF+FTF") / fr, 4.7135 + 0.39828, 5e-4);
    EXPECT_NEAR(at("FTF") / fr, 0.39828, 1e-4);
    EXPECT_NEAR(at("2xfr"), 2 * fr, 1e-9);
    // 3 harmonics each; inner race and ball with two sidebands each; 3 shaft orders.
    EXPECT_EQ(markers.size(), 3u + 9u + 9u + 3u + 3u);
}

TEST(Plots, OuterRaceRecordShowsBpfoInEachEnvelopeAndStaysSmall) {
    // Impacts at BPFO of the CWRU drive-end bearing at 1,772 r/min ringing a 3.2 kHz resonance, under noise: in every
    // analysis' plotted envelope spectrum the highest point between 50 Hz and 1.5 x BPFO is the BPFO line.
    const double rpm = 1772;
    const DefectLines lines = defect_lines(testing::cwru_drive_end(), rpm / 60);
    testing::FaultModel m;
    m.seconds = 6;
    m.resonance_hz = 3200;
    m.amplitude = 0.25;
    m.repetition_hz = lines.f.bpfo;
    auto x = testing::fault_signal(m);
    testing::add_noise(x, 0.08, 11);
    FftPlans fft;
    DiagnosisInput in;
    in.samples = x;
    in.fs = m.fs;
    in.rpm = rpm;
    in.geometry = testing::cwru_drive_end();
    auto d = diagnose(fft, in);
    ASSERT_TRUE(d) << d.error().message;
    const RecordPlots p = record_plots(fft, x, *d, 3);
    ASSERT_EQ(p.envelopes.size(), 3u);
    for (const auto& e : p.envelopes) {
        std::size_t best = 0;
        double top = -1;
        for (std::size_t k = 0; k < e.ses.hz.size(); ++k) {
            if (e.ses.hz[k] > 50 && e.ses.hz[k] < 1.5 * lines.f.bpfo && e.ses.value[k] > top) {
                top = e.ses.value[k];
                best = k;
            }
        }
        EXPECT_NEAR(e.ses.hz[best], lines.f.bpfo, 0.01 * lines.f.bpfo) << method_name(e.method);
        EXPECT_LE(e.ses.hz.size(), 2000u);
    }
    // Welch density: segments of 4,096 at 12 kHz, 2,049 bins of 2.93 Hz; the resonance band carries the energy.
    EXPECT_EQ(p.psd.density.size(), 2049u);
    EXPECT_NEAR(p.psd.df, 12000.0 / 4096, 1e-9);
    const auto peak = std::max_element(p.psd.density.begin(), p.psd.density.end()) - p.psd.density.begin();
    EXPECT_NEAR(p.psd.frequency(static_cast<std::size_t>(peak)), 3200, 300);
    EXPECT_EQ(p.waveform.max.size(), 1500u);
    EXPECT_EQ(p.kurtogram.cells.size(), d->kurtogram.cells.size());

    const std::string text = record_plots_json(p).dump();
    EXPECT_LT(text.size(), 200'000u) << "a record's plots are kept beside it";
    const auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j["envelopes"][2]["method"], "drs+sk");
    EXPECT_EQ(j["envelopes"][0]["hz"].size(), j["envelopes"][0]["magnitude"].size());
    EXPECT_EQ(j["waveform"]["min"].size(), 1500u);
}

}  // namespace
}  // namespace yandian::monitor
