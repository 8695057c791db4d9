package kz.ekino.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns the JMH JSON files of {@code run.sh} into the Markdown table of docs/performance.md.
 * Each file is one round: a baseline and the path it is compared with ran in the same JVM
 * minutes apart, so every ratio is computed within a round, and the table shows the median
 * ratio over rounds with its range. This keeps the ratios honest on a host whose speed drifts.
 *
 * <p>Run: {@code java -cp ekino-bench/target/benchmarks.jar kz.ekino.bench.Report DIR}.
 */
public final class Report {
  /** A path, the baseline it is measured against, and its target (0 = report only). */
  private record Pair(String label, String subject, String baseline, double target,
      String targetText) {}

  private static final List<Pair> PAIRS = List.of(
      new Pair("issue token, Ed25519", "TokenBenchmark.issue[alg=ED25519]",
          "TokenBenchmark.baselineSign[alg=ED25519]", 0.90, "≥ 0.90"),
      new Pair("verify token, Ed25519", "TokenBenchmark.verify[alg=ED25519]",
          "TokenBenchmark.baselineVerify[alg=ED25519]", 0.90, "≥ 0.90"),
      new Pair("issue token, ES256", "TokenBenchmark.issue[alg=ES256]",
          "TokenBenchmark.baselineSign[alg=ES256]", 0.90, "≥ 0.90"),
      new Pair("verify token, ES256", "TokenBenchmark.verify[alg=ES256]",
          "TokenBenchmark.baselineVerify[alg=ES256]", 0.90, "≥ 0.90"),
      new Pair("issue: ekino over JDK Signature, Ed25519", "TokenBenchmark.issue[alg=ED25519]",
          "TokenBenchmark.issueJdk[alg=ED25519]", 8, "≥ 8× (expected)"),
      new Pair("verify: ekino over JDK Signature, Ed25519", "TokenBenchmark.verify[alg=ED25519]",
          "TokenBenchmark.verifyJdk[alg=ED25519]", 8, "≥ 8× (expected)"),
      new Pair("issue: ekino over JDK Signature, ES256", "TokenBenchmark.issue[alg=ES256]",
          "TokenBenchmark.issueJdk[alg=ES256]", 8, "≥ 8× (expected)"),
      new Pair("verify: ekino over JDK Signature, ES256", "TokenBenchmark.verify[alg=ES256]",
          "TokenBenchmark.verifyJdk[alg=ES256]", 8, "≥ 8× (expected)"),
      new Pair("QR text → matrix", "QrBenchmark.matrix", "QrBenchmark.baselineZxingMatrix", 0,
          "report"),
      new Pair("QR text → PNG", "QrBenchmark.png", "QrBenchmark.baselineZxingPng", 0, "report"),
      new Pair("scan: rendered image", "ScanBenchmark.scan[image=clean]",
          "ScanBenchmark.baselineZxing[image=clean]", 0, "report"),
      new Pair("scan: sharp 1280×720 frame", "ScanBenchmark.scan[image=frame]",
          "ScanBenchmark.baselineZxing[image=frame]", 0, "report"),
      new Pair("scan: tilted, noisy 1280×720 frame", "ScanBenchmark.scan[image=camera]",
          "ScanBenchmark.baselineZxing[image=camera]", 0, "report"),
      new Pair("Merkle append at 10⁶", "MerkleBenchmark.append[nodes=memory]",
          "MerkleBenchmark.baselineLeafSha256[nodes=memory]", 0, "report"),
      new Pair("inclusion proof at 10⁶", "MerkleBenchmark.inclusionProof[nodes=memory]",
          "MerkleBenchmark.baselineLeafSha256[nodes=memory]", 0, "≤ 50 µs"),
      new Pair("consistency proof at 10⁶", "MerkleBenchmark.consistencyProof[nodes=memory]",
          "MerkleBenchmark.baselineLeafSha256[nodes=memory]", 0, "≤ 50 µs"),
      new Pair("Merkle append at 10⁶, nodes in SQLite", "MerkleBenchmark.append[nodes=sqlite]",
          "MerkleBenchmark.baselineLeafSha256[nodes=sqlite]", 0, "report"),
      new Pair("inclusion proof at 10⁶, nodes in SQLite",
          "MerkleBenchmark.inclusionProof[nodes=sqlite]",
          "MerkleBenchmark.baselineLeafSha256[nodes=sqlite]", 0, "report"),
      new Pair("consistency proof at 10⁶, nodes in SQLite",
          "MerkleBenchmark.consistencyProof[nodes=sqlite]",
          "MerkleBenchmark.baselineLeafSha256[nodes=sqlite]", 0, "report"),
      new Pair("Merkle append at 10⁶, nodes in PostgreSQL",
          "MerkleBenchmark.append[nodes=postgresql]",
          "MerkleBenchmark.baselineLeafSha256[nodes=postgresql]", 0, "report"),
      new Pair("inclusion proof at 10⁶, nodes in PostgreSQL",
          "MerkleBenchmark.inclusionProof[nodes=postgresql]",
          "MerkleBenchmark.baselineLeafSha256[nodes=postgresql]", 0, "report"),
      new Pair("consistency proof at 10⁶, nodes in PostgreSQL",
          "MerkleBenchmark.consistencyProof[nodes=postgresql]",
          "MerkleBenchmark.baselineLeafSha256[nodes=postgresql]", 0, "report"),
      new Pair("register, SQLite, 1 thread", "RegistryBenchmark.register1[store=sqlite]",
          "RegistryBenchmark.baselineCrypto1[store=sqlite]", 0, "report"),
      new Pair("register, SQLite, 2 threads", "RegistryBenchmark.register2[store=sqlite]",
          "RegistryBenchmark.baselineCrypto2[store=sqlite]", 0.70, "≥ 0.70"),
      new Pair("register pipelined, SQLite, 1 thread",
          "RegistryBenchmark.registerPipelined1[store=sqlite]",
          "RegistryBenchmark.baselineCrypto1[store=sqlite]", 0, "report"),
      new Pair("register pipelined, SQLite, 2 threads",
          "RegistryBenchmark.registerPipelined2[store=sqlite]",
          "RegistryBenchmark.baselineCrypto2[store=sqlite]", 0.70, "≥ 0.70"),
      new Pair("register, PostgreSQL, 2 threads", "RegistryBenchmark.register2[store=postgresql]",
          "RegistryBenchmark.baselineCrypto2[store=postgresql]", 0, "report"),
      new Pair("register pipelined, PostgreSQL, 2 threads",
          "RegistryBenchmark.registerPipelined2[store=postgresql]",
          "RegistryBenchmark.baselineCrypto2[store=postgresql]", 0, "report"),
      new Pair("register over HTTP, SQLite, 2 threads × 64 in flight",
          "ServerBenchmark.registerHttp", "ServerBenchmark.registerInProcess", 0.60, "≥ 0.60"),
      new Pair("ticket status over HTTP (verify + live status), 2 threads",
          "ServerBenchmark.statusHttp", "ServerBenchmark.statusInProcess", 0, "report"),
      new Pair("verification page over HTTP (HTML, live status), 2 threads",
          "ServerBenchmark.pageHttp", "ServerBenchmark.statusInProcess", 0, "report"));

  private Report() {}

  /** One measurement: JMH's score, error and unit for a benchmark in one round. */
  private record Score(double score, double error, String unit, boolean lowerIsBetter) {}

  /** A sample-mode benchmark's median and 99th percentile in one round. */
  private record Latency(double p50, double p99, String unit) {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    // round file -> benchmark key -> score
    Map<String, Map<String, Score>> rounds = new TreeMap<>();
    Map<String, List<Latency>> latencies = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String round = f.getFileName().toString().replaceAll("^.*-(\\d+)\\.json$", "$1");
        Map<String, Score> scores = rounds.computeIfAbsent(round, r -> new LinkedHashMap<>());
        for (JsonNode b : json.readTree(f.toFile())) {
          String name = b.get("benchmark").asText().replace("kz.ekino.bench.", "");
          StringBuilder key = new StringBuilder(name);
          JsonNode params = b.get("params");
          if (params != null) {
            List<String> p = new ArrayList<>();
            params.fieldNames().forEachRemaining(param -> {
              // Input sizes, fixed by run.sh, would only lengthen the keys.
              if (!param.equals("perIteration") && !param.equals("leaves")) {
                p.add(param + "=" + params.get(param).asText());
              }
            });
            if (!p.isEmpty()) {
              key.append('[').append(String.join(",", p)).append(']');
            }
          }
          JsonNode m = b.get("primaryMetric");
          String mode = b.get("mode").asText();
          if (mode.equals("sample")) {
            latencies.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(new Latency(
                m.path("scorePercentiles").path("50.0").asDouble(),
                m.path("scorePercentiles").path("99.0").asDouble(),
                m.get("scoreUnit").asText()));
          }
          scores.put(key.toString(), new Score(m.get("score").asDouble(),
              m.get("scoreError").asDouble(), m.get("scoreUnit").asText(),
              !mode.equals("thrpt")));
        }
      }
    }
    System.out.println("| path | ekino | baseline | ratio ("
        + (rounds.size() == 1 ? "one round" : "median of " + rounds.size() + " rounds, range")
        + ") | target | met |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (Pair pair : PAIRS) {
      List<Double> ratios = new ArrayList<>();
      List<Score> subjects = new ArrayList<>();
      List<Score> baselines = new ArrayList<>();
      for (Map<String, Score> round : rounds.values()) {
        Score s = round.get(pair.subject());
        Score b = round.get(pair.baseline());
        if (s != null && b != null) {
          subjects.add(s);
          baselines.add(b);
          // Speed relative to the baseline: > 1 means ekino's path is faster.
          ratios.add(s.lowerIsBetter() ? b.score() / s.score() : s.score() / b.score());
        }
      }
      if (ratios.isEmpty()) {
        continue;
      }
      double ratio = median(ratios);
      Score s = medianScore(subjects);
      Score b = medianScore(baselines);
      String met;
      if (pair.targetText().startsWith("≤")) {
        double micros = s.unit().startsWith("us") ? s.score() : Double.NaN;
        met = micros <= 50 ? "yes" : "no";
      } else if (pair.target() > 0) {
        met = ratio >= pair.target() ? "yes" : "no";
      } else {
        met = "";
      }
      String shown = ratios.size() == 1 ? String.format(Locale.ROOT, "%.2f", ratio)
          : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", ratio, min(ratios), max(ratios));
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n",
          pair.label(), format(s), format(b), shown, pair.targetText(), met);
    }
    if (!latencies.isEmpty()) {
      System.out.println();
      System.out.println("| latency (sample mode) | p50 | p99 |");
      System.out.println("| --- | --- | --- |");
      latencies.forEach((name, rounds1) -> {
        List<Double> p50 = rounds1.stream().map(Latency::p50).toList();
        List<Double> p99 = rounds1.stream().map(Latency::p99).toList();
        String unit = rounds1.get(0).unit().replace("/op", "");
        System.out.printf(Locale.ROOT, "| %s | %.2f %s | %.2f %s |%n", name, median(p50), unit,
            median(p99), unit);
      });
    }
  }

  private static String format(Score s) {
    String unit = s.unit().replace("us/op", "µs").replace("ms/op", "ms");
    String number = s.score() >= 100 ? "%,.0f" : "%.2f";
    // JMH gives no error for fewer than three iterations.
    return Double.isNaN(s.error())
        ? String.format(Locale.ROOT, number + " %s", s.score(), unit)
        : String.format(Locale.ROOT, number + " ± " + number + " %s", s.score(), s.error(), unit);
  }

  private static Score medianScore(List<Score> scores) {
    List<Score> sorted = new ArrayList<>(scores);
    sorted.sort((a, b) -> Double.compare(a.score(), b.score()));
    return sorted.get(sorted.size() / 2);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
