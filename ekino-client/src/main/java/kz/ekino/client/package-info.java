/**
 * The vendor's client of a registry: {@link kz.ekino.client.RegistryClient} (HTTP, retries)
 * and {@link kz.ekino.client.Outbox} (durable queue, PROVISIONAL tokens, background drainer).
 * See docs/client.md.
 */
@NullMarked
package kz.ekino.client;

import org.jspecify.annotations.NullMarked;
