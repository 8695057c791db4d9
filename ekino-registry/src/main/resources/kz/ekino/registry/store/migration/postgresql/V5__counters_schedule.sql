-- ekino registry schema, version 5 (postgresql): terminals, declared screenings, sale corrections
-- (docs/spec/submission-v2.md, schedule-v1.md). Their entries (kinds 7 and 8) keep their
-- bodies in log_entries; the tables below are what they project to.
-- The register of installations: a vendor's selling point, its cinema and its software.
CREATE TABLE terminals (
  vendor_bin TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  cinema_bin TEXT NOT NULL,
  software TEXT NOT NULL,
  software_version TEXT NOT NULL,
  entry_serial BIGINT NOT NULL,
  PRIMARY KEY (vendor_bin, terminal_id)
);
-- Screenings declared before they are sold; a cancellation marks its row.
CREATE TABLE screenings (
  cinema_bin TEXT NOT NULL,
  screening_id TEXT NOT NULL,
  content_digest TEXT NOT NULL,
  hall TEXT NOT NULL,
  film TEXT NOT NULL,
  screening_start BIGINT NOT NULL,
  language TEXT NOT NULL,
  format TEXT NOT NULL,
  declared_serial BIGINT NOT NULL,
  cancelled_serial BIGINT,
  cancelled_at BIGINT,
  PRIMARY KEY (cinema_bin, screening_id)
);
-- Days a cinema declared it screens nothing (Asia/Almaty dates).
CREATE TABLE closed_days (
  cinema_bin TEXT NOT NULL,
  day TEXT NOT NULL,
  entry_serial BIGINT NOT NULL,
  PRIMARY KEY (cinema_bin, day)
);
-- A sale's price corrected (records kind 9, SALE_CORRECTION): the sale it corrects. The sale's
-- row keeps the price it was sold at and gains the price of its newest correction.
ALTER TABLE records ADD COLUMN corrects BIGINT;
ALTER TABLE records ADD COLUMN corrected_tiyn BIGINT;
CREATE INDEX records_corrects ON records (corrects) WHERE kind = 9;
-- Box office reads the corrected price: the covering index of version 2 holds it too.
DROP INDEX records_sale_screening;
CREATE INDEX records_sale_screening ON records (screening_start) INCLUDE (specimen,
  cinema_bin, screening_id, film, language, channel, screening_day, price_tiyn,
  corrected_tiyn, serial) WHERE kind = 0;
