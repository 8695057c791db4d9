package kz.ekino.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.registry.store.LogAudit.Finding;
import kz.ekino.registry.store.LogAudit.Problem;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming audit: a clean log passes at every size (chunks of three records and two
 * nodes, so that every chunk boundary is crossed), and each kind of damage done with SQL is
 * found, first by serial, with the level and index of a node.
 */
class LogAuditTest {
  private static final int SALES = 120;

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aCleanLogPassesAtEverySize(String store) throws Exception {
    try (Database db = Databases.openWriter(store, dir)) {
      SyntheticLog log = SyntheticLog.write(db.writer(), 1, SALES);
      Connection c = db.writer();
      long size = log.size();
      assertThat(size).isGreaterThan(SALES);
      for (long k : new long[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65,
          100, size - 1, size}) {
        assertThat(LogAudit.audit(c, k, log.tree.root(k), 3, 2)).as("size %d", k).isEmpty();
        assertThat(LogAudit.audit(c, k, log.tree.root(k), LogAudit.RECORD_CHUNK, LogAudit.NODE_CHUNK)).as("size %d", k).isEmpty();
      }
      // The root of another size is not this size's root.
      assertThat(LogAudit.audit(c, size, log.tree.root(size - 1), 3, 2))
          .map(Finding::problem).contains(Problem.ROOT_MISMATCH);
      assertThat(LogAudit.audit(c, 0, log.tree.root(1), LogAudit.RECORD_CHUNK, LogAudit.NODE_CHUNK)).map(Finding::problem)
          .contains(Problem.ROOT_MISMATCH);
      assertThat(LogAudit.audit(c, 0, MerkleHashing.EMPTY_ROOT, LogAudit.RECORD_CHUNK, LogAudit.NODE_CHUNK)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anOverwrittenInteriorNodeIsCaught(String store) throws Exception {
    // Level 2, index 3 is the node over leaves 12 to 15: serials 13 to 16. Its replacement is
    // a real hash of the log (the node beside it), as a forger would use.
    Finding f = damaged(store, "UPDATE log_nodes SET hash = (SELECT hash FROM log_nodes"
        + " WHERE level = 2 AND idx = 2) WHERE level = 2 AND idx = 3");
    assertThat(f.problem()).isEqualTo(Problem.NODE_NOT_RECOMPUTED);
    assertThat(f.level()).isEqualTo(2);
    assertThat(f.index()).isEqualTo(3);
    assertThat(f.serial()).isEqualTo(16);
    assertThat(f.message()).contains("log node 2/3").contains("records 13 to 16");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anOverwrittenHighNodeIsCaughtWhereItIsCompleted(String store) throws Exception {
    Finding f = damaged(store, "UPDATE log_nodes SET hash = (SELECT hash FROM log_nodes"
        + " WHERE level = 0 AND idx = 0) WHERE level = 6 AND idx = 0");
    assertThat(f.problem()).isEqualTo(Problem.NODE_NOT_RECOMPUTED);
    assertThat(f.level()).isEqualTo(6);
    assertThat(f.index()).isZero();
    assertThat(f.serial()).isEqualTo(64);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aMissingInteriorNodeIsCaught(String store) throws Exception {
    Finding f = damaged(store, "DELETE FROM log_nodes WHERE level = 3 AND idx = 1");
    assertThat(f.problem()).isEqualTo(Problem.MISSING_NODE);
    assertThat(f.level()).isEqualTo(3);
    assertThat(f.index()).isEqualTo(1);
    assertThat(f.serial()).isEqualTo(16);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aChangedRecordIsCaughtByItsSerial(String store) throws Exception {
    Finding f = damaged(store,
        "UPDATE records SET registered_at = registered_at + 1 WHERE serial = 40");
    assertThat(f.problem()).isEqualTo(Problem.RECORD_NOT_LEAF);
    assertThat(f.serial()).isEqualTo(40);
    assertThat(f.message()).isEqualTo("record 40 does not hash to its log leaf");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aMissingRecordOrLeafIsCaught(String store) throws Exception {
    assertThat(damaged(store, "DELETE FROM admissions WHERE serial = 50",
        "DELETE FROM records WHERE serial = 50"))
        .isEqualTo(new Finding(Problem.MISSING_RECORD, 50, -1, -1, "record 50 is missing"));
    Finding leaf = damaged(store, "DELETE FROM log_nodes WHERE level = 0 AND idx = 20");
    assertThat(leaf.problem()).isEqualTo(Problem.MISSING_NODE);
    assertThat(leaf.serial()).isEqualTo(21);
    assertThat(leaf.message()).isEqualTo("log leaf 20 is missing");
    Finding kind = damaged(store, "UPDATE records SET kind = 7 WHERE serial = 9");
    assertThat(kind.problem()).isEqualTo(Problem.MALFORMED_RECORD);
    assertThat(kind.serial()).isEqualTo(9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aLogLongerThanItsRecordsIsCaught(String store) throws Exception {
    try (Database db = Databases.openWriter(store, dir)) {
      SyntheticLog log = SyntheticLog.write(db.writer(), 1, 20);
      long size = log.size();
      Optional<Finding> f = LogAudit.audit(db.writer(), size + 5, log.tree.root(size), 3, 2);
      assertThat(f).map(Finding::message)
          .contains("the log has " + (size + 5) + " leaves but " + size + " records");
      assertThatThrownBy(() -> LogAudit.audit(db.writer(), -1, log.root()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
  }

  /** A fresh log, damaged with {@code sql}, audited with small chunks and with the defaults. */
  private Finding damaged(String store, String... sql) throws Exception {
    try (Database db = Databases.openWriter(store, dir)) {
      SyntheticLog log = SyntheticLog.write(db.writer(), 1, SALES);
      Connection c = db.writer();
      TreeHash root = log.root();
      assertThat(LogAudit.audit(c, log.size(), root, 3, 2)).isEmpty();
      try (Statement s = c.createStatement()) {
        for (String statement : sql) {
          s.executeUpdate(statement);
        }
      }
      c.commit();
      Optional<Finding> small = LogAudit.audit(c, log.size(), root, 3, 2);
      assertThat(LogAudit.audit(c, log.size(), root, LogAudit.RECORD_CHUNK, LogAudit.NODE_CHUNK)).isEqualTo(small);
      return small.orElseThrow();
    }
  }
}
