-- 0003 bearing market (PostgreSQL): the review queue's resolutions (raw designation -> canonical bearing). In SQLite
-- this version also created a row-per-transaction table, which 0005 replaced by columnar blocks (its rows are moved
-- into blocks when such a store opens); a PostgreSQL store keeps transactions in blocks from the start (0005).

CREATE TABLE market_resolutions (
    raw_key TEXT PRIMARY KEY,
    canonical TEXT NOT NULL CHECK (length(canonical) > 0),
    bearing_type TEXT NOT NULL,
    size_class TEXT NOT NULL,
    resolved_by BIGINT NOT NULL REFERENCES users (id),
    resolved_at TEXT COLLATE "C" NOT NULL
);
