-- 0012 consented credit reports: consents of a firm to one lender and their revocations, the access log of reports,
-- and objections with their answers. Each is an event written once: a revocation or an answer is a row of its own,
-- never an update of the row it refers to. A user column is NULL when the operator acted on the machine (CLI).

CREATE TABLE credit_consents (
    id INTEGER PRIMARY KEY,
    firm_org_id INTEGER NOT NULL REFERENCES organisations (id),
    lender_org_id INTEGER NOT NULL REFERENCES organisations (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('credit_assessment', 'loan_monitoring', 'receivables_financing',
                                             'inventory_financing')),
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL CHECK (valid_until > valid_from),
    granted_by INTEGER REFERENCES users (id),
    granted_at TEXT NOT NULL,
    CHECK (firm_org_id <> lender_org_id)
);

CREATE INDEX credit_consents_firm ON credit_consents (firm_org_id, id);
CREATE INDEX credit_consents_lender ON credit_consents (lender_org_id, id);

CREATE TABLE credit_consent_revocations (
    id INTEGER PRIMARY KEY,
    consent_id INTEGER NOT NULL UNIQUE REFERENCES credit_consents (id),
    revoked_by INTEGER REFERENCES users (id),
    revoked_at TEXT NOT NULL
);

CREATE TABLE credit_report_reads (
    id INTEGER PRIMARY KEY,
    firm_org_id INTEGER NOT NULL REFERENCES organisations (id),
    reader_org_id INTEGER NOT NULL REFERENCES organisations (id),
    reader_user_id INTEGER REFERENCES users (id),
    consent_id INTEGER REFERENCES credit_consents (id),  -- NULL: the firm read its own report
    read_at TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('api', 'cli'))
);

CREATE INDEX credit_report_reads_firm ON credit_report_reads (firm_org_id, id);

CREATE TABLE credit_objections (
    id INTEGER PRIMARY KEY,
    firm_org_id INTEGER NOT NULL REFERENCES organisations (id),
    figure TEXT NOT NULL CHECK (figure <> ''),
    objection_text TEXT NOT NULL CHECK (objection_text <> ''),
    filed_by INTEGER REFERENCES users (id),
    filed_at TEXT NOT NULL
);

CREATE INDEX credit_objections_firm ON credit_objections (firm_org_id, id);

CREATE TABLE credit_objection_answers (
    id INTEGER PRIMARY KEY,
    objection_id INTEGER NOT NULL UNIQUE REFERENCES credit_objections (id),
    answer_text TEXT NOT NULL CHECK (answer_text <> ''),
    answered_by INTEGER REFERENCES users (id),
    answered_at TEXT NOT NULL
);
