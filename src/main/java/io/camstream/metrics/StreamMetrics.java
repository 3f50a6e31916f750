package io.camstream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the M-JPEG viewers get: parts written, parts skipped for slow viewers (in total and
 * per viewer, recorded when a viewer leaves), and how long a frame took from capture to
 * being handed to a viewer's socket. Meters are thread-safe: every HTTP event loop shares them.
 */
public final class StreamMetrics {
  private final Counter served;
  private final Counter dropped;
  private final DistributionSummary droppedPerViewer;
  private final Timer sendLatency;

  StreamMetrics(MeterRegistry registry) {
    served = Counter.builder("camstream.frames.served")
        .description("M-JPEG parts written to viewers").register(registry);
    dropped = Counter.builder("camstream.frames.dropped")
        .description("frames skipped because a viewer's connection was still busy").register(registry);
    droppedPerViewer = DistributionSummary.builder("camstream.viewer.frames.dropped")
        .description("frames skipped per viewer, recorded when the viewer disconnects (le 0.5 means none)")
        .serviceLevelObjectives(0.5, 1, 10, 100, 1000, 10_000, 100_000)
        .register(registry);
    sendLatency = Timer.builder("camstream.frame.send.latency")
        .description("from capture to the part being written to a viewer's connection")
        .serviceLevelObjectives(ms(1), ms(2), ms(5), ms(10), ms(20), ms(50), ms(100), ms(200), ms(500), ms(1000))
        .register(registry);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** A part was written to a viewer at {@code nowNanos}, for a frame captured at {@code captureNanos}. */
  public void served(long captureNanos, long nowNanos) {
    served.increment();
    sendLatency.record(nowNanos - captureNanos, TimeUnit.NANOSECONDS);
  }

  public void dropped() {
    dropped.increment();
  }

  public void viewerLeft(long droppedFrames) {
    droppedPerViewer.record(droppedFrames);
  }
}
