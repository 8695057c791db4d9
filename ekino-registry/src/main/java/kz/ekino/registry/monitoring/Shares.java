package kz.ekino.registry.monitoring;

/** The shares the state tracks: Kazakh-language screenings and national films. */
public record Shares(Share kazakhTickets, Share kazakhTiyn, Share nationalTickets,
    Share nationalTiyn) {}
