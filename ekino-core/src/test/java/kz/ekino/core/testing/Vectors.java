package kz.ekino.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.key.KeyFormatException;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Instants;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.KeyRole;
import kz.ekino.core.trust.KeyStatus;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.VerificationPolicy;

/** The committed token vectors (docs/spec/vectors/token-v1.json) and their policies. */
public final class Vectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Vectors() {}

  /** The vectors file, found from any module directory of the build. */
  public static Path file() {
    Path p = Path.of("docs", "spec", "vectors", "token-v1.json");
    return Files.exists(p) ? p : Path.of("..").resolve(p);
  }

  public static List<JsonNode> all() {
    try {
      List<JsonNode> out = new ArrayList<>();
      JSON.readTree(file().toFile()).forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode byId(String id) {
    return all().stream().filter(v -> v.get("id").asText().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no vector " + id));
  }

  /** The vector's trusted key with its trust entry. */
  public static TrustedKey trustedKey(JsonNode v) {
    JsonNode t = v.get("trust");
    Set<Bin> cinemas = new HashSet<>();
    if (t.has("cinemas")) {
      t.get("cinemas").forEach(c -> cinemas.add(Bin.of(c.asText())));
    }
    try {
      return new TrustedKey(VerificationKey.fromPem(v.get("publicKeyPem").asText()),
          KeyRole.valueOf(t.get("role").asText()),
          Optional.ofNullable(t.get("vendorBin")).map(n -> Bin.of(n.asText())), cinemas,
          t.has("validFrom") ? Instant.parse(t.get("validFrom").asText()) : Instants.MIN,
          Optional.ofNullable(t.get("validUntil")).map(n -> Instant.parse(n.asText())),
          KeyStatus.valueOf(t.get("status").asText()));
    } catch (KeyFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The default policy at the vector's instant, with its key and its one official base. */
  public static VerificationPolicy policy(JsonNode v) {
    Clock clock = Clock.fixed(Instant.parse(v.get("at").asText()), ZoneOffset.UTC);
    return VerificationPolicy.builder(
            TrustList.of(1, Instants.MIN, Instant.MAX, List.of(trustedKey(v))), clock)
        .officialBase(UrlBase.of(v.get("base").asText()))
        .build();
  }
}
