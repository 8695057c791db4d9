package kz.ekino.core.anomaly;

/**
 * A set of longs by open addressing: 8 to 16 bytes a member where a {@code HashSet<Long>} takes
 * about 50. Zero is kept apart, so that an empty slot needs no marker.
 */
final class LongSet {
  private long[] slots = new long[16];
  private int size;
  private boolean zero;

  /** Adds {@code v}; false if it was there. */
  boolean add(long v) {
    if (v == 0) {
      boolean added = !zero;
      zero = true;
      return added;
    }
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    return put(slots, v);
  }

  private boolean put(long[] table, long v) {
    int mask = table.length - 1;
    int i = mix(v) & mask;
    while (table[i] != 0) {
      if (table[i] == v) {
        return false;
      }
      i = (i + 1) & mask;
    }
    table[i] = v;
    if (table == slots) {
      size++;
    }
    return true;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    for (long v : old) {
      if (v != 0) {
        put(slots, v);
      }
    }
  }

  private static int mix(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
