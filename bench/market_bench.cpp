// Market index benchmark: 10 million synthetic transactions (12 months, 17,000 items = model x brand tier,
// 5,100 shops, 8 bearing types) -> monthly chained Jevons (per shop) + Tornqvist index with sub-indices by type,
// plus turnover by type x month with the 5-shop suppression. Baseline in the same run: one plain pass summing
// quantity x price over the same arrays. Ratios are printed at the end (time / baseline time).
// Run: build-market/bench/market_bench   (Debian's libbenchmark is built without NDEBUG: compare ratios)
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "market/panel.hpp"
#include "market/series.hpp"
#include "market/turnover.hpp"

namespace {

using namespace yandian::market;

constexpr std::size_t kRows = 10'000'000;
constexpr std::uint32_t kItems = 17'000;
constexpr std::uint32_t kShops = 5'100;
constexpr std::uint32_t kTypes = 8;
constexpr std::int32_t kMonths = 12;

struct Data {
    std::vector<PeriodKey> period;
    std::vector<std::uint32_t> item;
    std::vector<std::uint32_t> shop;
    std::vector<std::int64_t> quantity;
    std::vector<std::int64_t> price;
    std::vector<std::uint32_t> type_of_item;
    TransactionColumns columns() const { return {period, item, shop, quantity, price}; }
};

std::uint64_t next(std::uint64_t& s) {  // xorshift64*
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ULL;
}

const Data& data() {
    static const Data d = [] {
        Data x;
        std::uint64_t s = 0x9E3779B97F4A7C15ULL;
        std::vector<double> base(kItems);
        x.type_of_item.resize(kItems);
        for (std::uint32_t i = 0; i < kItems; ++i) {
            base[i] = 500.0 * std::exp(4.6 * static_cast<double>(next(s) % 10000) / 10000.0);  // 5 .. 500 yuan
            x.type_of_item[i] = static_cast<std::uint32_t>(next(s) % kTypes);
        }
        x.period.resize(kRows);
        x.item.resize(kRows);
        x.shop.resize(kRows);
        x.quantity.resize(kRows);
        x.price.resize(kRows);
        const PeriodKey first = 2026 * 12;
        for (std::size_t r = 0; r < kRows; ++r) {
            const auto m = static_cast<std::int32_t>(next(s) % kMonths);
            // Popular models sell more: squaring a uniform draw skews item ids toward 0.
            const double u = static_cast<double>(next(s) % 1000000) / 1000000.0;
            const auto i = static_cast<std::uint32_t>(u * u * kItems);
            const auto shop = static_cast<std::uint32_t>(next(s) % kShops);
            const double noise = 0.95 + 0.1 * static_cast<double>(next(s) % 1000) / 1000.0;
            const double season = 1.0 + 0.03 * std::sin(static_cast<double>(m) * 0.5236);
            x.period[r] = first + m;
            x.item[r] = i;
            x.shop[r] = shop;
            x.quantity[r] = 1 + static_cast<std::int64_t>(next(s) % 20);
            x.price[r] = std::max<std::int64_t>(1, std::llround(base[i] * (1.0 + 0.004 * m) * season * noise));
        }
        return x;
    }();
    return d;
}

void BM_Baseline_SumQuantityTimesPrice(benchmark::State& state) {
    const Data& d = data();
    for (auto _ : state) {
        std::int64_t total = 0;
        for (std::size_t r = 0; r < kRows; ++r) total += d.quantity[r] * d.price[r];
        benchmark::DoNotOptimize(total);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
}

void turnover_by_type(const Data& d, TurnoverAggregator& agg) {
    // Streams the rows in chunks of 64K with the (type, month) key built per chunk.
    constexpr std::size_t kChunk = 1 << 16;
    std::vector<std::uint64_t> key(kChunk);
    for (std::size_t s = 0; s < kRows; s += kChunk) {
        const std::size_t n = std::min(kChunk, kRows - s);
        for (std::size_t r = 0; r < n; ++r) {
            key[r] = make_key(d.type_of_item[d.item[s + r]], static_cast<std::uint32_t>(d.period[s + r]));
        }
        auto st = agg.add(std::span(key).first(n), std::span(d.shop).subspan(s, n), std::span(d.quantity).subspan(s, n),
                          std::span(d.price).subspan(s, n));
        if (!st) std::fprintf(stderr, "turnover: %s\n", st.error().message.c_str());
    }
}

void index_and_turnover(benchmark::State& state, ElementaryFormula elementary, std::int32_t geks_window) {
    const Data& d = data();
    LinkOptions o;
    o.first_period = 2026 * 12;
    o.n_periods = kMonths;
    o.n_items = kItems;
    o.max_lag = geks_window > 1 ? geks_window - 1 : 1;
    o.elementary = elementary;
    o.groupings = {Grouping{d.type_of_item, kTypes}};
    double last = 0.0;
    for (auto _ : state) {
        auto m = build_link_matrix(d.columns(), o);
        if (!m) {
            state.SkipWithError(m.error().message.c_str());
            return;
        }
        auto total = geks_window > 1 ? geks_series(*m, LinkMatrix::kAllItems, GeksOptions{geks_window, Splice::kMean})
                                     : chain_series(*m, LinkMatrix::kAllItems, IndexFormula::kTornqvist);
        auto by_type = chain_series_by_group(*m, 0, IndexFormula::kTornqvist);
        auto agg = *TurnoverAggregator::create(5);
        turnover_by_type(d, agg);
        auto cells = agg.cells();
        last = total->points.back().value;
        benchmark::DoNotOptimize(by_type);
        benchmark::DoNotOptimize(cells);
    }
    state.counters["index_last_month"] = last;
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
}

void BM_MonthlyJevonsTornqvistPlusTurnover(benchmark::State& state) {
    index_and_turnover(state, ElementaryFormula::kJevons, 0);
}
void BM_MonthlyUnitValueTornqvistPlusTurnover(benchmark::State& state) {
    index_and_turnover(state, ElementaryFormula::kUnitValue, 0);
}
void BM_MonthlyJevonsGeks12PlusTurnover(benchmark::State& state) {
    index_and_turnover(state, ElementaryFormula::kJevons, 12);
}
void BM_TurnoverByTypeOnly(benchmark::State& state) {
    const Data& d = data();
    for (auto _ : state) {
        auto agg = *TurnoverAggregator::create(5);
        turnover_by_type(d, agg);
        benchmark::DoNotOptimize(agg.cells());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
}

BENCHMARK(BM_Baseline_SumQuantityTimesPrice)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_MonthlyJevonsTornqvistPlusTurnover)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_MonthlyUnitValueTornqvistPlusTurnover)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_MonthlyJevonsGeks12PlusTurnover)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_TurnoverByTypeOnly)->Unit(benchmark::kMillisecond)->Iterations(3);

// Console output plus a closing table of each benchmark's time against the baseline of the same run.
class RatioReporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& r : runs) {
            if (r.run_type == Run::RT_Iteration) times_[r.benchmark_name()] = r.GetAdjustedRealTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        double base = 0.0;
        for (const auto& [name, t] : times_) {
            if (name.find("Baseline") != std::string::npos) base = t;
        }
        if (base <= 0.0) return;
        std::printf("\nratio to baseline (same run, %zu transactions):\n", kRows);
        for (const auto& [name, t] : times_) {
            std::printf("  %-60s %9.1f ms  %8.1fx baseline  %7.2f M transactions/s\n", name.c_str(), t, t / base,
                        static_cast<double>(kRows) / (t * 1e3));
        }
    }

  private:
    std::map<std::string, double> times_;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
