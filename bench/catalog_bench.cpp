// Designation parser and type-ahead throughput, each beside a baseline measured in the same run:
//   parse      vs  FNV-1a hash over the same strings (the cost of merely reading the bytes)
//   type-ahead vs  a linear starts_with scan over every catalogue key
// Run: build-catalog/bench/catalog_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/catalog_json.hpp"
#include "catalog/designation.hpp"

namespace {

using namespace yandian::catalog;

// The golden test inputs plus every catalogue entry in three market spellings.
const std::vector<std::string>& inputs() {
    static const std::vector<std::string> all = [] {
        std::vector<std::string> v;
        std::ifstream f(std::string(YANDIAN_SOURCE_DIR) + "/tests/catalog/designations.tsv");
        std::string line;
        while (std::getline(f, line)) {
            if (line.empty() || line[0] == '#') continue;
            v.push_back(line.substr(0, line.find('\t')));
        }
        for (const auto& e : default_catalog().entries()) {
            v.push_back(e.designation);
            v.push_back(e.designation + "-2RSH/C3");
            v.push_back(e.designation + "ZZC3");
        }
        return v;
    }();
    return all;
}

void BM_BaselineHashBytes(benchmark::State& state) {
    const auto& in = inputs();
    for (auto _ : state) {
        for (const auto& s : in) {
            uint64_t h = 1469598103934665603ull;
            for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
            benchmark::DoNotOptimize(h);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_BaselineHashBytes);

void BM_ParseDesignation(benchmark::State& state) {
    const auto& in = inputs();
    for (auto _ : state) {
        for (const auto& s : in) {
            auto r = parse_designation(s);
            benchmark::DoNotOptimize(r);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_ParseDesignation);

void BM_ParseAndCanonical(benchmark::State& state) {
    const auto& in = inputs();
    for (auto _ : state) {
        for (const auto& s : in) {
            auto r = parse_designation(s);
            if (r) {
                std::string c = canonical(*r);
                benchmark::DoNotOptimize(c);
            }
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_ParseAndCanonical);

// Prefixes of 1 to 4 characters of every catalogue designation.
const std::vector<std::string>& prefixes() {
    static const std::vector<std::string> all = [] {
        std::vector<std::string> v;
        for (const auto& e : default_catalog().entries()) {
            for (size_t n = 1; n <= 4 && n <= e.key.size(); ++n) v.push_back(e.key.substr(0, n));
        }
        return v;
    }();
    return all;
}

void BM_BaselineTypeaheadLinearScan(benchmark::State& state) {
    const auto& entries = default_catalog().entries();
    const auto& ps = prefixes();
    size_t k = 0;
    for (auto _ : state) {
        const std::string& p = ps[k++ % ps.size()];
        std::vector<const CatalogEntry*> out;
        for (const auto& e : entries) {
            if (out.size() >= 20) break;
            if (e.key.compare(0, p.size(), p) == 0) out.push_back(&e);
        }
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.counters["catalogue_entries"] = static_cast<double>(entries.size());
}
BENCHMARK(BM_BaselineTypeaheadLinearScan);

void BM_Typeahead(benchmark::State& state) {
    const Catalog& cat = default_catalog();
    const auto& ps = prefixes();
    size_t k = 0;
    for (auto _ : state) {
        auto out = cat.typeahead(ps[k++ % ps.size()], 20);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Typeahead);

void BM_TypeaheadJson(benchmark::State& state) {
    const Catalog& cat = default_catalog();
    const auto& ps = prefixes();
    size_t k = 0;
    for (auto _ : state) {
        auto out = typeahead_json(cat, ps[k++ % ps.size()], 20);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_TypeaheadJson);

}  // namespace

BENCHMARK_MAIN();
