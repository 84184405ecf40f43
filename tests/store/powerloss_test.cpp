// Power loss, not only SIGKILL: the SQLite store, opened as the platform opens it (Database::open("sqlite:PATH")),
// runs through a VFS that keeps apart what reached the disk and what sits in the page cache (powerloss_vfs.hpp). The
// same run of writes (store creation with its migrations, SPC measurement batches and market rows, the store closed
// and reopened every few rounds, checkpoints) is cut at every operation in turn; after each cut only the bytes that
// were synced survive (or, in the torn variant, unsynced writes land in pieces, some as garbage), the store is
// reopened on them and checked: PRAGMA integrity_check is ok, the migrations table holds every migration or none,
// every acknowledged batch and market call is there exactly once with all its values, and nothing else is but,
// complete, the one call in flight at the cut. The negative controls prove the check can fail: with synchronous=OFF,
// or a disk that ignores flushes, the same check finds acknowledged writes lost.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "powerloss_vfs.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "temp_dir.hpp"

namespace yandian::store {
namespace {

using yandian::testing::PowerLossVfs;

constexpr std::string_view kAt = "2026-12-03T08:00:00.000Z";
constexpr int kRounds = 12;      // each round: one measurement batch and one market call, one transaction each
constexpr int kReopenEvery = 4;  // the store is closed (checkpoint, WAL deleted) and opened again every 4 rounds
constexpr int kValuesPerBatch = 5;
constexpr int kRowsPerCall = 4;
constexpr std::int64_t kJan1 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

enum class Durability { kProduct, kSynchronousOff };

// What the process was told had been stored: a call counts once it returned success with the power still on.
struct Acknowledged {
    bool store = false;  // Database::open (creation and migrations) returned
    bool setup = false;  // the organisations, plant, line, characteristic and market dictionaries are committed
    std::int64_t characteristic = 0, shop = 0;
    std::set<int> batches, market_calls;
    std::optional<int> batch_in_flight, market_in_flight;  // the call running when the power went off, if any
};

double value_of(int batch, int j) { return batch * 100 + j + 0.25; }

// Settings a run applies after each open: the product's (the store's own), or the negative control. Every other
// cycle lowers the autocheckpoint threshold from 8,000 pages to 8 so that checkpoints, the WAL restarting from its
// start and the WAL truncation happen within a short run as they do in a long-running store.
bool configure(Database& db, Durability durability, int cycle) {
    auto* sqlite = dynamic_cast<sqlite::SqliteDatabase*>(&db);
    if (sqlite == nullptr) return false;
    std::string pragmas;
    if (durability == Durability::kSynchronousOff) pragmas += "PRAGMA synchronous = OFF;";
    if (cycle % 2 == 1) pragmas += "PRAGMA wal_autocheckpoint = 8;";
    if (pragmas.empty()) return true;
    std::lock_guard lock(sqlite->connection().mutex());
    return sqlite->connection().exec(pragmas).has_value();
}

// The run of writes, stopped where the power goes off (a call fails, or returns after the cut).
void run(const std::string& url, PowerLossVfs& vfs, Durability durability, Acknowledged& ack) {
    auto opened = Database::open(url);
    if (!opened || vfs.power_is_off()) return;
    ack.store = true;
    std::unique_ptr<Database> db = std::move(*opened);
    int cycle = 0;
    if (!configure(*db, durability, cycle)) return;

    auto org = db->organisations().create({0, "Linqing Bearing Works", "manufacturer", std::string(kAt), std::nullopt});
    if (!org) return;
    auto plant = db->spc().create_plant({0, org->id, "Plant 1", std::string(kAt)});
    if (!plant) return;
    auto line = db->spc().create_line({0, org->id, plant->id, "L1", "Grinding 1", std::string(kAt)});
    if (!line) return;
    CharacteristicRecord c;
    c.org_id = org->id;
    c.line_id = line->id;
    c.code = "BORE";
    c.part_number = "6204";
    c.feature = "bore diameter";
    c.created_at = std::string(kAt);
    auto characteristic = db->spc().create_characteristic(c);
    if (!characteristic) return;
    auto shop = db->organisations().create({0, "Shop 17", "merchant", std::string(kAt), std::nullopt});
    if (!shop) return;
    MarketDesignation d{0, "6205-2RS", "6205-2RS", "6205-2RS", "deep_groove_ball", "small", "62", ""};
    auto designation = db->market().intern_designation(d);
    if (!designation) return;
    auto brand = db->market().intern_brand({0, "ZWZ", "ZWZ", "chinese_top"});
    if (!brand) return;
    auto region = db->market().intern_region("山东");
    if (!region || vfs.power_is_off()) return;
    // Again: writing dictionary entries sets synchronous back to FULL (store/sqlite/market_stores.cpp, DeferredSync).
    if (!configure(*db, durability, cycle)) return;
    ack.setup = true;
    ack.characteristic = characteristic->id;
    ack.shop = shop->id;

    for (int round = 0; round < kRounds; ++round) {
        if (round > 0 && round % kReopenEvery == 0) {
            db.reset();
            auto again = Database::open(url);
            if (!again || vfs.power_is_off()) return;
            db = std::move(*again);
            if (!configure(*db, durability, ++cycle)) return;
        }
        // A measurement batch as the ingest service writes one: looked up by its idempotency key, numbered after the
        // stored values, stored with its values in one transaction.
        ack.batch_in_flight = round;
        const std::string key = "b" + std::to_string(round);
        auto stored = db->in_transaction([&]() -> Status {
            auto existing = db->spc().find_batch(ack.characteristic, key);
            if (!existing) return tl::unexpected(existing.error());
            if (*existing) return {};
            auto count = db->spc().count_measurements(ack.characteristic);
            if (!count) return tl::unexpected(count.error());
            std::vector<MeasurementRecord> values;
            for (int j = 0; j < kValuesPerBatch; ++j) {
                MeasurementRecord m;
                m.seq = *count + j;
                m.time_ms = kJan1 + m.seq * 1000;
                m.value = value_of(round, j);
                m.part = key;
                values.push_back(m);
            }
            BatchRecord batch{0, ack.characteristic, key, "http", std::string(kAt), kValuesPerBatch, "{}"};
            auto id = db->spc().append_batch(batch, values);
            if (!id) return tl::unexpected(id.error());
            return {};
        });
        if (!stored || vfs.power_is_off()) return;
        ack.batches.insert(round);
        ack.batch_in_flight.reset();

        ack.market_in_flight = round;
        std::vector<MarketRow> rows;
        for (int j = 0; j < kRowsPerCall; ++j) {
            MarketRow r;
            r.shop_org_id = ack.shop;
            r.row_key = round * kRowsPerCall + j + 1;
            r.time_ms = kJan1 + r.row_key * 3'600'000;
            r.designation = *designation;
            r.raw_brand = r.brand = *brand;
            r.region = *region;
            r.channel = static_cast<std::uint8_t>(j % 3);
            r.quantity = j + 1;
            r.unit_price_fen = 1250 + round;
            rows.push_back(r);
        }
        auto inserted = db->market().insert_rows(rows);
        if (!inserted || vfs.power_is_off()) return;
        if (*inserted != kRowsPerCall) return;  // would be a bug of the store: leaves the call unacknowledged
        ack.market_calls.insert(round);
        ack.market_in_flight.reset();
    }
}

std::vector<std::string> single_column(sqlite3* db, const char* sql) {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        out.push_back(std::string("cannot prepare: ") + sqlite3_errmsg(db));
        return out;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(stmt, 0);
        out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(stmt);
    return out;
}

// Checks the store that survived against what was acknowledged; returns what is wrong (empty: all good).
std::vector<std::string> verify(const std::string& file, const Acknowledged& ack) {
    std::vector<std::string> problems;
    if (!std::filesystem::exists(file)) {
        if (ack.store) problems.push_back("acknowledged store lost: the database file is gone");
        return problems;
    }
    // The file as it is, before the store's own open could migrate it again.
    {
        sqlite3* raw = nullptr;
        if (sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            problems.push_back(std::string("cannot open the surviving file: ") + sqlite3_errmsg(raw));
            sqlite3_close(raw);
            return problems;
        }
        auto integrity = single_column(raw, "PRAGMA integrity_check");
        if (integrity != std::vector<std::string>{"ok"}) {
            problems.push_back("integrity_check: " + (integrity.empty() ? std::string("no answer") : integrity[0]));
        }
        auto tables = single_column(raw, "SELECT name FROM sqlite_master WHERE name = 'schema_migrations'");
        if (tables.empty()) {
            if (ack.store) problems.push_back("acknowledged store lost its migrations table");
        } else {
            auto applied = single_column(raw,
                                         "SELECT version || ' ' || name || ' ' || checksum FROM schema_migrations "
                                         "ORDER BY version");
            std::vector<std::string> expected;
            for (const Migration& m : sqlite_migrations()) {
                expected.push_back(std::to_string(m.version) + " " + std::string(m.name) + " " +
                                   std::string(m.checksum));
            }
            // The migrations run in one transaction: all of them or (before the open was acknowledged) none.
            if (applied != expected && !(applied.empty() && !ack.store)) {
                problems.push_back("migrations table holds " + std::to_string(applied.size()) + " of " +
                                   std::to_string(expected.size()) + " migrations, or other ones");
            }
        }
        sqlite3_close(raw);
    }
    if (!problems.empty()) return problems;

    auto opened = Database::open("sqlite:" + file);
    if (!opened) {
        problems.push_back("the store does not open again: " + opened.error().message);
        return problems;
    }
    Database& db = **opened;
    if (!ack.setup) return problems;  // nothing of the run was acknowledged beyond the store itself

    auto characteristic = db.spc().find_characteristic(ack.characteristic);
    if (!characteristic || !*characteristic) problems.push_back("acknowledged characteristic lost");
    auto shop = db.organisations().find(ack.shop);
    if (!shop || !*shop) problems.push_back("acknowledged shop lost");

    // Measurements, grouped by the batch they came in.
    auto values = db.spc().measurements(ack.characteristic, 0, INT64_MAX);
    if (!values) {
        problems.push_back("cannot read measurements: " + values.error().message);
        return problems;
    }
    std::map<int, std::vector<double>> by_batch;
    for (const MeasurementRecord& m : *values) by_batch[std::stoi(m.part.value_or("b-1").substr(1))].push_back(m.value);
    for (int batch : ack.batches) {
        if (!by_batch.contains(batch)) problems.push_back("acknowledged batch " + std::to_string(batch) + " lost");
    }
    for (const auto& [batch, got] : by_batch) {
        std::vector<double> want;
        for (int j = 0; j < kValuesPerBatch; ++j) want.push_back(value_of(batch, j));
        std::vector<double> sorted = got;
        std::sort(sorted.begin(), sorted.end());
        if (sorted != want) {
            problems.push_back("batch " + std::to_string(batch) + " holds " + std::to_string(got.size()) +
                               " values instead of its " + std::to_string(kValuesPerBatch) + " (partial or twice)");
        }
        if (!ack.batches.contains(batch) && ack.batch_in_flight != batch) {
            problems.push_back("batch " + std::to_string(batch) + " present but never written");
        }
        auto record = db.spc().find_batch(ack.characteristic, "b" + std::to_string(batch));
        if (!record || !*record) problems.push_back("values of batch " + std::to_string(batch) + " without the batch");
    }
    // A batch record without its values.
    for (int batch = 0; batch < kRounds; ++batch) {
        auto record = db.spc().find_batch(ack.characteristic, "b" + std::to_string(batch));
        if (record && *record && !by_batch.contains(batch)) {
            problems.push_back("batch " + std::to_string(batch) + " stored without its values");
        }
    }

    // Market rows, grouped by the call that wrote them.
    auto rows = db.market().list_transactions(ack.shop, INT64_MIN, INT64_MAX, 0, 1'000'000);
    if (!rows) {
        problems.push_back("cannot read market rows: " + rows.error().message);
        return problems;
    }
    std::map<int, std::multiset<std::int64_t>> by_call;
    for (const auto& row : *rows) {
        by_call[static_cast<int>((row.row_key - 1) / kRowsPerCall)].insert(row.row_key);
        // The dictionary entries were committed without their own flush: the rows' commit must have carried them.
        if (row.raw_designation != "6205-2RS" || row.raw_brand != "ZWZ" || row.region != "山东") {
            problems.push_back("market row " + std::to_string(row.row_key) + " lost its dictionary entries");
        }
    }
    for (int call : ack.market_calls) {
        if (!by_call.contains(call)) problems.push_back("acknowledged market call " + std::to_string(call) + " lost");
    }
    for (const auto& [call, keys] : by_call) {
        std::multiset<std::int64_t> want;
        for (int j = 0; j < kRowsPerCall; ++j) want.insert(call * kRowsPerCall + j + 1);
        if (keys != want) {
            problems.push_back("market call " + std::to_string(call) + " holds " + std::to_string(keys.size()) +
                               " rows instead of its " + std::to_string(kRowsPerCall) + " (partial or twice)");
        }
        if (!ack.market_calls.contains(call) && ack.market_in_flight != call) {
            problems.push_back("market call " + std::to_string(call) + " present but never written");
        }
    }
    auto counted = db.market().count_transactions(ack.shop);
    if (!counted || *counted != static_cast<std::int64_t>(rows->size())) {
        problems.push_back("count_transactions disagrees with the rows listed");
    }
    return problems;
}

struct Sweep {
    std::int64_t operations = 0;  // in the run without a cut
    int cuts = 0;
    int with_acknowledged_writes = 0;   // cuts after which at least one batch had been acknowledged
    int lost = 0;                       // cuts after which an acknowledged write was missing
    std::vector<std::string> problems;  // every problem, prefixed with its cut
};

// Runs the writes once without a cut to count the operations, then once per cut point (every `step`-th operation).
Sweep sweep(PowerLossVfs::Loss loss, Durability durability, bool disk_ignores_flushes, std::int64_t step = 1) {
    PowerLossVfs vfs;
    Sweep out;
    {
        yandian::testing::TempDir dir;
        vfs.reset();
        Acknowledged ack;
        run("sqlite:" + dir.file("store.db"), vfs, durability, ack);
        out.operations = vfs.operations();
        EXPECT_EQ(ack.batches.size(), static_cast<std::size_t>(kRounds)) << "the run without a cut must complete";
        EXPECT_EQ(ack.market_calls.size(), static_cast<std::size_t>(kRounds));
    }
    for (std::int64_t cut = 1; cut <= out.operations; cut += step) {
        yandian::testing::TempDir dir;
        const std::string file = dir.file("store.db");
        vfs.reset();
        vfs.set_ignore_sync(disk_ignores_flushes);
        vfs.cut_after(cut);
        Acknowledged ack;
        run("sqlite:" + file, vfs, durability, ack);
        EXPECT_TRUE(vfs.power_is_off()) << "cut " << cut << " of " << out.operations << " never came";
        vfs.set_ignore_sync(false);
        const std::string account = vfs.restore_after_cut(loss, static_cast<std::uint32_t>(cut));
        auto problems = verify(file, ack);
        if (std::getenv("YANDIAN_POWERLOSS_VERBOSE") != nullptr) {
            std::printf("cut %lld: %s; %zu batches and %zu market calls acknowledged, %zu problems\n",
                        static_cast<long long>(cut), account.c_str(), ack.batches.size(), ack.market_calls.size(),
                        problems.size());
        }
        ++out.cuts;
        if (!ack.batches.empty()) ++out.with_acknowledged_writes;
        bool lost = false;
        for (const auto& p : problems) {
            if (p.find("lost") != std::string::npos) lost = true;
            out.problems.push_back("cut after operation " + std::to_string(cut) + " (" + account + "): " + p);
        }
        if (lost) ++out.lost;
    }
    if (std::getenv("YANDIAN_POWERLOSS_VERBOSE") != nullptr) {
        for (const auto& p : out.problems) std::printf("%s\n", p.c_str());
    }
    std::printf(
        "%lld operations in the run, %d cuts, %d with acknowledged batches, %d lost acknowledged writes, "
        "%zu problems\n",
        static_cast<long long>(out.operations), out.cuts, out.with_acknowledged_writes, out.lost, out.problems.size());
    return out;
}

std::string first(const std::vector<std::string>& problems, std::size_t n = 10) {
    std::string out;
    for (std::size_t i = 0; i < problems.size() && i < n; ++i) out += problems[i] + "\n";
    return out;
}

TEST(PowerLoss, UnsyncedWritesLostAtEveryOperation) {
    Sweep s = sweep(PowerLossVfs::Loss::kUnsynced, Durability::kProduct, false);
    EXPECT_GT(s.operations, 100) << "the run must be long enough to cut in many places";
    EXPECT_EQ(s.cuts, s.operations);
    EXPECT_GT(s.with_acknowledged_writes, s.cuts / 2);
    EXPECT_TRUE(s.problems.empty()) << s.problems.size() << " problems, the first:\n" << first(s.problems);
}

TEST(PowerLoss, UnsyncedWritesTornAtEveryOperation) {
    Sweep s = sweep(PowerLossVfs::Loss::kTorn, Durability::kProduct, false);
    EXPECT_EQ(s.cuts, s.operations);
    EXPECT_GT(s.with_acknowledged_writes, s.cuts / 2);
    EXPECT_TRUE(s.problems.empty()) << s.problems.size() << " problems, the first:\n" << first(s.problems);
}

// Negative control: without the syncs the store asks for, the same check finds acknowledged writes lost.
TEST(PowerLoss, NegativeControlSynchronousOffLosesAcknowledgedWrites) {
    Sweep s = sweep(PowerLossVfs::Loss::kUnsynced, Durability::kSynchronousOff, false, 7);
    // Every cut that comes after a first acknowledged batch finds an acknowledged write lost.
    EXPECT_GT(s.with_acknowledged_writes, 0);
    EXPECT_GE(s.lost, s.with_acknowledged_writes)
        << "the harness must see writes lost when nothing is synced; problems:\n"
        << first(s.problems);
}

TEST(PowerLoss, NegativeControlDiskIgnoringFlushesLosesAcknowledgedWrites) {
    Sweep s = sweep(PowerLossVfs::Loss::kUnsynced, Durability::kProduct, true, 7);
    EXPECT_GT(s.with_acknowledged_writes, 0);
    EXPECT_GE(s.lost, s.with_acknowledged_writes)
        << "the harness must see writes lost when flushes do nothing; problems:\n"
        << first(s.problems);
}

// The shim itself, on a bare SQLite connection: a committed but unsynced write is gone after the cut, a synced one
// stays, and a file whose creation no folder sync followed does not exist.
TEST(PowerLossVfsModel, KeepsOnlySyncedBytesAndDurableNames) {
    PowerLossVfs vfs;
    yandian::testing::TempDir dir;
    const std::string file = dir.file("bare.db");
    auto exec = [](sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); };
    auto count = [&](const char* sql) {
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        auto rows = single_column(db, sql);
        sqlite3_close(db);
        return rows.empty() ? std::string() : rows[0];
    };
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr), SQLITE_OK);
        ASSERT_EQ(exec(db,
                       "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (x);"
                       "INSERT INTO t VALUES (1);"),
                  SQLITE_OK);
        ASSERT_EQ(exec(db, "PRAGMA synchronous = OFF; INSERT INTO t VALUES (2);"), SQLITE_OK);
        const auto seen = vfs.counters();
        EXPECT_GE(seen.syncs, 2);         // the journal of the switch to WAL, then the WAL at the first commit
        EXPECT_GE(seen.folder_syncs, 1);  // after the first sync of a journal or WAL created
        vfs.cut_now();
        sqlite3_close(db);
    }
    vfs.restore_after_cut(PowerLossVfs::Loss::kUnsynced, 1);
    EXPECT_FALSE(std::filesystem::exists(file + "-shm")) << "the shared memory is not durable";
    EXPECT_EQ(count("SELECT group_concat(x) FROM t"), "1") << "the synced row stays, the unsynced one is lost";
    EXPECT_EQ(count("PRAGMA integrity_check"), "ok");

    // A new file never synced, in its folder or by itself, is not there after the cut.
    vfs.reset();
    const std::string lost = dir.file("never-synced.db");
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(lost.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr), SQLITE_OK);
        ASSERT_EQ(exec(db, "PRAGMA synchronous = OFF; CREATE TABLE t (x); INSERT INTO t VALUES (1);"), SQLITE_OK);
        vfs.cut_now();
        sqlite3_close(db);
    }
    vfs.restore_after_cut(PowerLossVfs::Loss::kUnsynced, 1);
    EXPECT_FALSE(std::filesystem::exists(lost));
}

}  // namespace
}  // namespace yandian::store
