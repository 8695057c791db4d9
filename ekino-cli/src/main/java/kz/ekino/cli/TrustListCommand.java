package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "trustlist", mixinStandardHelpOptions = true,
    description = {"Writes a trust list of registry and vendor keys, signed by the root key.",
        "An existing --out file is never overwritten unless --force is given."})
final class TrustListCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;

  @Option(names = "--root", required = true, paramLabel = "ROOT.key.pem",
      description = "Root private key that signs the list.")
  private Path root;

  @Option(names = "--registry", paramLabel = "PUB.pem",
      description = "A registry public key; repeatable.")
  private List<Path> registries = new ArrayList<>();

  @Option(names = "--vendor", paramLabel = "PUB.pem:BIN:CINEMA[,CINEMA...]",
      description = "A vendor public key, the vendor's BIN and the cinemas it sells for; "
          + "repeatable.")
  private List<String> vendors = new ArrayList<>();

  @Option(names = "--expires", paramLabel = "INSTANT",
      description = "When the list expires (default: 30 days from now).")
  private String expires;

  @Option(names = "--valid-from", paramLabel = "INSTANT",
      description = {"When the listed keys start being valid: tokens and sales signed earlier "
          + "are refused with KEY_NOT_VALID (default: now, in whole seconds).",
          "Give the key's real start when its tokens predate the list, e.g. "
          + "--valid-from 2026-11-01T00:00:00Z."})
  private String validFrom;

  @Option(names = "--sequence", paramLabel = "N",
      description = {"The list's sequence number, 1 to 2^53-1: verifiers refuse a list with a "
          + "lower number than the one they hold (default: the issue time in seconds since "
          + "1970-01-01T00:00:00Z, so a list made later gets a higher number).",
          "Give it explicitly when two lists are made within one second or the clock is "
          + "not trusted; never go back to a lower number."})
  private Long sequence;

  @Option(names = "--out", required = true, paramLabel = "trust.json",
      description = "Where to write the signed list.")
  private Path outFile;

  @Option(names = "--force", description = "Replace an existing --out file.")
  private boolean force;

  TrustListCommand(Clock clock, PrintWriter out) {
    this.clock = clock;
    this.out = out;
  }

  @Override
  public Integer call() {
    OutputFile.checkWritable(outFile, force, OutputFile.Content.OTHER);
    SigningKey rootKey = Inputs.signingKey(root);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant keysFrom = validFrom == null ? now : Inputs.instant("--valid-from", validFrom);
    long sequenceNumber = sequence == null ? now.getEpochSecond() : sequence;
    Instant expiresAt = expires == null ? now.plus(Duration.ofDays(30))
        : Inputs.instant("--expires", expires);
    if (!keysFrom.isBefore(expiresAt)) {
      throw new CliException("--valid-from " + keysFrom + " is not before the list's expiry "
          + expiresAt);
    }
    List<TrustedKey> keys = new ArrayList<>();
    for (Path p : registries) {
      keys.add(TrustedKey.registry(Inputs.verificationKey(p), keysFrom, Optional.empty()));
    }
    for (String v : vendors) {
      keys.add(vendor(v, keysFrom));
    }
    byte[] json;
    try {
      json = TrustList.of(sequenceNumber, now, expiresAt, keys).toSignedJson(rootKey);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    OutputFile.write(outFile, json, force, OutputFile.Content.OTHER);
    out.println("wrote " + outFile + ": sequence " + sequenceNumber + ", " + keys.size()
        + " keys valid from " + keysFrom + ", expires " + expiresAt);
    return Main.OK;
  }

  /** {@code PUB.pem:BIN:CINEMA,CINEMA}, split from the right so the path may hold colons. */
  private static TrustedKey vendor(String spec, Instant validFrom) {
    int cinemasAt = spec.lastIndexOf(':');
    int binAt = cinemasAt < 0 ? -1 : spec.lastIndexOf(':', cinemasAt - 1);
    if (binAt <= 0) {
      throw new CliException("--vendor: expected PUB.pem:BIN:CINEMA[,CINEMA...], got '"
          + spec + "'");
    }
    try {
      Bin vendorBin = Bin.of(spec.substring(binAt + 1, cinemasAt));
      Set<Bin> cinemas = new LinkedHashSet<>();
      for (String c : spec.substring(cinemasAt + 1).split(",", -1)) {
        cinemas.add(Bin.of(c));
      }
      return TrustedKey.vendor(Inputs.verificationKey(Path.of(spec.substring(0, binAt))),
          vendorBin, cinemas, validFrom, Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new CliException("--vendor " + spec + ": " + e.getMessage());
    }
  }
}
