package kz.ekino.core.log;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import kz.ekino.core.key.VerificationKey;

/**
 * Which witnesses a verifier or monitor trusts, and how many of them must have cosigned a
 * checkpoint before it is believed: {@code required} of {@code witnesses} (k of n).
 *
 * <p>Every witness has its own public key. A cosignature/v1 signs the checkpoint and the time,
 * not the witness's name, so one key under two names would let one signature be counted twice
 * (copied into a second line under the other name): such a quorum is refused when made.
 */
public record WitnessQuorum(int required, List<WitnessKey> witnesses) {
  public WitnessQuorum {
    witnesses = List.copyOf(witnesses);
    if (required < 1 || required > witnesses.size()) {
      throw new IllegalArgumentException("a quorum requires 1 to " + witnesses.size()
          + " cosignatures (the number of witnesses), not " + required);
    }
    Set<VerificationKey> keys = new HashSet<>();
    for (WitnessKey w : witnesses) {
      if (!keys.add(w.key())) {
        throw new IllegalArgumentException("witness " + w.name() + " shares its public key "
            + "with another witness of the quorum; each witness needs its own key");
      }
    }
  }

  /** {@code required} of the given witnesses. */
  public static WitnessQuorum of(int required, WitnessKey... witnesses) {
    return new WitnessQuorum(required, List.of(witnesses));
  }

  /** The witnesses' names, for messages. */
  String names() {
    return witnesses.stream().map(WitnessKey::name).collect(Collectors.joining(", "));
  }
}
