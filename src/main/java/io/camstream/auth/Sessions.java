package io.camstream.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Browser sessions in memory: a random id in a cookie names a user and the user's epoch. */
final class Sessions {
  static final String COOKIE = "camstream_session";

  private record Session(String user, long epoch, long[] lastSeen) {
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
    sessions.put(id, new Session(user.name(), user.epoch(), new long[] {now}));
    return id;
  }

  /** The user name of a live session whose user still has the same epoch. */
  Optional<String> user(String id, UserStore store, long now) {
    Session session = id == null ? null : sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    Optional<User> user = store.user(session.user());
    if (session.lastSeen()[0] + idleMillis < now || user.isEmpty() || user.get().epoch() != session.epoch()) {
      sessions.remove(id);
      return Optional.empty();
    }
    session.lastSeen()[0] = now;
    return Optional.of(session.user());
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  void purge(long now) {
    sessions.values().removeIf(s -> s.lastSeen()[0] + idleMillis < now);
  }
}
