package kz.ekino.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import kz.ekino.core.key.KeyFormatException;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;

/** The labelled test keys under {@code test-keys/} (published, so worthless for real tickets). */
public final class TestKeys {
  public static final String REGISTRY_ED25519 = "registry-ed25519";
  public static final String REGISTRY_ES256 = "registry-es256";
  public static final String VENDOR_ED25519 = "vendor-ed25519";
  public static final String VENDOR_ES256 = "vendor-es256";
  public static final String OTHER_ED25519 = "other-ed25519";
  public static final String ROOT_ED25519 = "root-ed25519";

  private TestKeys() {}

  public static SigningKey signing(String name) {
    try {
      return SigningKey.fromPkcs8Pem(pem(name, "key"));
    } catch (KeyFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  public static VerificationKey verification(String name) {
    try {
      return VerificationKey.fromPem(pem(name, "pub"));
    } catch (KeyFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(String name, String kind) {
    String resource = "/test-keys/TEST-ONLY-" + name + "." + kind + ".pem";
    try (InputStream in = TestKeys.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
