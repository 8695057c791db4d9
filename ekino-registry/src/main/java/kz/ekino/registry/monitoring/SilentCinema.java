package kz.ekino.registry.monitoring;

import java.time.Instant;
import java.util.Optional;
import kz.ekino.core.model.Bin;

/** A cinema with screenings running now that has registered nothing for too long. */
public record SilentCinema(Bin cinema, String name, Optional<Instant> lastRegistration,
    long runningScreenings) {}
