package kz.ekino.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * How far a long loop has got. On a terminal one line is rewritten in place ({@code \r}) at
 * each whole percent and blanked at the end; elsewhere (a log, a pipe, a CI job) a plain line
 * is written at each tenth, so that the output stays readable without a terminal.
 */
final class Progress {
  private final PrintWriter out;
  private final boolean terminal;
  private final String what;
  private final long total;
  private int shownPercent;
  private int width;

  Progress(PrintWriter out, boolean terminal, String what, long total) {
    if (total < 1) {
      throw new IllegalArgumentException("progress needs a positive total, got " + total);
    }
    this.out = out;
    this.terminal = terminal;
    this.what = what;
    this.total = total;
  }

  /**
   * Whether standard output is a terminal. Up to JDK 21 a console exists only then; from JDK 22
   * one always exists and {@code Console.isTerminal()} (not in the Java 17 API) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // null is the answer up to JDK 21; isTerminal() after
  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Reports {@code done} of the total; cheap when nothing is to be shown. */
  void update(long done) {
    int percent = (int) (Math.min(done, total) * 100 / total);
    if (percent <= shownPercent) {
      return;
    }
    if (terminal) {
      String line = line(done, percent);
      out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      width = Math.max(width, line.length());
      out.flush();
      shownPercent = percent;
    } else if (percent / 10 > shownPercent / 10 && percent < 100) {
      out.println(line(done, percent));
      out.flush();
      shownPercent = percent;
    }
  }

  /** Ends the progress display; on a terminal the line is blanked for what follows. */
  void finish() {
    if (terminal && width > 0) {
      out.print("\r" + " ".repeat(width) + "\r");
      out.flush();
    }
  }

  private String line(long done, int percent) {
    return String.format(Locale.ROOT, "  %s: %,d of %,d (%d%%)", what, done, total, percent);
  }
}
