package io.camstream.auth;

import io.camstream.config.StateFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sessions: a random id in a cookie names a user and the user's epoch. Known only by
 * the SHA-256 of that id, in memory and in the sessions file, so the file signs nobody in. A
 * session ends after being idle for the configured time; one held by an open socket
 * ({@link #hold}) does not. With a file, sessions survive a restart of the server: file work is
 * blocking, so {@link #load} and {@link #save} run off the event loop.
 */
final class Sessions {
  static final String COOKIE = "camstream_session";
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static final class Session {
    final String user;
    volatile long epoch;
    /** The epoch of a password change this session survives (its user's own), or 0. */
    volatile long carriedEpoch;
    volatile long lastSeen;
    /** The lastSeen the file holds. */
    volatile long savedLastSeen;
    final AtomicInteger holds = new AtomicInteger();

    Session(String user, long epoch, long lastSeen) {
      this.user = user;
      this.epoch = epoch;
      this.lastSeen = lastSeen;
    }

    /** When it was last used; now while a socket holds it. */
    long seen(long now) {
      return holds.get() > 0 ? now : lastSeen;
    }

    boolean idle(long now, long idleMillis) {
      return seen(now) + idleMillis < now;
    }

    boolean validFor(Optional<User> user) {
      return user.isPresent() && (user.get().epoch() == epoch || (carriedEpoch != 0 && user.get().epoch() == carriedEpoch));
    }
  }

  private final Path file;
  private final long idleMillis;
  /** How stale the file's lastSeen may get before it is written again: a use is not worth a write. */
  private final long lastSeenSlackMillis;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  /** Sessions were added or removed since the file was written. */
  private final AtomicBoolean changed = new AtomicBoolean();
  private String writeProblem;

  /** @param file where sessions are kept between runs, or null to keep them in memory only */
  Sessions(Path file, long idleMillis) {
    this.file = file;
    this.idleMillis = idleMillis;
    this.lastSeenSlackMillis = Math.max(1000, Math.min(300_000, idleMillis / 20));
  }

  long idleMillis() {
    return idleMillis;
  }

  String open(User user, long now) {
    String id = PasswordHash.randomSecret(32);
    sessions.put(UserStore.sha256(id), new Session(user.name(), user.epoch(), now));
    changed.set(true);
    return id;
  }

  /** The user name of a live session whose user still has the same epoch. */
  Optional<String> user(String id, UserStore store, long now) {
    String key = key(id);
    Session session = key == null ? null : sessions.get(key);
    if (session == null) {
      return Optional.empty();
    }
    if (session.idle(now, idleMillis) || !session.validFor(store.user(session.user))) {
      remove(key);
      return Optional.empty();
    }
    session.lastSeen = now;
    return Optional.of(session.user);
  }

  /**
   * Keeps the session from ending for being idle while a socket opened with it is open; the
   * returned action lets go (and counts as the session's last use). Nothing for an unknown id.
   */
  Runnable hold(String id) {
    String key = key(id);
    Session session = key == null ? null : sessions.get(key);
    if (session == null) {
      return () -> { };
    }
    session.holds.incrementAndGet();
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        session.lastSeen = System.currentTimeMillis();
        session.holds.decrementAndGet();
      }
    };
  }

  void close(String id) {
    String key = key(id);
    if (key != null) {
      remove(key);
    }
  }

  /**
   * Lets the session {@code id} live on when its user's epoch goes from {@code from} to
   * {@code to} (the user changing their own password in it); the others of that user end.
   * {@link #purge} settles it once the change is made; {@code to} 0 takes it back (the change failed).
   */
  void carryOver(String id, long from, long to) {
    String key = key(id);
    Session session = key == null ? null : sessions.get(key);
    if (session != null && session.epoch == from) {
      session.carriedEpoch = to;
    }
  }

  /** Forgets idle sessions and those of users removed or whose password changed. */
  void purge(UserStore store, long now) {
    sessions.forEach((key, session) -> {
      Optional<User> user = store.user(session.user);
      long carried = session.carriedEpoch;
      // a change still being made keeps its carry; one made, or overtaken by another, settles it
      if (carried != 0 && (user.isEmpty() || user.get().epoch() >= carried)) {
        if (user.isPresent() && user.get().epoch() == carried) {
          session.epoch = carried;
        }
        session.carriedEpoch = 0;
      }
      if (session.idle(now, idleMillis) || !session.validFor(user)) {
        remove(key);
      }
    });
  }

  boolean any() {
    return !sessions.isEmpty();
  }

  /** Whether the file is behind: sessions came or went, or one was used well after the file says. */
  boolean saveDue(long now) {
    return file != null && (changed.get()
        || sessions.values().stream().anyMatch(s -> s.seen(now) - s.savedLastSeen >= lastSeenSlackMillis));
  }

  /**
   * Reads the sessions file, keeping the sessions still live for users that still have the
   * same epoch. A missing file is no session; an unreadable or damaged one is logged once and
   * replaced at the next save, and the server starts with no sessions.
   */
  synchronized void load(UserStore store, long now) {
    if (file == null) {
      return;
    }
    JsonArray stored;
    try {
      stored = new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).getJsonArray("sessions");
      if (stored == null) {
        throw new IllegalArgumentException("it has no \"sessions\" list");
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | RuntimeException e) {
      // one line: a parser's message goes on with where in the file it stopped
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").trim();
      LOG.warn("cannot read the sessions file {} ({}); starting with no sessions, so browsers sign in again",
          file, why);
      changed.set(true);
      return;
    }
    int dropped = 0;
    for (Object entry : stored) {
      Session session = entry instanceof JsonObject json ? fromJson(json) : null;
      String key = session == null ? null : ((JsonObject) entry).getString("sha256");
      if (session == null || session.idle(now, idleMillis) || !session.validFor(store.user(session.user))) {
        dropped++;
        continue;
      }
      sessions.put(key, session);
    }
    if (dropped > 0) {
      changed.set(true);
    }
    LOG.info("{} browser session(s) kept from the last run ({} ended or unusable, dropped)", sessions.size(), dropped);
  }

  private static Session fromJson(JsonObject json) {
    try {
      String key = json.getString("sha256");
      String user = json.getString("user");
      Long epoch = json.getLong("epoch");
      Long lastSeen = json.getLong("lastSeen");
      if (key == null || !SHA256.matcher(key).matches() || user == null || epoch == null || lastSeen == null) {
        return null;
      }
      Session session = new Session(user, epoch, lastSeen);
      session.savedLastSeen = lastSeen;
      return session;
    } catch (ClassCastException e) {
      return null;
    }
  }

  /**
   * Writes the live sessions (idle ones left out) over the file, atomically and readable by the
   * owner only. A failure is logged once, not per write, and sessions go on in memory.
   */
  synchronized void save(long now) {
    if (file == null) {
      return;
    }
    changed.set(false);
    JsonArray list = new JsonArray();
    Map<Session, Long> written = new java.util.HashMap<>();
    sessions.forEach((key, session) -> {
      if (!session.idle(now, idleMillis)) {
        long seen = session.seen(now);
        written.put(session, seen);
        list.add(new JsonObject().put("sha256", key).put("user", session.user).put("epoch", session.epoch)
            .put("lastSeen", seen));
      }
    });
    try {
      StateFiles.replace(file, new JsonObject().put("sessions", list).encodePrettily() + "\n", true);
      written.forEach((session, seen) -> session.savedLastSeen = seen);
      if (writeProblem != null) {
        LOG.info("the sessions file {} is written again", file);
        writeProblem = null;
      }
    } catch (IOException e) {
      changed.set(true);
      String problem = String.valueOf(e.getMessage());
      if (!problem.equals(writeProblem)) {
        LOG.warn("cannot write the sessions file {} ({}); sessions go on, but a restart will end them", file, problem);
        writeProblem = problem;
      }
    }
  }

  private void remove(String key) {
    if (sessions.remove(key) != null) {
      changed.set(true);
    }
  }

  private static String key(String id) {
    return id == null || id.isEmpty() ? null : UserStore.sha256(id);
  }
}
