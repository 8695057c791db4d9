package kz.ekino.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import kz.ekino.registry.RegistryException.Reason;

/** What the attack suites do as an insider with SQL access, and how they see it caught. */
final class Insider {
  private Insider() {}

  /** Runs one statement on the registry's database, {@code params} bound in order. */
  static void sql(String url, String statement, Object... params) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s = c.prepareStatement(statement)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      s.executeUpdate();
    }
  }

  /** The audit's refusal, which must be TAMPERED; its message. */
  static String auditFailure(Registry registry) {
    RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
        registry::audit);
    assertThat(e.reason()).isEqualTo(Reason.TAMPERED);
    return String.valueOf(e.getMessage());
  }
}
