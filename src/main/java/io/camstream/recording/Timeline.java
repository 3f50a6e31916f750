package io.camstream.recording;

/**
 * Where each frame goes in a recording. An AVI has one constant frame rate, so frames the
 * camera skipped (a stall, a busy CPU) would make everything after them play early. Each
 * frame's place is worked out from its capture time; when the file has fallen three or
 * more frames behind it, the previous picture is repeated to catch up. A lag of up to two
 * frames is left alone: a camera that delivers late frames in a burst (stamped late, none
 * lost) must not gain frames; and when frames that were only late arrive after repeats
 * already filled their places (a catch-up burst within a second of the repeats), they are
 * left out, so the file does not run ahead of the camera's clock. The timeline runs at the configured rate unless the camera's
 * average rate over five seconds or more is clearly different (a camera slower than asked),
 * then at that average; the gaps that were filled do not count in that average.
 *
 * <p>An outage longer than {@link #MAX_FILLED_SECONDS} gets that many seconds of repeats and
 * the rest is left out: the file's times ({@link Placement}) run on from there, so the file
 * keeps the camera's rate instead of stretching its frames over the outage.
 */
final class Timeline {
  /** Longer camera outages are not filled: the recording simply continues after them. */
  static final double MAX_FILLED_SECONDS = 5;
  private static final long[] NO_REPEATS = {};

  /**
   * The times on the file's timeline of the repeats to write before a frame, usually none,
   * and of the frame itself. They equal capture times until an outage was left out.
   */
  record Placement(long[] repeatNanos, long frameNanos, boolean leftOut) {}

  private final double cameraFps;
  private final long maxRepeats;
  /** Frames placed so far, repeats included. */
  private long placed;
  private long delivered;
  /** Capture time the file's timeline has left out, the part of outages not filled. */
  private long leftOutNanos;
  private long previousNanos;
  /** The frame intervals the camera kept, every gap that brought repeats left out. */
  private long keptIntervalsNanos;
  private long keptIntervals;
  private double anchorIntervalNanos;
  private long anchorNanos;
  private long anchorIndex;
  /** Repeats that late frames may still pay back, and until how many frames are placed. */
  private long owed;
  private long owedUntilPlaced;

  /** @param cameraFps the rate the camera was asked for */
  Timeline(double cameraFps) {
    this.cameraFps = cameraFps;
    this.maxRepeats = Math.round(MAX_FILLED_SECONDS * cameraFps);
  }

  /** Places the next frame the camera delivered, by its capture time. */
  Placement place(long captureNanos) {
    long nanos = captureNanos - leftOutNanos;
    if (placed == 0) {
      anchorIntervalNanos = 1e9 / cameraFps;
      anchorAt(nanos, 0);
      delivered = 1;
      return placedAfter(NO_REPEATS, nanos);
    }
    delivered++;
    if (delivered > 5 * cameraFps && keptIntervals > 0) {
      followMeasuredRate();
    }
    long due = anchorIndex + Math.round((nanos - anchorNanos) / anchorIntervalNanos);
    long missing = due - placed;
    if (missing < 0 && owed > 0 && placed < owedUntilPlaced) {
      // this frame's place went to a repeat: it was late, not lost
      owed--;
      return new Placement(NO_REPEATS, nanos, true);
    }
    if (missing < 3) {
      keptIntervalsNanos += nanos - previousNanos;
      keptIntervals++;
      return placedAfter(NO_REPEATS, nanos);
    }
    long[] repeats = new long[(int) Math.min(missing, maxRepeats)];
    for (int k = 1; k <= repeats.length; k++) {
      repeats[k - 1] = previousNanos + Math.round(k * anchorIntervalNanos);
    }
    owed = repeats.length;
    owedUntilPlaced = placed + repeats.length + 1 + Math.round(cameraFps);
    if (missing > maxRepeats) {
      // the rest of the outage is left out: this frame comes one interval after the last repeat
      long frameNanos = previousNanos + Math.round((repeats.length + 1) * anchorIntervalNanos);
      leftOutNanos += nanos - frameNanos;
      nanos = frameNanos;
      anchorAt(nanos, placed + repeats.length);
    }
    return placedAfter(repeats, nanos);
  }

  /** Capture time this timeline left out so far: the parts of outages longer than {@link #MAX_FILLED_SECONDS}. */
  long leftOutNanos() {
    return leftOutNanos;
  }

  /** Follows the camera's own average rate once it is clearly not the rate asked for. */
  private void followMeasuredRate() {
    double nominal = 1e9 / cameraFps;
    double measured = keptIntervalsNanos / (double) keptIntervals;
    // a clock that stood still or ran back measures nothing useful
    double interval = measured > 0 && Math.abs(measured - nominal) > 0.1 * nominal ? measured : nominal;
    if (Math.abs(interval - anchorIntervalNanos) > 0.05 * anchorIntervalNanos) {
      anchorIntervalNanos = interval;
      anchorAt(previousNanos, placed - 1);
    }
  }

  private void anchorAt(long nanos, long index) {
    anchorNanos = nanos;
    anchorIndex = index;
  }

  private Placement placedAfter(long[] repeats, long nanos) {
    placed += repeats.length + 1;
    previousNanos = nanos;
    return new Placement(repeats, nanos, false);
  }
}
