package kz.ekino.registry;

import kz.ekino.core.registration.Refusal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.Signer;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.registry.store.Database;
import org.jspecify.annotations.Nullable;

/**
 * How a registry runs: its database, its signing key (Ed25519: it signs receipts and log
 * checkpoints), the trust list of vendor keys, its clock, its log's origin and the official URL
 * base of ticket QR codes. Immutable; build one with {@link #builder}.
 */
public final class RegistryConfig {
  /** Default log origin (and checkpoint key name); deployments set their own. */
  public static final String DEFAULT_ORIGIN = "qr.ekino.kz/registry";
  /** Group commit: at most this many records share one transaction. */
  public static final int DEFAULT_MAX_BATCH = 512;
  /** How long any storage operation, and any caller waiting for the writer, may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** Refunds are accepted until this long after the screening started. */
  public static final Duration DEFAULT_REFUND_GRACE = Duration.ofMinutes(30);
  /** Gates admit from this long before the screening starts. */
  public static final Duration DEFAULT_ADMISSION_OPENS = Duration.ofHours(1);
  /**
   * A sale is registered at most this long after it was sold (by the registry's clock): an
   * outage's provisional tickets have this long to arrive. Kazakhstan's online cash registers
   * allow 72 hours offline.
   */
  public static final Duration DEFAULT_UPLOAD_BOUND = Duration.ofDays(3);
  /**
   * A version 2 sale for an undeclared screening is refused when it arrives within this long
   * of its sale (the vendor was online and could have declared); later it was queued during
   * an outage, and is registered and flagged until the declaration arrives.
   */
  public static final Duration DEFAULT_DECLARATION_GRACE = Duration.ofMinutes(10);
  /** A vendor may correct a sale's price this long after its registration (ANCINE's rule). */
  public static final Duration DEFAULT_CORRECTION_WINDOW = Duration.ofDays(30);

  private final String jdbcUrl;
  private final Signer registryKey;
  private final TrustList trust;
  private final Clock clock;
  private final String origin;
  private final UrlBase officialBase;
  private final Duration screeningGrace;
  private final Duration refundGrace;
  private final Duration admissionOpens;
  private final Duration uploadBound;
  private final Duration declarationGrace;
  private final Duration correctionWindow;
  private final Instant v1AcceptedUntil;
  private final int maxBatch;
  private final int responderThreads;
  private final Duration timeout;
  private final @Nullable Path checkpointFile;

  private RegistryConfig(Builder b) {
    this.jdbcUrl = b.jdbcUrl;
    this.registryKey = b.registryKey;
    this.trust = b.trust;
    this.clock = b.clock;
    this.origin = b.origin;
    this.officialBase = b.officialBase;
    this.screeningGrace = b.screeningGrace;
    this.refundGrace = b.refundGrace;
    this.admissionOpens = b.admissionOpens;
    this.uploadBound = b.uploadBound;
    this.declarationGrace = b.declarationGrace;
    this.correctionWindow = b.correctionWindow;
    this.v1AcceptedUntil = b.v1AcceptedUntil;
    this.maxBatch = b.maxBatch;
    this.responderThreads = b.responderThreads;
    this.timeout = b.timeout;
    this.checkpointFile = b.checkpointFile != null ? b.checkpointFile
        : jdbcUrl.startsWith("jdbc:sqlite:") ? sqliteCheckpointFile(jdbcUrl) : null;
  }

  /** Beside a SQLite file: {@code registry.db} keeps {@code registry.db.checkpoint}. */
  private static @Nullable Path sqliteCheckpointFile(String url) {
    Path file = Database.sqliteFile(url);
    return file == null ? null : file.resolveSibling(file.getFileName() + ".checkpoint");
  }

  /**
   * Starts a configuration with the three settings a registry cannot do without.
   *
   * @param jdbcUrl {@code jdbc:sqlite:/path/registry.db} or {@code jdbc:postgresql://...}
   * @param registryKey the registry's Ed25519 key; {@code trust} must list it as a REGISTRY key
   * @param trust the keys of vendors (and of this registry)
   */
  public static Builder builder(String jdbcUrl, Signer registryKey, TrustList trust) {
    return new Builder(jdbcUrl, registryKey, trust);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public Signer registryKey() {
    return registryKey;
  }

  public TrustList trust() {
    return trust;
  }

  public Clock clock() {
    return clock;
  }

  public String origin() {
    return origin;
  }

  public UrlBase officialBase() {
    return officialBase;
  }

  public Duration screeningGrace() {
    return screeningGrace;
  }

  /**
   * How long after a screening starts its tickets may still be refunded; later only by an
   * operator's correction ({@link Registry#correctRefund}).
   */
  public Duration refundGrace() {
    return refundGrace;
  }

  /**
   * How long before its start a screening's tickets are admitted; they are admitted until
   * {@link #screeningGrace()} after the start.
   */
  public Duration admissionOpens() {
    return admissionOpens;
  }

  /**
   * The longest a sale may take to reach the registry after it was sold, measured by the
   * registry's clock at arrival; later sales are refused {@code TOO_LATE}.
   */
  public Duration uploadBound() {
    return uploadBound;
  }

  /** See {@link #DEFAULT_DECLARATION_GRACE}. */
  public Duration declarationGrace() {
    return declarationGrace;
  }

  /**
   * How long after a sale's registration its vendor may correct its price; later only the
   * operator can ({@link Registry#correctSale(byte[], String)}).
   */
  public Duration correctionWindow() {
    return correctionWindow;
  }

  /**
   * The end of the transition from version 1 sales and refunds (no terminal counter, no
   * declared screening): from this instant on, by the registry's clock, they are refused
   * UNSUPPORTED_VERSION. By default there is no end; the operator announces the date and
   * sets it (docs/spec/submission-v2.md).
   */
  public Instant v1AcceptedUntil() {
    return v1AcceptedUntil;
  }

  public int maxBatch() {
    return maxBatch;
  }

  /** Threads that sign receipts for {@link Registry#registerAsync} callers. */
  public int responderThreads() {
    return responderThreads;
  }

  /**
   * The bound on every wait: JDBC connect and socket reads, pool checkout, and callers waiting
   * for the writer (who get {@link Refusal#TIMEOUT}).
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Where the registry keeps its latest published checkpoint outside the database. Default:
   * beside a SQLite file ({@code <file>.checkpoint}); PostgreSQL has no default, and a writer
   * refuses to open without one.
   */
  public Optional<Path> checkpointFile() {
    return Optional.ofNullable(checkpointFile);
  }

  /** The policy the registry verifies vendor submissions and scanned tickets with. */
  VerificationPolicy policy(TrustList list) {
    return VerificationPolicy.builder(list, clock).officialBase(officialBase)
        .screeningGrace(screeningGrace).build();
  }

  /**
   * For tickets scanned at a gate: as {@link #policy}, but a PROVISIONAL token of any age is
   * read, since it admits only through its registered sale, which the registry holds (an
   * offline scanner, which cannot ask, refuses it after the provisional bound).
   */
  VerificationPolicy admissionPolicy(TrustList list) {
    return VerificationPolicy.builder(list, clock).officialBase(officialBase)
        .screeningGrace(screeningGrace).provisionalMaxAge(Duration.ofDays(3660)).build();
  }

  /** Collects the settings of a {@link RegistryConfig}. */
  public static final class Builder {
    private final String jdbcUrl;
    private final Signer registryKey;
    private final TrustList trust;
    private Clock clock = Clock.systemUTC();
    private String origin = DEFAULT_ORIGIN;
    private UrlBase officialBase = UrlBase.of(UrlBase.DEFAULT);
    private Duration screeningGrace = VerificationPolicy.DEFAULT_SCREENING_GRACE;
    private Duration refundGrace = DEFAULT_REFUND_GRACE;
    private Duration admissionOpens = DEFAULT_ADMISSION_OPENS;
    private Duration uploadBound = DEFAULT_UPLOAD_BOUND;
    private Duration declarationGrace = DEFAULT_DECLARATION_GRACE;
    private Duration correctionWindow = DEFAULT_CORRECTION_WINDOW;
    private Instant v1AcceptedUntil = Instant.MAX;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private int responderThreads = Runtime.getRuntime().availableProcessors();
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable Path checkpointFile;

    private Builder(String jdbcUrl, Signer registryKey, TrustList trust) {
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      this.registryKey = Objects.requireNonNull(registryKey, "registryKey");
      this.trust = Objects.requireNonNull(trust, "trust");
      if (registryKey.algorithm() != Algorithm.ED25519) {
        throw new IllegalArgumentException("the registry key signs C2SP checkpoints, which "
            + "need Ed25519; got " + registryKey.algorithm());
      }
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder origin(String origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    public Builder officialBase(UrlBase base) {
      this.officialBase = Objects.requireNonNull(base, "base");
      return this;
    }

    public Builder screeningGrace(Duration grace) {
      this.screeningGrace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    /** See {@link RegistryConfig#refundGrace()}; 0 to 24 hours. */
    public Builder refundGrace(Duration grace) {
      this.refundGrace = within("refund grace", grace, Duration.ofHours(24));
      return this;
    }

    /** See {@link RegistryConfig#admissionOpens()}; 0 to 24 hours. */
    public Builder admissionOpens(Duration before) {
      this.admissionOpens = within("admission window", before, Duration.ofHours(24));
      return this;
    }

    /** See {@link RegistryConfig#uploadBound()}; 1 minute to 30 days. */
    public Builder uploadBound(Duration bound) {
      this.uploadBound = within("upload bound", bound, Duration.ofDays(30));
      if (bound.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("upload bound must be at least a minute, got "
            + bound);
      }
      return this;
    }

    /** See {@link RegistryConfig#declarationGrace()}; 0 to 24 hours. */
    public Builder declarationGrace(Duration grace) {
      this.declarationGrace = within("declaration grace", grace, Duration.ofHours(24));
      return this;
    }

    /** See {@link RegistryConfig#correctionWindow()}; 0 to 366 days. */
    public Builder correctionWindow(Duration window) {
      this.correctionWindow = within("correction window", window, Duration.ofDays(366));
      return this;
    }

    /** See {@link RegistryConfig#v1AcceptedUntil()}. */
    public Builder v1AcceptedUntil(Instant end) {
      this.v1AcceptedUntil = Objects.requireNonNull(end, "end");
      return this;
    }

    private static Duration within(String what, Duration d, Duration max) {
      if (d.isNegative() || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(what + " must be 0 to " + max + ", got " + d);
      }
      return d;
    }

    public Builder maxBatch(int maxBatch) {
      if (maxBatch < 1 || maxBatch > 10_000) {
        throw new IllegalArgumentException("batch size must be 1 to 10000, got " + maxBatch);
      }
      this.maxBatch = maxBatch;
      return this;
    }

    public Builder responderThreads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("responder threads must be 1 to 256, got " + threads);
      }
      this.responderThreads = threads;
      return this;
    }

    /** See {@link RegistryConfig#timeout()}; 100 ms to 10 minutes. */
    public Builder timeout(Duration timeout) {
      if (timeout.compareTo(Duration.ofMillis(100)) < 0
          || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("timeout must be 100 ms to 10 minutes, got "
            + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** See {@link RegistryConfig#checkpointFile()}; for PostgreSQL, set it. */
    public Builder checkpointFile(Path file) {
      this.checkpointFile = Objects.requireNonNull(file, "file");
      return this;
    }

    public RegistryConfig build() {
      return new RegistryConfig(this);
    }
  }
}
