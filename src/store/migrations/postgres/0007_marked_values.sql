-- 0007 values left out of the statistics, and attribute characteristics (PostgreSQL).
-- A value marked by its source keeps its code in measurements.attributes (AQDEF K0002: 129 invalid,
-- 255 placeholder, 256 delete on import, 290 implausible); an engineer may leave a value out too, with a
-- reason. The exclusion and its reversal are events (kinds exclusion, inclusion); the column holds the
-- current state. Attribute characteristics (p, np, c, u charts) store the number of nonconforming units or
-- nonconformities as the value and the inspected quantity of the sample (AQDEF K0020) beside it.

ALTER TABLE measurements ADD COLUMN excluded_reason TEXT;  -- set while an engineer leaves the value out
ALTER TABLE measurements ADD COLUMN sample_size DOUBLE PRECISION;      -- attribute characteristics: units inspected
