package kz.ekino.registry;

import static kz.ekino.registry.testing.Faults.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.registry.RegistryException.Reason;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart or a takeover with an older trust.json does not bring back a key the log removed:
 * the configured list must replace the newest one logged.
 */
class StaleTrustListTest {
  @TempDir Path dir;
  private final Fixture f = new Fixture();

  private RegistryConfig config(Path db, String host) {
    return f.config("jdbc:sqlite:" + db).checkpointFile(dir.resolve(host + ".checkpoint"))
        .build();
  }

  private TrustList withoutVendorA() {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    return TrustList.of(2, Instant.parse("2026-11-25T00:00:00Z"),
        Instant.parse("2027-01-01T00:00:00Z"), List.of(
            TrustedKey.registry(f.registryKey.verificationKey(), from, Optional.empty()),
            TrustedKey.vendor(f.vendorB.verificationKey(), Fixture.VENDOR_B,
                Set.of(Fixture.ASTANA), from, Optional.empty())));
  }

  @Test
  void aTakeoverWithAStaleTrustListDoesNotBringBackARemovedVendorKey() throws Exception {
    Path db = dir.resolve("registry.db");
    Registry a = Registry.open(config(db, "a"));
    try {
      a.registerCinema(Fixture.ALMATY_CINEMA);
      register(a, f, "A-1");
      a.replaceTrustList(withoutVendorA());
      assertThat(SqliteFaultTest.refusalOf(() -> register(a, f, "A-2")))
          .isEqualTo(Refusal.UNKNOWN_KEY);
      try (Registry b = Registry.openStandby(config(db, "b"))) { // b's trust.json: sequence 1
        assertThat(b.role()).isEqualTo(Registry.Role.STANDBY);
        a.close();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (b.role() == Registry.Role.STANDBY && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        assertThat(b.role()).isEqualTo(Registry.Role.STOPPED);
        assertThat(SqliteFaultTest.refusalOf(() -> register(b, f, "A-3")))
            .isEqualTo(Refusal.CLOSED);
      }
    } finally {
      a.close();
    }
  }

  @Test
  void aRestartWithAStaleTrustListIsRefusedNamingBothSequences() throws Exception {
    Path db = dir.resolve("registry.db");
    long size;
    try (Registry a = Registry.open(config(db, "a"))) {
      a.registerCinema(Fixture.ALMATY_CINEMA);
      register(a, f, "A-1");
      a.replaceTrustList(withoutVendorA());
      size = a.size();
    }
    assertThatThrownBy(() -> Registry.open(config(db, "a")))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION);
          assertThat(e.getMessage()).contains("sequence 1", "sequence 2", "ROLLBACK");
        });
    // Refused before the log was taken: nothing was appended.
    try (Registry reader = Registry.openReadOnly(config(db, "a"))) {
      assertThat(reader.size()).isEqualTo(size);
    }
    // The newest list opens it.
    try (Registry a = Registry.open(RegistryConfig.builder("jdbc:sqlite:" + db,
        f.registryKey, withoutVendorA()).clock(f.clock)
        .checkpointFile(dir.resolve("a.checkpoint")).build())) {
      assertThat(a.size()).isEqualTo(size);
    }
  }
}
