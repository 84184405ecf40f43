-- 0015 furnace monitoring: heat-treatment furnaces of an organisation, their zones (each the live quantity of one
-- SPC characteristic, fed like a gauge), recipes (set point, tolerance, soak time and rule), loads, and the CQI-9
-- records kept per furnace: temperature uniformity surveys and system accuracy tests (append-only).

CREATE TABLE furnaces (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('batch', 'continuous')),
    tus_tolerance REAL NOT NULL CHECK (tus_tolerance > 0),
    tus_interval_months INTEGER NOT NULL CHECK (tus_interval_months > 0),
    sat_tolerance REAL NOT NULL CHECK (sat_tolerance > 0),
    sat_interval_months INTEGER NOT NULL CHECK (sat_interval_months > 0),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE furnace_zones (
    id INTEGER PRIMARY KEY,
    furnace_id INTEGER NOT NULL REFERENCES furnaces (id),
    name TEXT NOT NULL,
    characteristic_id INTEGER NOT NULL REFERENCES characteristics (id),
    UNIQUE (furnace_id, name)
);

CREATE TABLE furnace_recipes (
    id INTEGER PRIMARY KEY,
    furnace_id INTEGER NOT NULL REFERENCES furnaces (id),
    code TEXT NOT NULL,
    set_point REAL NOT NULL,
    tolerance REAL NOT NULL CHECK (tolerance > 0),
    soak_minutes REAL NOT NULL CHECK (soak_minutes > 0),
    soak_rule TEXT NOT NULL CHECK (soak_rule IN ('restart', 'accumulate')),
    created_at TEXT NOT NULL,
    UNIQUE (furnace_id, code)
);

CREATE TABLE furnace_loads (
    id INTEGER PRIMARY KEY,
    furnace_id INTEGER NOT NULL REFERENCES furnaces (id),
    recipe_id INTEGER NOT NULL REFERENCES furnace_recipes (id),
    label TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    started_by TEXT NOT NULL
);

CREATE INDEX furnace_loads_furnace ON furnace_loads (furnace_id, id);

CREATE TABLE furnace_tus (
    id INTEGER PRIMARY KEY,
    furnace_id INTEGER NOT NULL REFERENCES furnaces (id),
    surveyed_on TEXT NOT NULL,
    set_point REAL NOT NULL,
    tolerance REAL NOT NULL,
    max_over REAL NOT NULL,
    max_under REAL NOT NULL,
    pass INTEGER NOT NULL CHECK (pass IN (0, 1)),
    readings TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE INDEX furnace_tus_furnace ON furnace_tus (furnace_id, surveyed_on, id);

CREATE TABLE furnace_sat (
    id INTEGER PRIMARY KEY,
    furnace_id INTEGER NOT NULL REFERENCES furnaces (id),
    zone_id INTEGER REFERENCES furnace_zones (id),
    tested_on TEXT NOT NULL,
    control_reading REAL NOT NULL,
    test_reading REAL NOT NULL,
    thermocouple_correction REAL NOT NULL,
    instrument_correction REAL NOT NULL,
    corrected_test REAL NOT NULL,
    difference REAL NOT NULL,
    tolerance REAL NOT NULL,
    pass INTEGER NOT NULL CHECK (pass IN (0, 1)),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE INDEX furnace_sat_furnace ON furnace_sat (furnace_id, tested_on, id);

CREATE TRIGGER furnace_tus_append_only_update BEFORE UPDATE ON furnace_tus
BEGIN
    SELECT RAISE(ABORT, 'temperature uniformity surveys are append-only: record a new survey instead');
END;

CREATE TRIGGER furnace_tus_append_only_delete BEFORE DELETE ON furnace_tus
BEGIN
    SELECT RAISE(ABORT, 'temperature uniformity surveys are append-only: record a new survey instead');
END;

CREATE TRIGGER furnace_sat_append_only_update BEFORE UPDATE ON furnace_sat
BEGIN
    SELECT RAISE(ABORT, 'system accuracy tests are append-only: record a new test instead');
END;

CREATE TRIGGER furnace_sat_append_only_delete BEFORE DELETE ON furnace_sat
BEGIN
    SELECT RAISE(ABORT, 'system accuracy tests are append-only: record a new test instead');
END;
