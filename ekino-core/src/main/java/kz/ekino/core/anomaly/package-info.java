/**
 * Anomaly rules over the registry's log (docs/anomalies.md): {@link AnomalyEngine} folds log
 * entries in serial order and reports, for an instant, the {@link Anomaly anomalies} its
 * {@link AnomalyRules} find — counter gaps, forks and rollbacks of selling terminals,
 * over-capacity, undeclared screenings, late uploads, refunds after the start, silent
 * terminals, bulk purchases, ghost screenings — with evidence, together with each vendor's
 * counter completeness per day and each cinema's declared screenings and sales per day. It is a
 * pure function of the log, the instant and the thresholds: anomalies are derived again, never
 * stored, so nobody can delete one.
 */
@NullMarked
package kz.ekino.core.anomaly;

import org.jspecify.annotations.NullMarked;
