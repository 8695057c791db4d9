package kz.ekino.registry;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import kz.ekino.registry.monitoring.BoxOfficeRow;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.monitoring.Shares;
import kz.ekino.registry.monitoring.SilentCinema;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.monitoring.UploadFlags;
import kz.ekino.registry.monitoring.UploadLag;
import kz.ekino.registry.store.StoreFailure;

/** The store's monitoring, with its failures as the registry's {@link StorageException}. */
final class MonitoringReads implements Monitoring {
  private final Monitoring store;

  MonitoringReads(Monitoring store) {
    this.store = store;
  }

  private static <T> T read(Supplier<T> report) {
    try {
      return report.get();
    } catch (StoreFailure e) {
      throw new StorageException("reading a monitoring report", e);
    }
  }

  @Override
  public List<BoxOfficeRow> boxOffice(Set<Dimension> groupBy, TimeRange range) {
    return read(() -> store.boxOffice(groupBy, range));
  }

  @Override
  public Shares shares(TimeRange range) {
    return read(() -> store.shares(range));
  }

  @Override
  public List<UploadLag> uploadLag(TimeRange range) {
    return read(() -> store.uploadLag(range));
  }

  @Override
  public List<UploadFlags> uploadFlags(TimeRange range) {
    return read(() -> store.uploadFlags(range));
  }

  @Override
  public List<SilentCinema> silentCinemas(Duration silence, Duration screeningLength) {
    return read(() -> store.silentCinemas(silence, screeningLength));
  }
}
