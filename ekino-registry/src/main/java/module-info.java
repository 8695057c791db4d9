/**
 * ekino-registry: the engine a state registry runs. Registers vendor-signed sales durably,
 * keeps an RFC 9162 Merkle log with signed checkpoints, records refunds and admissions, and
 * answers monitoring queries. Storage is JDBC: SQLite (embedded) or PostgreSQL.
 */
module kz.ekino.registry {
  requires transitive kz.ekino.core;
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  requires static transitive org.jspecify;

  exports kz.ekino.registry;
  exports kz.ekino.registry.log;
  exports kz.ekino.registry.monitoring;
}
