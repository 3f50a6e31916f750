package io.camstream.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Space on the disk holding the media folder, read at each scrape (one statvfs call), so an
 * alert can fire before recordings stop for want of room. NaN while no folder is known or
 * it cannot be read.
 */
public final class MediaDiskMetrics {
  private volatile Path dir;

  MediaDiskMetrics(MeterRegistry registry) {
    gauge(registry, "camstream.media.disk.free", "bytes this server may still write on the disk holding media.dir",
        true);
    gauge(registry, "camstream.media.disk.total", "size of the disk holding media.dir", false);
  }

  /** The media folder whose disk the gauges report. */
  public void readFrom(Path mediaDir) {
    this.dir = mediaDir;
  }

  private void gauge(MeterRegistry registry, String name, String description, boolean free) {
    Gauge.builder(name, this, m -> m.bytes(free)).description(description).baseUnit("bytes").register(registry);
  }

  private double bytes(boolean free) {
    Path folder = dir;
    if (folder == null) {
      return Double.NaN;
    }
    try {
      FileStore store = Files.getFileStore(folder);
      return free ? store.getUsableSpace() : store.getTotalSpace();
    } catch (IOException e) {
      return Double.NaN;
    }
  }
}
