/**
 * A transparency-log witness (c2sp.org/tlog-witness): it cosigns a log's checkpoint only when
 * it is consistent with the last one it cosigned for that log, and remembers that one durably.
 * Verifiers check cosignatures with {@code Checkpoint.parseCosigned} in {@code kz.ekino.core.log}.
 */
@NullMarked
package kz.ekino.core.witness;

import org.jspecify.annotations.NullMarked;
