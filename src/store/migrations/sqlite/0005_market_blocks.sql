-- 0005 market transactions as columnar blocks. The rows of one shop and one 30-day bucket written by one import
-- chunk are one block (store/market_block.hpp: ~20 bytes a row); their strings are ids in the dictionaries below.
-- Normalisation lives on the designation as written, so a review-queue resolution updates one dictionary row, not
-- every transaction. Rows of the 0003 table are moved into blocks by the store when it opens (the table stays,
-- empty, for stores written by older versions).

CREATE TABLE market_designations (
    id INTEGER PRIMARY KEY,
    raw_designation TEXT NOT NULL UNIQUE,  -- as written, trimmed
    raw_key TEXT NOT NULL,                 -- folded (upper case, single spaces): the review queue key
    canonical TEXT CHECK (canonical IS NULL OR length(canonical) > 0),  -- NULL while waiting for review
    bearing_type TEXT,
    size_class TEXT,
    series TEXT,
    implied_brand TEXT NOT NULL DEFAULT ''
);

CREATE INDEX market_designations_waiting ON market_designations (raw_key) WHERE canonical IS NULL;

CREATE TABLE market_brands (
    id INTEGER PRIMARY KEY,
    raw_brand TEXT NOT NULL UNIQUE,
    brand TEXT NOT NULL,
    brand_tier TEXT NOT NULL CHECK (brand_tier IN ('international', 'chinese_top', 'domestic', 'unbranded'))
);

CREATE TABLE market_regions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE market_blocks (
    id INTEGER PRIMARY KEY,
    shop_org_id INTEGER NOT NULL REFERENCES organisations (id),
    bucket INTEGER NOT NULL,              -- floor(time_ms / 30 days): row keys are unique per shop and bucket
    first_row_id INTEGER NOT NULL UNIQUE, -- row ids first_row_id .. first_row_id + rows - 1, in block order
    rows INTEGER NOT NULL CHECK (rows > 0),
    min_ms INTEGER NOT NULL,
    max_ms INTEGER NOT NULL,
    payload BLOB NOT NULL
);

CREATE INDEX market_blocks_shop ON market_blocks (shop_org_id, bucket);
CREATE INDEX market_blocks_time ON market_blocks (min_ms);

-- Rows whose designation waits for review, counted per designation and shop, so the queue is read without
-- decoding blocks; a resolution deletes the counts of the designations it normalises.
CREATE TABLE market_waiting (
    designation_id INTEGER NOT NULL REFERENCES market_designations (id),
    shop_org_id INTEGER NOT NULL REFERENCES organisations (id),
    rows INTEGER NOT NULL,
    first_ms INTEGER NOT NULL,
    PRIMARY KEY (designation_id, shop_org_id)
) WITHOUT ROWID;

-- Bumped by every write that changes what a statistic would read (rows added, designations re-normalised).
CREATE TABLE market_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO market_revision (id, revision) VALUES (1, 0);

ALTER TABLE market_resolutions ADD COLUMN series TEXT NOT NULL DEFAULT '';
