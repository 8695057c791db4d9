package kz.ekino.registry;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the registry's single writer is doing, for metrics: the work queued and waiting now,
 * and the batches (group commits) taken so far with the work they held; the average batch is
 * {@code batchedWork / batches}, at most {@code maxBatch}. {@code batchesBySize} counts the
 * batches by size: each key is an upper bound (1, 2, 4, ... up to {@code maxBatch}), its value
 * the batches larger than the previous bound and at most this one (not cumulative).
 */
public record WriterStats(int queueDepth, long batches, long batchedWork, int maxBatch,
    SortedMap<Integer, Long> batchesBySize) {
  public WriterStats {
    batchesBySize = Collections.unmodifiableSortedMap(new TreeMap<>(batchesBySize));
  }
}
