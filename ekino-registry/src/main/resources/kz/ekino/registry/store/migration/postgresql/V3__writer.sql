-- ekino registry schema, version 3 (PostgreSQL): the log's single writer.
-- A writer raises the epoch when it takes the log and names itself; every write transaction
-- then moves commit_seq forward only while the epoch is still its own (fencing), so a writer
-- that lost the log cannot commit, and after a commit whose outcome is unknown the writer can
-- tell whether it landed.
CREATE TABLE log_writer (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  epoch BIGINT NOT NULL,
  holder TEXT NOT NULL,
  since BIGINT NOT NULL,
  commit_seq BIGINT NOT NULL
);
INSERT INTO log_writer (id, epoch, holder, since, commit_seq) VALUES (1, 0, '', 0, 0);
