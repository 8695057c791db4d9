package kz.ekino.registry;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;

/**
 * The registry's directory of cinemas and their halls: kept in the database, read once at
 * open, and changed through the writer so that a change commits with the batch it is in.
 */
final class Directory {
  private final Map<Bin, Cinema> cinemas = new ConcurrentHashMap<>();

  Directory(Map<Bin, Cinema> loaded) {
    cinemas.putAll(loaded);
  }

  Optional<Cinema> cinema(Bin bin) {
    return Optional.ofNullable(cinemas.get(bin));
  }

  Map<Bin, Cinema> all() {
    return Map.copyOf(cinemas);
  }

  /** Work that saves a cinema; the in-memory directory changes only once it is committed. */
  CinemaWork save(Cinema cinema) {
    return new CinemaWork(cinema, new CompletableFuture<>(), cinemas);
  }

  record CinemaWork(Cinema cinema, CompletableFuture<Boolean> done, Map<Bin, Cinema> cinemas)
      implements BatchWriter.Work {
    @Override
    public Runnable apply(Ledger ledger, Instant now) throws SQLException {
      ledger.records().saveCinema(cinema);
      return () -> {
        cinemas.put(cinema.bin(), cinema);
        done.complete(Boolean.TRUE);
      };
    }
  }
}
