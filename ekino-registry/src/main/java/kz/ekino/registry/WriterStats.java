package kz.ekino.registry;

/**
 * What the registry's single writer is doing, for metrics: the work queued and waiting now,
 * and the batches (group commits) taken so far with the work they held; the average batch is
 * {@code batchedWork / batches}, at most {@code maxBatch}.
 */
public record WriterStats(int queueDepth, long batches, long batchedWork, int maxBatch) {}
