package kz.ekino.registry;

/** The registry refused a submission; {@link #refusal()} says why, the message names details. */
public final class RegistrationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Refusal refusal;

  public RegistrationException(Refusal refusal, String message) {
    super(refusal + ": " + message);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
