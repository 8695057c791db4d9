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

/**
 * The keys a verifier trusts, with what each may sign. A published trust list is a JSON document
 * signed by the state's pinned root key ({@link #parseSigned}); it expires, and a verifier
 * holding an expired list reports that rather than trusting it.
 */
public final class TrustList {
  /** A signed trust list document is refused above this size before it is parsed. */
  public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
  public static final int MAX_KEYS = 10_000;

  private final Instant issuedAt;
  private final Instant expiresAt;
  private final Map<KeyId, TrustedKey> keys;

  private TrustList(Instant issuedAt, Instant expiresAt, Map<KeyId, TrustedKey> keys) {
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
    this.keys = keys;
  }

  /** A trust list built in memory; nothing is signed. */
  public static TrustList of(Instant issuedAt, Instant expiresAt, Collection<TrustedKey> keys) {
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
    return new TrustList(issuedAt, expiresAt, Collections.unmodifiableMap(byId));
  }

  /**
   * Trusts one key for every role, for ever: the {@code --key} mode of the command line, for
   * development and tests. Production verifiers use a signed trust list.
   */
  public static TrustList pinned(VerificationKey key) {
    TrustedKey k = TrustedKey.development(key);
    return new TrustList(k.validFrom(), Instant.MAX, Map.of(key.keyId(), k));
  }

  /**
   * Verifies a signed trust list document against the pinned {@code root} key and parses it.
   * An expired list parses; {@link #isExpiredAt} tells, and the verifier reports it.
   */
  public static TrustList parseSigned(byte[] document, VerificationKey root)
      throws TrustListException {
    return TrustListJson.parse(document, root);
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
    return "TrustList[" + keys.size() + " keys, issued " + issuedAt + ", expires " + expiresAt
        + "]";
  }
}
