package kz.ekino.core.trust;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.ekino.core.key.KeyId;
import kz.ekino.core.key.Signer;
import kz.ekino.core.key.VerificationKey;
import org.jspecify.annotations.Nullable;

/**
 * The keys a verifier trusts, with what each may sign. A published trust list is a JSON document
 * signed by the state's pinned root key ({@link #parseSigned}); it expires, and a verifier
 * holding an expired list reports that rather than trusting it. Each list carries a sequence
 * number that grows from one list to the next: a verifier keeps the list it holds and takes a
 * new one only through {@link #parseSigned(byte[], VerificationKey, TrustList)}, which refuses
 * a lower number (an older list replayed to bring back a removed key).
 */
public final class TrustList {
  /** A signed trust list document is refused above this size before it is parsed. */
  public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
  public static final int MAX_KEYS = 10_000;
  /** 2^53 − 1: the largest integer every JSON reader holds exactly (RFC 7493 §2.2). */
  public static final long MAX_SEQUENCE = (1L << 53) - 1;

  private final long sequence;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final Map<KeyId, TrustedKey> keys;
  /** The root-signed document this list was parsed from; null for a list built in memory. */
  private final byte @Nullable [] signed;

  private TrustList(long sequence, Instant issuedAt, Instant expiresAt,
      Map<KeyId, TrustedKey> keys) {
    this(sequence, issuedAt, expiresAt, keys, null);
  }

  private TrustList(long sequence, Instant issuedAt, Instant expiresAt,
      Map<KeyId, TrustedKey> keys, byte @Nullable [] signed) {
    this.sequence = sequence;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
    this.keys = keys;
    this.signed = signed;
  }

  /** This list, remembering the signed document it was verified from. */
  private TrustList signedAs(byte[] document) {
    return new TrustList(sequence, issuedAt, expiresAt, keys, document.clone());
  }

  /**
   * The root-signed document, exactly as it was verified, when this list came from
   * {@link #parseSigned}: what a registry serves so that others need not take its word for the
   * list. Empty for a list built in memory or parsed unsigned.
   */
  public Optional<byte[]> signedDocument() {
    return signed == null ? Optional.empty() : Optional.of(signed.clone());
  }

  /**
   * A trust list built in memory; nothing is signed. {@code sequence} (at least 1) must be
   * higher than that of every list published before it.
   */
  public static TrustList of(long sequence, Instant issuedAt, Instant expiresAt,
      Collection<TrustedKey> keys) {
    if (sequence < 1 || sequence > MAX_SEQUENCE) {
      throw new IllegalArgumentException("a trust list's sequence is 1 to " + MAX_SEQUENCE
          + ", got " + sequence);
    }
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException(
          "trust list must expire after it is issued: " + issuedAt + " .. " + expiresAt);
    }
    if (keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException("a trust list holds at most " + MAX_KEYS + " keys");
    }
    Map<KeyId, TrustedKey> byId = new LinkedHashMap<>();
    for (TrustedKey k : keys) {
      if (byId.put(k.keyId(), k) != null) {
        throw new IllegalArgumentException("key " + k.keyId() + " appears twice in the trust list");
      }
    }
    return new TrustList(sequence, issuedAt, expiresAt, Collections.unmodifiableMap(byId));
  }

  /**
   * Trusts one key for every role, for ever: the {@code --key} mode of the command line, for
   * development and tests. Production verifiers use a signed trust list.
   */
  public static TrustList pinned(VerificationKey key) {
    TrustedKey k = TrustedKey.development(key);
    return new TrustList(1, k.validFrom(), Instant.MAX, Map.of(key.keyId(), k));
  }

  /**
   * Verifies a signed trust list document against the pinned {@code root} key and parses it.
   * An expired list parses; {@link #isExpiredAt} tells, and the verifier reports it.
   */
  public static TrustList parseSigned(byte[] document, VerificationKey root)
      throws TrustListException {
    return TrustListJson.parse(document, root).signedAs(document);
  }

  /**
   * Like {@link #parseSigned(byte[], VerificationKey)}, for a verifier that already holds a
   * list: the new one must not be older ({@link #checkReplaces}). Pass the list in force;
   * persist it (or at least its sequence) so that a restart does not forget it.
   */
  public static TrustList parseSigned(byte[] document, VerificationKey root, TrustList held)
      throws TrustListException {
    TrustList next = TrustListJson.parse(document, root).signedAs(document);
    next.checkReplaces(held);
    return next;
  }

  /**
   * Refuses this list as a replacement for {@code held}: a lower sequence is a ROLLBACK, the
   * same sequence with other content a SEQUENCE_REUSED. The same list again is accepted.
   */
  public void checkReplaces(TrustList held) throws TrustListException {
    if (sequence < held.sequence) {
      throw new TrustListException(TrustListException.Reason.ROLLBACK, "the list has sequence "
          + sequence + ", lower than the held list's " + held.sequence);
    }
    if (sequence == held.sequence && !sameContent(held)) {
      throw new TrustListException(TrustListException.Reason.SEQUENCE_REUSED, "the list has "
          + "sequence " + sequence + ", the held list's, but different content");
    }
  }

  private boolean sameContent(TrustList other) {
    return issuedAt.equals(other.issuedAt) && expiresAt.equals(other.expiresAt)
        && keys.equals(other.keys);
  }

  /**
   * The list's content without a signature, in the payload form of trust-list-v1 (compact
   * JSON): what a registry writes into its log as the list it judged submissions by. Whoever
   * reads it there has the registry's word for it (its signed checkpoint), not the root's.
   */
  public byte[] toUnsignedJson() {
    return TrustListJson.unsigned(this);
  }

  /** Reads {@link #toUnsignedJson()} strictly; no signature is checked. */
  public static TrustList parseUnsigned(byte[] json) throws TrustListException {
    return TrustListJson.parseUnsigned(json);
  }

  /** Signs this list with the root key, as a JWS JSON document (docs/spec/trust-list-v1.md). */
  public byte[] toSignedJson(Signer root) {
    return TrustListJson.sign(this, root);
  }

  public Optional<TrustedKey> find(KeyId id) {
    return Optional.ofNullable(keys.get(id));
  }

  public List<TrustedKey> keys() {
    return List.copyOf(keys.values());
  }

  /** Grows from one published list to the next (trust-list-v1 "sequence"); at least 1. */
  public long sequence() {
    return sequence;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "TrustList[#" + sequence + ", " + keys.size() + " keys, issued " + issuedAt + ", expires " + expiresAt
        + "]";
  }
}
