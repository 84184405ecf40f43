-- 0003 bearing market: transactions of the shops (merchant organisations) as written and as normalised through
-- the catalogue, and the review queue's resolutions (raw designation -> canonical bearing). A row whose canonical
-- is NULL waits for review and enters no aggregate. Money is integer fen, time is UTC milliseconds.

CREATE TABLE market_transactions (
    id INTEGER PRIMARY KEY,
    shop_org_id INTEGER NOT NULL REFERENCES organisations (id),
    row_key INTEGER NOT NULL,  -- 64-bit hash of the row's content and its occurrence number in the import
    time_ms INTEGER NOT NULL,
    raw_designation TEXT NOT NULL,
    raw_key TEXT NOT NULL,  -- raw designation folded (upper case, single spaces): the review queue key
    raw_brand TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen > 0),
    channel TEXT NOT NULL CHECK (channel IN ('offline', 'online', 'export')),
    region TEXT NOT NULL,
    canonical TEXT,  -- NULL while waiting for review
    bearing_type TEXT,
    size_class TEXT,
    brand TEXT NOT NULL,
    brand_tier TEXT NOT NULL CHECK (brand_tier IN ('international', 'chinese_top', 'domestic', 'unbranded')),
    UNIQUE (shop_org_id, row_key)
);

CREATE INDEX market_transactions_waiting ON market_transactions (raw_key) WHERE canonical IS NULL;

CREATE TABLE market_resolutions (
    raw_key TEXT PRIMARY KEY,
    canonical TEXT NOT NULL CHECK (length(canonical) > 0),
    bearing_type TEXT NOT NULL,
    size_class TEXT NOT NULL,
    resolved_by INTEGER NOT NULL REFERENCES users (id),
    resolved_at TEXT NOT NULL
);
