-- 0010 condition monitoring: monitored bearing positions (assets) of an organisation, the vibration records
-- diagnosed on each (figures and the whole diagnosis as JSON text; the samples are not kept) and the alarms the
-- records raised. Records and alarms are never changed; a file sent twice to one asset is stored once (sha256).

CREATE TABLE monitor_assets (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    machine TEXT NOT NULL,
    position TEXT NOT NULL,
    bearing TEXT NOT NULL,
    machine_group TEXT NOT NULL CHECK (machine_group IN ('1', '2')),
    mounting TEXT NOT NULL CHECK (mounting IN ('rigid', 'flexible')),
    nominal_rpm REAL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE monitor_records (
    id INTEGER PRIMARY KEY,
    asset_id INTEGER NOT NULL REFERENCES monitor_assets (id),
    measured_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    label TEXT NOT NULL,
    format TEXT NOT NULL,
    channel TEXT NOT NULL,
    fs REAL NOT NULL,
    rpm REAL NOT NULL,
    rpm_source TEXT NOT NULL,
    unit TEXT NOT NULL,
    samples INTEGER NOT NULL,
    rms REAL NOT NULL,
    peak REAL NOT NULL,
    crest_factor REAL NOT NULL,
    kurtosis REAL NOT NULL,
    velocity_rms REAL NOT NULL,
    zone TEXT NOT NULL CHECK (zone IN ('A', 'B', 'C', 'D')),
    fault TEXT NOT NULL,
    confidence REAL NOT NULL,
    diagnosis TEXT NOT NULL,
    UNIQUE (asset_id, sha256)
);

CREATE INDEX monitor_records_asset_time ON monitor_records (asset_id, measured_at, id);

CREATE TABLE monitor_alarms (
    id INTEGER PRIMARY KEY,
    asset_id INTEGER NOT NULL REFERENCES monitor_assets (id),
    record_id INTEGER NOT NULL REFERENCES monitor_records (id),
    raised_at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('zone', 'change', 'fault')),
    message TEXT NOT NULL,
    value REAL NOT NULL,
    alarm_limit REAL NOT NULL
);

CREATE INDEX monitor_alarms_asset ON monitor_alarms (asset_id, id);
