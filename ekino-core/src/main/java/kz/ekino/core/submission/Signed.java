package kz.ekino.core.submission;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.model.Counter;
import org.jspecify.annotations.Nullable;
import java.util.HexFormat;
import kz.ekino.core.trust.TrustedKey;

/**
 * A submission whose signature and signer have been checked: its content, the trusted key that
 * signed it, and the digest of the canonical content (what two submissions must share to be
 * the same sale).
 */
public final class Signed<T> {
  private final T content;
  private final TrustedKey signer;
  private final byte[] contentDigest;
  private final @Nullable Counter counter;

  Signed(T content, TrustedKey signer, byte[] contentDigest, @Nullable Counter counter) {
    this.content = Objects.requireNonNull(content);
    this.signer = signer;
    this.contentDigest = contentDigest;
    this.counter = counter;
  }

  /** The terminal's count (sale and refund v2); empty for a version 1 document. */
  public Optional<Counter> counter() {
    return Optional.ofNullable(counter);
  }

  public T content() {
    return content;
  }

  public TrustedKey signer() {
    return signer;
  }

  /** SHA-256 of the canonical content bytes, hex. */
  public String contentDigest() {
    return HexFormat.of().formatHex(contentDigest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signed<?> s && Arrays.equals(s.contentDigest, contentDigest)
        && s.signer.equals(signer);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(contentDigest);
  }

  @Override
  public String toString() {
    return "Signed[" + content + ", by " + signer.keyId() + "]";
  }
}
