package io.camstream.bench;

import java.time.Instant;

/**
 * What the viewers of one event loop share: the latency histogram of the measuring window
 * and a wall clock that costs no allocation per frame (nanoTime offset from one Instant).
 */
final class LoopStats {
  final LatencyHistogram latency = new LatencyHistogram();
  boolean measuring;
  private final long baseEpochMicros;
  private final long baseNanos;

  LoopStats() {
    Instant now = Instant.now();
    baseNanos = System.nanoTime();
    baseEpochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  long nowEpochMicros() {
    return baseEpochMicros + (System.nanoTime() - baseNanos) / 1000;
  }
}
