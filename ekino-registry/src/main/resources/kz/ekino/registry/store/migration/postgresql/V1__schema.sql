-- ekino registry schema, version 1 (PostgreSQL). Money in whole tiyn, instants in epoch seconds UTC.
CREATE TABLE cinemas (
  bin TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kato TEXT NOT NULL,
  region TEXT NOT NULL
);
CREATE TABLE halls (
  cinema_bin TEXT NOT NULL REFERENCES cinemas (bin),
  hall_id TEXT NOT NULL,
  name TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  PRIMARY KEY (cinema_bin, hall_id)
);
CREATE TABLE films (
  certificate TEXT PRIMARY KEY,
  title_kk TEXT,
  title_ru TEXT,
  title_en TEXT,
  national INTEGER NOT NULL
);
CREATE TABLE film_genres (
  certificate TEXT NOT NULL REFERENCES films (certificate),
  genre TEXT NOT NULL,
  PRIMARY KEY (certificate, genre)
);
CREATE TABLE film_countries (
  certificate TEXT NOT NULL REFERENCES films (certificate),
  country TEXT NOT NULL,
  PRIMARY KEY (certificate, country)
);
-- Every registered record, sale (kind 0) or refund (kind 1); serial n is log leaf n - 1.
CREATE TABLE records (
  serial BIGINT PRIMARY KEY,
  kind INTEGER NOT NULL,
  registered_at BIGINT NOT NULL,
  vendor_bin TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  content_digest TEXT NOT NULL,
  submission BYTEA NOT NULL,
  signer_kid TEXT NOT NULL,
  cinema_bin TEXT,
  screening_id TEXT,
  hall TEXT,
  film TEXT,
  screening_start BIGINT,
  screening_day TEXT,
  language TEXT,
  format TEXT,
  seat_row INTEGER,
  seat_number INTEGER,
  price_tiyn BIGINT,
  sold_at BIGINT,
  channel TEXT,
  specimen INTEGER,
  refund_of BIGINT,
  refunded_at BIGINT,
  refund_tiyn BIGINT,
  refund_reason TEXT
);
CREATE UNIQUE INDEX records_sale_ticket ON records (vendor_bin, ticket_id) WHERE kind = 0;
CREATE UNIQUE INDEX records_refund_of ON records (refund_of) WHERE kind = 1;
CREATE INDEX records_cinema_registered ON records (cinema_bin, registered_at);
CREATE INDEX records_screening_start ON records (screening_start);
CREATE TABLE admissions (
  serial BIGINT PRIMARY KEY REFERENCES records (serial),
  admitted_at BIGINT NOT NULL,
  gate_cinema TEXT NOT NULL,
  gate_id TEXT NOT NULL
);
-- Hashes of the complete subtrees of the Merkle log (level 0: leaf hashes).
CREATE TABLE log_nodes (
  level INTEGER NOT NULL,
  idx BIGINT NOT NULL,
  hash BYTEA NOT NULL,
  PRIMARY KEY (level, idx)
);
-- The latest signed checkpoint; written in the same transaction as the records it covers.
CREATE TABLE log_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  tree_size BIGINT NOT NULL,
  root_hash BYTEA NOT NULL,
  checkpoint TEXT NOT NULL
);
