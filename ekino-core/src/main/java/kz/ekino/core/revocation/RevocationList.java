package kz.ekino.core.revocation;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.document.SignedDocuments;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.key.Signer;
import kz.ekino.core.trust.KeyUse;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.VerificationPolicy;

/**
 * The registry's signed list of refunded tickets for offline entrance scanners: the serials of
 * refunded sales whose screenings have not ended, when the list was issued and its sequence
 * number (docs/spec/revocation-list-v1.md). Serials are sorted and delta-encoded, so a list of
 * ten thousand refunds is about 20 KB.
 *
 * <p>A list only ever gets newer at a scanner: {@link #open(byte[], VerificationPolicy,
 * RevocationList)} refuses one older than the list held, and every {@code open} refuses one
 * issued longer ago than the policy's {@linkplain VerificationPolicy#revocationMaxAge maximum
 * age}, so that a replayed old list cannot hide a refund made since.
 */
public final class RevocationList {
  public static final String CONTENT_TYPE = "application/ekino-revocations+cbor;v=1";
  public static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final int VERSION = 1;

  private final long sequence;
  private final Instant issuedAt;
  private final long[] serials;

  private RevocationList(long sequence, Instant issuedAt, long[] serials) {
    this.sequence = sequence;
    this.issuedAt = issuedAt;
    this.serials = serials;
  }

  /**
   * Signs a list of refunded serials with the registry key. {@code sequence} (0 or more) must
   * never go down from one list to the next; the reference registry uses its log's size.
   */
  public static byte[] sign(long sequence, Instant issuedAt, Collection<Long> refundedSerials,
      Signer registryKey) {
    if (sequence < 0) {
      throw new IllegalArgumentException("a revocation list's sequence is not negative, got "
          + sequence);
    }
    long[] sorted = refundedSerials.stream().mapToLong(Long::longValue).sorted().distinct()
        .toArray();
    CborWriter w = new CborWriter(32 + 3 * sorted.length).writeMapHeader(4)
        .writeUint(0).writeUint(VERSION)
        .writeUint(1).writeUint(issuedAt.getEpochSecond())
        .writeUint(2).writeArrayHeader(sorted.length);
    long previous = 0;
    for (long s : sorted) {
      if (s < 1) {
        throw new IllegalArgumentException("serials are positive, got " + s);
      }
      w.writeUint(s - previous);
      previous = s;
    }
    w.writeUint(3).writeUint(sequence);
    return CoseSign1.sign(w.toByteArray(), registryKey, CONTENT_TYPE);
  }

  /**
   * Verifies a list against the policy's trust list, which must not have expired: it must be
   * signed by a registry key that was valid when the list was issued and is valid now, and it
   * must have been issued at most the policy's {@link VerificationPolicy#revocationMaxAge} ago
   * (else STALE_LIST). For a scanner's first list; refresh with {@link #open(byte[],
   * VerificationPolicy, RevocationList)}.
   */
  public static RevocationList open(byte[] document, VerificationPolicy policy)
      throws RejectedException {
    RevocationList list = verified(document, policy);
    Instant now = policy.clock().instant();
    if (Duration.between(list.issuedAt, now).compareTo(policy.revocationMaxAge()) > 0) {
      throw new RejectedException(RejectionReason.STALE_LIST, "issued " + list.issuedAt
          + ", older than the maximum age of " + policy.revocationMaxAge() + " at " + now);
    }
    return list;
  }

  /**
   * Like {@link #open(byte[], VerificationPolicy)}, for a scanner that holds {@code held}: a
   * list with a lower sequence, or the same sequence issued earlier (or at the same second
   * with other serials), is refused as LIST_ROLLBACK. The same list again is accepted.
   */
  public static RevocationList open(byte[] document, VerificationPolicy policy,
      RevocationList held) throws RejectedException {
    RevocationList list = open(document, policy);
    if (list.sequence < held.sequence) {
      throw new RejectedException(RejectionReason.LIST_ROLLBACK, "the list has sequence "
          + list.sequence + ", lower than the held list's " + held.sequence);
    }
    if (list.sequence == held.sequence) {
      if (list.issuedAt.isBefore(held.issuedAt)) {
        throw new RejectedException(RejectionReason.LIST_ROLLBACK, "the list has the held "
            + "list's sequence " + list.sequence + " but was issued " + list.issuedAt
            + ", before the held list (" + held.issuedAt + ")");
      }
      if (list.issuedAt.equals(held.issuedAt) && !Arrays.equals(list.serials, held.serials)) {
        throw new RejectedException(RejectionReason.LIST_ROLLBACK, "the list has the held "
            + "list's sequence " + list.sequence + " and issue time but other serials");
      }
    }
    return list;
  }

  private static RevocationList verified(byte[] document, VerificationPolicy policy)
      throws RejectedException {
    SignedDocuments.Opened opened = SignedDocuments.open(document, CONTENT_TYPE, MAX_BYTES,
        policy, VERSION);
    RevocationList list;
    try {
      list = decode(opened.payload());
    } catch (CborException | IllegalArgumentException | DateTimeException e) {
      throw new RejectedException(RejectionReason.MALFORMED, String.valueOf(e.getMessage()));
    }
    SignedDocuments.authorise(opened.signer(), KeyUse.revocationList(list.issuedAt), policy);
    return list;
  }

  private static RevocationList decode(byte[] payload) throws CborException {
    CborReader r = new CborReader(payload);
    if (r.readMapHeader() != 4 || r.readMapKeyAfter(-1) != 0 || r.readUint() != VERSION) {
      throw new CborException("not a version 1 revocation list");
    }
    if (r.readMapKeyAfter(0) != 1) {
      throw new CborException("missing issue time");
    }
    Instant issued = r.readEpochSeconds("issue time");
    if (r.readMapKeyAfter(1) != 2) {
      throw new CborException("missing serials");
    }
    int n = r.readArrayHeader();
    long[] serials = new long[n];
    long previous = 0;
    for (int i = 0; i < n; i++) {
      long delta = r.readUint();
      if (delta == 0 || previous > Long.MAX_VALUE - delta) {
        throw new CborException("serials must ascend strictly");
      }
      previous += delta;
      serials[i] = previous;
    }
    if (r.readMapKeyAfter(2) != 3) {
      throw new CborException("missing sequence");
    }
    long sequence = r.readUint();
    r.requireEnd();
    return new RevocationList(sequence, issued, serials);
  }

  /** Never lower than that of an earlier list from the same registry (its log's size). */
  public long sequence() {
    return sequence;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public boolean isRevoked(long serial) {
    return Arrays.binarySearch(serials, serial) >= 0;
  }

  public int size() {
    return serials.length;
  }

  @Override
  public String toString() {
    return "RevocationList[#" + sequence + ", " + serials.length + " serials, issued " + issuedAt
        + "]";
  }
}
