package kz.ekino.registry;

import static kz.ekino.registry.testing.Faults.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running standby whose database goes back (cut to an older head, as a restored backup or a
 * promoted lagging replica would be) refuses reads rather than serve the older log as current.
 */
class StandbyWentBackTest {
  @TempDir Path dir;
  private final Fixture f = new Fixture();

  @Test
  void aRunningStandbyRefusesReadsOfADatabaseThatWentBack() throws Exception {
    String url = Databases.postgres();
    RegistryConfig a = f.config(url).timeout(Duration.ofSeconds(5))
        .checkpointFile(dir.resolve("a.checkpoint")).build();
    RegistryConfig b = f.config(url).timeout(Duration.ofSeconds(5))
        .checkpointFile(dir.resolve("b.checkpoint")).build();
    try (Registry writer = Registry.open(a)) {
      writer.registerCinema(Fixture.ALMATY_CINEMA);
      register(writer, f, "T-1");
      long oldSize;
      byte[] oldRoot;
      String oldCheckpoint;
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT tree_size, root_hash, checkpoint FROM log_head")) {
        assertThat(rs.next()).isTrue();
        oldSize = rs.getLong(1);
        oldRoot = rs.getBytes(2);
        oldCheckpoint = rs.getString(3);
      }
      register(writer, f, "T-2");
      long last = register(writer, f, "T-3").serial();
      try (Registry standby = Registry.openStandby(b)) {
        assertThat(standby.role()).isEqualTo(Registry.Role.STANDBY);
        long served = standby.size();
        assertThat(served).isEqualTo(last);
        assertThat(standby.status(last).status()).isNotEqualTo(
            kz.ekino.core.registration.TicketStatus.Status.UNKNOWN);
        try (Connection c = DriverManager.getConnection(url)) {
          c.setAutoCommit(false);
          try (PreparedStatement p = c.prepareStatement(
              "UPDATE log_head SET tree_size = ?, root_hash = ?, checkpoint = ?")) {
            p.setLong(1, oldSize);
            p.setBytes(2, oldRoot);
            p.setString(3, oldCheckpoint);
            p.executeUpdate();
          }
          try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM records WHERE serial > " + oldSize);
          }
          c.commit();
        }
        // Every read fails as storage does (the server answers 503, /readyz too).
        assertThatThrownBy(standby::size).isInstanceOf(StorageException.class)
            .hasMessageContaining("went back");
        assertThatThrownBy(() -> standby.status(last)).isInstanceOf(StorageException.class);
        assertThatThrownBy(standby::checkpoint).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> standby.status(1)).isInstanceOf(StorageException.class);
        assertThat(standby.role()).isNotEqualTo(Registry.Role.WRITER);
      }
    }
  }
}
