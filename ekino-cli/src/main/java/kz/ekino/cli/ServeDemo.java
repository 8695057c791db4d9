package kz.ekino.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Properties;
import kz.ekino.qr.QrSymbol;

/**
 * The data directory of {@code ekino serve --demo}: seeded once with {@link DemoFortnight}, then
 * served as it is. A log is append-only in time order, so two weeks cannot be played into a
 * registry that has moved on: a directory holding a registry this command did not seed is
 * refused, and the demo has its own default directory ({@value #DEFAULT}) beside
 * {@code ekino demo}'s.
 */
final class ServeDemo {
  static final String DEFAULT = "ekino-demo";
  /** Written when the seeding is complete: what was seeded, and the sample ticket. */
  static final String MARKER = "serve-demo.properties";
  static final String SAMPLE_PNG = "qr/sample-ticket.png";

  /** The directory to serve, and its demo: seeded now (with the figures) or before. */
  record Prepared(DataDir dir, String sampleQr, Path samplePng, String seededAt,
      DemoFortnight.Result seededNow) {}

  private ServeDemo() {}

  /**
   * Seeds {@code data} when it is new (no keys, no database), or opens the demo seeded there
   * before. {@code jdbcUrl}, when not null, holds the registry instead of the directory's SQLite
   * file; the keys, trust list and marker stay in the directory.
   */
  static Prepared prepare(Path data, String jdbcUrl, Clock clock) {
    Path marker = data.resolve(MARKER);
    if (Files.exists(marker)) {
      Properties p = read(marker);
      DataDir dir = database(DataDir.open(data, false, clock), jdbcUrl);
      Path png = data.resolve(SAMPLE_PNG);
      String qr = p.getProperty("sample.qr", "");
      if (!Files.exists(png) && !qr.isEmpty()) {
        writePng(png, qr);
      }
      return new Prepared(dir, qr, png, p.getProperty("seeded.at", "?"), null);
    }
    refuseForeign(data);
    Instant now = clock.instant();
    DataDir dir = database(DataDir.open(data, true, clock,
        DemoCountry.authorisations(DemoFortnight.DAYS)), jdbcUrl);
    DemoFortnight.Result result = seed(dir, now);
    Path png = data.resolve(SAMPLE_PNG);
    writePng(png, result.sampleQr());
    Properties p = new Properties();
    p.setProperty("seeded.at", now.toString());
    p.setProperty("sample.qr", result.sampleQr());
    p.setProperty("cinemas", Integer.toString(DemoCountry.VENUES.size()));
    p.setProperty("sales", Long.toString(result.sales()));
    write(marker, p);
    return new Prepared(dir, result.sampleQr(), png, now.toString(), result);
  }

  /**
   * A directory with keys, a trust list or a database but no marker holds a registry of
   * {@code ekino demo} or {@code ekino serve}, or a seeding that was cut short.
   */
  private static void refuseForeign(Path data) {
    for (String file : new String[] {"registry.db", "trust.json", "keys/registry.key.pem"}) {
      if (Files.exists(data.resolve(file))) {
        throw new CliException(data + " holds a registry that 'ekino serve --demo' did not "
            + "seed (" + data.resolve(file) + "), or a seeding that was cut short. The demo "
            + "plays two weeks back in time, which a log that has moved on cannot take: give "
            + "another directory (--data DIR), or delete this one to seed it again; 'ekino "
            + "serve --data " + data + "' serves it as it is");
      }
    }
  }

  private static DataDir database(DataDir dir, String jdbcUrl) {
    return jdbcUrl == null ? dir : dir.withDatabase(jdbcUrl);
  }

  /**
   * Plays the fortnight with the database (SQLite) and the checkpoint file in a scratch
   * directory on a memory file system when there is one, then moves them into place. The
   * registry makes every commit durable (an fsync of the database and two of the checkpoint
   * file), and the seeding's thousands of commits took two minutes on a disk; a seeding cut
   * short is started again from nothing anyway, so its commits need not survive a power cut.
   * Under --jdbc only the checkpoint file is in the scratch directory.
   */
  private static DemoFortnight.Result seed(DataDir dir, Instant now) {
    Path scratch;
    try {
      Path shm = Path.of("/dev/shm");
      // A container's /dev/shm may be small (64 MiB); the seeded database is about 20 MiB.
      scratch = Files.isDirectory(shm) && Files.isWritable(shm)
          && Files.getFileStore(shm).getUsableSpace() > 256L << 20
          ? Files.createTempDirectory(shm, "ekino-seed-")
          : Files.createTempDirectory(dir.dir, ".seed-");
    } catch (IOException e) {
      throw new CliException("cannot make a scratch directory for the seeding: "
          + e.getMessage());
    }
    // A seeding stopped by SIGTERM or Ctrl-C leaves no scratch files behind either.
    Thread cleanUp = new Thread(() -> deleteTree(scratch), "ekino-seed-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanUp);
    try {
      String url = dir.jdbcUrl();
      Path target = dir.dir.resolve("registry.db");
      boolean sqlite = url.equals("jdbc:sqlite:" + target);
      Path db = scratch.resolve("registry.db");
      DataDir seeding = dir.withDatabase(sqlite ? "jdbc:sqlite:" + db : url,
          scratch.resolve("registry.checkpoint"));
      DemoFortnight.Result result = DemoFortnight.play(seeding, now);
      if (sqlite) {
        // Closed: the write-ahead log is merged into the file and removed.
        move(db, target);
      }
      move(seeding.checkpointFile(), dir.checkpointFile());
      return result;
    } finally {
      deleteTree(scratch);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanUp);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is running or has run
      }
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (IOException e) {
      throw new CliException("cannot move the seeded " + from + " to " + to + ": "
          + e.getMessage());
    }
  }

  private static void deleteTree(Path scratch) {
    try (java.util.stream.Stream<Path> files = Files.walk(scratch)) {
      for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // a scratch file left behind in /dev/shm or the directory is harmless
    }
  }

  private static void writePng(Path png, String qr) {
    try {
      Files.createDirectories(png.getParent());
      try (OutputStream o = Files.newOutputStream(png, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        o.write(QrSymbol.encode(qr).toPng(4));
      }
    } catch (IOException e) {
      throw new CliException("cannot write " + png + ": " + e.getMessage());
    }
  }

  private static Properties read(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
    return p;
  }

  private static void write(Path file, Properties p) {
    try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      p.store(o, "ekino serve --demo: seeded; this directory is served as it is from now on");
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage());
    }
  }

  /**
   * The QR text (an official URL such as {@code HTTPS://QR.EKINO.KZ/T/<base32>}) as a URL of
   * this server: the part from {@code /T/} on, after {@code base}.
   */
  static String localUrl(String qrText, String base) {
    int t = qrText.indexOf("/T/");
    if (t < 0) {
      throw new IllegalArgumentException("not a ticket URL: " + qrText);
    }
    return base + qrText.substring(t);
  }
}
