package kz.ekino.core.token.v1;

import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.key.KeyId;
import kz.ekino.core.key.Signer;

/**
 * The COSE_Sign1 envelope of token format v1 (RFC 9052 §4.2), untagged, in exactly one shape:
 * {@code [bstr .cbor {1: alg, 4: kid}, {}, bstr payload, bstr signature]}.
 */
public final class CoseSign1 {
  private static final int HEADER_ALG = 1;
  private static final int HEADER_KID = 4;

  private CoseSign1() {}

  /** An envelope as received, before anything about it is trusted. */
  public static final class Parsed {
    private final long algorithm;
    private final KeyId keyId;
    private final byte[] protectedHeader;
    private final byte[] payload;
    private final byte[] signature;

    Parsed(long algorithm, KeyId keyId, byte[] protectedHeader, byte[] payload,
        byte[] signature) {
      this.algorithm = algorithm;
      this.keyId = keyId;
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

  public static byte[] sign(byte[] payload, Signer signer) {
    byte[] header = new CborWriter(16)
        .writeMapHeader(2)
        .writeUint(HEADER_ALG).writeInt(signer.algorithm().coseId())
        .writeUint(HEADER_KID).writeBytes(signer.keyId().toBytes())
        .toByteArray();
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

  public static Parsed parse(byte[] token) throws CborException {
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
    if (h.readMapHeader() != 2) {
      throw new CborException("the protected header must hold exactly alg and kid");
    }
    if (h.readMapKeyAfter(-1) != HEADER_ALG) {
      throw new CborException("the protected header must start with alg (1)");
    }
    long alg = h.readInt();
    if (h.readMapKeyAfter(HEADER_ALG) != HEADER_KID) {
      throw new CborException("the protected header must hold kid (4) after alg");
    }
    byte[] kid = h.readBytes();
    h.requireEnd();
    if (kid.length != KeyId.LENGTH) {
      throw new CborException("kid must be " + KeyId.LENGTH + " bytes, got " + kid.length);
    }
    return new Parsed(alg, KeyId.of(kid), header, payload, signature);
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
