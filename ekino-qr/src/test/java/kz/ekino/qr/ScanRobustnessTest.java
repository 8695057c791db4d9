package kz.ekino.qr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import kz.ekino.core.testing.Vectors;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.qr.testing.CameraSim;
import kz.ekino.qr.testing.CameraSim.Shot;
import org.junit.jupiter.api.Test;

/**
 * A seeded corpus of camera-like images made from the spec's accepted vectors, degraded within
 * what a person with a phone could still scan. Asserts the success rate and that no image ever
 * yields an accepted ticket with other content; prints the rates per degradation.
 */
class ScanRobustnessTest {
  private static final int PER_CATEGORY = Integer.getInteger("ekino.scan.perCategory", 30);
  private static final List<String> SOURCES =
      List.of("valid-ed25519", "valid-es256", "provisional", "specimen");

  /** A degradation: a shot made from a seeded random source. */
  private static final Map<String, BiFunction<Random, Integer, Shot>> CATEGORIES =
      new LinkedHashMap<>();

  static {
    CATEGORIES.put("clean", (r, i) -> shot(r, uniform(r, 3, 6), 0, 0, 0, 0, 0, 255, 0, false, 0));
    CATEGORIES.put("rotation (any angle)", (r, i) ->
        shot(r, uniform(r, 3, 5), r.nextDouble() * 360, 0, 0, 0, 0, 255, 0, false, 0));
    CATEGORIES.put("perspective tilt 15-30°", (r, i) ->
        shot(r, uniform(r, 4, 6), r.nextDouble() * 360, uniform(r, 15, 30), 0, 0, 0, 255, 0,
            false, 0));
    CATEGORIES.put("blur (sigma up to 0.3 module)", (r, i) -> {
      double m = uniform(r, 4, 6);
      return shot(r, m, r.nextDouble() * 360, 0, uniform(r, 0.5, 0.3 * m), 0, 0, 255, 0,
          false, 0);
    });
    CATEGORIES.put("sensor noise (sigma 8-25)", (r, i) ->
        shot(r, uniform(r, 3, 5), r.nextDouble() * 360, 0, 0.6, uniform(r, 8, 25), 0, 255, 0,
            false, 0));
    CATEGORIES.put("low contrast (50-80 levels)", (r, i) -> {
      int black = 70 + r.nextInt(50);
      return shot(r, uniform(r, 3, 5), r.nextDouble() * 360, 0, 0.6, 3, black,
          black + 50 + r.nextInt(31), 0, false, 0);
    });
    CATEGORIES.put("uneven light (down to 40%)", (r, i) ->
        shot(r, uniform(r, 3, 5), r.nextDouble() * 360, 0, 0.6, 4, 10, 245, uniform(r, 0.3, 0.6),
            false, 0));
    CATEGORIES.put("JPEG quality 20-60", (r, i) ->
        shot(r, uniform(r, 3, 5), r.nextDouble() * 360, 0, 0.5, 3, 15, 240, 0, false,
            20 + r.nextInt(41)));
    CATEGORIES.put("inverted phone screen", (r, i) ->
        shot(r, uniform(r, 3, 5), uniform(r, -20, 20), uniform(r, 0, 20), 0.6, 4, 10, 240, 0,
            true, 0));
    CATEGORIES.put("small code (2-3 px/module)", (r, i) ->
        shot(r, uniform(r, 2, 3), uniform(r, -10, 10), 0, 0, 2, 0, 255, 0, false, 0));
    CATEGORIES.put("phone in a dark hall (all at once)", (r, i) -> {
      double m = uniform(r, 3.5, 6);
      int black = 20 + r.nextInt(40);
      return shot(r, m, r.nextDouble() * 360, uniform(r, 0, 25), uniform(r, 0.4, 0.2 * m),
          uniform(r, 6, 14), black, black + 90 + r.nextInt(80), uniform(r, 0, 0.4), false,
          50 + r.nextInt(36));
    });
  }

  @Test
  void degradedImagesScanAndNothingWrongIsEverAccepted() {
    Map<String, int[]> rates = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    int wrongAccepts = 0;
    int total = 0;
    int ok = 0;
    long started = System.nanoTime();
    for (Map.Entry<String, BiFunction<Random, Integer, Shot>> c : CATEGORIES.entrySet()) {
      Random random = new Random(c.getKey().hashCode());
      int[] rate = new int[2];
      for (int i = 0; i < PER_CATEGORY; i++) {
        JsonNode v = Vectors.byId(SOURCES.get(i % SOURCES.size()));
        Shot shot = c.getValue().apply(random, i);
        BufferedImage image = CameraSim.photograph(QrSymbol.encode(v.get("qr").asText()), shot,
            random.nextLong());
        ScanResult result = TicketScanner.scan(image, Vectors.policy(v));
        total++;
        rate[1]++;
        if (result.verdict().equals(v.get("expect").asText())) {
          ok++;
          rate[0]++;
        } else {
          failures.add(c.getKey() + " #" + i + " " + shot + " -> " + result.verdict());
        }
        if (result instanceof ScanResult.Read read && read.verification().ticket().isPresent()
            && !read.text().equals(v.get("qr").asText())) {
          wrongAccepts++;
        }
      }
      rates.put(c.getKey(), rate);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;

    StringBuilder report = new StringBuilder("\nDegraded-image scan rates (seeded corpus):\n");
    rates.forEach((name, r) -> report.append(String.format(Locale.ROOT, "  %-36s %3d/%3d  %6.1f%%%n",
        name, r[0], r[1], 100.0 * r[0] / r[1])));
    report.append(String.format(Locale.ROOT, "  %-36s %3d/%3d  %6.1f%%%n", "all", ok, total,
        100.0 * ok / total));
    report.append("  wrong-content accepts: ").append(wrongAccepts).append('\n');
    report.append("  corpus generation and scanning took ").append(millis).append(" ms\n");
    failures.forEach(f -> report.append("  failed: ").append(f).append('\n'));
    System.out.println(report);

    assertThat(wrongAccepts).isZero();
    assertThat(100.0 * ok / total).as(report.toString()).isGreaterThanOrEqualTo(99.0);
  }

  @Test
  void anotherQrCodeInTheFrameDoesNotHideTheTicket() {
    JsonNode v = Vectors.byId("valid-ed25519");
    QrSymbol foreign = QrSymbol.encode("HTTPS://EXAMPLE.COM/MENU/DRINKS");
    QrSymbol garbage = QrSymbol.encode("WIFI PASSWORD 12345678");
    VerificationPolicy policy = Vectors.policy(v);
    Random random = new Random(42);
    for (int i = 0; i < 8; i++) {
      Shot shot = new Shot(1280, 720, uniform(random, 2.6, 3.5), uniform(random, -15, 15), 0, 0,
          0.5, 3, 0, 255, 0, false, 0, -0.22, 0);
      BufferedImage image = CameraSim.photograph(QrSymbol.encode(v.get("qr").asText()), shot,
          i, i % 2 == 0 ? foreign : garbage);
      ScanResult result = TicketScanner.scan(image, policy);
      assertThat(result.verdict()).as("shot %d", i).isEqualTo("VALID");
    }
  }

  @Test
  void aForeignOrGarbageCodeAloneIsReportedAsSuch() {
    VerificationPolicy policy = Vectors.policy(Vectors.byId("valid-ed25519"));
    BufferedImage foreign = CameraSim.photograph(
        QrSymbol.encode("HTTPS://EXAMPLE.COM/T/AAAA"), Shot.clean(4), 1);
    BufferedImage garbage = CameraSim.photograph(QrSymbol.encode("HELLO WORLD"), Shot.clean(4), 2);

    assertThat(TicketScanner.scan(foreign, policy).verdict()).isEqualTo("FOREIGN_URL");
    assertThat(TicketScanner.scan(garbage, policy).verdict()).isEqualTo("MALFORMED");
  }

  private static Shot shot(Random r, double modulePx, double rotation, double tilt, double blur,
      double noise, int black, int white, double falloff, boolean inverted, int jpeg) {
    return new Shot(800, 600, modulePx, rotation, tilt, r.nextDouble() * 180, blur, noise, black,
        white, falloff, inverted, jpeg, uniform(r, -0.08, 0.08), uniform(r, -0.08, 0.08));
  }

  private static double uniform(Random r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }
}
