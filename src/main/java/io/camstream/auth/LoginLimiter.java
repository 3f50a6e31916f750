package io.camstream.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts password checks that failed or are still running per client address in a sliding window; an address over the
 * limit must wait until its oldest failure leaves the window. Shared by every HTTP instance
 * and the TCP bridge, so the limit holds whatever the door.
 */
final class LoginLimiter {
  private static final int MAX_ADDRESSES = 10_000;
  private final int attempts;
  private final long windowMillis;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  LoginLimiter(int attempts, long windowMillis) {
    this.attempts = attempts;
    this.windowMillis = windowMillis;
  }

  /**
   * Takes a slot for one password check before it starts, so checks in flight count against
   * the limit (a burst of guesses cannot all pass the check before the first one fails).
   *
   * @return the slot to {@link #release} when the password was right, or empty with the
   *     milliseconds this address must still wait
   */
  Slot reserve(String address, long now) {
    if (failures.size() >= MAX_ADDRESSES) {
      purge(now);
    }
    Slot[] slot = new Slot[1];
    // compute() holds the entry, so purge() cannot drop this address's list between the check and the add
    failures.compute(address, (a, times) -> {
      Deque<Long> list = times == null ? new ArrayDeque<>() : times;
      synchronized (list) {
        drop(list, now);
        if (list.size() >= attempts) {
          slot[0] = new Slot(address, null, list.peekFirst() + windowMillis - now);
        } else {
          Long taken = now;
          list.addLast(taken);
          slot[0] = new Slot(address, taken, 0);
        }
      }
      return list;
    });
    return slot[0];
  }

  /** Gives back the slot of a check that succeeded; a failed check keeps it until the window passes. */
  void release(Slot slot) {
    Deque<Long> times = slot.taken() == null ? null : failures.get(slot.address());
    if (times != null) {
      synchronized (times) {
        times.removeFirstOccurrence(slot.taken());
      }
    }
  }

  /** A reserved check, or a refusal when {@code waitMillis} is above 0. */
  record Slot(String address, Long taken, long waitMillis) {
    boolean refused() {
      return taken == null;
    }

    long waitSeconds() {
      return Math.max(1, (waitMillis + 999) / 1000);
    }
  }

  void purge(long now) {
    failures.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        drop(e.getValue(), now);
        return e.getValue().isEmpty();
      }
    });
  }

  private void drop(Deque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() + windowMillis <= now) {
      times.removeFirst();
    }
  }
}
