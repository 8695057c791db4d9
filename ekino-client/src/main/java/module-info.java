/**
 * ekino-client: what a ticketing vendor embeds to reach a registry. {@code RegistryClient}
 * speaks the HTTP API (docs/server.md) with timeouts, bounded answers and retries; the
 * {@code Outbox} signs and registers sales, and keeps selling through an outage with
 * PROVISIONAL tokens while the sales wait durably in a local SQLite file.
 */
module kz.ekino.client {
  requires transitive kz.ekino.core;
  requires java.net.http;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  requires com.fasterxml.jackson.databind;
  requires static transitive org.jspecify;

  exports kz.ekino.client;
}
