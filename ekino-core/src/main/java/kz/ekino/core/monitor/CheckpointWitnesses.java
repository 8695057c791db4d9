package kz.ekino.core.monitor;

import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;

/**
 * What a monitor requires of a checkpoint's cosignatures beyond the registry's signature: the
 * place where k of n witness cosignatures (C2SP tlog-cosignature) are checked. The monitor calls
 * it with the note exactly as received and the checkpoint the registry's key verified; a
 * checkpoint it throws for is reported as {@link Finding.Kind#NOT_WITNESSED} and is neither
 * checked further nor remembered.
 */
@FunctionalInterface
public interface CheckpointWitnesses {
  void check(String signedNote, Checkpoint checkpoint) throws CheckpointException;

  /** No cosignature required: the registry's signature alone. */
  static CheckpointWitnesses none() {
    return (note, checkpoint) -> { };
  }
}
