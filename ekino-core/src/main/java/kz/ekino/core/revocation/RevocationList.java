package kz.ekino.core.revocation;

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
 * refunded sales whose screenings have not ended, and when the list was issued
 * (docs/spec/revocation-list-v1.md). Serials are sorted and delta-encoded, so a list of ten
 * thousand refunds is about 20 KB.
 */
public final class RevocationList {
  public static final String CONTENT_TYPE = "application/ekino-revocations+cbor;v=1";
  public static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final int VERSION = 1;

  private final Instant issuedAt;
  private final long[] serials;

  private RevocationList(Instant issuedAt, long[] serials) {
    this.issuedAt = issuedAt;
    this.serials = serials;
  }

  /** Signs a list of refunded serials with the registry key. */
  public static byte[] sign(Instant issuedAt, Collection<Long> refundedSerials,
      Signer registryKey) {
    long[] sorted = refundedSerials.stream().mapToLong(Long::longValue).sorted().distinct()
        .toArray();
    CborWriter w = new CborWriter(16 + 3 * sorted.length).writeMapHeader(3)
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
    return CoseSign1.sign(w.toByteArray(), registryKey, CONTENT_TYPE);
  }

  /**
   * Verifies a list against the policy's trust list, which must not have expired: it must be
   * signed by a registry key that was valid when the list was issued.
   */
  public static RevocationList open(byte[] document, VerificationPolicy policy)
      throws RejectedException {
    SignedDocuments.Opened opened = SignedDocuments.open(document, CONTENT_TYPE, MAX_BYTES,
        policy, VERSION);
    RevocationList list;
    try {
      list = decode(opened.payload());
    } catch (CborException | IllegalArgumentException e) {
      throw new RejectedException(RejectionReason.MALFORMED, String.valueOf(e.getMessage()));
    }
    SignedDocuments.authorise(opened.signer(), KeyUse.revocationList(list.issuedAt), policy);
    return list;
  }

  private static RevocationList decode(byte[] payload) throws CborException {
    CborReader r = new CborReader(payload);
    if (r.readMapHeader() != 3 || r.readMapKeyAfter(-1) != 0 || r.readUint() != VERSION) {
      throw new CborException("not a version 1 revocation list");
    }
    if (r.readMapKeyAfter(0) != 1) {
      throw new CborException("missing issue time");
    }
    Instant issued = Instant.ofEpochSecond(r.readUint());
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
    r.requireEnd();
    return new RevocationList(issued, serials);
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
    return "RevocationList[" + serials.length + " serials, issued " + issuedAt + "]";
  }
}
