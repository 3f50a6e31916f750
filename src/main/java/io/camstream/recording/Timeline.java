package io.camstream.recording;

/**
 * Where each frame goes in one part of a recording. An AVI has one constant frame rate, so
 * frames the camera skipped (a stall, a busy CPU) would make everything after them play
 * early. Each frame's place is worked out from its capture time; when the file has fallen
 * three or more frames behind it, the previous picture is repeated to catch up. A lag of up
 * to two frames is left alone: a camera that delivers late frames in a burst (stamped late,
 * none lost) must not gain frames. The timeline runs at the configured rate unless the
 * camera's average rate over five seconds or more is clearly different (a camera slower
 * than asked), then at that average.
 */
final class Timeline {
  /** Longer camera outages are not filled: the recording simply continues after them. */
  static final double MAX_FILLED_SECONDS = 5;
  private static final long[] NO_REPEATS = {};

  private final double cameraFps;
  /** Frames in the part so far, repeats included. */
  private long placed;
  private long previousNanos;
  private long firstNanos;
  private long delivered;
  private double anchorIntervalNanos;
  private long anchorNanos;
  private long anchorIndex;

  /** @param cameraFps the rate the camera was asked for */
  Timeline(double cameraFps) {
    this.cameraFps = cameraFps;
  }

  /**
   * Places the next frame the camera delivered. Answers the capture times to give the
   * copies of the previous frame's picture that go before it, usually none.
   */
  long[] place(long captureNanos) {
    if (placed == 0) {
      anchorIntervalNanos = 1e9 / cameraFps;
      anchorNanos = captureNanos;
      anchorIndex = 0;
      firstNanos = captureNanos;
      delivered = 1;
      return placedAfter(NO_REPEATS, captureNanos);
    }
    delivered++;
    if (delivered > 5 * cameraFps) {
      double nominal = 1e9 / cameraFps;
      double measured = (captureNanos - firstNanos) / (double) (delivered - 1);
      double interval = Math.abs(measured - nominal) > 0.1 * nominal ? measured : nominal;
      if (Math.abs(interval - anchorIntervalNanos) > 0.05 * anchorIntervalNanos) {
        anchorIntervalNanos = interval;
        anchorNanos = previousNanos;
        anchorIndex = placed - 1;
      }
    }
    long due = anchorIndex + Math.round((captureNanos - anchorNanos) / anchorIntervalNanos);
    long missing = due - placed;
    if (missing < 3) {
      return placedAfter(NO_REPEATS, captureNanos);
    }
    long[] repeats = new long[(int) Math.min(missing, Math.round(MAX_FILLED_SECONDS * cameraFps))];
    for (int k = 1; k <= repeats.length; k++) {
      repeats[k - 1] = previousNanos + Math.round(k * anchorIntervalNanos);
    }
    return placedAfter(repeats, captureNanos);
  }

  private long[] placedAfter(long[] repeats, long captureNanos) {
    placed += repeats.length + 1;
    previousNanos = captureNanos;
    return repeats;
  }
}
