package io.camstream.bench;

import io.vertx.core.json.JsonArray;

/**
 * Latencies in fixed buckets (0.1 ms up to 100 ms, then 1 ms up to 10 s) so that the
 * histograms of many viewers and processes add up exactly and percentiles stay honest.
 */
final class LatencyHistogram {
  private static final int FINE = 1000;
  private static final int COARSE = 9900;
  private final long[] counts = new long[FINE + COARSE + 1];
  private long total;

  void record(long micros) {
    counts[bucket(Math.max(0, micros))]++;
    total++;
  }

  private static int bucket(long micros) {
    if (micros < 100_000) {
      return (int) (micros / 100);
    }
    long ms = micros / 1000;
    return (int) Math.min(FINE + COARSE, FINE + ms - 100);
  }

  /** Upper edge of a bucket in milliseconds. */
  private static double upperMillis(int bucket) {
    return bucket < FINE ? (bucket + 1) / 10.0 : bucket - FINE + 101;
  }

  long count() {
    return total;
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  /** The latency in milliseconds below which {@code fraction} of the samples lie, or NaN when empty. */
  double percentileMillis(double fraction) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return upperMillis(i);
      }
    }
    return upperMillis(counts.length - 1);
  }

  /** Sparse form: [bucket, count, bucket, count, ...]. */
  JsonArray toJson() {
    JsonArray out = new JsonArray();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        out.add(i).add(counts[i]);
      }
    }
    return out;
  }

  static LatencyHistogram fromJson(JsonArray sparse) {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i + 1 < sparse.size(); i += 2) {
      int bucket = sparse.getInteger(i);
      long count = sparse.getLong(i + 1);
      h.counts[bucket] += count;
      h.total += count;
    }
    return h;
  }
}
