package kz.ekino.core.token;

import java.util.Arrays;
import kz.ekino.core.internal.Base32;
import kz.ekino.core.internal.Hex;
import kz.ekino.core.key.Signer;
import kz.ekino.core.token.v1.ClaimsV1;
import kz.ekino.core.internal.CoseSign1;

/** A signed ticket token (format v1): the bytes a QR code carries, base32-encoded in a URL. */
public final class TicketToken {
  /** Tokens are about 170 bytes; a verifier refuses anything over this before parsing. */
  public static final int MAX_BYTES = 1024;

  private final byte[] bytes;

  private TicketToken(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Encodes {@code claims} and signs them with {@code signer}. */
  public static TicketToken issue(TicketClaims claims, Signer signer) {
    return new TicketToken(CoseSign1.sign(ClaimsV1.encode(claims), signer));
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
    return Hex.encode(bytes);
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
