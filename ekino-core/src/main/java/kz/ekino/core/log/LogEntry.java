package kz.ekino.core.log;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.internal.CborWriter;

/**
 * One leaf of the registry's log (docs/spec/log-v1.md §2): the serial, when it was registered,
 * its kind, and its body: for a sale or a refund the vendor's signed submission exactly as
 * received, for the entries the registry writes itself an {@link EntryBody}.
 * Leaf n - 1 of the tree is the entry of serial n; its leaf hash is SHA-256(0x00 || entry).
 */
public final class LogEntry {
  /**
   * What a log entry records. The code is key 3 of the entry (docs/spec/log-v1.md §2), inside
   * every leaf hash, and the value the registry stores: it never changes for a constant.
   */
  public enum Kind {
    /** A registered sale: the submission is a vendor-signed sale. */
    SALE(0),
    /** A registered refund: the submission is a vendor-signed refund. */
    REFUND(1),
    /** A ticket admitted at an entrance: the body is an {@link EntryBody.Admission}. */
    ADMISSION(2),
    /** A film of the state's register of rental certificates: {@link EntryBody.FilmEntry}. */
    FILM(3),
    /** A cinema of the directory, with its halls: {@link EntryBody.CinemaEntry}. */
    CINEMA(4),
    /**
     * A refund the lifecycle rules refuse (an admitted ticket, a screening long started),
     * allowed by the registry's operator: {@link EntryBody.Correction}.
     */
    CORRECTION(5),
    /** The trust list the registry judges submissions by, from then on: {@link EntryBody.TrustListEntry}. */
    TRUST_LIST(6),
    /**
     * A screening declared or cancelled, or a day without screenings: the body is the vendor's
     * signed schedule document (docs/spec/schedule-v1.md).
     */
    SCHEDULE(7),
    /** A selling point of the register of installations: {@link EntryBody.TerminalEntry}. */
    TERMINAL(8),
    /** A sale's price corrected by its vendor: the body is the vendor's signed correction. */
    SALE_CORRECTION(9);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The kind with this code; any other code is an {@link IllegalArgumentException}. */
    public static Kind ofCode(int code) {
      for (Kind k : values()) {
        if (k.code == code) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown log entry kind " + code);
    }
  }

  private static final int VERSION = 1;

  private final long serial;
  private final Instant registeredAt;
  private final Kind kind;
  private final byte[] submission;

  public LogEntry(long serial, Instant registeredAt, Kind kind, byte[] submission) {
    if (serial < 1) {
      throw new IllegalArgumentException("serial must be positive, got " + serial);
    }
    if (registeredAt.getNano() != 0 || registeredAt.getEpochSecond() < 0) {
      throw new IllegalArgumentException("registration instant must be whole seconds after 1970");
    }
    this.serial = serial;
    this.registeredAt = registeredAt;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.submission = submission.clone();
  }

  public long serial() {
    return serial;
  }

  public Instant registeredAt() {
    return registeredAt;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The body: the vendor's COSE_Sign1 submission, byte for byte as the registry received it,
   * for a sale, a refund, a schedule document or a sale correction; the encoded
   * {@link EntryBody} for the other kinds.
   */
  public byte[] submission() {
    return submission.clone();
  }

  /** {@code {0: 1, 1: serial, 2: registeredAt, 3: kind, 4: submission}}, deterministic CBOR. */
  public byte[] encode() {
    return new CborWriter(submission.length + 32).writeMapHeader(5)
        .writeUint(0).writeUint(VERSION)
        .writeUint(1).writeUint(serial)
        .writeUint(2).writeUint(registeredAt.getEpochSecond())
        .writeUint(3).writeUint(kind.code())
        .writeUint(4).writeBytes(submission)
        .toByteArray();
  }

  public TreeHash leafHash() {
    return MerkleHashing.leafHash(encode());
  }

  /** Decodes an entry strictly; throws {@link IllegalArgumentException} naming the fault. */
  public static LogEntry decode(byte[] entry) {
    try {
      CborReader r = new CborReader(entry);
      if (r.readMapHeader() != 5) {
        throw new CborException("a log entry is a map of 5");
      }
      if (r.readMapKeyAfter(-1) != 0 || r.readUint() != VERSION) {
        throw new CborException("not a version 1 log entry");
      }
      expect(r.readMapKeyAfter(0), 1);
      long serial = r.readUint();
      expect(r.readMapKeyAfter(1), 2);
      Instant at = r.readEpochSeconds("registeredAt");
      expect(r.readMapKeyAfter(2), 3);
      long code = r.readUint();
      if (code > Integer.MAX_VALUE) {
        throw new CborException("unknown log entry kind " + code);
      }
      Kind kind = Kind.ofCode((int) code);
      expect(r.readMapKeyAfter(3), 4);
      byte[] submission = r.readBytes();
      r.requireEnd();
      return new LogEntry(serial, at, kind, submission);
    } catch (CborException | IllegalArgumentException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("not a log entry: " + e.getMessage(), e);
    }
  }

  private static void expect(long key, long wanted) throws CborException {
    if (key != wanted) {
      throw new CborException("expected key " + wanted + ", found " + key);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEntry e && e.serial == serial && e.registeredAt.equals(registeredAt)
        && e.kind == kind && Arrays.equals(e.submission, submission);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(serial);
  }

  @Override
  public String toString() {
    return "LogEntry[" + serial + ", " + kind + ", " + registeredAt + "]";
  }
}
