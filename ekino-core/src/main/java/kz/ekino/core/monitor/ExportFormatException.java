package kz.ekino.core.monitor;

/**
 * A log source whose files are not what docs/spec/export-v1.md describes (a missing file, a
 * length out of bounds, malformed JSON): the export cannot be checked at all.
 */
public final class ExportFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ExportFormatException(String message) {
    super(message);
  }
}
