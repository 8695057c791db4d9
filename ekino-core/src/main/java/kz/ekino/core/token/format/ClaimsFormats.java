package kz.ekino.core.token.format;

import java.util.Map;
import java.util.Optional;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.v1.ClaimsV1;

/**
 * The token claims formats this library reads, by version, and the one it writes. Every
 * format's claims map starts with its version (key 0), so a verifier can tell a version it
 * does not know from a malformed token before it decodes anything else. Adding token format
 * v2 means a {@code token.v2} package and one more entry here; the verifier does not change.
 */
public final class ClaimsFormats {
  /** Decodes the claims of one format version strictly. */
  @FunctionalInterface
  public interface Decoder {
    TicketClaims decode(byte[] payload) throws CborException;
  }

  private static final Map<Long, Decoder> DECODERS = Map.of((long) ClaimsV1.VERSION,
      ClaimsV1::decode);

  private ClaimsFormats() {}

  /** The claims in the format new tokens are issued in (v1). */
  public static byte[] encode(TicketClaims claims) {
    return ClaimsV1.encode(claims);
  }

  /** The version a payload declares: the first entry of its map, key 0. */
  public static long version(byte[] payload) throws CborException {
    CborReader r = new CborReader(payload);
    if (r.readMapHeader() < 1 || r.readMapKeyAfter(-1) != 0) {
      throw new CborException("the claims map must start with the version (key 0)");
    }
    return r.readUint();
  }

  /** The decoder of {@code version}, if this library reads that version. */
  public static Optional<Decoder> decoder(long version) {
    return Optional.ofNullable(DECODERS.get(version));
  }
}
