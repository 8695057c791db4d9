package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import kz.ekino.core.json.v1.SaleJson;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.VerificationResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ekino verify}'s verdicts for people and scripts: text, JSON and exit codes. */
class VerifyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  /** The README example's verification instant. */
  private static final String AT = "2026-11-28T12:00:00Z";
  /** A Java class or package name, an exception's name or a stack frame. */
  private static final Pattern JAVA_NAMES = Pattern.compile(
      "\\b(java|javax|kz|com|org)\\.[a-z]+|[A-Za-z]*(Exception|Error)\\b|\\tat |"
          + "\\b[A-Z][a-z]+[A-Z][A-Za-z]+\\b");

  @TempDir
  Path dir;

  private String registryPub;
  private String vendorKey;
  private String vendorPub;
  private String readmeQr;

  record Run(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  private static Run ekino(boolean terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(Clock.fixed(NOW, ZoneOffset.UTC), new PrintWriter(out, true),
        new PrintWriter(err, true), terminal).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run ekino(String... args) {
    return ekino(false, args);
  }

  /** The README example: a registry key, then a REGISTERED token for docs/examples/sale.json. */
  @BeforeEach
  void readmeExample() {
    String registry = dir.resolve("registry").toString();
    String vendor = dir.resolve("vendor").toString();
    ekino("keygen", "--alg", "ed25519", "--out", registry);
    ekino("keygen", "--alg", "ed25519", "--out", vendor);
    registryPub = registry + ".pub.pem";
    vendorKey = vendor + ".key.pem";
    vendorPub = vendor + ".pub.pem";
    Run token = ekino("token", "--key", registry + ".key.pem", "--sale",
        Path.of("..", "docs", "examples", "sale.json").toString(), "--serial", "1", "--at",
        "2026-11-25T10:12:10Z");
    assertThat(token.exit()).as(token.err()).isZero();
    readmeQr = token.out().strip();
  }

  @Test
  void theReadmeTokenShowsAlmatyTimeAndTengeAsJson() throws Exception {
    Run run = ekino("verify", "--key", registryPub, "--at", AT, readmeQr);

    assertThat(run.exit()).isEqualTo(Main.OK);
    JsonNode v = run.json();
    assertThat(v.get("verdict").asText()).isEqualTo("VALID");
    assertThat(v.at("/ticket/screeningStart").asText()).as("stable field, UTC")
        .isEqualTo("2026-11-28T14:30:00Z");
    assertThat(v.at("/ticket/priceTiyn").asLong()).as("stable field").isEqualTo(250_000);
    assertThat(v.at("/display/screeningLocal").asText()).isEqualTo("2026-11-28T19:30:00+05:00");
    assertThat(v.at("/display/timeZone").asText()).isEqualTo("Asia/Almaty");
    assertThat(v.at("/display/priceTenge").asText()).isEqualTo("2500.00");
    assertThat(v.at("/display/film/certificate").asText()).isEqualTo("KZ-2026-0417");
    assertThat(v.at("/display/film/title").isNull()).isTrue();
  }

  @Test
  void theReadmeTokenAsTextForACashierInEachLanguage() {
    Run en = ekino("verify", "--key", registryPub, "--at", AT, "--format", "text", readmeQr);
    assertThat(en.exit()).isEqualTo(Main.OK);
    assertThat(en.out()).isEqualTo("""
        VALID: the sale is registered in the state system
        Cinema BIN:      050140001238
        Hall:            3
        Seat:            row 7, seat 12
        Screening:       2026-11-28 19:30 local time (UTC+05:00)
        Film:            rental certificate KZ-2026-0417; the title is on the verification page
        Price:           2,500.00 tenge
        Ticket ID:       KP-26-004217
        Registry serial: 1
        """);

    Run ru = ekino("verify", "--key", registryPub, "--at", AT, "--format", "text", "--lang",
        "ru", readmeQr);
    assertThat(ru.exit()).isEqualTo(Main.OK);
    assertThat(ru.out()).startsWith("ДЕЙСТВИТЕЛЕН: продажа зарегистрирована")
        .contains("БИН кинотеатра:  050140001238", "ряд 7, место 12",
            "28.11.2026 19:30 по местному времени (UTC+05:00)", "2 500,00 ₸",
            "Номер в реестре: 1");

    Run kk = ekino("verify", "--key", registryPub, "--at", AT, "--format", "text", "--lang",
        "kk", readmeQr);
    assertThat(kk.exit()).isEqualTo(Main.OK);
    assertThat(kk.out()).startsWith("ЖАРАМДЫ: сатылым мемлекеттік жүйеде тіркелген")
        .contains("Кинотеатрдың БСН:   050140001238", "7-қатар, 12-орын",
            "28.11.2026 19:30 жергілікті уақыт бойынша (UTC+05:00)", "2 500,00 ₸",
            "прокаттық куәлік KZ-2026-0417");
    for (Run r : List.of(en, ru, kk)) {
      assertThat(r.out()).doesNotContainPattern(JAVA_NAMES).doesNotContain("14:30");
    }
  }

  @Test
  void textIsTheDefaultOnATerminalAndJsonOtherwise() throws Exception {
    Run terminal = ekino(true, "verify", "--key", registryPub, "--at", AT, readmeQr);
    assertThat(terminal.out()).startsWith("VALID: the sale is registered");

    assertThat(ekino(false, "verify", "--key", registryPub, "--at", AT, readmeQr).json()
        .get("verdict").asText()).isEqualTo("VALID");
    assertThat(ekino(true, "verify", "--key", registryPub, "--at", AT, "--format", "json",
        readmeQr).json().get("verdict").asText()).isEqualTo("VALID");
    assertThat(ekino("verify", "--key", registryPub, "--format", "xml", readmeQr).exit())
        .isEqualTo(Main.USAGE);
    assertThat(ekino("verify", "--key", registryPub, "--lang", "de", readmeQr).exit())
        .isEqualTo(Main.USAGE);
  }

  @Test
  void pendingRegistrationSpecimenForgeryAndValidEachHaveTheirExitCode() throws Exception {
    Run valid = ekino("verify", "--key", registryPub, "--at", AT, readmeQr);
    String provisional = ekino("token", "--key", vendorKey, "--sale", sale().toString(),
        "--kind", "provisional").out().strip();
    Run pending = ekino("verify", "--key", vendorPub, provisional);
    Path specimenSale = dir.resolve("specimen.json");
    Files.writeString(specimenSale, SaleJson.write(Samples.specimenSale()));
    Run specimen = ekino("verify", "--key", vendorPub, ekino("token", "--key", vendorKey,
        "--sale", specimenSale.toString()).out().strip());
    // The same provisional ticket signed by someone else's key: a forgery.
    String impostor = dir.resolve("impostor").toString();
    ekino("keygen", "--out", impostor);
    Run forged = ekino("verify", "--key", vendorPub, ekino("token", "--key",
        impostor + ".key.pem", "--sale", sale().toString(), "--kind", "provisional")
        .out().strip());
    // And the registered one with a character of its signature changed.
    int i = readmeQr.length() - 10;
    Run altered = ekino("verify", "--key", registryPub, "--at", AT,
        readmeQr.substring(0, i) + (readmeQr.charAt(i) == 'A' ? 'B' : 'A')
            + readmeQr.substring(i + 1));

    assertThat(valid.exit()).isEqualTo(0);
    assertThat(pending.json().get("verdict").asText()).isEqualTo("PROVISIONAL");
    assertThat(pending.exit()).isEqualTo(10);
    assertThat(specimen.json().get("verdict").asText()).isEqualTo("SPECIMEN");
    assertThat(specimen.exit()).isEqualTo(11);
    assertThat(forged.json().get("verdict").asText()).isEqualTo("UNKNOWN_KEY");
    assertThat(forged.exit()).isEqualTo(1);
    assertThat(altered.json().get("verdict").asText()).isEqualTo("BAD_SIGNATURE");
    assertThat(altered.exit()).isEqualTo(1);
    assertThat(List.of(Main.OK, Main.REGISTRATION_PENDING, Main.SPECIMEN, Main.NOT_VALID,
        Main.USAGE, Main.INTERNAL)).doesNotHaveDuplicates();
  }

  @Test
  void pendingSpecimenAndRejectedReadAsWordsNotCodes() throws Exception {
    String provisional = ekino("token", "--key", vendorKey, "--sale", sale().toString(),
        "--kind", "provisional").out().strip();
    Run pending = ekino("verify", "--key", vendorPub, "--format", "text", provisional);
    assertThat(pending.exit()).isEqualTo(Main.REGISTRATION_PENDING);
    assertThat(pending.out()).startsWith("REGISTRATION PENDING: signed by the seller")
        .contains("not a forgery", "Registry serial: none yet: not registered");
    assertThat(ekino("verify", "--key", vendorPub, "--format", "text", "--lang", "ru",
        provisional).out()).startsWith("РЕГИСТРАЦИЯ ОЖИДАЕТСЯ").contains("это не подделка");
    assertThat(ekino("verify", "--key", vendorPub, "--format", "text", "--lang", "kk",
        provisional).out()).startsWith("ТІРКЕУ КҮТІЛУДЕ").contains("жалған билет емес");

    Path specimenSale = dir.resolve("specimen.json");
    Files.writeString(specimenSale, SaleJson.write(Samples.specimenSale()));
    String specimen = ekino("token", "--key", vendorKey, "--sale", specimenSale.toString())
        .out().strip();
    assertThat(ekino("verify", "--key", vendorPub, "--format", "text", specimen).out())
        .startsWith("TRAINING TICKET: a specimen, not a sale").contains("0.00 tenge");

    Run forged = ekino("verify", "--key", registryPub, "--format", "text", provisional);
    assertThat(forged.exit()).isEqualTo(Main.NOT_VALID);
    assertThat(forged.out()).isEqualTo(
        "REJECTED: signed with a key that is not trusted (UNKNOWN_KEY)\n");
    Run garbage = ekino("verify", "--key", registryPub, "--format", "text", "--lang", "kk",
        "HTTPS://QR.EKINO.KZ/T/AAAA");
    assertThat(garbage.exit()).isEqualTo(Main.NOT_VALID);
    assertThat(garbage.out()).isEqualTo(
        "ҚАБЫЛДАНБАДЫ: бұл билет коды емес немесе код бүлінген (MALFORMED)\n");

    Path blank = dir.resolve("blank.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(200, 100,
        java.awt.image.BufferedImage.TYPE_INT_RGB), "png", blank.toFile());
    Run none = ekino("verify", "--key", registryPub, "--format", "text", "--lang", "ru",
        "--image", blank.toString());
    assertThat(none.exit()).isEqualTo(Main.NOT_VALID);
    assertThat(none.out()).isEqualTo("ОТКЛОНЁН: на изображении не найден QR-код (NO_QR_FOUND)\n");
  }

  /** Every rejection reason has words in every language, and none names a Java type. */
  @Test
  void everyLanguageHasEveryTextAndNoJavaNames() throws Exception {
    for (VerdictText.Lang lang : VerdictText.Lang.values()) {
      java.util.Properties bundle = new java.util.Properties();
      try (var in = new java.io.InputStreamReader(VerdictText.class.getResourceAsStream(
          "messages_" + lang.code() + ".properties"), java.nio.charset.StandardCharsets.UTF_8)) {
        bundle.load(in);
      }
      assertThat(bundle.stringPropertyNames()).as(lang.toString())
          .containsExactlyInAnyOrderElementsOf(VerdictText.keys());
      VerdictText text = VerdictText.of(lang);
      List<String> lines = new ArrayList<>();
      for (RejectionReason reason : RejectionReason.values()) {
        lines.add(text.render(new VerificationResult.Rejected(reason,
            "java.lang.IllegalStateException: a detail for logs")));
      }
      lines.add(text.noQrFound("NO_QR_FOUND"));
      for (String line : lines) {
        assertThat(line).as(lang.toString()).doesNotContain("detail for logs")
            .doesNotContainPattern(JAVA_NAMES).endsWith(")\n");
        assertThat(line.lines().count()).isEqualTo(1);
      }
      if (lang != VerdictText.Lang.EN) {
        assertThat(String.join("", lines)).as("written in Cyrillic")
            .containsPattern("\\p{IsCyrillic}{5,}");
      }
    }
  }

  @Test
  void helpListsTheExitCodes() {
    Run help = ekino("verify", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Exit codes:", "--format", "--lang")
        .containsPattern("(?m)^\\s*10\\s+PROVISIONAL: registration pending")
        .containsPattern("(?m)^\\s*11\\s+SPECIMEN")
        .containsPattern("(?m)^\\s*1\\s+rejected")
        .containsPattern("(?m)^\\s*3\\s+internal error");
  }

  private Path sale() throws IOException {
    Path p = dir.resolve("sale.json");
    if (!Files.exists(p)) {
      Files.copy(Path.of("..", "docs", "examples", "sale.json"), p);
    }
    return p;
  }
}
