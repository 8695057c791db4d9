package kz.ekino.cli;

/**
 * A problem with what the user gave the command, printed as one line: exit code 2, or the code
 * given (4 for a registry that cannot be reached).
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(String message) {
    this(message, Main.USAGE);
  }

  CliException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
