package io.camstream.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way tests wait: for a condition, with a deadline, instead of sleeping a guessed
 * time. The failure names what was awaited and the last value seen.
 */
public final class Poll {
  private static final long INTERVAL_MILLIS = 50;

  private Poll() {
  }

  public static <T> T until(Duration timeout, String what, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      pause();
    }
    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last: " + last);
  }

  public static void until(Duration timeout, String what, BooleanSupplier done) {
    until(timeout, what, done::getAsBoolean, Boolean::booleanValue);
  }

  private static void pause() {
    try {
      Thread.sleep(INTERVAL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling", e);
    }
  }
}
