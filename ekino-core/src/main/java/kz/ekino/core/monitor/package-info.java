/**
 * An auditor that needs no database (docs/spec/export-v1.md): {@link LogMonitor} checks a
 * registry's log from its signed checkpoint and entries alone, remembers the checkpoints it
 * has seen ({@link MonitorState}) so that a registry showing another history is caught, and
 * recomputes box office from the entries ({@link BoxOfficeTally}) to compare it with what the
 * registry reports. {@link FilmStatement} is a rights holder's share of the same figures,
 * {@link OpenData} the public's (docs/spec/open-data-v1.md).
 * Everything here reads the log through {@link LogSource}: an export directory now, HTTP later.
 */
@NullMarked
package kz.ekino.core.monitor;

import org.jspecify.annotations.NullMarked;
