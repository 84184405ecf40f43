-- 0008 organisation codes (PostgreSQL): as sqlite/0008_organisation_codes.sql. A short name people write where they
-- address an organisation (MQTT topics, Modbus maps, the command line), beside its numeric id.

ALTER TABLE organisations ADD COLUMN code TEXT COLLATE "C";
CREATE UNIQUE INDEX organisations_code ON organisations (code) WHERE code IS NOT NULL;
