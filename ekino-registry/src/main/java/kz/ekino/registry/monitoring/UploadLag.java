package kz.ekino.registry.monitoring;

import java.time.Duration;
import java.util.Optional;
import kz.ekino.core.model.Bin;

/**
 * How late sales reached the registry (registered-at minus sold-at), per cinema or overall
 * (empty cinema). Percentiles are nearest-rank.
 */
public record UploadLag(Optional<Bin> cinema, long sales, Duration p50, Duration p95,
    Duration max) {}
