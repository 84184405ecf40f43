// The bearing market on 10 million transactions, against DuckDB in the same run.
//   1. Import: the market's CSV through MarketService (parse, validate, normalise through the catalogue, row keys,
//      durable columnar blocks in SQLite), once as one market-wide file and once as 1,000 per-shop imports, vs DuckDB
//      read_csv + join to the same designation/brand tables into a database file.
//   2. Monthly chained Jevons-Tornqvist index by bearing type (with the 5-shop suppression counts) plus turnover and
//      volume by type and month, vs the same aggregation in DuckDB SQL (bench/duckdb/bench.mjs).
// The data is generated once and written as CSV (bench dir: $MARKET_BENCH_DIR or a temporary folder); both sides read
// the same files. Rows: $MARKET_BENCH_ROWS (default 10,000,000). DuckDB needs `npm ci` in bench/duckdb.
// Run: build-mkt/bench/market_import_bench   (Debian's libbenchmark is built without NDEBUG: compare ratios)
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "app/market_service.hpp"
#include "catalog/catalog_json.hpp"
#include "common/mapped_file.hpp"
#include "store/database.hpp"

namespace {

using namespace yandian;

constexpr int kShops = 1000;
constexpr int kModels = 3000;
constexpr int kLinesPerShop = 40;

struct Brand {
    const char* name;
    double level;
    double drift;
};
constexpr std::array<Brand, 10> kBrands = {{{"SKF", 3.2, 0.0045},
                                            {"NSK", 3.0, 0.0045},
                                            {"FAG", 3.1, 0.0045},
                                            {"ZWZ", 1.7, 0.003},
                                            {"人本", 1.6, 0.003},
                                            {"HRB", 1.6, 0.003},
                                            {"临清星", 1.0, 0.002},
                                            {"LQB", 1.0, 0.002},
                                            {"", 0.62, 0.001},
                                            {"无牌", 0.6, 0.001}}};
constexpr const char* kChannels[] = {"offline", "online", "export"};
constexpr const char* kRegions[] = {"山东", "河北", "河南", "江苏", "浙江", "广东"};

struct Data {
    std::filesystem::path dir;
    std::size_t rows = 0;
    std::string header;
    std::vector<std::string> shop_text;  // the rows of each shop (CSV, no header)
    std::filesystem::path data_csv, models_csv, brands_csv;
};

Data& data() {
    static Data d;
    return d;
}

void generate() {
    Data& d = data();
    const char* env_rows = std::getenv("MARKET_BENCH_ROWS");
    d.rows = env_rows ? std::stoull(env_rows) : 10'000'000ULL;
    const char* env_dir = std::getenv("MARKET_BENCH_DIR");
    d.dir = env_dir ? std::filesystem::path(env_dir)
                    : std::filesystem::temp_directory_path() / fmt::format("yandian-market-bench-{}", ::getpid());
    std::filesystem::create_directories(d.dir);
    d.data_csv = d.dir / "transactions.csv";
    d.models_csv = d.dir / "models.csv";
    d.brands_csv = d.dir / "brands.csv";

    const auto& entries = catalog::default_catalog().entries();
    std::mt19937_64 rng(20261129);
    std::vector<std::size_t> pick(entries.size());
    for (std::size_t i = 0; i < pick.size(); ++i) pick[i] = i;
    std::shuffle(pick.begin(), pick.end(), rng);
    struct Model {
        std::string spelling;
        double base;
    };
    std::vector<Model> models;
    std::ofstream models_out(d.models_csv);
    models_out << "designation,canonical,bearing_type\n";
    for (std::size_t k = 0; k < pick.size() && models.size() < static_cast<std::size_t>(kModels); ++k) {
        const auto& e = entries[pick[k]];
        auto n = app::normalise_designation(e.designation);
        if (!n) continue;
        const double D = e.dims.D > 0 ? e.dims.D : 60;
        models.push_back(Model{e.designation, 450.0 * std::pow(D / 20.0, 1.7)});
        models_out << '"' << e.designation << "\"," << '"' << n->canonical << "\"," << n->bearing_type << "\n";
    }
    std::ofstream brands_out(d.brands_csv);
    brands_out << "brand,tier\n";
    for (const Brand& b : kBrands)
        brands_out << b.name << "," << app::to_string(app::classify_brand(b.name).tier) << "\n";

    d.header = "shop,time,designation,brand,quantity,unit_price,channel,region\n";
    std::ofstream out(d.data_csv, std::ios::binary);
    out << d.header;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> z(0.0, 1.0);
    const std::size_t per_shop = d.rows / kShops;
    d.shop_text.resize(kShops);
    for (int s = 0; s < kShops; ++s) {
        struct Line {
            std::size_t model;
            std::size_t brand;
        };
        std::array<Line, kLinesPerShop> lines{};
        for (auto& l : lines) {
            l.model = static_cast<std::size_t>(std::pow(u(rng), 2.0) * static_cast<double>(models.size()));
            l.brand = static_cast<std::size_t>(u(rng) * kBrands.size());
        }
        const double shop_level = std::exp(0.05 * z(rng));
        std::string& text = d.shop_text[static_cast<std::size_t>(s)];
        const std::size_t n = per_shop + (static_cast<std::size_t>(s) < d.rows % kShops ? 1 : 0);
        text.reserve(n * 70);
        for (std::size_t r = 0; r < n; ++r) {
            const Line& l = lines[static_cast<std::size_t>(u(rng) * kLinesPerShop)];
            const int month = static_cast<int>(u(rng) * 10);  // 2026-01 .. 2026-10
            const int day = 1 + static_cast<int>(u(rng) * 28);
            const Brand& b = kBrands[l.brand];
            const double fen =
                models[l.model].base * b.level * shop_level * std::pow(1 + b.drift, month) * std::exp(0.03 * z(rng));
            const auto price = std::max<std::int64_t>(1, std::llround(fen));
            fmt::format_to(std::back_inserter(text), "{},2026-{:02}-{:02} {:02}:{:02},{},{},{},{}.{:02},{},{}\n", s + 1,
                           month + 1, day, 8 + static_cast<int>(u(rng) * 10), static_cast<int>(u(rng) * 60),
                           models[l.model].spelling, b.name, 1 + static_cast<int>(u(rng) * 50), price / 100,
                           price % 100, kChannels[static_cast<int>(u(rng) * 1.3)],
                           kRegions[static_cast<std::size_t>(s) % 6]);
        }
        out << text;
    }
}

struct Store {
    std::unique_ptr<store::Database> db;
    std::unique_ptr<app::MarketService> market;
};

Store& yandian_store() {
    static Store s;
    return s;
}

// A fresh store with the 1,000 shops as merchant organisations (ids 1..1000, as the CSV's shop column names them).
bool fresh_store(benchmark::State& state, const std::string& name) {
    Data& d = data();
    const auto path = d.dir / name;
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
    auto db = store::Database::open("sqlite:" + path.string());
    if (!db) {
        state.SkipWithError(db.error().message.c_str());
        return false;
    }
    Store& s = yandian_store();
    s.market.reset();
    s.db = std::move(*db);
    s.market = std::make_unique<app::MarketService>(*s.db, [] { return std::chrono::system_clock::now(); });
    for (int i = 0; i < kShops; ++i) {
        auto org =
            s.db->organisations().create({0, fmt::format("Shop {}", i + 1), "merchant", "2026-01-01T00:00:00.000Z"});
        if (!org) {
            state.SkipWithError(org.error().message.c_str());
            return false;
        }
    }
    return true;
}

bool check(benchmark::State& state, const Result<app::MarketImportReport>& report, std::int64_t& inserted) {
    if (!report) {
        state.SkipWithError(report.error().message.c_str());
        return false;
    }
    if (!report->errors.empty()) {
        state.SkipWithError(report->errors.front().message.c_str());
        return false;
    }
    inserted += report->inserted;
    return true;
}

// Each shop's rows as its own import (what the shops' uploads through the API do): 1,000 durable imports.
void BM_ImportPerShop_Yandian(benchmark::State& state) {
    Data& d = data();
    for (auto _ : state) {
        state.PauseTiming();
        if (!fresh_store(state, "yandian-per-shop.db")) return;
        state.ResumeTiming();
        std::int64_t inserted = 0;
        for (int i = 0; i < kShops; ++i) {
            auto report =
                yandian_store().market->import_csv_for_shop(i + 1, d.header + d.shop_text[static_cast<std::size_t>(i)]);
            if (!check(state, report, inserted)) return;
        }
        state.counters["rows_inserted"] = static_cast<double>(inserted);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(d.rows));
}

// The whole file in one market-wide import (`yandian market import --market-wide FILE`), as DuckDB reads it: the
// file is mapped and read inside the timed region.
void BM_Import_Yandian(benchmark::State& state) {
    Data& d = data();
    for (auto _ : state) {
        state.PauseTiming();
        if (!fresh_store(state, "yandian.db")) return;
        state.ResumeTiming();
        auto file = MappedFile::open(d.data_csv.string());  // as `yandian market import` reads it
        if (!file) {
            state.SkipWithError(file.error().message.c_str());
            return;
        }
        std::int64_t inserted = 0;
        if (!check(state, yandian_store().market->import_csv_market_wide(file->text()), inserted)) return;
        state.counters["rows_inserted"] = static_cast<double>(inserted);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(d.rows));
}

double g_index_last = 0;

void BM_IndexPlusTurnover_Yandian(benchmark::State& state) {
    Store& s = yandian_store();
    if (!s.market) {
        state.SkipWithError("import did not run");
        return;
    }
    for (auto _ : state) {
        app::IndexQuery q;
        q.from = {2026, 1};
        q.to = {2026, 10};
        q.by = app::Dimension::kType;
        using Clock = std::chrono::steady_clock;
        const auto t0 = Clock::now();
        auto index = s.market->price_index(q);  // reads the range from the store, then computes
        const auto t1 = Clock::now();
        app::AggregateQuery t;
        t.from = {2026, 1};
        t.to = {2026, 10};
        t.by = app::Dimension::kType;
        auto turnover = s.market->turnover(t);  // same range: reuses the columns read for the index
        const auto t2 = Clock::now();
        const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
        state.counters["index_ms"] = ms(t0, t1);
        state.counters["turnover_ms"] = ms(t1, t2);
        if (!index || !turnover) {
            state.SkipWithError("aggregation failed");
            return;
        }
        g_index_last = index->at("all_items").at("points").back().at("value").get<double>();
        state.counters["index_all_last"] = g_index_last;
        state.counters["turnover_cells"] = static_cast<double>(turnover->at("cells").size());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(data().rows));
}

nlohmann::json g_duck;

void BM_Import_DuckDB(benchmark::State& state) {
    Data& d = data();
    for (auto _ : state) {
        const auto db = d.dir / "duck.db";
        std::filesystem::remove(db);
        std::filesystem::remove(db.string() + ".wal");
        const std::string cmd =
            fmt::format("cd '{}/bench/duckdb' && node bench.mjs '{}' '{}' '{}' '{}'", YANDIAN_SOURCE_DIR,
                        d.data_csv.string(), d.models_csv.string(), d.brands_csv.string(), db.string());
        FILE* p = ::popen(cmd.c_str(), "r");
        std::string out;
        std::array<char, 4096> buf{};
        while (p != nullptr && std::fgets(buf.data(), buf.size(), p) != nullptr) out += buf.data();
        const int rc = p == nullptr ? -1 : ::pclose(p);
        if (rc != 0 || out.empty()) {
            state.SkipWithError("DuckDB baseline failed (run `npm ci` in bench/duckdb)");
            return;
        }
        g_duck = nlohmann::json::parse(out);
        state.SetIterationTime(g_duck.at("import_ms").get<double>() / 1000.0);
        state.counters["rows"] = g_duck.at("rows").get<double>();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(d.rows));
}

void BM_IndexPlusTurnover_DuckDB(benchmark::State& state) {
    if (g_duck.is_null()) {
        state.SkipWithError("DuckDB baseline did not run");
        return;
    }
    for (auto _ : state) {
        state.SetIterationTime(g_duck.at("aggregate_ms").get<double>() / 1000.0);
        state.counters["index_all_last"] = g_duck.at("index_all_last").get<double>();
        state.counters["turnover_cells"] = g_duck.at("turnover_cells").get<double>();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(data().rows));
}

BENCHMARK(BM_ImportPerShop_Yandian)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Import_Yandian)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_IndexPlusTurnover_Yandian)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Import_DuckDB)->Unit(benchmark::kSecond)->Iterations(1)->UseManualTime();
BENCHMARK(BM_IndexPlusTurnover_DuckDB)->Unit(benchmark::kMillisecond)->Iterations(1)->UseManualTime();

class RatioReporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& r : runs) {
            if (r.run_type == Run::RT_Iteration && !r.error_occurred) {
                times_[r.benchmark_name()] =
                    r.GetAdjustedRealTime() * (r.time_unit == benchmark::kSecond ? 1000.0 : 1.0);
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\nsame run, %zu transactions, %d shops (times in ms; ratio > 1: Yandian slower):\n", data().rows,
                    kShops);
        ratio("import", "BM_Import_Yandian/iterations:1/real_time", "BM_Import_DuckDB/iterations:1/manual_time");
        ratio("import/shop", "BM_ImportPerShop_Yandian/iterations:1/real_time",
              "BM_Import_DuckDB/iterations:1/manual_time");
        ratio("index+turnover", "BM_IndexPlusTurnover_Yandian/iterations:1/real_time",
              "BM_IndexPlusTurnover_DuckDB/iterations:1/manual_time");
        if (!g_duck.is_null()) {
            std::printf("  all-items index, last month: Yandian %.6f, DuckDB %.6f\n", g_index_last,
                        g_duck.at("index_all_last").get<double>());
        }
    }

  private:
    void ratio(const char* what, const std::string& ours, const std::string& theirs) {
        auto a = times_.find(ours);
        auto b = times_.find(theirs);
        if (a == times_.end() || b == times_.end()) {
            std::printf("  %s: missing a measurement\n", what);
            return;
        }
        std::printf("  %-15s Yandian %10.0f  DuckDB %10.0f  ratio %.2f\n", what, a->second, b->second,
                    a->second / b->second);
    }
    std::map<std::string, double> times_;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    generate();
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    if (std::getenv("MARKET_BENCH_KEEP") == nullptr && std::getenv("MARKET_BENCH_DIR") == nullptr) {
        std::error_code ignored;
        std::filesystem::remove_all(data().dir, ignored);
    }
    return 0;
}
