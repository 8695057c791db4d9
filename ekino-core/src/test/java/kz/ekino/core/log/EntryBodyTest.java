package kz.ekino.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
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
