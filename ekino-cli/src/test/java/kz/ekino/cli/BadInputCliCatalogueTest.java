package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue of the command line (issue 12): each hostile or broken input with
 * the exit code and the words it must get, and never a Java class name or a stack trace.
 * Exit codes: 1 a rejection (the input was read and judged), 2 usage and file errors.
 */
class BadInputCliCatalogueTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  /** What no user should see: class names, stack frames, library feature names. */
  private static final Pattern LEAK = Pattern.compile(
      "java\\.|javax\\.|com\\.fasterxml|org\\.bouncycastle|picocli\\.|Exception|\\tat |"
          + "FAIL_ON_|NullPointer|kz\\.ekino\\.");

  @TempDir
  static Path dir;

  private static String sale;
  private static Path key;
  private static Path pub;

  /** One case: a name, the arguments (files made in {@link #dir}), the exit and the words. */
  record Case(String name, Function<Path, String[]> args, int exit, String words) {
    @Override
    public String toString() {
      return name;
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(Clock.fixed(NOW, ZoneOffset.UTC), new PrintWriter(out, true),
        new PrintWriter(err, true)).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeEach
  void keys() throws Exception {
    key = dir.resolve("k.key.pem");
    pub = dir.resolve("k.pub.pem");
    if (!Files.exists(key)) {
      assertThat(ekino("keygen", "--out", dir.resolve("k").toString()).exit()).isZero();
    }
    sale = Files.readString(Path.of("..", "docs", "examples", "sale.json"));
  }

  private static Path file(String name, byte[] content) {
    try {
      Path p = dir.resolve(name);
      Files.write(p, content);
      return p;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path text(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] token(Path saleFile) {
    return new String[] {"token", "--key", key.toString(), "--sale", saleFile.toString(),
        "--serial", "1", "--at", "2026-11-25T10:12:10Z"};
  }

  /** A public key of another algorithm, as PEM (SubjectPublicKeyInfo). */
  private static String spki(String algorithm) {
    return pem("PUBLIC KEY", keyPair(algorithm).getPublic().getEncoded());
  }

  private static String pkcs8(String algorithm) {
    return pem("PRIVATE KEY", keyPair(algorithm).getPrivate().getEncoded());
  }

  private static java.security.KeyPair keyPair(String algorithm) {
    try {
      return java.security.KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** A white PNG 2,000,000 pixels wide and one high. */
  private static Path thinPng(Path d) {
    Path png = d.resolve("thin.png");
    try {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(2_000_000, 1,
          java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
      javax.imageio.ImageIO.write(img, "png", png.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return png;
  }

  private static Path es256(Path d) {
    Path prefix = d.resolve("es");
    if (!Files.exists(d.resolve("es.pub.pem"))) {
      assertThat(ekino("keygen", "--alg", "es256", "--out", prefix.toString()).exit()).isZero();
    }
    return d.resolve("es.pub.pem");
  }

  /** A data directory with keys and a trust list whose registry.db is random bytes. */
  private static Path damagedData(Path d) {
    Path data = d.resolve("damaged");
    try {
      if (!Files.exists(data.resolve("registry.db"))) {
        assertThat(ekino("demo", "--data", data.toString(), "--sales", "20").exit()).isZero();
        byte[] junk = new byte[8192];
        new java.util.Random(7).nextBytes(junk);
        Files.write(data.resolve("registry.db"), junk);
        Files.deleteIfExists(data.resolve("registry.db-wal"));
        Files.deleteIfExists(data.resolve("registry.db-shm"));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return data;
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    // Sale JSON (token --sale)
    c.add(new Case("sale: a 30-digit number", d -> token(text("n30.json",
        sale.replace("250000", "123456789012345678901234567890"))), 2,
        "a number is longer than 24 characters (line 24"));
    c.add(new Case("sale: 17 levels of nesting", d -> token(text("deep17.json", nested(17))), 2,
        "nest"));
    c.add(new Case("sale: 1000 levels of nesting", d -> token(text("deep1000.json",
        nested(1000))), 2, "nest"));
    c.add(new Case("sale: empty file", d -> token(text("empty.json", "")), 2,
        "empty.json: expected a JSON object"));
    c.add(new Case("sale: garbage", d -> token(text("garbage.json", "not json at all")), 2,
        "garbage.json: not valid JSON"));
    c.add(new Case("sale: truncated", d -> token(text("trunc.json",
        sale.substring(0, sale.length() / 2))), 2, "ends before"));
    c.add(new Case("sale: trailing data", d -> token(text("trail.json", sale + " {}")), 2,
        "unexpected data after the JSON object"));
    c.add(new Case("sale: not UTF-8", d -> token(file("latin1.json",
        sale.replace("Қараша түні", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1))), 2,
        "UTF-8"));
    c.add(new Case("sale: soldAt out of range", d -> token(text("soldat.json",
        sale.replace("2026-11-25T15:12:09+05:00", "+999999999-12-31T23:59:59Z"))), 2,
        "soldAt"));
    c.add(new Case("sale: oversized", d -> token(text("big.json", sale.replace("\"specimen\"",
        "\"pad\": \"" + "x".repeat(100_000) + "\", \"specimen\""))), 2, "sale"));
    c.add(new Case("sale: missing file", d -> token(d.resolve("absent.json")), 2, "absent"));
    // Keys
    c.add(new Case("key: garbage PEM", d -> new String[] {"token", "--key",
        text("bad.key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            .toString(), "--sale", text("ok.json", sale).toString(), "--serial", "1"}, 2, "key"));
    c.add(new Case("key: empty file", d -> new String[] {"token", "--key",
        text("empty.key.pem", "").toString(), "--sale", text("ok2.json", sale).toString(),
        "--serial", "1"}, 2, "key"));
    c.add(new Case("verify: garbage public key", d -> new String[] {"verify", "--key",
        text("bad.pub.pem", "hello").toString(), "HTTPS://QR.EKINO.KZ/T/AAAA"}, 2, "key"));
    c.add(new Case("verify: an RSA public key", d -> new String[] {"verify", "--key",
        text("rsa.pub.pem", spki("RSA")).toString(), "HTTPS://QR.EKINO.KZ/T/AAAA"}, 2, "RSA"));
    c.add(new Case("verify: an X25519 public key", d -> new String[] {"verify", "--key",
        text("x25519.pub.pem", spki("X25519")).toString(), "HTTPS://QR.EKINO.KZ/T/AAAA"}, 2,
        "X25519"));
    c.add(new Case("token: an RSA private key", d -> new String[] {"token", "--key",
        text("rsa.key.pem", pkcs8("RSA")).toString(), "--sale",
        text("ok3.json", sale).toString(), "--serial", "1"}, 2, "RSA"));
    c.add(new Case("monitor: an ES256 key as the registry's key", d -> new String[] {"monitor",
        "--export", d.toString(), "--registry-key", es256(d).toString(), "--state",
        d.resolve("m2.state").toString()}, 2, "Ed25519"));
    // A registry database that is not one
    c.add(new Case("checkpoint: a damaged registry database", d -> new String[] {"checkpoint",
        "--data", damagedData(d).toString()}, 2, "registry"));
    // QR text and images
    c.add(new Case("verify: garbage QR text", d -> new String[] {"verify", "--key",
        pub.toString(), "HTTPS://QR.EKINO.KZ/T/AAAA"}, 1, "MALFORMED"));
    c.add(new Case("verify: a foreign URL", d -> new String[] {"verify", "--key",
        pub.toString(), "https://example.com/T/AAAA"}, 1, "FOREIGN_URL"));
    c.add(new Case("verify: non-ASCII QR text", d -> new String[] {"verify", "--key",
        pub.toString(), "HTTPS://QR.EKıNO.KZ/T/AAAA"}, 1, "MALFORMED"));
    c.add(new Case("verify: an oversized QR text", d -> new String[] {"verify", "--key",
        pub.toString(), "HTTPS://QR.EKINO.KZ/T/" + "A".repeat(5000)}, 1, "MALFORMED"));
    c.add(new Case("verify: an image that is not one", d -> new String[] {"verify", "--key",
        pub.toString(), "--image", text("not.png", "not an image").toString()}, 2, "image"));
    c.add(new Case("verify: a long thin image (turning it would take gigabytes)",
        d -> new String[] {"verify", "--key", pub.toString(), "--image",
            thinPng(d).toString()}, 1, "QR"));
    c.add(new Case("verify: an empty image", d -> new String[] {"verify", "--key",
        pub.toString(), "--image", file("empty.png", new byte[0]).toString()}, 2, "image"));
    // Trust lists
    c.add(new Case("verify: a trust list that is garbage", d -> new String[] {"verify",
        "--trust", text("trust.json", "{").toString(), "--root", pub.toString(),
        "HTTPS://QR.EKINO.KZ/T/AAAA"}, 2, "trust"));
    c.add(new Case("verify: a deeply nested trust list", d -> new String[] {"verify",
        "--trust", text("trust17.json", nested(17)).toString(), "--root", pub.toString(),
        "HTTPS://QR.EKINO.KZ/T/AAAA"}, 2, "nest"));
    // Usage
    c.add(new Case("an unknown command", d -> new String[] {"frobnicate"}, 2, "frobnicate"));
    c.add(new Case("an unknown option", d -> new String[] {"verify", "--frob"}, 2, "--frob"));
    c.add(new Case("demo: sales out of range", d -> new String[] {"demo", "--data",
        d.resolve("demo").toString(), "--sales", "5"}, 2, "--sales"));
    c.add(new Case("prove: a serial beyond the log", d -> new String[] {"prove", "--data",
        d.resolve("nodata").toString(), "--serial", "1"}, 2, "registry"));
    c.add(new Case("audit: no registry there", d -> new String[] {"audit", "--data",
        d.resolve("nodata2").toString()}, 2, "registry"));
    c.add(new Case("monitor: an export that is not one", d -> new String[] {"monitor",
        "--export", d.toString(), "--registry-key", pub.toString(), "--state",
        d.resolve("m.state").toString()}, 2, "export"));
    c.add(new Case("opendata: an export that is not one", d -> new String[] {"opendata",
        "--export", d.toString(), "--registry-key", pub.toString(), "--out",
        d.resolve("od").toString()}, 2, "export"));
    // Neither --data nor --export reads ./ekino-data (8e36715), which the test's directory lacks.
    c.add(new Case("opendata: neither --data nor --export, no ./ekino-data", d -> new String[] {
        "opendata", "--out", d.resolve("od2").toString()}, 2, "holds no ekino registry"));
    c.add(new Case("opendata: an ES256 key as the registry's key", d -> new String[] {
        "opendata", "--export", d.toString(), "--registry-key", es256(d).toString(), "--out",
        d.resolve("od3").toString()}, 2, "Ed25519"));
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyBadInputGetsItsExitCodeAndWordsAndNoClassName(Case c) {
    Run r = ekino(c.args().apply(dir));
    String all = r.out() + r.err();
    assertThat(r.exit()).as(c.name() + ": " + all).isEqualTo(c.exit());
    assertThat(all).as(c.name()).containsIgnoringCase(c.words());
    assertThat(LEAK.matcher(all).find()).as(c.name() + " leaks: " + all).isFalse();
    if (c.exit() == 2) {
      assertThat(r.err().strip().lines().count()).as(c.name() + ": one line: " + r.err())
          .isLessThanOrEqualTo(3);
    }
  }
}
