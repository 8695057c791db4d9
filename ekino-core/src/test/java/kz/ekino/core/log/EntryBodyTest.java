package kz.ekino.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.KatoCode;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.model.TerminalId;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.testing.Samples;
import org.junit.jupiter.api.Test;

class EntryBodyTest {
  private static final Cinema CINEMA = new Cinema(Samples.CINEMA, "Kinopark 8", KatoCode.of(
      "751110000"), List.of(new Hall(HallId.of("B"), "Hall B", 80),
          new Hall(HallId.of("A"), "Hall A", 120)));

  @Test
  void everyKindRoundTripsAndKeepsItsKindInTheLeaf() {
    List<EntryBody> bodies = List.of(
        new EntryBody.Admission(7, Samples.VENDOR, "T-1", new Gate(Samples.CINEMA, "north-1")),
        new EntryBody.FilmEntry(Samples.film()),
        new EntryBody.CinemaEntry(CINEMA),
        new EntryBody.Correction("court order 12/3", new byte[] {1, 2, 3}),
        new EntryBody.TerminalEntry(new Terminal(Samples.VENDOR, TerminalId.of("box-1"),
            Samples.CINEMA, "Kassa Pro", "4.2.1")));
    for (EntryBody body : bodies) {
      byte[] bytes = body.encode();
      EntryBody back = EntryBody.decode(body.kind(), bytes);
      assertThat(back).isEqualTo(body);
      assertThat(back.encode()).isEqualTo(bytes);
      LogEntry entry = new LogEntry(3, Instant.ofEpochSecond(1_800_000_000L), body.kind(),
          bytes);
      assertThat(LogEntry.decode(entry.encode())).isEqualTo(entry);
      assertThat(LogEntry.Kind.ofCode(body.kind().code())).isEqualTo(body.kind());
    }
  }

  /** docs/spec/log-v1.md §2.1, the TERMINAL example, byte for byte. */
  @Test
  void terminalEntriesHaveFixedBytes() {
    EntryBody body = new EntryBody.TerminalEntry(new Terminal(Samples.VENDOR,
        TerminalId.of("KP8-BOX-03"), Samples.CINEMA, "Kassa Pro", "4.2.1"));
    assertThat(HexFormat.of().formatHex(body.encode())).isEqualTo("a6" + "0001"
        + "011b000000dae4b5f481" + "026a4b50382d424f582d3033" + "031b0000000bac93b3d6"
        + "04694b617373612050726f" + "0565342e322e31");
    byte[] extraKey = Arrays.copyOf(body.encode(), body.encode().length + 2);
    extraKey[0] = (byte) 0xa7;
    extraKey[extraKey.length - 2] = 6;
    assertThatThrownBy(() -> EntryBody.decode(LogEntry.Kind.TERMINAL, extraKey))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a map of 6");
    assertThatThrownBy(() -> EntryBody.decode(LogEntry.Kind.SCHEDULE, body.encode()))
        .hasMessageContaining("vendor submission");
  }

  @Test
  void hallsAreEncodedInOneOrderWhateverTheirOrderInTheCinema() {
    Cinema reversed = new Cinema(CINEMA.bin(), CINEMA.name(), CINEMA.kato(),
        List.of(CINEMA.halls().get(1), CINEMA.halls().get(0)));
    assertThat(new EntryBody.CinemaEntry(reversed).encode())
        .isEqualTo(new EntryBody.CinemaEntry(CINEMA).encode());
  }

  @Test
  void aBodyIsReadOnlyAsItsOwnKindAndOnlyWhole() {
    byte[] admission = new EntryBody.Admission(7, Samples.VENDOR, "T-1",
        new Gate(Samples.CINEMA, "g")).encode();
    assertThatThrownBy(() -> EntryBody.decode(LogEntry.Kind.FILM, admission))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FILM");
    assertThatThrownBy(() -> EntryBody.decode(LogEntry.Kind.SALE, admission))
        .hasMessageContaining("vendor submission");
    byte[] longer = Arrays.copyOf(admission, admission.length + 1);
    assertThatThrownBy(() -> EntryBody.decode(LogEntry.Kind.ADMISSION, longer))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] shorter = Arrays.copyOf(admission, admission.length - 1);
    assertThatThrownBy(() -> EntryBody.decode(LogEntry.Kind.ADMISSION, shorter))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unsortedOrRepeatedHallsAreRefused() {
    byte[] unsorted = new CborWriter().writeMapHeader(5).writeUint(0).writeUint(1)
        .writeUint(1).writeUint(Samples.CINEMA.toNumber()).writeUint(2).writeText("K")
        .writeUint(3).writeText("751110000").writeUint(4).writeArrayHeader(2)
        .writeArrayHeader(3).writeText("B").writeText("b").writeUint(10)
        .writeArrayHeader(3).writeText("A").writeText("a").writeUint(10).toByteArray();
    assertThatThrownBy(() -> EntryBody.decode(LogEntry.Kind.CINEMA, unsorted))
        .hasMessageContaining("sorted");
  }

  @Test
  void aCorrectionNeedsAReasonAPersonCanRead() {
    assertThatThrownBy(() -> new EntryBody.Correction(" ", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EntryBody.Correction("a\u0000b", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EntryBody.Correction("ok", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
