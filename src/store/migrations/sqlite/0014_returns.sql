-- 0014 statistical returns: reporting periods opened by the industry office, firms' returns with every revision kept
-- (a filing is never overwritten: a revision is a new row with the next number; the highest is the current return),
-- the figures of each revision, and the office's queries of figures. Figures are stored in the indicator's unit
-- (万元, 万套, 人), as filed: a cumulative indicator as its year-to-date total.

CREATE TABLE report_periods (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL UNIQUE,  -- 2026-10 (monthly) or 2026 (annual)
    frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'annual')),
    deadline TEXT NOT NULL,  -- YYYY-MM-DD, due by the end of the day (UTC)
    opened_by TEXT NOT NULL,
    opened_at TEXT NOT NULL
);

CREATE TABLE stat_returns (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms (id),
    period TEXT NOT NULL REFERENCES report_periods (period),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    channel TEXT NOT NULL CHECK (channel IN ('online', 'csv', 'xlsx')),
    reason TEXT NOT NULL,  -- why this revision was filed; '' for the first
    filed_by TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    UNIQUE (firm_id, period, revision)
);

CREATE TABLE stat_return_lines (
    id INTEGER PRIMARY KEY,
    return_id INTEGER NOT NULL REFERENCES stat_returns (id),
    line_no INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    reason TEXT NOT NULL,  -- why the figure changes beyond the indicator's threshold
    UNIQUE (return_id, line_no)
);

CREATE TABLE stat_return_queries (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms (id),
    period TEXT NOT NULL REFERENCES report_periods (period),
    indicator TEXT NOT NULL,
    note TEXT NOT NULL CHECK (note <> ''),
    asked_by TEXT NOT NULL,
    asked_at TEXT NOT NULL
);

CREATE INDEX stat_return_queries_firm ON stat_return_queries (firm_id, period, id);

CREATE TRIGGER stat_returns_append_only_update BEFORE UPDATE ON stat_returns
BEGIN
    SELECT RAISE(ABORT, 'returns are never overwritten: file a revision instead');
END;

CREATE TRIGGER stat_returns_append_only_delete BEFORE DELETE ON stat_returns
BEGIN
    SELECT RAISE(ABORT, 'returns are never overwritten: file a revision instead');
END;

CREATE TRIGGER stat_return_lines_append_only_update BEFORE UPDATE ON stat_return_lines
BEGIN
    SELECT RAISE(ABORT, 'returns are never overwritten: file a revision instead');
END;

CREATE TRIGGER stat_return_lines_append_only_delete BEFORE DELETE ON stat_return_lines
BEGIN
    SELECT RAISE(ABORT, 'returns are never overwritten: file a revision instead');
END;
