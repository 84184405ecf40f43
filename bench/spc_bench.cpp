// SPC engine throughput over 10 million individual values: every chart type and all run rules, each reported as
// values per second and as a ratio to a plain single-pass mean/variance loop over the same data, measured in the
// same run (the memory-bandwidth floor).
//
//   cmake --build build-spc --target spc_bench && build-spc/bench/spc_bench --benchmark_min_time=1
//
// Counters: `items_per_second` (values per CPU second) and `x_floor` = CPU time of one pass / CPU time of the
// baseline pass (thread CPU time, median of 7 baseline passes at start-up).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <random>
#include <vector>

#include "spc/attributes.hpp"
#include "spc/capability.hpp"
#include "spc/rules.hpp"
#include "spc/time_weighted.hpp"
#include "spc/variables.hpp"

namespace {

using namespace yandian::spc;

// CPU time of this thread: the machine is shared, so wall time would measure the neighbours' load.
double thread_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

constexpr std::size_t kValues = 10'000'000;

const std::vector<double>& values() {
    static const std::vector<double> v = [] {
        std::mt19937_64 rng(20261129);
        std::normal_distribution<double> normal(74.0, 0.01);
        std::vector<double> out(kValues);
        for (auto& x : out) x = normal(rng);
        return out;
    }();
    return v;
}

// One pass of sum and sum of squares: the floor every chart is compared with.
double baseline_once(const std::vector<double>& v) {
    double s = 0.0;
    double ss = 0.0;
    for (double x : v) {
        s += x;
        ss += x * x;
    }
    const double n = static_cast<double>(v.size());
    const double mean = s / n;
    return (ss - n * mean * mean) / (n - 1.0);
}

double baseline_seconds() {
    static const double secs = [] {
        const auto& v = values();
        std::vector<double> t;
        for (int i = 0; i < 7; ++i) {
            const double a = thread_seconds();
            benchmark::DoNotOptimize(baseline_once(v));
            t.push_back(thread_seconds() - a);
        }
        std::sort(t.begin(), t.end());
        return t[t.size() / 2];
    }();
    return secs;
}

template <class F>
void measure(benchmark::State& state, F&& body) {
    const double floor = baseline_seconds();
    double total = 0.0;
    std::size_t passes = 0;
    for (auto _ : state) {
        const double a = thread_seconds();
        body();
        total += thread_seconds() - a;
        ++passes;
    }
    state.SetItemsProcessed(static_cast<int64_t>(passes * kValues));
    state.counters["x_floor"] = (total / static_cast<double>(passes)) / floor;
}

void BM_Baseline_MeanVariance(benchmark::State& state) {
    const auto& v = values();
    measure(state, [&] { benchmark::DoNotOptimize(baseline_once(v)); });
}

void BM_IMR_NelsonRules(benchmark::State& state) {
    const auto& v = values();
    VariablesOptions opt;
    measure(state, [&] { benchmark::DoNotOptimize(imr_chart(v, opt)); });
}

void BM_XbarR_n5_NelsonRules(benchmark::State& state) {
    const auto& v = values();
    const auto sizes = *fixed_sizes(v.size(), 5);
    measure(state, [&] { benchmark::DoNotOptimize(xbar_r_chart(v, sizes)); });
}

void BM_XbarS_n5_NelsonRules(benchmark::State& state) {
    const auto& v = values();
    const auto sizes = *fixed_sizes(v.size(), 5);
    measure(state, [&] { benchmark::DoNotOptimize(xbar_s_chart(v, sizes)); });
}

void BM_Ewma(benchmark::State& state) {
    const auto& v = values();
    const std::vector<std::size_t> ones(v.size(), 1);
    EwmaOptions opt;
    opt.phase.mean = 74.0;
    opt.phase.sigma = 0.01;
    measure(state, [&] { benchmark::DoNotOptimize(ewma_chart(v, ones, opt)); });
}

void BM_Cusum(benchmark::State& state) {
    const auto& v = values();
    const std::vector<std::size_t> ones(v.size(), 1);
    CusumOptions opt;
    opt.phase.mean = 74.0;
    opt.phase.sigma = 0.01;
    measure(state, [&] { benchmark::DoNotOptimize(cusum_chart(v, ones, opt)); });
}

// Attribute charts: each value becomes a count of nonconforming parts out of 50 (its distance from 74 in
// 1/1000 mm, capped at 50), so the charts see 10 million samples.
const std::vector<double>& counts() {
    static const std::vector<double> c = [] {
        std::vector<double> out(kValues);
        const auto& v = values();
        for (std::size_t i = 0; i < kValues; ++i) out[i] = std::min(50.0, std::floor(std::abs(v[i] - 74.0) * 1000.0));
        return out;
    }();
    return c;
}

void BM_P_NelsonRules(benchmark::State& state) {
    const auto& c = counts();
    const std::vector<double> n(c.size(), 50.0);
    measure(state, [&] { benchmark::DoNotOptimize(p_chart(c, n)); });
}

void BM_U_VaryingSize_NelsonRules(benchmark::State& state) {
    const auto& c = counts();
    std::vector<double> n(c.size());
    for (std::size_t i = 0; i < n.size(); ++i) n[i] = 40.0 + static_cast<double>(i % 21);
    measure(state, [&] { benchmark::DoNotOptimize(u_chart(c, n)); });
}

void BM_C_NelsonRules(benchmark::State& state) {
    const auto& c = counts();
    measure(state, [&] { benchmark::DoNotOptimize(c_chart(c)); });
}

void BM_RulesOnly_Nelson(benchmark::State& state) {
    Series s;
    s.values = values();
    s.limits = {Limits{74.0, 73.97, 74.03, 0.01}};
    const RuleSet rules = RuleSet::nelson();
    measure(state, [&] {
        evaluate_rules(s, rules);
        benchmark::DoNotOptimize(s.violations.data());
    });
}

void BM_RulesOnly_WesternElectric(benchmark::State& state) {
    Series s;
    s.values = values();
    s.limits = {Limits{74.0, 73.97, 74.03, 0.01}};
    const RuleSet rules = RuleSet::western_electric();
    measure(state, [&] {
        evaluate_rules(s, rules);
        benchmark::DoNotOptimize(s.violations.data());
    });
}

void BM_Capability_Individuals(benchmark::State& state) {
    const auto& v = values();
    const std::vector<std::size_t> ones(v.size(), 1);
    CapabilityOptions opt;
    opt.spec.lsl = 73.95;
    opt.spec.usl = 74.05;
    measure(state, [&] { benchmark::DoNotOptimize(capability(v, ones, opt)); });
}

BENCHMARK(BM_Baseline_MeanVariance)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IMR_NelsonRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_XbarR_n5_NelsonRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_XbarS_n5_NelsonRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ewma)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cusum)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_P_NelsonRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_U_VaryingSize_NelsonRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_C_NelsonRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RulesOnly_Nelson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RulesOnly_WesternElectric)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Capability_Individuals)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
