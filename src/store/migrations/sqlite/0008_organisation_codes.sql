-- 0008 organisation codes: a short name people write where they address an organisation (MQTT topics, Modbus
-- maps, the command line), beside its numeric id. Lower-case letters, digits and '-', starting with a letter, so a
-- code never reads as an id (validated by app/accounts.cpp). Optional: organisations from before keep none.

ALTER TABLE organisations ADD COLUMN code TEXT;
CREATE UNIQUE INDEX organisations_code ON organisations (code) WHERE code IS NOT NULL;
