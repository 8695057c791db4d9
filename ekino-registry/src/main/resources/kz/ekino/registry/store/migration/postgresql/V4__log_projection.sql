-- ekino registry schema, version 4 (PostgreSQL): every table a projection of the log.
-- Admissions, the film register and the cinema directory become log entries (kinds 2-4, docs/
-- spec/log-v1.md 2.1); their bodies are kept here, the tables below are what they project to.
CREATE TABLE log_entries (
  serial BIGINT PRIMARY KEY,
  kind INTEGER NOT NULL,
  registered_at BIGINT NOT NULL,
  body BYTEA NOT NULL
);
-- A refund registered on the operator's authority (a CORRECTION entry): its reason.
ALTER TABLE records ADD COLUMN correction_reason TEXT;
-- A sale registered after its screening started (1), or before (0).
ALTER TABLE records ADD COLUMN late INTEGER;
-- The sale's film against the register at its registration: 0 agrees, 1 not registered,
-- 2 differs.
ALTER TABLE records ADD COLUMN film_check INTEGER;
UPDATE records SET late = CASE WHEN registered_at > screening_start THEN 1 ELSE 0 END,
  film_check = 1 WHERE kind = 0;
-- The entry each row projects from; NULL only for rows older than version 4, which the next
-- writer logs ("adopts") once, before anything else (log_writer.adopted).
ALTER TABLE admissions ADD COLUMN entry_serial BIGINT;
ALTER TABLE cinemas ADD COLUMN entry_serial BIGINT;
ALTER TABLE films ADD COLUMN entry_serial BIGINT;
ALTER TABLE log_writer ADD COLUMN adopted INTEGER NOT NULL DEFAULT 0;
-- Films were copied from the first sale that named them: the register replaces them.
DELETE FROM film_genres;
DELETE FROM film_countries;
DELETE FROM films;
