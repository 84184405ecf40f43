-- 0011 quality credit: the credit files of the firms of the enterprise library (0009), their grade history, the
-- quality blacklist and the objections. Entries and blacklist events are append-only (the triggers refuse UPDATE
-- and DELETE): a correction, withdrawal or repair is a new entry pointing (corrects) at an earlier one. Dates are
-- ISO 8601 days (YYYY-MM-DD); publication windows are fixed when an entry is made and stored with it.

CREATE TABLE quality_entries (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms (id),
    kind TEXT NOT NULL CHECK (kind IN ('registration', 'certification', 'sampling_inspection', 'penalty',
                                       'list_entry', 'complaint', 'honour', 'platform_evidence', 'withdrawal',
                                       'repair')),
    subkind TEXT NOT NULL,
    entry_date TEXT NOT NULL,
    valid_until TEXT,
    outcome TEXT NOT NULL,
    retest TEXT NOT NULL,
    corrects INTEGER REFERENCES quality_entries (id),
    fields_json TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source <> ''),
    entered_by TEXT NOT NULL CHECK (entered_by <> ''),
    entered_at TEXT NOT NULL,
    published_from TEXT,
    published_until TEXT,
    retain_until TEXT
);

CREATE INDEX quality_entries_firm ON quality_entries (firm_id, id);

CREATE TRIGGER quality_entries_append_only_update BEFORE UPDATE ON quality_entries
BEGIN
    SELECT RAISE(ABORT, 'quality entries are append-only: add a correction instead');
END;

CREATE TRIGGER quality_entries_append_only_delete BEFORE DELETE ON quality_entries
BEGIN
    SELECT RAISE(ABORT, 'quality entries are append-only: add a withdrawal instead');
END;

CREATE TABLE quality_grades (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms (id),
    rated_on TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    score_grade TEXT NOT NULL,
    grade TEXT NOT NULL,
    detail_json TEXT NOT NULL,
    rated_by TEXT NOT NULL,
    rated_at TEXT NOT NULL
);

CREATE INDEX quality_grades_firm ON quality_grades (firm_id, id);

CREATE TABLE quality_blacklist (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms (id),
    action TEXT NOT NULL CHECK (action IN ('listed', 'expired', 'repaired', 'overturned')),
    event_date TEXT NOT NULL,
    decision_no TEXT NOT NULL CHECK (decision_no <> ''),
    reasons TEXT NOT NULL CHECK (reasons <> ''),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE INDEX quality_blacklist_firm ON quality_blacklist (firm_id, id);

CREATE TRIGGER quality_blacklist_append_only_update BEFORE UPDATE ON quality_blacklist
BEGIN
    SELECT RAISE(ABORT, 'blacklist events are append-only');
END;

CREATE TRIGGER quality_blacklist_append_only_delete BEFORE DELETE ON quality_blacklist
BEGIN
    SELECT RAISE(ABORT, 'blacklist events are append-only');
END;

CREATE TABLE quality_objections (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms (id),
    entry_id INTEGER NOT NULL REFERENCES quality_entries (id),
    filed_on TEXT NOT NULL,
    other_units INTEGER NOT NULL CHECK (other_units IN (0, 1)),
    deadline TEXT NOT NULL,
    grounds TEXT NOT NULL CHECK (grounds <> ''),
    filed_by TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'rejected')),
    decided_on TEXT,
    decision_reasons TEXT NOT NULL,
    decided_by TEXT NOT NULL
);

CREATE INDEX quality_objections_firm ON quality_objections (firm_id, id);
