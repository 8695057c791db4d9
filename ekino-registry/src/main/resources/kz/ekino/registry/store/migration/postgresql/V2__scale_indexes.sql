-- ekino registry schema, version 2 (PostgreSQL): indexes that keep monitoring, the revocation
-- list and status reads off full-table scans over years of records (docs/registry.md,
-- "Scale"). Every query that relies on them is checked by QueryPlanTest.
--
-- Sales by screening start, carrying every column box office, shares and running screenings
-- read, so that a month of sales is an index-only scan once VACUUM has set the visibility
-- map. It replaces the narrower index on screening_start of version 1.
DROP INDEX records_screening_start;
CREATE INDEX records_sale_screening ON records (screening_start) INCLUDE (specimen,
  cinema_bin, screening_id, film, language, channel, screening_day, price_tiyn, serial)
  WHERE kind = 0;
-- Counted sales (no specimens) by registration time, for upload lag.
CREATE INDEX records_sale_registered ON records (registered_at) INCLUDE (cinema_bin,
  sold_at, serial) WHERE kind = 0 AND specimen = 0;
-- Refunds by their own serial, for the revocation list "refunded since serial N".
CREATE INDEX records_refund_serial ON records (serial) INCLUDE (refund_of) WHERE kind = 1;
