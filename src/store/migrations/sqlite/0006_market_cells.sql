-- 0006 monthly cells of market transactions, kept next to the row blocks: each insert adds, per shop, one block of
-- cells summing its new rows by (month, designation, brand counted, region, channel): quantity, value, transaction
-- count (store/market_block.hpp). Monthly statistics (price index, turnover) read these cells, several times fewer
-- than the rows; cells of one key in several blocks are summed when read. Stores with row blocks from before 0006
-- get their cells built when the store opens.

CREATE TABLE market_cell_blocks (
    id INTEGER PRIMARY KEY,
    shop_org_id INTEGER NOT NULL REFERENCES organisations (id),
    first_month INTEGER NOT NULL,  -- year * 12 + month - 1, UTC
    last_month INTEGER NOT NULL,
    cells INTEGER NOT NULL CHECK (cells > 0),
    payload BLOB NOT NULL
);

CREATE INDEX market_cell_blocks_month ON market_cell_blocks (first_month);
