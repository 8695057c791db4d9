package kz.ekino.core.monitor;

/** The log itself did not check (see {@link #finding()}): nothing can be computed from it. */
public final class LogRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // a record of two serialisable values; never serialised in ekino
  private final Finding finding;

  public LogRejectedException(Finding finding) {
    super(finding.toString());
    this.finding = finding;
  }

  public Finding finding() {
    return finding;
  }
}
