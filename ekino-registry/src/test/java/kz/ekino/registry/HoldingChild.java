package kz.ekino.registry;

import kz.ekino.registry.testing.Fixture;

/** A registry process that opens a log for writing, says "OPEN", and holds it until killed. */
public final class HoldingChild {
  private HoldingChild() {}

  public static void main(String[] args) throws Exception {
    try (Registry registry = new Fixture().open(args[0])) {
      System.out.println("OPEN " + registry.size());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
