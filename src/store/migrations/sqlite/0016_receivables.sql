-- 0016 receivables financing: receivables registered by suppliers on their buyers, and each one's event log. Both are
-- append-only (the triggers refuse UPDATE and DELETE). The once-only rules live here, not only in the service, so
-- that requests arriving at the same moment cannot both pass (docs/credit/receivables.md):
--   one receivable per invoice (buyer, invoice number, amount); one answer of the buyer; financing requests numbered
--   per receivable, one request per number, number n > 0 only after request n - 1 was declined, one answer per
--   request from the lender it went to. Dates are YYYY-MM-DD; money in integer fen.

CREATE TABLE receivables (
    id INTEGER PRIMARY KEY,
    supplier_org_id INTEGER NOT NULL REFERENCES organisations (id),
    buyer_org_id INTEGER NOT NULL REFERENCES organisations (id),
    invoice_number TEXT NOT NULL CHECK (invoice_number <> ''),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    currency TEXT NOT NULL CHECK (currency = 'CNY'),
    issue_date TEXT NOT NULL,
    due_date TEXT NOT NULL CHECK (due_date >= issue_date),
    registration_number TEXT,
    registered_on TEXT NOT NULL,
    registered_by INTEGER REFERENCES users (id),
    registered_at TEXT NOT NULL,
    CHECK (supplier_org_id <> buyer_org_id),
    CONSTRAINT receivables_one_per_invoice UNIQUE (buyer_org_id, invoice_number, amount_fen)
);

CREATE INDEX receivables_supplier ON receivables (supplier_org_id, id);

CREATE TABLE receivable_events (
    id INTEGER PRIMARY KEY,
    receivable_id INTEGER NOT NULL REFERENCES receivables (id),
    kind TEXT NOT NULL CHECK (kind IN ('confirmed', 'disputed', 'financing_requested', 'financing_approved',
                                       'financing_declined', 'repaid', 'overdue')),
    actor_org_id INTEGER NOT NULL REFERENCES organisations (id),
    actor_user_id INTEGER REFERENCES users (id),
    on_date TEXT NOT NULL,
    attempt INTEGER CHECK (attempt >= 0),
    lender_org_id INTEGER REFERENCES organisations (id),
    amount_fen INTEGER CHECK (amount_fen > 0),
    rate_bp INTEGER CHECK (rate_bp > 0),
    tenor_days INTEGER CHECK (tenor_days > 0),
    days_past_due INTEGER CHECK (days_past_due > 0),
    reason TEXT,
    recorded_at TEXT NOT NULL,
    CHECK ((kind IN ('financing_requested', 'financing_approved', 'financing_declined')) =
           (attempt IS NOT NULL AND lender_org_id IS NOT NULL))
);

CREATE INDEX receivable_events_receivable ON receivable_events (receivable_id, id);
CREATE INDEX receivable_events_lender ON receivable_events (lender_org_id, receivable_id);

-- The buyer answers once.
CREATE UNIQUE INDEX receivable_events_one_answer ON receivable_events (receivable_id)
    WHERE kind IN ('confirmed', 'disputed');
-- Financed once: one request per number, one answer per request.
CREATE UNIQUE INDEX receivable_events_one_request ON receivable_events (receivable_id, attempt)
    WHERE kind = 'financing_requested';
CREATE UNIQUE INDEX receivable_events_one_outcome ON receivable_events (receivable_id, attempt)
    WHERE kind IN ('financing_approved', 'financing_declined');

CREATE TRIGGER receivable_events_request_after_decline BEFORE INSERT ON receivable_events
WHEN NEW.kind = 'financing_requested' AND NEW.attempt > 0 AND NOT EXISTS (
    SELECT 1 FROM receivable_events d WHERE d.receivable_id = NEW.receivable_id AND d.kind = 'financing_declined'
                                        AND d.attempt = NEW.attempt - 1)
BEGIN
    SELECT RAISE(ABORT, 'a receivable is financed once: a new financing request needs the previous one declined');
END;

CREATE TRIGGER receivable_events_outcome_of_request BEFORE INSERT ON receivable_events
WHEN NEW.kind IN ('financing_approved', 'financing_declined') AND NOT EXISTS (
    SELECT 1 FROM receivable_events q WHERE q.receivable_id = NEW.receivable_id AND q.kind = 'financing_requested'
                                        AND q.attempt = NEW.attempt AND q.lender_org_id = NEW.lender_org_id
                                        AND q.lender_org_id = NEW.actor_org_id)
BEGIN
    SELECT RAISE(ABORT, 'a financing answer comes from the lender of that request');
END;

CREATE TRIGGER receivables_append_only_update BEFORE UPDATE ON receivables
BEGIN
    SELECT RAISE(ABORT, 'receivables are append-only: record an event instead');
END;

CREATE TRIGGER receivables_append_only_delete BEFORE DELETE ON receivables
BEGIN
    SELECT RAISE(ABORT, 'receivables are append-only: record an event instead');
END;

CREATE TRIGGER receivable_events_append_only_update BEFORE UPDATE ON receivable_events
BEGIN
    SELECT RAISE(ABORT, 'receivable events are append-only: record a new event instead');
END;

CREATE TRIGGER receivable_events_append_only_delete BEFORE DELETE ON receivable_events
BEGIN
    SELECT RAISE(ABORT, 'receivable events are append-only: record a new event instead');
END;
