/**
 * What crosses the wire between a registry and its clients (vendors, scanners, auditors):
 * registration receipts, refusals, ticket status and admissions. No storage, no drivers; the
 * JSON form is {@code kz.ekino.core.json.v1.RegistryJson} (docs/spec/registry-api-v1.md).
 */
@NullMarked
package kz.ekino.core.registration;

import org.jspecify.annotations.NullMarked;
