package kz.ekino.core.internal;

/** Exact, case-sensitive enum parsing with a message that lists the accepted values. */
public final class Enums {
  private Enums() {}

  public static <E extends Enum<E>> E parse(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    StringBuilder expected = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      expected.append(expected.length() == 0 ? "" : ", ").append(e.name());
    }
    throw new IllegalArgumentException("unknown value '" + name + "' (expected " + expected + ")");
  }
}
