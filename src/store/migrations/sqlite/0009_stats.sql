-- 0009 industry statistics: the enterprise library (firms as the industry office sees them, with every change kept),
-- the plan targets of the 2021-2025 plans (industry targets and the key/high-growth enterprise tables) and the
-- actuals reported against them. Plan figures are stored in the unit the plan writes (亿元, 万元, 家, %), as REAL.
-- An actual is never overwritten: a revision is a later row of the same target and year.

CREATE TABLE firms (
    id INTEGER PRIMARY KEY,
    credit_code TEXT UNIQUE,  -- unified social credit code (GB 32100), NULL where none is known
    name_zh TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    town TEXT NOT NULL,
    industry TEXT NOT NULL CHECK (industry IN ('bearing', 'textile', 'farm_machinery')),
    size_class TEXT NOT NULL CHECK (size_class IN ('above', 'below', 'unknown')),
    products TEXT NOT NULL,
    tags TEXT NOT NULL,  -- ';'-separated, sorted: key, high_growth, specialised, high_tech, cultivation
    org_id INTEGER REFERENCES organisations (id),  -- the platform organisation of the firm, when it has one
    source TEXT NOT NULL,  -- where the record came from (a plan line, or the operator)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE firm_history (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms (id),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    change_text TEXT NOT NULL  -- "created", or "field: old -> new" per changed field
);

CREATE INDEX firm_history_firm ON firm_history (firm_id, id);

CREATE TABLE plan_targets (
    id INTEGER PRIMARY KEY,
    target_key TEXT NOT NULL UNIQUE,  -- e.g. bearing.above_size_firms, bearing.key.01
    plan TEXT NOT NULL CHECK (plan IN ('bearing', 'textile', 'farm_machinery')),
    scope TEXT NOT NULL CHECK (scope IN ('industry', 'enterprise')),
    group_name TEXT NOT NULL,  -- key | high_growth for enterprise targets, '' otherwise
    table_rank INTEGER,
    firm_id INTEGER REFERENCES firms (id),
    indicator_zh TEXT NOT NULL,
    label_en TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    measure TEXT NOT NULL CHECK (measure IN ('level', 'increment', 'no_year', 'qualitative')),
    baseline_year INTEGER,
    baseline_value REAL,
    baseline_line INTEGER,
    baseline_note TEXT NOT NULL,
    target_year INTEGER,
    target_low REAL,
    target_high REAL,
    value_text TEXT NOT NULL,
    qualifier TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    issue TEXT NOT NULL  -- an inconsistency of the source: nothing is derived from the target
);

CREATE TABLE plan_actuals (
    id INTEGER PRIMARY KEY,
    target_id INTEGER NOT NULL REFERENCES plan_targets (id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2200),
    value REAL NOT NULL,
    source TEXT NOT NULL CHECK (source <> ''),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE INDEX plan_actuals_target ON plan_actuals (target_id, year, id);
