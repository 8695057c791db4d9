package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.testing.Vectors;
import kz.ekino.core.trust.TrustList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command that writes a file: no overwrite without --force, no writing through links. */
class OutputFilesTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final JsonNode VECTOR = Vectors.byId("valid-ed25519");
  private static final String QR = VECTOR.get("qr").asText();
  private static final byte[] PRECIOUS = TestKeys.pem(TestKeys.VENDOR_ED25519, "key")
      .getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  private static Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(Clock.fixed(NOW, ZoneOffset.UTC), new PrintWriter(out, true),
        new PrintWriter(err, true)).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** The refusal is one usage-error line that names the file and the flag. */
  private static void assertRefused(Run run, Path file, String... says) {
    assertThat(run.exit()).as(run.err()).isEqualTo(Main.USAGE);
    assertThat(run.err()).startsWith("ekino: ").contains(file.toString()).contains(says)
        .doesNotContain("Exception");
    assertThat(run.err().strip().lines().count()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
  }

  private List<String> trustlistArgs(Path out) throws IOException {
    Path root = Files.writeString(dir.resolve("root.key.pem"),
        TestKeys.pem(TestKeys.ROOT_ED25519, "key"));
    Path registry = Files.writeString(dir.resolve("registry.pub.pem"),
        TestKeys.pem(TestKeys.REGISTRY_ED25519, "pub"));
    return List.of("trustlist", "--root", root.toString(), "--registry", registry.toString(),
        "--out", out.toString());
  }

  private static String[] with(List<String> args, String... more) {
    return Stream.concat(args.stream(), Stream.of(more)).toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ticket.png", "ticket.svg"})
  void qrRefusesAnExistingFileAndReplacesItOnlyWithForce(String name) throws Exception {
    Path out = Files.write(dir.resolve(name), PRECIOUS);

    assertRefused(ekino("qr", "--out", out.toString(), QR), out, "already exists", "--force");
    assertThat(Files.readAllBytes(out)).as("left untouched").isEqualTo(PRECIOUS);

    Files.writeString(out, "an old picture");
    Run forced = ekino("qr", "--out", out.toString(), "--force", QR);
    assertThat(forced.exit()).as(forced.err()).isZero();
    if (name.endsWith(".png")) {
      Run verify = ekino("verify", "--key", Files.writeString(dir.resolve("r.pub.pem"),
          VECTOR.get("publicKeyPem").asText()).toString(), "--at", VECTOR.get("at").asText(),
          "--image", out.toString());
      assertThat(verify.out()).contains("\"verdict\" : \"VALID\"");
    } else {
      // The SVG's rendering is checked in ekino-qr (QrSymbolTest, with JSVG and rsvg-convert).
      assertThat(Files.readString(out)).startsWith("<?xml").contains("<path");
    }
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void trustlistRefusesAnExistingFileAndReplacesItOnlyWithForce() throws Exception {
    Path out = Files.writeString(dir.resolve("trust.json"), "{\"an\": \"older list\"}");
    List<String> args = trustlistArgs(out);

    assertRefused(ekino(args.toArray(String[]::new)), out, "already exists", "--force");
    assertThat(Files.readString(out)).isEqualTo("{\"an\": \"older list\"}");

    Run forced = ekino(with(args, "--force"));
    assertThat(forced.exit()).as(forced.err()).isZero();
    TrustList list = TrustList.parseSigned(Files.readAllBytes(out),
        TestKeys.verification(TestKeys.ROOT_ED25519));
    assertThat(list.toString()).isNotBlank();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void keygenRefusesEitherExistingFileAndWritesNeither() throws Exception {
    Path pub = Files.writeString(dir.resolve("k.pub.pem"), "old public key");
    Run run = ekino("keygen", "--out", dir.resolve("k").toString());

    assertRefused(run, pub, "already exists", "--force");
    assertThat(Files.exists(dir.resolve("k.key.pem"))).as("no half-made pair").isFalse();
    assertThat(Files.readString(pub)).isEqualTo("old public key");
  }

  @Test
  void keygenForceReplacesAKeyWithAnOwnerOnlyFile() throws Exception {
    Path key = Files.write(dir.resolve("k.key.pem"), PRECIOUS);
    Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    Run run = ekino("keygen", "--out", dir.resolve("k").toString(), "--force");
    assertThat(run.exit()).as(run.err()).isZero();
    SigningKey written = SigningKey.fromPkcs8Pem(Files.readString(key));
    assertThat(written.keyId().toHex()).isEqualTo(run.out().strip());
    assertThat(Files.getPosixFilePermissions(key))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(leftovers()).isEmpty();
  }

  /** A link planted at --out must not turn into an overwritten key, with or without --force. */
  @Test
  void noCommandWritesThroughASymbolicLink() throws Exception {
    Path victim = Files.write(dir.resolve("registry.key.pem"), PRECIOUS);
    Path png = Files.createSymbolicLink(dir.resolve("ticket.png"), victim);
    Path json = Files.createSymbolicLink(dir.resolve("trust.json"), victim);
    Path keyLink = Files.createSymbolicLink(dir.resolve("new.key.pem"), victim);

    for (boolean force : new boolean[] {false, true}) {
      String[] flag = force ? new String[] {"--force"} : new String[0];
      assertRefused(ekino(with(List.of("qr", "--out", png.toString(), QR), flag)), png,
          "symbolic link");
      assertRefused(ekino(with(trustlistArgs(json), flag)), json, "symbolic link");
      assertRefused(ekino(with(List.of("keygen", "--out", dir.resolve("new").toString()), flag)),
          keyLink, "symbolic link");
    }
    assertThat(Files.readAllBytes(victim)).isEqualTo(PRECIOUS);
    assertThat(Files.isSymbolicLink(png)).isTrue();
    assertThat(Files.exists(dir.resolve("new.pub.pem"))).isFalse();
  }

  @Test
  void aDanglingLinkIsNotFollowedToCreateItsTarget() throws Exception {
    Path target = dir.resolve("elsewhere.png");
    Path link = Files.createSymbolicLink(dir.resolve("ticket.png"), target);

    assertRefused(ekino("qr", "--out", link.toString(), QR), link, "symbolic link");
    assertThat(Files.exists(target)).isFalse();
  }

  @Test
  void forceNeverReplacesAPrivateKeyWithAnImageOrATrustList() throws Exception {
    Path keyAsPng = Files.write(dir.resolve("backup.png"), PRECIOUS);
    Path keyAsJson = Files.write(dir.resolve("trust.json"), PRECIOUS);

    assertRefused(ekino("qr", "--out", keyAsPng.toString(), "--force", QR), keyAsPng,
        "holds a private key");
    assertRefused(ekino(with(trustlistArgs(keyAsJson), "--force")), keyAsJson,
        "holds a private key");
    assertThat(Files.readAllBytes(keyAsPng)).isEqualTo(PRECIOUS);
    assertThat(Files.readAllBytes(keyAsJson)).isEqualTo(PRECIOUS);
  }

  @Test
  void qrRefusesAKeyFileByItsNameBeforeAnythingElse() throws Exception {
    Path key = Files.write(dir.resolve("registry.key.pem"), PRECIOUS);

    for (boolean force : new boolean[] {false, true}) {
      String[] flag = force ? new String[] {"--force"} : new String[0];
      assertRefused(ekino(with(List.of("qr", "--out", key.toString(), QR), flag)), key,
          "qr writes .png or .svg images, not .pem");
    }
    assertThat(Files.readAllBytes(key)).isEqualTo(PRECIOUS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ticket.jpg", "ticket.JPEG"})
  void qrRefusesJpegAndSaysWhatItWrites(String name) {
    Path out = dir.resolve(name);
    Run run = ekino("qr", "--out", out.toString(), QR);

    assertRefused(run, out, ".png or .svg", "JPEG blurs module edges");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void formatAndExtensionMustAgreeAndANameWithoutOneTakesTheFormat() throws Exception {
    Path png = dir.resolve("ticket.png");
    assertRefused(ekino("qr", "--format", "svg", "--out", png.toString(), QR), png,
        "--format svg does not match");
    assertThat(Files.exists(png)).isFalse();

    Path bare = dir.resolve("ticket");
    assertThat(ekino("qr", "--format", "svg", "--out", bare.toString(), QR).exit()).isZero();
    assertThat(Files.readString(bare)).startsWith("<?xml");
  }

  @Test
  void aDirectoryIsNotAFileToReplace() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("out.png"));
    assertRefused(ekino("qr", "--out", sub.toString(), "--force", QR), sub,
        "is not a regular file");
    assertThat(Files.isDirectory(sub)).isTrue();
  }

  /** Temporary files of an atomic replacement, which must never be left behind. */
  private List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
