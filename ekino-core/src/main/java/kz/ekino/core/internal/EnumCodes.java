package kz.ekino.core.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The wire values of an enum in one format: codes in CBOR, strings in JSON. A codec builds its
 * table from an exhaustive {@code switch} over the constants, so the compiler insists on a
 * value for each new constant, and renaming or reordering the constants never changes what is
 * signed, logged or stored. Values must be distinct; that is checked when the table is built.
 */
public final class EnumCodes<E extends Enum<E>, V> {
  private final Map<E, V> toWire;
  private final Map<V, E> fromWire;
  private final String expected;

  private EnumCodes(Map<E, V> toWire, Map<V, E> fromWire, String expected) {
    this.toWire = toWire;
    this.fromWire = fromWire;
    this.expected = expected;
  }

  public static <E extends Enum<E>, V> EnumCodes<E, V> of(Class<E> type, Function<E, V> wire) {
    Map<E, V> to = new EnumMap<>(type);
    Map<V, E> from = new HashMap<>();
    StringJoiner expected = new StringJoiner(", ");
    for (E e : type.getEnumConstants()) {
      V v = wire.apply(e);
      E clash = from.put(v, e);
      if (clash != null) {
        throw new IllegalArgumentException(
            type.getSimpleName() + "." + clash + " and ." + e + " share the wire value " + v);
      }
      to.put(e, v);
      expected.add(String.valueOf(v));
    }
    return new EnumCodes<>(Collections.unmodifiableMap(to),
        Collections.unmodifiableMap(from), expected.toString());
  }

  public V encode(E value) {
    V v = toWire.get(value);
    if (v == null) {
      throw new IllegalStateException("no wire value for " + value);
    }
    return v;
  }

  public Optional<E> find(V wire) {
    return Optional.ofNullable(fromWire.get(wire));
  }

  /** The constant with this wire value; an unknown value is an {@link IllegalArgumentException}. */
  public E decode(V wire) {
    E e = fromWire.get(wire);
    if (e == null) {
      String shown = String.valueOf(wire);
      throw new IllegalArgumentException("unknown value '"
          + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown) + "' (expected "
          + expected + ")");
    }
    return e;
  }
}
