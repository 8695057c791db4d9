package kz.ekino.core.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A cinema: the legal entity's BIN, its name, where it is, and its halls. */
public record Cinema(Bin bin, String name, KatoCode kato, List<Hall> halls) {
  public static final int MAX_HALLS = 100;

  public Cinema {
    Objects.requireNonNull(bin, "bin");
    Objects.requireNonNull(kato, "kato");
    Text.humanText("cinema name", name, 128);
    halls = List.copyOf(halls);
    if (halls.isEmpty() || halls.size() > MAX_HALLS) {
      throw new IllegalArgumentException(
          "a cinema has 1 to " + MAX_HALLS + " halls, got " + halls.size());
    }
    Set<HallId> seen = new HashSet<>();
    for (Hall h : halls) {
      if (!seen.add(h.id())) {
        throw new IllegalArgumentException("hall id '" + h.id() + "' appears twice in " + name);
      }
    }
  }

  public Region region() {
    return kato.region();
  }

  public Optional<Hall> hall(HallId id) {
    return halls.stream().filter(h -> h.id().equals(id)).findFirst();
  }
}
