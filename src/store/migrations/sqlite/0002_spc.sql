-- 0002 shop-floor SPC: plants, lines, characteristics, gauges, measurements, ingest batches, events,
-- customer grants and their access log. Nothing is overwritten: limit changes, alarms and their
-- acknowledgements are events; a grant is revoked by setting revoked_at, never deleted.

CREATE TABLE plants (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL CHECK (length(name) > 0),
    created_at TEXT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE lines (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    plant_id INTEGER NOT NULL REFERENCES plants (id),
    code TEXT NOT NULL CHECK (length(code) > 0),  -- the {line} of MQTT topics
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (org_id, code)
);

CREATE TABLE characteristics (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    line_id INTEGER NOT NULL REFERENCES lines (id),
    code TEXT NOT NULL CHECK (length(code) > 0),  -- the {characteristic} of MQTT topics
    part_number TEXT NOT NULL,
    feature TEXT NOT NULL,
    nominal REAL,
    lsl REAL,
    usl REAL,
    unit TEXT NOT NULL DEFAULT 'mm',
    resolution REAL,
    subgroup_size INTEGER NOT NULL CHECK (subgroup_size BETWEEN 1 AND 25),
    chart_type TEXT NOT NULL,           -- imr, xbar-r, xbar-s
    rules TEXT NOT NULL,                -- as spc::parse_rules reads it: nelson, we, none, 1,2:7,5
    phase1_subgroups INTEGER NOT NULL CHECK (phase1_subgroups >= 2),
    -- Current limits (center and sigma of the process); their history is in events (kind limits).
    limits_center REAL,
    limits_sigma REAL,
    limits_source TEXT,                 -- computed | frozen
    limits_reason TEXT,
    limits_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (line_id, code)
);
CREATE INDEX characteristics_org ON characteristics (org_id);

CREATE TABLE gauges (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    connection TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (org_id, code)
);

CREATE TABLE ingest_batches (
    id INTEGER PRIMARY KEY,
    characteristic_id INTEGER NOT NULL REFERENCES characteristics (id),
    idempotency_key TEXT,               -- a retried batch with the same key is stored once
    source TEXT NOT NULL,               -- http, mqtt, aqdef, modbus, csv
    received_at TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    response TEXT NOT NULL,             -- the answer given the first time, given again to a retry
    UNIQUE (characteristic_id, idempotency_key)
);

CREATE TABLE measurements (
    id INTEGER PRIMARY KEY,
    characteristic_id INTEGER NOT NULL REFERENCES characteristics (id),
    seq INTEGER NOT NULL,               -- 0-based arrival order within the characteristic
    time_ms INTEGER NOT NULL,           -- UTC milliseconds
    value REAL NOT NULL,
    subgroup TEXT,
    part TEXT,
    operator TEXT,
    gauge TEXT,
    attributes INTEGER NOT NULL DEFAULT 0,
    batch_id INTEGER NOT NULL REFERENCES ingest_batches (id),
    UNIQUE (characteristic_id, seq)
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    characteristic_id INTEGER REFERENCES characteristics (id),
    kind TEXT NOT NULL,                 -- alarm, acknowledgement, limits, tool_change, note
    at TEXT NOT NULL,
    point INTEGER,                      -- 0-based point (subgroup) index the event is about
    rules TEXT,                         -- alarm: violated rule numbers, comma separated
    value REAL,
    message TEXT NOT NULL DEFAULT '',
    user_id INTEGER REFERENCES users (id),
    cause TEXT,                         -- acknowledgement: assignable cause
    action TEXT,                        -- acknowledgement: corrective action
    ref_event_id INTEGER REFERENCES events (id)  -- acknowledgement: the alarm it acknowledges
);
CREATE INDEX events_characteristic ON events (characteristic_id, id);
CREATE INDEX events_org_kind ON events (org_id, kind, id);
CREATE UNIQUE INDEX events_one_ack ON events (ref_event_id) WHERE kind = 'acknowledgement';

CREATE TABLE grants (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),          -- the manufacturer granting
    grantee_org_id INTEGER NOT NULL REFERENCES organisations (id),  -- the customer
    line_id INTEGER REFERENCES lines (id),                          -- a whole line, or
    characteristic_id INTEGER REFERENCES characteristics (id),      -- one characteristic
    expires_at TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    CHECK ((line_id IS NULL) <> (characteristic_id IS NULL))
);
CREATE INDEX grants_grantee ON grants (grantee_org_id);

CREATE TABLE grant_access_log (
    id INTEGER PRIMARY KEY,
    grant_id INTEGER NOT NULL REFERENCES grants (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    at TEXT NOT NULL,
    what TEXT NOT NULL
);
CREATE INDEX grant_access_log_grant ON grant_access_log (grant_id, id);
