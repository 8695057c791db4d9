package kz.ekino.core.testing;

import java.time.Instant;
import java.util.Arrays;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.submission.v1.SaleCbor;
import org.jspecify.annotations.Nullable;

/**
 * Submission payloads written by hand around the samples, so that tests can put anything where
 * docs/spec/submission-v2.md and schedule-v1.md put a counter, a day or a kind.
 */
public final class Payloads {
  private Payloads() {}

  /** {1: terminal, 2: sequence, ?3: previous} with {@code entries} in the map's header. */
  public static byte[] counter(int entries, String terminal, long sequence,
      byte @Nullable [] previous) {
    CborWriter w = new CborWriter().writeMapHeader(entries).writeUint(1).writeText(terminal)
        .writeUint(2).writeUint(sequence);
    if (previous != null) {
      w.writeUint(3).writeBytes(previous);
    }
    return w.toByteArray();
  }

  /** The typical sale as version 2 with {@code counterMap} as key 9, whatever it holds. */
  public static byte[] saleWithCounter(byte[] counterMap) {
    return withCounter(SaleCbor.encode(Samples.sale()), 0xa9, 9, counterMap);
  }

  /** The sample refund as version 2 with {@code counterMap} as key 7. */
  public static byte[] refundWithCounter(byte[] counterMap) {
    return withCounter(SaleCbor.encode(Samples.refund()), 0xa7, 7, counterMap);
  }

  /** {0: 1, …} becomes {0: 2, …, key: counterMap}: one more entry, the counter last. */
  private static byte[] withCounter(byte[] v1, int header, int key, byte[] counterMap) {
    if ((v1[0] & 0xff) != header || v1[1] != 0 || v1[2] != 1) {
      throw new IllegalStateException("the sample is no longer a version 1 map of "
          + (header - 0xa0));
    }
    byte[] out = Arrays.copyOf(v1, v1.length + 1 + counterMap.length);
    out[0] = (byte) (header + 1);
    out[2] = 2;
    out[v1.length] = (byte) key;
    System.arraycopy(counterMap, 0, out, v1.length + 1, counterMap.length);
    return out;
  }

  /** A schedule head signed when the sample day without screenings was. */
  public static CborMap schedule(int kind) {
    return schedule(kind, Samples.dayWithoutScreenings().signedAt());
  }

  /** The head every schedule document shares: version 1, kind, the sample vendor, signedAt. */
  public static CborMap schedule(int kind, Instant signedAt) {
    return CborMap.of().with(0, w -> w.writeUint(1)).with(1, w -> w.writeUint(kind))
        .with(2, w -> w.writeUint(Samples.VENDOR.toNumber()))
        .with(3, w -> w.writeUint(signedAt.getEpochSecond()));
  }

  /** The sample day without screenings with its day written as {@code day}. */
  public static byte[] dayOff(String day) {
    return schedule(2, Samples.dayWithoutScreenings().signedAt())
        .with(4, w -> w.writeUint(Samples.CINEMA.toNumber()))
        .with(5, w -> w.writeText(day)).encode();
  }

  /** The sample cancellation, entry by entry. */
  public static CborMap cancellation() {
    return schedule(1, Samples.cancellation().signedAt())
        .with(4, w -> w.writeUint(Samples.CINEMA.toNumber()))
        .with(5, w -> w.writeText(Samples.cancellation().screening().value()))
        .with(6, w -> w.writeText(Samples.cancellation().reason()));
  }

  /** The sample correction, entry by entry. */
  public static CborMap correction() {
    var c = Samples.correction();
    return CborMap.of().with(0, w -> w.writeUint(1))
        .with(1, w -> w.writeUint(c.saleSerial())).with(2, w -> w.writeText(c.ticketId().value()))
        .with(3, w -> w.writeUint(c.vendor().toNumber()))
        .with(4, w -> w.writeUint(c.correctedAt().getEpochSecond()))
        .with(5, w -> w.writeUint(c.priceTiyn())).with(6, w -> w.writeText(c.reason()));
  }
}
