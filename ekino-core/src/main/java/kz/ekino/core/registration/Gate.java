package kz.ekino.core.registration;

import java.util.Objects;
import java.util.regex.Pattern;
import kz.ekino.core.model.Bin;

/** An entrance scanner: the cinema it stands in and its own id ("hall-3", "main-door"). */
public record Gate(Bin cinema, String id) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

  public Gate {
    Objects.requireNonNull(cinema, "cinema");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("gate id must be 1 to 32 of A-Z a-z 0-9 . _ -, got '"
          + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'");
    }
  }
}
