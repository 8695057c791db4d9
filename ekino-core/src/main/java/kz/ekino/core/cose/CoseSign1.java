package kz.ekino.core.cose;

import java.util.List;

import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.internal.Printable;
import kz.ekino.core.key.KeyId;
import kz.ekino.core.key.Signer;
import org.jspecify.annotations.Nullable;

/**
 * The COSE_Sign1 envelope ekino uses (RFC 9052 §4.2), untagged, in exactly one shape:
 * {@code [bstr .cbor {1: alg, ?3: content type, 4: kid}, {}, bstr payload, bstr signature]}.
 *
 * <p>Ticket tokens carry no content type (every byte counts in a QR code); every other signed
 * document (sale submissions, refunds, revocation lists) names its type in the protected
 * header, so a signature made for one kind of document can never pass as another.
 */
public final class CoseSign1 {
  private static final int HEADER_ALG = 1;
  private static final int HEADER_CONTENT_TYPE = 3;
  private static final int HEADER_KID = 4;

  private CoseSign1() {}

  /** An envelope as received, before anything about it is trusted. */
  public static final class Parsed {
    private final long algorithm;
    private final KeyId keyId;
    private final @Nullable String contentType;
    private final byte[] protectedHeader;
    private final byte[] payload;
    private final byte[] signature;

    Parsed(long algorithm, KeyId keyId, @Nullable String contentType, byte[] protectedHeader,
        byte[] payload, byte[] signature) {
      this.algorithm = algorithm;
      this.keyId = keyId;
      this.contentType = contentType;
      this.protectedHeader = protectedHeader;
      this.payload = payload;
      this.signature = signature;
    }

    /** The COSE algorithm the header names: to be compared with the key's, never obeyed. */
    public long algorithm() {
      return algorithm;
    }

    public KeyId keyId() {
      return keyId;
    }

    /** The content type the protected header names; null for a ticket token. */
    public @Nullable String contentType() {
      return contentType;
    }

    public byte[] payload() {
      return payload;
    }

    public byte[] signature() {
      return signature;
    }

    /** The Sig_structure over exactly the header and payload bytes that arrived. */
    public byte[] toBeSigned() {
      return sigStructure(protectedHeader, payload);
    }
  }

  /** Signs a ticket token: no content type. */
  public static byte[] sign(byte[] payload, Signer signer) {
    return sign(payload, signer, null);
  }

  /** Signs a document whose protected header names {@code contentType} (null for tokens). */
  public static byte[] sign(byte[] payload, Signer signer, @Nullable String contentType) {
    CborWriter h = new CborWriter(48).writeMapHeader(contentType == null ? 2 : 3);
    h.writeUint(HEADER_ALG).writeInt(signer.algorithm().coseId());
    if (contentType != null) {
      h.writeUint(HEADER_CONTENT_TYPE).writeText(contentType);
    }
    byte[] header = h.writeUint(HEADER_KID).writeBytes(signer.keyId().toBytes()).toByteArray();
    byte[] signature = signer.sign(sigStructure(header, payload));
    if (signature.length != signer.algorithm().signatureLength()) {
      throw new IllegalStateException("signer " + signer + " returned a " + signature.length
          + "-byte signature; COSE needs " + signer.algorithm().signatureLength());
    }
    return new CborWriter(header.length + payload.length + signature.length + 8)
        .writeArrayHeader(4)
        .writeBytes(header)
        .writeMapHeader(0)
        .writeBytes(payload)
        .writeBytes(signature)
        .toByteArray();
  }

  /** Parses a ticket token: a protected header without content type. */
  public static Parsed parse(byte[] token) throws CborException {
    return parse(token, List.of());
  }

  /**
   * Parses an envelope whose protected header must name exactly {@code contentType}, or none
   * when it is null.
   */
  public static Parsed parse(byte[] token, @Nullable String contentType) throws CborException {
    return parse(token, contentType == null ? List.of() : List.of(contentType));
  }

  /**
   * Parses an envelope whose protected header names one of {@code contentTypes}, or none when
   * the list is empty; {@link Parsed#contentType} tells which.
   */
  public static Parsed parse(byte[] token, List<String> contentTypes) throws CborException {
    String contentType = contentTypes.isEmpty() ? null : contentTypes.get(0);
    CborReader r = new CborReader(token);
    if (r.readArrayHeader() != 4) {
      throw new CborException("COSE_Sign1 must be an array of 4 items");
    }
    byte[] header = r.readBytes();
    if (r.readMapHeader() != 0) {
      throw new CborException("the unprotected header must be empty");
    }
    byte[] payload = r.readBytes();
    byte[] signature = r.readBytes();
    r.requireEnd();
    if (signature.length != 64) {
      throw new CborException("signature must be 64 bytes, got " + signature.length);
    }
    CborReader h = new CborReader(header);
    if (h.readMapHeader() != (contentType == null ? 2 : 3)) {
      throw new CborException(contentType == null
          ? "the protected header must hold exactly alg and kid"
          : "the protected header must hold exactly alg, content type and kid");
    }
    if (h.readMapKeyAfter(-1) != HEADER_ALG) {
      throw new CborException("the protected header must start with alg (1)");
    }
    long alg = h.readInt();
    long previous = HEADER_ALG;
    if (contentType != null) {
      if (h.readMapKeyAfter(previous) != HEADER_CONTENT_TYPE) {
        throw new CborException("the protected header must hold the content type (3)");
      }
      String found = h.readText();
      if (!contentTypes.contains(found)) {
        throw new CborException("content type is " + Printable.quote(found) + ", expected '"
            + String.join("' or '", contentTypes) + "'");
      }
      contentType = found;
      previous = HEADER_CONTENT_TYPE;
    }
    if (h.readMapKeyAfter(previous) != HEADER_KID) {
      throw new CborException("the protected header must hold kid (4) after alg");
    }
    byte[] kid = h.readBytes();
    h.requireEnd();
    if (kid.length != KeyId.LENGTH) {
      throw new CborException("kid must be " + KeyId.LENGTH + " bytes, got " + kid.length);
    }
    return new Parsed(alg, KeyId.of(kid), contentType, header, payload, signature);
  }

  /** RFC 9052 §4.4: {@code ["Signature1", protected, external_aad = h'', payload]}. */
  static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
    return new CborWriter(protectedHeader.length + payload.length + 20)
        .writeArrayHeader(4)
        .writeText("Signature1")
        .writeBytes(protectedHeader)
        .writeBytes(new byte[0])
        .writeBytes(payload)
        .toByteArray();
  }
}
