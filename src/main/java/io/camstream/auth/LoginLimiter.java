package io.camstream.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed password checks per client address in a sliding window; an address over the
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

  /** Milliseconds this address must still wait, 0 when it may try. */
  long waitMillis(String address, long now) {
    Deque<Long> times = failures.get(address);
    if (times == null) {
      return 0;
    }
    synchronized (times) {
      drop(times, now);
      return times.size() < attempts ? 0 : times.peekFirst() + windowMillis - now;
    }
  }

  void failed(String address, long now) {
    if (failures.size() >= MAX_ADDRESSES) {
      purge(now);
    }
    Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (times) {
      drop(times, now);
      times.addLast(now);
      while (times.size() > attempts) {
        times.removeFirst();
      }
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
