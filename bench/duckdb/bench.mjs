// Baseline for bench/market_import_bench.cpp: the same import and the same aggregation (monthly chained
// Jevons-Tornqvist index by bearing type and over all items, plus turnover by type and month with the 5-shop
// suppression) in DuckDB, on the same CSV files.
// Usage: node bench.mjs DATA.csv MODELS.csv BRANDS.csv DB_FILE
// Prints one JSON line: {"import_ms", "aggregate_ms", "rows", "index_all_last", "turnover_cells"}.
import { DuckDBInstance } from '@duckdb/node-api';

const [data, models, brands, dbFile] = process.argv.slice(2);
if (!data || !models || !brands || !dbFile) {
  console.error('usage: node bench.mjs DATA.csv MODELS.csv BRANDS.csv DB_FILE');
  process.exit(2);
}
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(dbFile);
const db = await instance.connect();

// Import: the raw rows, then normalised through the same designation and brand tables the C++ import derives from
// the catalogue (designation -> canonical, type; brand -> tier), stored durably in the database file.
let t0 = performance.now();
await db.run(`CREATE TABLE models AS SELECT * FROM read_csv(${quote(models)}, header = true, all_varchar = true)`);
await db.run(`CREATE TABLE brands AS SELECT * FROM read_csv(${quote(brands)}, header = true, all_varchar = true)`);
await db.run(`CREATE TABLE tx AS
  SELECT t.shop, CAST(substr(t.time, 1, 4) AS INTEGER) * 12 + CAST(substr(t.time, 6, 2) AS INTEGER) - 1 AS month,
         m.canonical, m.bearing_type, coalesce(b.tier, 'unbranded') AS tier, t.quantity,
         CAST(round(t.unit_price * 100) AS BIGINT) AS price_fen
  FROM read_csv(${quote(data)}, header = true,
                columns = {'shop': 'INTEGER', 'time': 'VARCHAR', 'designation': 'VARCHAR', 'brand': 'VARCHAR',
                           'quantity': 'BIGINT', 'unit_price': 'DECIMAL(18,2)', 'channel': 'VARCHAR',
                           'region': 'VARCHAR'}) t
  JOIN models m ON m.designation = t.designation
  LEFT JOIN brands b ON b.brand = coalesce(t.brand, '')`);
await db.run('CHECKPOINT');
const importMs = performance.now() - t0;
const rows = Number((await db.runAndReadAll('SELECT count(*) FROM tx')).getRows()[0][0]);

t0 = performance.now();
const index = await db.runAndReadAll(`
  WITH su AS (
    SELECT canonical, tier, bearing_type, shop, month, sum(quantity * price_fen)::DOUBLE / sum(quantity) AS uv
    FROM tx GROUP BY ALL),
  iv AS (
    SELECT canonical, tier, month, sum(quantity * price_fen)::DOUBLE AS v FROM tx GROUP BY ALL),
  rel AS (
    SELECT c.canonical, c.tier, c.bearing_type, c.month, avg(ln(c.uv / p.uv)) AS lnr
    FROM su c JOIN su p ON p.canonical = c.canonical AND p.tier = c.tier AND p.shop = c.shop
                        AND p.month = c.month - 1
    GROUP BY ALL),
  w AS (
    SELECT r.bearing_type, r.month, r.lnr, v0.v AS v0, v1.v AS v1
    FROM rel r JOIN iv v1 ON v1.canonical = r.canonical AND v1.tier = r.tier AND v1.month = r.month
               JOIN iv v0 ON v0.canonical = r.canonical AND v0.tier = r.tier AND v0.month = r.month - 1),
  links AS (
    SELECT bearing_type AS grp, month, 0.5 * (sum(v0 * lnr) / sum(v0) + sum(v1 * lnr) / sum(v1)) AS lnp
    FROM w GROUP BY ALL
    UNION ALL
    SELECT 'all' AS grp, month, 0.5 * (sum(v0 * lnr) / sum(v0) + sum(v1 * lnr) / sum(v1)) AS lnp
    FROM w GROUP BY month)
  SELECT grp, month, 100 * exp(sum(lnp) OVER (PARTITION BY grp ORDER BY month)) AS idx FROM links
  ORDER BY grp, month`);
const turnover = await db.runAndReadAll(`
  SELECT bearing_type, month,
         CASE WHEN count(DISTINCT shop) >= 5 THEN sum(quantity * price_fen) END AS turnover_fen,
         CASE WHEN count(DISTINCT shop) >= 5 THEN sum(quantity) END AS quantity,
         count(DISTINCT shop) < 5 AS suppressed
  FROM tx GROUP BY ALL ORDER BY ALL`);
const aggregateMs = performance.now() - t0;

const all = index.getRowObjects().filter((r) => r.grp === 'all');
console.log(JSON.stringify({
  import_ms: importMs,
  aggregate_ms: aggregateMs,
  rows,
  index_all_last: all.length ? Number(all[all.length - 1].idx) : null,
  turnover_cells: turnover.getRows().length,
}));
db.closeSync();
