package kz.ekino.core.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.internal.Base32;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.token.format.ClaimsFormats;
import kz.ekino.core.trust.KeyUse;
import kz.ekino.core.trust.TrustedKey;

/**
 * Verifies ticket tokens offline, in the order of docs/spec/token-v1.md §6. Stateless and safe
 * for concurrent use: everything it depends on is in the {@link VerificationPolicy}.
 */
public final class TicketVerifier {
  /**
   * Longest QR text considered, 1,706: the longest base (64), the path (3) and the unpadded
   * base32 of the largest token (1,024 bytes, 1,639 characters).
   */
  public static final int MAX_TEXT_LENGTH =
      UrlBase.MAX_LENGTH + UrlBase.TOKEN_PATH.length() + (TicketToken.MAX_BYTES * 8 + 4) / 5;

  private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]{0,15}://");

  private TicketVerifier() {}

  /** Verifies the text of a ticket's QR code: an official URL carrying a base32 token. */
  public static VerificationResult verify(String qrText, VerificationPolicy policy) {
    Instant now = policy.clock().instant();
    if (policy.trust().isExpiredAt(now)) {
      return trustExpired(policy);
    }
    if (qrText.length() > MAX_TEXT_LENGTH) {
      return reject(RejectionReason.MALFORMED,
          "text is longer than " + MAX_TEXT_LENGTH + " characters");
    }
    for (int i = 0; i < qrText.length(); i++) {
      if (qrText.charAt(i) < 0x20 || qrText.charAt(i) > 0x7e) {
        // Every ticket URL is printable ASCII; anything else is a look-alike or a corruption.
        return reject(RejectionReason.MALFORMED, "character U+"
            + String.format(java.util.Locale.ROOT, "%04X", (int) qrText.charAt(i))
            + " at position " + i);
      }
    }
    Optional<UrlBase> base = policy.officialBases().stream()
        .filter(b -> b.isPrefixOf(qrText))
        .findFirst();
    if (base.isEmpty()) {
      return URL_SCHEME.matcher(qrText).find()
          ? reject(RejectionReason.FOREIGN_URL, "not a ticket URL under an official base")
          : reject(RejectionReason.MALFORMED, "not a ticket URL");
    }
    byte[] token;
    try {
      token = Base32.decode(qrText, base.get().prefix().length(), qrText.length());
    } catch (IllegalArgumentException e) {
      return reject(RejectionReason.MALFORMED, String.valueOf(e.getMessage()));
    }
    return verifyAt(token, policy, now);
  }

  /** Verifies token bytes received without a URL (for instance from a binary channel). */
  public static VerificationResult verifyToken(byte[] token, VerificationPolicy policy) {
    Instant now = policy.clock().instant();
    if (policy.trust().isExpiredAt(now)) {
      return trustExpired(policy);
    }
    return verifyAt(token, policy, now);
  }

  private static VerificationResult verifyAt(byte[] token, VerificationPolicy policy,
      Instant now) {
    if (token.length > TicketToken.MAX_BYTES) {
      return reject(RejectionReason.MALFORMED,
          "token is larger than " + TicketToken.MAX_BYTES + " bytes");
    }
    CoseSign1.Parsed envelope;
    try {
      envelope = CoseSign1.parse(token);
    } catch (CborException e) {
      return reject(RejectionReason.MALFORMED, e.getMessage());
    }
    Optional<TrustedKey> found = policy.trust().find(envelope.keyId());
    if (found.isEmpty()) {
      return reject(RejectionReason.UNKNOWN_KEY, "no trusted key has id " + envelope.keyId());
    }
    TrustedKey signer = found.get();
    // The trusted key fixes the algorithm; the header may only agree with it.
    if (envelope.algorithm() != signer.key().algorithm().coseId()) {
      return reject(RejectionReason.ALGORITHM_MISMATCH, "header names COSE algorithm "
          + envelope.algorithm() + ", key " + signer.keyId() + " is " + signer.key().algorithm());
    }
    if (!signer.key().verify(envelope.toBeSigned(), envelope.signature())) {
      return reject(RejectionReason.BAD_SIGNATURE,
          "signature does not verify with key " + signer.keyId());
    }
    TicketClaims claims;
    try {
      long version = ClaimsFormats.version(envelope.payload());
      Optional<ClaimsFormats.Decoder> format = ClaimsFormats.decoder(version);
      if (format.isEmpty()) {
        return reject(RejectionReason.UNSUPPORTED_VERSION, "token format version " + version);
      }
      claims = format.get().decode(envelope.payload());
    } catch (CborException e) {
      return reject(RejectionReason.MALFORMED, "claims: " + e.getMessage());
    }
    Optional<String> notAuthorised = signer.authorise(KeyUse.ticket(claims));
    if (notAuthorised.isPresent()) {
      return reject(RejectionReason.KEY_NOT_VALID, notAuthorised.get());
    }
    if (claims.signedAt().isAfter(now.plus(policy.clockSkew()))) {
      return reject(RejectionReason.ISSUED_IN_FUTURE,
          "signed at " + claims.signedAt() + ", now is " + now);
    }
    // An outage token is the vendor's word only until the sale should have registered; its
    // age is measured on this verifier's clock (issue 10).
    if (claims.kind() == TokenKind.PROVISIONAL
        && Duration.between(claims.signedAt(), now).compareTo(policy.provisionalMaxAge()) > 0) {
      return reject(RejectionReason.PROVISIONAL_EXPIRED, "signed at " + claims.signedAt()
          + ", more than " + policy.provisionalMaxAge() + " before now (" + now + ")");
    }
    Instant over = claims.screeningStart().plus(policy.screeningGrace());
    if (now.isAfter(over)) {
      return reject(RejectionReason.SCREENING_OVER,
          "screening started " + claims.screeningStart() + ", tickets verify until " + over);
    }
    return new VerificationResult.Accepted(new VerifiedTicket(claims, signer));
  }

  private static VerificationResult trustExpired(VerificationPolicy policy) {
    return reject(RejectionReason.TRUST_LIST_EXPIRED,
        "the trust list expired at " + policy.trust().expiresAt() + "; refresh it");
  }

  private static VerificationResult reject(RejectionReason reason, String detail) {
    return new VerificationResult.Rejected(reason, detail);
  }
}
