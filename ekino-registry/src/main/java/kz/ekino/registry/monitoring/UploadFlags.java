package kz.ekino.registry.monitoring;

import java.util.Optional;
import kz.ekino.core.model.Bin;

/**
 * What a cinema's sales registered in a range show about its uploads: how many were
 * registered after their screening had started (late), and how many described their film
 * otherwise than the state's register (a film the register does not hold, or other metadata).
 * Specimen tickets are not counted. An empty cinema is the overall row.
 */
public record UploadFlags(Optional<Bin> cinema, long sales, long late, long filmNotRegistered,
    long filmDiffers) {}
