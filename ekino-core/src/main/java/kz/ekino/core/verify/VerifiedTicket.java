package kz.ekino.core.verify;

import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.trust.TrustedKey;

/**
 * A ticket whose signature, key and policy checks all passed. Only {@link TicketVerifier} makes
 * one, so holding one is proof of verification. Its {@link #kind()} still matters: only
 * {@link TokenKind#REGISTERED} means the registry registered the sale.
 */
public final class VerifiedTicket {
  private final TicketClaims claims;
  private final TrustedKey signer;

  VerifiedTicket(TicketClaims claims, TrustedKey signer) {
    this.claims = claims;
    this.signer = signer;
  }

  public TicketClaims claims() {
    return claims;
  }

  public TokenKind kind() {
    return claims.kind();
  }

  /** The trusted key that signed the token, with its role. */
  public TrustedKey signer() {
    return signer;
  }

  @Override
  public String toString() {
    return "VerifiedTicket[" + claims.kind() + ", ticket " + claims.ticketId() + ", signer "
        + signer.keyId() + "]";
  }
}
