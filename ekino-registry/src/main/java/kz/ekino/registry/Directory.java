package kz.ekino.registry;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.model.TerminalId;
import kz.ekino.registry.store.Records.TerminalKey;

/**
 * The registry's directory: cinemas with their halls and KATO codes, the state's register
 * of films (rental certificates), and the register of installations (terminals). Both are entered by the registry's operator, never by a
 * vendor, and every change is a log entry (CINEMA, FILM) written by the writer in the batch
 * it commits with; the tables are their projection. The maps here are what has committed.
 */
final class Directory {
  private final Map<Bin, Cinema> cinemas = new ConcurrentHashMap<>();
  private final Map<RentalCertificate, Film> films = new ConcurrentHashMap<>();
  private final Map<TerminalKey, Terminal> terminals = new ConcurrentHashMap<>();

  Directory(Map<Bin, Cinema> cinemas, Map<RentalCertificate, Film> films,
      Map<TerminalKey, Terminal> terminals) {
    this.cinemas.putAll(cinemas);
    this.films.putAll(films);
    this.terminals.putAll(terminals);
  }

  /**
   * Takes what {@code newer} read from storage (a standby that became the writer): entries
   * are added or replaced, never removed, so a reader never misses one that was there.
   */
  void update(Directory newer) {
    cinemas.putAll(newer.cinemas);
    films.putAll(newer.films);
    terminals.putAll(newer.terminals);
  }

  Optional<Terminal> terminal(Bin vendor, TerminalId id) {
    return Optional.ofNullable(terminals.get(new TerminalKey(vendor, id)));
  }

  java.util.List<Terminal> terminals() {
    return java.util.List.copyOf(terminals.values());
  }

  /** Work that logs a terminal of the register of installations. */
  EntryWork save(Terminal terminal) {
    return new EntryWork(new EntryBody.TerminalEntry(terminal), new CompletableFuture<>(), this);
  }

  Optional<Cinema> cinema(Bin bin) {
    return Optional.ofNullable(cinemas.get(bin));
  }

  Map<Bin, Cinema> all() {
    return Map.copyOf(cinemas);
  }

  Map<RentalCertificate, Film> films() {
    return Map.copyOf(films);
  }

  /** Work that logs a cinema; the in-memory directory changes only once it is committed. */
  EntryWork save(Cinema cinema) {
    return new EntryWork(new EntryBody.CinemaEntry(cinema), new CompletableFuture<>(), this);
  }

  /** Work that logs the trust list put in force (nothing if it is the last one logged). */
  EntryWork save(kz.ekino.core.trust.TrustList list) {
    return new EntryWork(new EntryBody.TrustListEntry(list), new CompletableFuture<>(), this);
  }

  /** Work that logs a film of the register. */
  EntryWork save(Film film) {
    return new EntryWork(new EntryBody.FilmEntry(film), new CompletableFuture<>(), this);
  }

  record EntryWork(EntryBody body, CompletableFuture<Long> done, Directory directory)
      implements BatchWriter.Work {
    @Override
    public Runnable apply(Ledger ledger, Instant now) throws SQLException {
      if (body instanceof EntryBody.TrustListEntry) {
        java.util.Optional<byte[]> last = ledger.records().newestEntryBody(body.kind());
        long serial = last.isPresent() && java.util.Arrays.equals(last.get(), body.encode())
            ? 0 : ledger.append(body, now);
        return () -> done.complete(serial);
      }
      long serial = ledger.append(body, now);
      if (body instanceof EntryBody.TerminalEntry te) {
        Terminal t = te.terminal();
        ledger.records().saveTerminal(t, serial);
        return () -> {
          directory.terminals.put(new TerminalKey(t.vendor(), t.id()), t);
          done.complete(serial);
        };
      }
      if (body instanceof EntryBody.CinemaEntry c) {
        ledger.records().saveCinema(c.cinema(), serial);
        return () -> {
          directory.cinemas.put(c.cinema().bin(), c.cinema());
          done.complete(serial);
        };
      }
      Film film = ((EntryBody.FilmEntry) body).film();
      ledger.records().saveFilm(film, serial);
      ledger.register(film);
      return () -> {
        directory.films.put(film.certificate(), film);
        done.complete(serial);
      };
    }
  }
}
