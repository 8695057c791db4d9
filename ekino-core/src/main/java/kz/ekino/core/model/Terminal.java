package kz.ekino.core.model;

import java.util.Objects;

/**
 * A selling point in the registry's register of installations: which vendor's terminal it is,
 * the cinema it sells for, and the ticketing software (name and version) it runs. Submissions
 * carrying a terminal id the register does not hold for that vendor and cinema are refused.
 */
public record Terminal(Bin vendor, TerminalId id, Bin cinema, String software,
    String softwareVersion) {
  public Terminal {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(cinema, "cinema");
    Text.humanText("software name", software, 64);
    Text.identifier("software version", softwareVersion, 32);
  }
}
