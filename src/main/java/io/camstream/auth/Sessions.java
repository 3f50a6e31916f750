package io.camstream.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Browser sessions in memory: a random id in a cookie names a user and the user's epoch. A
 * session held by an open socket ({@link #hold}) does not end for being idle.
 */
final class Sessions {
  static final String COOKIE = "camstream_session";

  private record Session(String user, long epoch, long[] lastSeen, AtomicInteger holds) {
    boolean idle(long now, long idleMillis) {
      return holds.get() == 0 && lastSeen[0] + idleMillis < now;
    }
  }

  private final long idleMillis;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  Sessions(long idleMillis) {
    this.idleMillis = idleMillis;
  }

  long idleMillis() {
    return idleMillis;
  }

  String open(User user, long now) {
    String id = PasswordHash.randomSecret(32);
    sessions.put(id, new Session(user.name(), user.epoch(), new long[] {now}, new AtomicInteger()));
    return id;
  }

  /** The user name of a live session whose user still has the same epoch. */
  Optional<String> user(String id, UserStore store, long now) {
    Session session = id == null ? null : sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    Optional<User> user = store.user(session.user());
    if (session.idle(now, idleMillis) || user.isEmpty() || user.get().epoch() != session.epoch()) {
      sessions.remove(id);
      return Optional.empty();
    }
    session.lastSeen()[0] = now;
    return Optional.of(session.user());
  }

  /**
   * Keeps the session from ending for being idle while a socket opened with it is open; the
   * returned action lets go (and counts as the session's last use). Nothing for an unknown id.
   */
  Runnable hold(String id) {
    Session session = id == null ? null : sessions.get(id);
    if (session == null) {
      return () -> { };
    }
    session.holds().incrementAndGet();
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        session.lastSeen()[0] = System.currentTimeMillis();
        session.holds().decrementAndGet();
      }
    };
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  void purge(long now) {
    sessions.values().removeIf(s -> s.idle(now, idleMillis));
  }
}
