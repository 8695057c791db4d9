package kz.ekino.core.model;

import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A terminal's count of what it signed (docs/spec/submission-v2.md): every sale and refund a
 * terminal submits carries its terminal id, a sequence number one above the terminal's
 * previous submission, and the content digest of that previous submission. A ticket sold and
 * never sent is then a gap the registry sees; a terminal restored from a backup, or two
 * terminals under one id, a fork.
 *
 * <p>The first submission of a terminal has sequence 1 and no previous digest; every later one
 * has the previous digest: 64 lowercase hex digits of a SHA-256 (what
 * {@code Submissions.contentDigest} returns for the previous signed submission).
 */
public record Counter(TerminalId terminal, long sequence, @Nullable String previous) {
  /** Far beyond any terminal's life, and exact in every JSON number. */
  public static final long MAX_SEQUENCE = (1L << 53) - 1;

  public Counter {
    Objects.requireNonNull(terminal, "terminal");
    if (sequence < 1 || sequence > MAX_SEQUENCE) {
      throw new IllegalArgumentException(
          "sequence must be 1 to " + MAX_SEQUENCE + ", got " + sequence);
    }
    if (sequence == 1 && previous != null) {
      throw new IllegalArgumentException("sequence 1 has no previous submission");
    }
    if (sequence > 1) {
      if (previous == null || previous.length() != 64 || !previous.chars().allMatch(
          c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException("sequence " + sequence + " needs the previous "
            + "submission's digest as 64 lowercase hex digits");
      }
    }
  }

  /** A terminal's first submission. */
  public static Counter first(TerminalId terminal) {
    return new Counter(terminal, 1, null);
  }

  /** The count of the submission after the one whose content digest is {@code digest}. */
  public Counter next(String digest) {
    return new Counter(terminal, sequence + 1, digest);
  }

  /** The previous digest as 32 bytes, or null for sequence 1. */
  public byte @Nullable [] previousBytes() {
    return previous == null ? null : HexFormat.of().parseHex(previous);
  }
}
