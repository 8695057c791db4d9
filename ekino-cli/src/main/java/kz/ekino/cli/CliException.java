package kz.ekino.cli;

/** A problem with what the user gave the command: printed as one line, exit code 2. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message, null, false, false);
  }
}
