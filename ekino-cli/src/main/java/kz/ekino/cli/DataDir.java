package kz.ekino.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustListException;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import kz.ekino.registry.RegistryException;

/**
 * The demo's data directory: the SQLite registry, the keys of the root, the registry and two
 * vendors (made on first use), and the root-signed trust list that ties them together.
 */
final class DataDir {
  static final String DEFAULT = "ekino-data";
  /** Vendor A sells for the Almaty and Astana cinemas with an Ed25519 key. */
  static final Bin VENDOR_A = Bin.of("940140000385");
  /** Vendor B sells for the cinemas of the south and centre with an ES256 key. */
  static final Bin VENDOR_B = Bin.of("210340001110");

  final Path dir;
  final SigningKey root;
  final SigningKey registry;
  final SigningKey vendorA;
  final SigningKey vendorB;
  final TrustList trust;
  /** The registry's database: the SQLite file in the directory, or a PostgreSQL URL. */
  private final String jdbcUrl;
  /** The last published checkpoint, kept beside the registry key, outside the database. */
  private final Path checkpointFile;

  private DataDir(Path dir, SigningKey root, SigningKey registry, SigningKey vendorA,
      SigningKey vendorB, TrustList trust, String jdbcUrl, Path checkpointFile) {
    this.dir = dir;
    this.root = root;
    this.registry = registry;
    this.vendorA = vendorA;
    this.vendorB = vendorB;
    this.trust = trust;
    this.jdbcUrl = jdbcUrl;
    this.checkpointFile = checkpointFile;
  }

  /**
   * Who a new trust list authorises: the keys valid since {@code history} before now, vendor
   * A for {@code cinemasA}, vendor B for {@code cinemasB}.
   */
  record Authorisations(Duration history, Set<Bin> cinemasA, Set<Bin> cinemasB) {
    /** {@code ekino demo}: yesterday, in its five cinemas. */
    static final Authorisations DEMO = new Authorisations(Duration.ofDays(3),
        Set.of(DemoWorld.ALMATY.bin(), DemoWorld.ASTANA.bin()),
        Set.of(DemoWorld.SHYMKENT.bin(), DemoWorld.KARAGANDA.bin(), DemoWorld.AKTOBE.bin()));
  }

  /** Opens an existing data directory; {@code create} makes keys and a trust list if absent. */
  static DataDir open(Path dir, boolean create, Clock clock) {
    return open(dir, create, clock, Authorisations.DEMO);
  }

  /** As {@link #open(Path, boolean, Clock)}, with the authorisations of a new trust list. */
  static DataDir open(Path dir, boolean create, Clock clock, Authorisations authorisations) {
    Path keys = dir.resolve("keys");
    if (!Files.exists(keys.resolve("registry.key.pem")) && !create) {
      throw new CliException(dir + " holds no ekino registry; run 'ekino demo --data " + dir
          + "' first");
    }
    try {
      Files.createDirectories(keys);
    } catch (IOException e) {
      throw new CliException("cannot create " + keys + ": " + e.getMessage());
    }
    SigningKey root = key(keys.resolve("root.key.pem"), Algorithm.ED25519);
    SigningKey registry = key(keys.resolve("registry.key.pem"), Algorithm.ED25519);
    if (registry.algorithm() != Algorithm.ED25519) {
      throw new CliException(keys.resolve("registry.key.pem") + ": the registry signs its "
          + "checkpoints with Ed25519; this is a " + registry.algorithm() + " key");
    }
    SigningKey vendorA = key(keys.resolve("vendor-a.key.pem"), Algorithm.ED25519);
    SigningKey vendorB = key(keys.resolve("vendor-b.key.pem"), Algorithm.ES256);
    Path trustFile = dir.resolve("trust.json");
    if (!Files.exists(trustFile)) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      // Valid since the start of the history the demo plays on the clock it had.
      Instant from = now.minus(authorisations.history());
      TrustList list = TrustList.of(now.getEpochSecond(), now, now.plus(Duration.ofDays(365)), List.of(
          TrustedKey.registry(registry.verificationKey(), from, Optional.empty()),
          TrustedKey.vendor(vendorA.verificationKey(), VENDOR_A, authorisations.cinemasA(),
              from, Optional.empty()),
          TrustedKey.vendor(vendorB.verificationKey(), VENDOR_B, authorisations.cinemasB(),
              from, Optional.empty())));
      write(trustFile, new String(list.toSignedJson(root), StandardCharsets.UTF_8), false);
    }
    TrustList trust;
    try {
      trust = TrustList.parseSigned(Inputs.read(trustFile, TrustList.MAX_DOCUMENT_BYTES,
          "trust list"), root.verificationKey());
    } catch (TrustListException e) {
      throw new CliException(trustFile + ": " + e.getMessage());
    }
    return new DataDir(dir, root, registry, vendorA, vendorB, trust,
        "jdbc:sqlite:" + dir.resolve("registry.db"), keys.resolve("registry.checkpoint"));
  }

  /**
   * The same keys and trust list with the registry in another database (a PostgreSQL URL for
   * {@code serve --jdbc}); the checkpoint file stays in this directory.
   */
  DataDir withDatabase(String url) {
    return withDatabase(url, checkpointFile);
  }

  /** As {@link #withDatabase(String)}, with the checkpoint kept in {@code checkpoint}. */
  DataDir withDatabase(String url, Path checkpoint) {
    return new DataDir(dir, root, registry, vendorA, vendorB, trust, url, checkpoint);
  }

  /** Where the registry keeps its last published checkpoint. */
  Path checkpointFile() {
    return checkpointFile;
  }

  /** The registry's database URL; it may hold a password (see {@link JdbcUrls#masked}). */
  String jdbcUrl() {
    return jdbcUrl;
  }

  /** Opens the registry for writing; creates its database on first use. */
  Registry openRegistry(Clock clock) {
    try {
      return Registry.open(config(clock));
    } catch (RegistryException e) {
      throw new CliException(e.getMessage());
    }
  }

  /** Opens the registry for reading only: a missing database is an error, nothing is made. */
  Registry openRegistryReadOnly(Clock clock) {
    try {
      return Registry.openReadOnly(config(clock));
    } catch (RegistryException e) {
      throw new CliException(e.getMessage());
    }
  }

  /** The last published checkpoint is kept beside the registry key, outside the database. */
  RegistryConfig config(Clock clock) {
    return RegistryConfig.builder(jdbcUrl, registry, trust).clock(clock)
        .checkpointFile(checkpointFile).build();
  }

  /**
   * Opens the registry on {@code jdbcUrl} as its writer, or, while another process writes it,
   * as a standby that takes over when that process's lock is gone.
   */
  Registry openStandby(Clock clock) {
    try {
      return Registry.openStandby(config(clock));
    } catch (RegistryException e) {
      throw new CliException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException("--jdbc: " + e.getMessage());
    }
  }

  private static SigningKey key(Path file, Algorithm alg) {
    if (Files.exists(file)) {
      return Inputs.signingKey(file);
    }
    SigningKey key = SigningKey.generate(alg);
    write(file, key.exportPkcs8Pem(), true);
    Path pub = file.resolveSibling(file.getFileName().toString().replace(".key.", ".pub."));
    write(pub, key.verificationKey().toPem(), false);
    return key;
  }

  static void write(Path file, String text, boolean secret) {
    try {
      if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage());
    }
  }
}
