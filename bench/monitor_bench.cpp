// Cost of one bearing diagnosis of a 10 s record at 12 kHz, beside its baseline measured in the same run: one real
// FFT of the same record (the transform every method starts from). Stages are timed too (the three envelope
// analyses include the kurtogram). The record is CWRU 130 (outer race, 0.007 in) when the shared data is present,
// otherwise a synthetic record of the same length.
// Run: build/bench/monitor_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <random>
#include <vector>

#include "catalog/catalog_json.hpp"
#include "ingest/vibration/vibration_file.hpp"
#include "monitor/diagnosis.hpp"
#include "monitor/envelope.hpp"
#include "monitor/kurtogram.hpp"
#include "monitor/separation.hpp"

namespace {

using namespace yandian::monitor;

struct Record {
    std::vector<double> samples;
    double fs = 12000;
    double rpm = 1797;
};

const Record& record() {
    static const Record r = [] {
        Record rec;
        const std::string path =
            std::string(YANDIAN_SOURCE_DIR) + "/../shared/data/cwru/12k_Drive_End_OR007@6_0_130.mat";
        if (std::filesystem::exists(path)) {
            yandian::ingest::vibration::ReadOptions o;
            o.fs = 12000;
            auto read = yandian::ingest::vibration::read_vibration_file(path, o);
            if (read) {
                rec.samples = read->samples;
                if (read->rpm) rec.rpm = *read->rpm;
                return rec;
            }
        }
        std::mt19937 gen(1);
        std::normal_distribution<double> nd(0, 0.1);
        rec.samples.resize(121200);
        for (std::size_t i = 0; i < rec.samples.size(); ++i) {
            const double t = static_cast<double>(i) / rec.fs;
            rec.samples[i] = 0.2 * std::sin(2 * std::numbers::pi * 29.95 * t) + nd(gen);
        }
        return rec;
    }();
    return r;
}

void BM_BaselineFftOfRecord(benchmark::State& state) {
    const Record& r = record();
    FftPlans fft;
    const std::size_t n = fast_fft_size(r.samples.size());
    for (auto _ : state) benchmark::DoNotOptimize(fft.forward_real(r.samples, n));
    state.counters["samples"] = static_cast<double>(r.samples.size());
}
BENCHMARK(BM_BaselineFftOfRecord)->Unit(benchmark::kMillisecond);

void BM_Diagnose(benchmark::State& state) {
    const Record& r = record();
    FftPlans fft;
    DiagnosisInput in;
    in.samples = r.samples;
    in.fs = r.fs;
    in.rpm = r.rpm;
    in.geometry = *yandian::catalog::rolling_geometry(yandian::catalog::default_catalog(), "6205");
    for (auto _ : state) benchmark::DoNotOptimize(diagnose(fft, in));
}
BENCHMARK(BM_Diagnose)->Unit(benchmark::kMillisecond);

void BM_DiagnoseSpeedEstimated(benchmark::State& state) {
    const Record& r = record();
    FftPlans fft;
    DiagnosisInput in;
    in.samples = r.samples;
    in.fs = r.fs;
    in.geometry = *yandian::catalog::rolling_geometry(yandian::catalog::default_catalog(), "6205");
    for (auto _ : state) benchmark::DoNotOptimize(diagnose(fft, in));
}
BENCHMARK(BM_DiagnoseSpeedEstimated)->Unit(benchmark::kMillisecond);

void BM_SeparationAndKurtogram(benchmark::State& state) {
    const Record& r = record();
    FftPlans fft;
    for (auto _ : state) {
        const Separation s = discrete_random_separation(fft, r.samples);
        const RecordSpectrum rs = record_spectrum(fft, s.random, r.fs);
        benchmark::DoNotOptimize(fast_kurtogram(fft, rs, {6, 500, 0}));
    }
}
BENCHMARK(BM_SeparationAndKurtogram)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
