/**
 * The registry on HTTP: {@link kz.ekino.server.RegistryServer} serves a
 * {@link kz.ekino.registry.Registry} under {@code /api/v1} in the JSON documents of
 * docs/spec/registry-api-v1.md (docs/server.md lists the routes and statuses).
 */
@NullMarked
package kz.ekino.server;

import org.jspecify.annotations.NullMarked;
