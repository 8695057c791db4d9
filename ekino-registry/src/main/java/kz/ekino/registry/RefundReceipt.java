package kz.ekino.registry;

import java.time.Instant;

/**
 * A registered refund: its own serial (a new log leaf), the sale it refunds, and when it was
 * registered. {@code alreadyRefunded} is true for a repeated refund of the same sale.
 */
public record RefundReceipt(long serial, long saleSerial, Instant registeredAt,
    boolean alreadyRefunded) {}
