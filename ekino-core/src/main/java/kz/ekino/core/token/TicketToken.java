package kz.ekino.core.token;

import java.util.Arrays;
import java.util.HexFormat;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.internal.Base32;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.key.Signer;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.format.ClaimsFormats;

/** A signed ticket token: the bytes a QR code carries, base32-encoded in a URL. */
public final class TicketToken {
  /** Tokens are about 170 bytes; a verifier refuses anything over this before parsing. */
  public static final int MAX_BYTES = 1024;

  private final byte[] bytes;

  private TicketToken(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Encodes {@code claims} and signs them with {@code signer}. */
  public static TicketToken issue(TicketClaims claims, Signer signer) {
    return new TicketToken(CoseSign1.sign(ClaimsFormats.encode(claims), signer));
  }

  /**
   * Token bytes received from elsewhere, such as a registration answer. Only the size and the
   * shape of the envelope are checked here (an {@link IllegalArgumentException} otherwise);
   * whether the token verifies is for {@code TicketVerifier.verifyToken} to say.
   */
  public static TicketToken of(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("a token is at most " + MAX_BYTES + " bytes, got "
          + bytes.length);
    }
    byte[] copy = bytes.clone();
    try {
      CoseSign1.parse(copy);
    } catch (CborException e) {
      throw new IllegalArgumentException("not a ticket token: " + e.getMessage());
    }
    return new TicketToken(copy);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  /** The QR text: {@code base + "/T/" + base32(token)}, all upper case. */
  public String qrText(UrlBase base) {
    return base.prefix() + Base32.encode(bytes);
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TicketToken && Arrays.equals(bytes, ((TicketToken) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "TicketToken[" + bytes.length + " bytes]";
  }
}
