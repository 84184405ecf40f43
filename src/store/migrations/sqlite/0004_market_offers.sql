-- 0004 bearing market offers: the asking prices shops post (a bearing as written and as normalised through the
-- catalogue, brand and tier, quantity available, minimum order, channel, validity). An offer whose canonical is
-- NULL waits until its raw designation is resolved (market_resolutions, applied when the aggregates are read).
-- A withdrawn offer is kept with the time of its withdrawal and counts as valid only before it. Money is integer
-- fen, times are UTC milliseconds; valid_until_ms is inclusive.

CREATE TABLE market_offers (
    id INTEGER PRIMARY KEY,
    shop_org_id INTEGER NOT NULL REFERENCES organisations (id),
    offer_key INTEGER NOT NULL,  -- 64-bit hash of the offer's content: a re-posted identical offer is one offer
    raw_designation TEXT NOT NULL,
    raw_key TEXT NOT NULL,  -- raw designation folded (upper case, single spaces), as market_transactions.raw_key
    raw_brand TEXT NOT NULL,
    unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen > 0),
    quantity INTEGER NOT NULL CHECK (quantity > 0),  -- available
    min_order INTEGER NOT NULL CHECK (min_order > 0),
    channel TEXT NOT NULL CHECK (channel IN ('offline', 'online', 'export')),
    valid_from_ms INTEGER NOT NULL,
    valid_until_ms INTEGER NOT NULL CHECK (valid_until_ms >= valid_from_ms),
    canonical TEXT,  -- NULL while waiting for review
    bearing_type TEXT,
    size_class TEXT,
    brand TEXT NOT NULL,
    brand_tier TEXT NOT NULL CHECK (brand_tier IN ('international', 'chinese_top', 'domestic', 'unbranded')),
    posted_at_ms INTEGER NOT NULL,
    withdrawn_at_ms INTEGER,  -- NULL while standing
    UNIQUE (shop_org_id, offer_key)
);

CREATE INDEX market_offers_validity ON market_offers (valid_from_ms, valid_until_ms);
