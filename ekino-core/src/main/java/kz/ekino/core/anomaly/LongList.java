package kz.ekino.core.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A growable array of longs: serials and times without a boxed object each. */
final class LongList {
  private long[] values = new long[4];
  private int size;

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  long get(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return values[i];
  }

  void set(int i, long v) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    values[i] = v;
  }

  int size() {
    return size;
  }

  /** The first {@code limit} values, boxed. */
  List<Long> head(int limit) {
    int n = Math.min(limit, size);
    List<Long> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(values[i]);
    }
    return out;
  }
}
