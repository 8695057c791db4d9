package kz.ekino.registry.monitoring;

/** A part of a total, such as Kazakh-language tickets of all tickets. */
public record Share(long part, long total) {
  /** part / total, or 0 for an empty total. */
  public double ratio() {
    return total == 0 ? 0 : (double) part / total;
  }
}
