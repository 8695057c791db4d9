package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The complaints store on a real SQLite file and, when EKINO_TEST_POSTGRES_URL is set, on a
 * fresh PostgreSQL schema (skipped with the reason otherwise).
 */
class ComplaintsTest {
  private static final Instant AT = Instant.parse("2026-11-25T07:00:00Z");

  private static Complaint.Report report(int n, boolean withCinema) {
    return new Complaint.Report("OVERDUE",
        withCinema ? Optional.of(Fixture.ALMATY) : Optional.empty(),
        withCinema ? Optional.of("T-" + n) : Optional.empty(), "HTTPS://QR.EKINO.KZ/T/AB" + n,
        "{\"verdict\": \"PROVISIONAL\"}", n % 2 == 0 ? Optional.of("a@b.kz") : Optional.empty(),
        "Қараша \"<b>\" ' ; DROP TABLE complaints; --\n" + n, "kk");
  }

  private static void roundTrip(Complaints store, Complaints reopened) {
    assertThat(store.count()).isZero();
    assertThat(store.recent(10)).isEmpty();
    Complaint first = store.record(report(1, true), AT);
    Complaint second = store.record(report(2, false), AT.plusSeconds(61));
    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(store.count()).isEqualTo(2);
    assertThat(store.recent(10)).containsExactly(second, first);
    assertThat(store.recent(1)).containsExactly(second);
    assertThat(store.countFor("HTTPS://QR.EKINO.KZ/T/AB1")).isEqualTo(1);
    assertThat(store.countFor("HTTPS://QR.EKINO.KZ/T/AB9")).isZero();
    // Durable: another store on the same database reads the same.
    assertThat(reopened.recent(10)).containsExactly(second, first);
    assertThatThrownBy(() -> store.recent(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.recent(Complaints.MAX_RECENT + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sqliteFileInTheDataDirectory(@TempDir Path dir) {
    roundTrip(Complaints.inDirectory(dir), Complaints.inDirectory(dir));
    assertThat(dir.resolve("complaints.db")).exists();
  }

  @Test
  void postgresqlTable() {
    String url = Databases.postgres();
    roundTrip(Complaints.open(url), Complaints.open(url));
  }

  @Test
  void limitsAreTheStoresToo() {
    assertThatThrownBy(() -> new Complaint.Report("OVERDUE", Optional.empty(), Optional.empty(),
        "q", "{}", Optional.empty(), "x".repeat(Complaint.Report.MAX_MESSAGE + 1), "en"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Complaints.open("jdbc:h2:mem:x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(List.of(report(1, true).cinema())).isNotEmpty();
  }
}
