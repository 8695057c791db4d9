package kz.ekino.server;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.ekino.registry.Registry;
import kz.ekino.registry.WriterStats;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.monitoring.UploadLag;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /metrics} in the Prometheus text format, through the Prometheus Java client
 * (docs/server.md, "Metrics"): submissions by kind and outcome (the refusal's code), request
 * latency per route, the writer's queue depth and batches, and the upload lag of the last hour.
 * One registry of metrics per server: nothing global.
 */
final class ServerMetrics {
  /** The request attribute a submission route leaves: its kind ("sale", "refund", ...). */
  static final String KIND = "ekino.kind";
  /** The request attribute a submission route leaves: "REGISTERED", "REPEATED" or a refusal. */
  static final String OUTCOME = "ekino.outcome";
  /** The upload lag on /metrics covers sales registered in this last stretch of time. */
  static final Duration LAG_WINDOW = Duration.ofHours(1);

  private final PrometheusRegistry metrics = new PrometheusRegistry();
  private final Counter submissions;
  private final Histogram latency;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  ServerMetrics(Registry registry, Clock clock) {
    submissions = Counter.builder().name("ekino_submissions_total")
        .help("Submissions answered, by kind (sale, refund, schedule, correction) and outcome "
            + "(REGISTERED, REPEATED, or the refusal's code)")
        .labelNames("kind", "outcome").register(metrics);
    latency = Histogram.builder().name("ekino_http_request_duration_seconds")
        .help("Time from a request reaching its route to its answer, by route and status")
        .labelNames("method", "route", "status")
        .classicOnly()
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
            10)
        .register(metrics);
    GaugeWithCallback.builder().name("ekino_writer_queue_depth")
        .help("Work queued for the registry's single writer and not yet in a batch")
        .callback(cb -> stats(registry).ifPresent(s -> cb.call((double) s.queueDepth())))
        .register(metrics);
    CounterWithCallback.builder().name("ekino_writer_batches_total")
        .help("Batches (group commits) the writer has taken")
        .callback(cb -> stats(registry).ifPresent(s -> cb.call((double) s.batches())))
        .register(metrics);
    CounterWithCallback.builder().name("ekino_writer_batched_work_total")
        .help("Work items in those batches; batched_work / batches is the average batch size")
        .callback(cb -> stats(registry).ifPresent(s -> cb.call((double) s.batchedWork())))
        .register(metrics);
    metrics.register(() -> batchSizes(registry));
    GaugeWithCallback.builder().name("ekino_writer_max_batch")
        .help("The most work items one batch takes")
        .callback(cb -> stats(registry).ifPresent(s -> cb.call((double) s.maxBatch())))
        .register(metrics);
    GaugeWithCallback.builder().name("ekino_log_size")
        .help("Entries in the transparency log")
        .callback(cb -> cb.call((double) registry.size()))
        .register(metrics);
    GaugeWithCallback.builder().name("ekino_upload_lag_seconds")
        .help("Upload lag (registered minus sold) of sales registered in the last hour, "
            + "nearest-rank quantiles over all cinemas (0.5, 0.95, 1 = max)")
        .labelNames("quantile")
        .callback(cb -> {
          @Nullable UploadLag overall = overallLag(registry, clock);
          if (overall != null) {
            cb.call(seconds(overall.p50()), "0.5");
            cb.call(seconds(overall.p95()), "0.95");
            cb.call(seconds(overall.max()), "1");
          }
        })
        .register(metrics);
    GaugeWithCallback.builder().name("ekino_upload_lag_sales")
        .help("Sales registered in the last hour (the upload lag's population)")
        .callback(cb -> {
          @Nullable UploadLag overall = overallLag(registry, clock);
          if (overall != null) {
            cb.call((double) overall.sales());
          }
        })
        .register(metrics);
  }

  /**
   * The writer's batch sizes as a histogram ({@code ekino_writer_batch_size}), from the counts
   * the writer keeps by power of two; empty for a read-only registry.
   */
  private static MetricSnapshot batchSizes(Registry registry) {
    HistogramSnapshot.Builder h = HistogramSnapshot.builder().name("ekino_writer_batch_size")
        .help("Work items per batch (group commit) of the registry's single writer");
    Optional<WriterStats> stats = stats(registry);
    if (stats.isPresent()) {
      WriterStats s = stats.get();
      List<Double> bounds = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      s.batchesBySize().forEach((bound, count) -> {
        bounds.add((double) bound);
        counts.add(count);
      });
      bounds.add(Double.POSITIVE_INFINITY);
      counts.add(0L);
      HistogramSnapshot.HistogramDataPointSnapshot.Builder point =
          HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts));
      point.sum((double) s.batchedWork());
      h.dataPoint(point.build());
    }
    return h.build();
  }

  private static Optional<WriterStats> stats(Registry registry) {
    try {
      return registry.writerStats();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static @Nullable UploadLag overallLag(Registry registry, Clock clock) {
    Instant now = clock.instant();
    try {
      List<UploadLag> lags = registry.monitoring().uploadLag(new TimeRange(
          now.minus(LAG_WINDOW), now.plusSeconds(1)));
      for (UploadLag l : lags) {
        if (l.cinema().isEmpty()) {
          return l;
        }
      }
    } catch (RuntimeException e) {
      // storage away: the scrape goes on without the lag
    }
    return null;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  /** Counts a request that reached a route, once answered. */
  void observe(Context ctx, long startNanos) {
    String route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
    latency.labelValues(ctx.method().name(), route, Integer.toString(ctx.statusCode()))
        .observe((System.nanoTime() - startNanos) / 1e9);
    Object kind = ctx.attribute(KIND);
    Object outcome = ctx.attribute(OUTCOME);
    if (kind != null && outcome != null) {
      submissions.labelValues(kind.toString(), outcome.toString()).inc();
    }
  }

  void scrape(Context ctx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    writer.write(out, metrics.scrape());
    ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(out.toByteArray());
  }
}
