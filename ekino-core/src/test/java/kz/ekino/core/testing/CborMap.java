package kz.ekino.core.testing;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.internal.CborWriter;

/**
 * A CBOR map with unsigned integer keys written entry by entry, independently of the library's
 * encoders, so that a test can bend any rule of a format: a key missing, one too many, a value
 * of the wrong type. Entries are written in ascending key order (the canonical order).
 */
public final class CborMap {
  /** Writes one value. */
  @FunctionalInterface
  public interface Value {
    void write(CborWriter w);
  }

  private final SortedMap<Long, Value> entries;

  private CborMap(SortedMap<Long, Value> entries) {
    this.entries = entries;
  }

  public static CborMap of() {
    return new CborMap(new TreeMap<>());
  }

  /** This map with {@code key} set (replaced if present). */
  public CborMap with(long key, Value value) {
    TreeMap<Long, Value> m = new TreeMap<>(entries);
    m.put(key, value);
    return new CborMap(m);
  }

  public CborMap without(long key) {
    TreeMap<Long, Value> m = new TreeMap<>(entries);
    m.remove(key);
    return new CborMap(m);
  }

  /** Writes the map as a value inside another item. */
  public void write(CborWriter w) {
    w.writeMapHeader(entries.size());
    for (Map.Entry<Long, Value> e : entries.entrySet()) {
      w.writeUint(e.getKey());
      e.getValue().write(w);
    }
  }

  public byte[] encode() {
    CborWriter w = new CborWriter();
    write(w);
    return w.toByteArray();
  }
}
