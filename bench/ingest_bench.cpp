// Durable values per second through the ingest service (validate, one transaction with the batch record, phase II
// rule evaluation, alarms, live push) against the raw limit measured in the same run: plain batched INSERTs of the
// same rows (one ingest_batches row plus the measurements, prepared statements, one transaction per batch) into the
// same kind of SQLite file (WAL, synchronous=FULL). Report the ratio, not the absolute figures (Debian's
// libbenchmark is built without NDEBUG).
// Run: build-acq/bench/ingest_bench --benchmark_min_time=2 --benchmark_repetitions=5
//          --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
// 2026-11-29, shared 2-core machine, medians of 5 (real time; cv 15-30 %, fsync-bound):
//   1000 values/batch: service 506k values/s, raw 725k values/s -> ratio 0.70
//    100 values/batch: service 301k values/s, raw 246k values/s -> ratio 1.2 (within the noise: both wait on fsync)
// In-process service only: HTTP and MQTT transport are not in these figures.
//
// The same service on PostgreSQL (BM_IngestService/postgres, when YANDIAN_TEST_POSTGRES names a cluster, as
// `scripts/postgres.sh run` sets it): compare its values/s with the SQLite service's in the same run. Both report
// bytes_per_value: store size on disk (SQLite file after a checkpoint; pg_total_relation_size of measurements and
// ingest_batches, indexes included) over the values stored.
// Run: scripts/postgres.sh run build/bench/ingest_bench --benchmark_filter=IngestService --benchmark_min_time=2
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>

#include "app/accounts.hpp"
#include "app/live_hub.hpp"
#include "app/spc_service.hpp"
#include "store/database.hpp"
#include "store/postgres/connection.hpp"

namespace {

using namespace yandian;

struct World {
    std::string dir;
    std::string path;
    std::string url;  // the store's URL (SQLite file or a PostgreSQL database of its own)
    std::unique_ptr<store::Database> db;
    app::LiveHub hub;
    std::unique_ptr<app::AccountService> accounts;
    std::unique_ptr<app::SpcService> spc;
    std::int64_t characteristic_id = 0;

    explicit World(bool postgres = false) {
        std::string pattern = (std::filesystem::temp_directory_path() / "yandian-ingest-bench-XXXXXX").string();
        dir = mkdtemp(pattern.data());
        path = dir + "/bench.db";
        url = "sqlite:" + path;
        if (postgres) {
            const std::string cluster = std::getenv("YANDIAN_TEST_POSTGRES");
            const std::string name = "yandian_bench_" + std::to_string(::getpid());
            auto admin = store::postgres::Connection::open(cluster, std::chrono::seconds(60));
            (void)(*admin)->exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            (void)(*admin)->exec("CREATE DATABASE " + name);
            url = cluster.substr(0, cluster.rfind('/') + 1) + name;
        }
        db = std::move(*store::Database::open(url));
        app::Clock clock = [] { return std::chrono::system_clock::now(); };
        accounts = std::make_unique<app::AccountService>(*db, app::AccountOptions{}, clock);
        spc = std::make_unique<app::SpcService>(*db, hub, clock);
        auto org = accounts->create_organisation("Bench Bearing Co.", app::OrgKind::kManufacturer);
        app::Principal who{0, org->id, app::Role::kAdmin, "bench", std::nullopt};
        auto plant = spc->create_plant(who, "Plant");
        auto line = spc->create_line(who, plant->id, "grind-3", "line");
        app::CharacteristicInput in;
        in.line_id = line->id;
        in.code = "bore-d";
        in.feature = "bore";
        in.lsl = 24.99;
        in.usl = 25.01;
        characteristic_id = spc->create_characteristic(who, in)->id;
    }
    ~World() {
        spc.reset();
        accounts.reset();
        db.reset();
        std::filesystem::remove_all(dir);
    }
};

std::vector<double> values(std::size_t n) {
    std::mt19937_64 random(6205);
    std::normal_distribution<double> d(25.0, 0.001);
    std::vector<double> out(n);
    for (double& v : out) v = d(random);
    return out;
}

// Bytes on disk per stored value, indexes included.
double bytes_per_value(World& w, bool postgres) {
    auto count = w.db->spc().count_measurements(w.characteristic_id);
    if (!count || *count == 0) return 0;
    double bytes = 0;
    if (postgres) {
        auto c = store::postgres::Connection::open(w.url, std::chrono::seconds(60));
        auto rows = (*c)->query(
            "SELECT pg_total_relation_size('measurements') + pg_total_relation_size('ingest_batches')");
        bytes = static_cast<double>(rows->int64(0, 0));
    } else {
        sqlite3* raw = nullptr;
        sqlite3_open(w.path.c_str(), &raw);
        sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
        sqlite3_close(raw);
        bytes = static_cast<double>(std::filesystem::file_size(w.path));
    }
    return bytes / static_cast<double>(*count);
}

void ingest_service(benchmark::State& state, bool postgres) {
    if (postgres && std::getenv("YANDIAN_TEST_POSTGRES") == nullptr) {
        state.SkipWithError("YANDIAN_TEST_POSTGRES is not set (scripts/postgres.sh run starts a cluster)");
        return;
    }
    World w(postgres);
    const auto batch_values = values(static_cast<std::size_t>(state.range(0)));
    ingest::IncomingBatch batch;
    for (double v : batch_values) {
        ingest::IncomingValue iv;
        iv.value = v;
        batch.values.push_back(iv);
    }
    const ingest::CharacteristicKey key{"1", "grind-3", "bore-d"};
    for (auto _ : state) {
        auto outcome = w.spc->ingest_by_key(key, batch, std::nullopt, "bench");
        if (!outcome) state.SkipWithError(outcome.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.counters["bytes_per_value"] = bytes_per_value(w, postgres);
}

void BM_IngestService(benchmark::State& state) { ingest_service(state, false); }
void BM_IngestServicePostgres(benchmark::State& state) { ingest_service(state, true); }

void BM_RawBatchedInsert(benchmark::State& state) {
    World w;
    const auto batch_values = values(static_cast<std::size_t>(state.range(0)));
    sqlite3* db = nullptr;
    sqlite3_open(w.path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
    sqlite3_stmt* batch = nullptr;
    sqlite3_stmt* row = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO ingest_batches (characteristic_id, source, received_at, accepted, response) "
                       "VALUES (?, 'raw', '2026-11-29T00:00:00.000Z', ?, '{}')",
                       -1, &batch, nullptr);
    sqlite3_prepare_v2(
        db, "INSERT INTO measurements (characteristic_id, seq, time_ms, value, batch_id) VALUES (?, ?, ?, ?, ?)", -1,
        &row, nullptr);
    std::int64_t seq = 0;
    for (auto _ : state) {
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        sqlite3_bind_int64(batch, 1, w.characteristic_id);
        sqlite3_bind_int64(batch, 2, state.range(0));
        sqlite3_step(batch);
        sqlite3_reset(batch);
        const std::int64_t batch_id = sqlite3_last_insert_rowid(db);
        for (double v : batch_values) {
            sqlite3_bind_int64(row, 1, w.characteristic_id);
            sqlite3_bind_int64(row, 2, seq++);
            sqlite3_bind_int64(row, 3, 1'795'968'000'000 + seq);
            sqlite3_bind_double(row, 4, v);
            sqlite3_bind_int64(row, 5, batch_id);
            if (sqlite3_step(row) != SQLITE_DONE) state.SkipWithError(sqlite3_errmsg(db));
            sqlite3_reset(row);
        }
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) state.SkipWithError(sqlite3_errmsg(db));
    }
    sqlite3_finalize(batch);
    sqlite3_finalize(row);
    sqlite3_close(db);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_RawBatchedInsert)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_IngestService)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_IngestServicePostgres)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
