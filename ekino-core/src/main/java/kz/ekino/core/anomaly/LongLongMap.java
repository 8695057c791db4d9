package kz.ekino.core.anomaly;

/**
 * A map from long to long by open addressing with linear probing: 16 to 32 bytes an entry
 * where a {@code HashMap<Long, Long>} takes about 80. Entries are never removed; zero keys are
 * kept apart so that an empty slot needs no marker.
 */
final class LongLongMap {
  private long[] keys = new long[16];
  private long[] values = new long[16];
  private int size;
  private boolean hasZero;
  private long zeroValue;

  /** The value of {@code key}, or {@code missing}. */
  long get(long key, long missing) {
    if (key == 0) {
      return hasZero ? zeroValue : missing;
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; keys[i] != 0; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return values[i];
      }
    }
    return missing;
  }

  void put(long key, long value) {
    if (key == 0) {
      hasZero = true;
      zeroValue = value;
      return;
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    if (insert(keys, values, key, value)) {
      size++;
    }
  }

  private static boolean insert(long[] keys, long[] values, long key, long value) {
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (keys[i] != 0) {
      if (keys[i] == key) {
        values[i] = value;
        return false;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    return true;
  }

  private void grow() {
    long[] k = new long[keys.length * 2];
    long[] v = new long[keys.length * 2];
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        insert(k, v, keys[i], values[i]);
      }
    }
    keys = k;
    values = v;
  }

  private static int mix(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
