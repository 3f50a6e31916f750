package io.camstream.auth;

import io.camstream.bus.Addresses;
import io.camstream.bus.Timers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what: the users file, browser sessions, API tokens, password checks with a
 * per-address limit. One instance per server, shared by every HTTP instance and the TCP
 * bridge (all its state is thread-safe).
 */
public final class Security {
  private static final Logger LOG = LoggerFactory.getLogger(Security.class);
  private static final long VERIFIED_CACHE_MILLIS = 60_000;
  /** How often the users file is looked at: a change made by the user command reaches open sockets within it. */
  private static final long USERS_FILE_CHECK_MILLIS = 500;
  /** What an open socket is told when its user's proof no longer holds. */
  public static final String SIGN_IN_AGAIN = "your sign-in ended (signed out, password changed, user removed or "
      + "API token revoked); connect again with valid credentials";

  private final AuthConfig config;
  private final UserStore store;
  private final Sessions sessions;
  private final LoginLimiter limiter;
  /** Recently verified Basic credentials (keyed by an HMAC with a per-run key), so scripts need not pay PBKDF2 per request. */
  private final Map<String, long[]> verified = new ConcurrentHashMap<>();
  private Timers timers;
  private volatile Vertx vertx;
  private final SecretKeySpec cacheKey = new SecretKeySpec(
      PasswordHash.randomSecret(32).getBytes(StandardCharsets.US_ASCII), "HmacSHA256");

  public Security(AuthConfig config) {
    this.config = config;
    this.store = new UserStore(config.usersFile(), config.passwordIterations());
    this.sessions = new Sessions(config.enabled() ? config.sessionsFile() : null, config.sessionIdleMillis());
    this.limiter = new LoginLimiter(config.loginAttempts(), config.loginWindowMillis());
  }

  public AuthConfig config() {
    return config;
  }

  public UserStore store() {
    return store;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /**
   * Loads the users (creating the first admin when there is none) and the sessions kept from the
   * last run, then keeps watching the users file, forgetting ended sessions and writing the
   * sessions file when it is behind. Blocking file work runs off the event loop.
   */
  public Future<Void> start(Vertx vertx) {
    timers = new Timers(vertx);
    this.vertx = vertx;
    store.onChange(this::announceChange);
    if (!config.enabled()) {
      LOG.warn("access control is OFF (auth.enabled=false or --auth off): anyone who can reach this server may do anything");
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      store.load();
      store.createFirstAdminIfNone().ifPresent(password -> {
        // the console only: the log file is served to admins by /logs
        System.out.println("\n  camstream: first start, created user \"admin\" with password:\n\n      " + password
            + "\n\n  It is also in " + store.initialPasswordFile() + " (readable only by you).\n"
            + "  Sign in at /login and change it with the user command:\n"
            + "      java -jar camstream.jar user passwd admin                        (run by hand)\n"
            + "      sudo camstream user passwd admin                                 (installed with install.sh)\n"
            + "      docker compose exec camstream camstream user passwd admin        (Docker)\n");
        LOG.info("created the first user \"admin\"; its password was printed on the console and is in {}",
            store.initialPasswordFile());
      });
      long now = System.currentTimeMillis();
      sessions.load(store, now);
      saveSessionsIfDue(now);
      // the first PBKDF2 runs interpreted and is many times slower; pay it now, not at the first login
      PasswordHash.verify("warm-up", PasswordHash.create("warm-up", config.passwordIterations()));
      return null;
    }).<Void>mapEmpty().onSuccess(v -> timers.every(USERS_FILE_CHECK_MILLIS, id -> vertx.executeBlocking(() -> {
      reloadUsersIfChanged();
      return null;
    }).onFailure(e -> LOG.warn("{}", e.getMessage())))).onSuccess(v -> timers.every(2000, id -> vertx.executeBlocking(() -> {
      long now = System.currentTimeMillis();
      sessions.purge(store, now);
      saveSessionsIfDue(now);
      limiter.purge(now);
      verified.values().removeIf(expiry -> expiry[0] < now);
      return null;
    }).onFailure(e -> LOG.warn("{}", e.getMessage()))));
  }

  /**
   * Stops watching the users file and purging sessions, and writes the sessions as they are
   * now, so the next run knows when each was last used (the server calls it when it stops).
   */
  public Future<Void> stop() {
    if (timers != null) {
      timers.cancelAll();
    }
    Vertx running = vertx;
    if (running == null || !config.enabled()) {
      return Future.succeededFuture();
    }
    return running.<Void>executeBlocking(() -> {
      long now = System.currentTimeMillis();
      // a server nobody signed in to leaves no file behind
      if (sessions.any() || sessions.saveDue(now)) {
        sessions.save(now);
      }
      return null;
    }).recover(e -> Future.succeededFuture());
  }

  private void saveSessionsIfDue(long now) {
    if (sessions.saveDue(now)) {
      sessions.save(now);
    }
  }

  /** The identity of whoever sent these credentials; a failed future holds an {@link AuthFailure}. */
  public Future<Identity> identify(Vertx vertx, String authorization, String sessionId, String address) {
    if (!config.enabled()) {
      return Future.succeededFuture(new Identity("", Role.ADMIN, "auth off"));
    }
    if (authorization != null && !authorization.isBlank()) {
      return fromAuthorization(vertx, authorization.trim(), address);
    }
    long now = System.currentTimeMillis();
    Optional<User> user = sessions.user(sessionId, store, now).flatMap(store::user);
    if (user.isPresent()) {
      return Future.succeededFuture(new Identity(user.get().name(), user.get().role(), "session", sessionId,
          user.get().epoch()));
    }
    return Future.succeededFuture(Identity.anonymous(anonymousRole()));
  }

  /** The role of whoever sends no credentials. */
  public Role anonymousRole() {
    return !config.enabled() ? Role.ADMIN : config.allowAnonymousViewers() ? Role.VIEWER : Role.NONE;
  }

  /**
   * The role an identity proved earlier holds now, for sockets that outlive the request that
   * opened them: the user's current role, or NONE once the session ended (signed out), the
   * password changed, the API token was revoked or the user was removed.
   */
  public Role currentRole(Identity identity) {
    if (!config.enabled() || !identity.signedIn()) {
      return identity.role();
    }
    Optional<User> user = switch (identity.via()) {
      case "session" -> sessions.user(identity.proof(), store, System.currentTimeMillis()).flatMap(store::user);
      case "token" -> store.userOfTokenDigest(identity.proof());
      case "basic" -> store.user(identity.name()).filter(u -> u.epoch() == identity.epoch());
      default -> Optional.empty();
    };
    return user.filter(u -> u.name().equals(identity.name())).map(User::role).orElse(Role.NONE);
  }

  /**
   * Keeps the session of a socket's identity from ending for being idle while the socket is
   * open; run the returned action when it closes.
   */
  public Runnable hold(Identity identity) {
    return "session".equals(identity.via()) ? sessions.hold(identity.proof()) : () -> { };
  }

  /**
   * Runs the action on the calling verticle's context after every change of users or sessions
   * (made here at once, by the user command within {@value #USERS_FILE_CHECK_MILLIS} ms), so
   * open sockets check their user again. It stops with that verticle.
   */
  public void onChange(Vertx vertx, Runnable action) {
    vertx.eventBus().localConsumer(Addresses.USERS_CHANGED, m -> action.run());
  }

  /** Reads the users file again when it changed on disk (the user command, an editor); blocking. */
  private void reloadUsersIfChanged() {
    if (store.reloadIfChanged()) {
      verified.clear();
      LOG.info("users file {} changed; reloaded", store.file());
    }
  }

  private void announceChange() {
    Vertx running = vertx;
    if (running != null) {
      running.eventBus().publish(Addresses.USERS_CHANGED, null, new DeliveryOptions().setLocalOnly(true));
    }
  }

  private Future<Identity> fromAuthorization(Vertx vertx, String authorization, String address) {
    int space = authorization.indexOf(' ');
    String scheme = space < 0 ? authorization : authorization.substring(0, space);
    String value = space < 0 ? "" : authorization.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer")) {
      String digest = UserStore.sha256(value);
      Optional<User> owner = store.userOfTokenDigest(digest);
      // a token the user command made a moment ago: read a changed users file now, not at the next check
      Future<Optional<User>> found = owner.isPresent() ? Future.succeededFuture(owner)
          : vertx.executeBlocking(() -> {
            reloadUsersIfChanged();
            return store.userOfTokenDigest(digest);
          }, false);
      return found.compose(u -> u.map(user -> Future.succeededFuture(new Identity(user.name(), user.role(), "token", digest,
          user.epoch()))).orElseGet(() -> Future.failedFuture(AuthFailure.wrong("unknown API token"))));
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      String pair;
      try {
        pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(AuthFailure.wrong("Basic credentials must be base64 of user:password"));
      }
      int colon = pair.indexOf(':');
      if (colon < 0) {
        return Future.failedFuture(AuthFailure.wrong("Basic credentials must be base64 of user:password"));
      }
      return checkPassword(vertx, pair.substring(0, colon), pair.substring(colon + 1), address)
          .map(u -> new Identity(u.name(), u.role(), "basic", null, u.epoch()));
    }
    return Future.failedFuture(AuthFailure.wrong("use Authorization: Basic or Bearer"));
  }

  /** Checks a password off the event loop, within the per-address limit of failed attempts. */
  public Future<User> checkPassword(Vertx vertx, String name, String password, String address) {
    long now = System.currentTimeMillis();
    String cacheEntry = cacheKey(name, password);
    long[] expiry = verified.get(cacheEntry);
    Optional<User> known = store.user(name);
    if (expiry != null && expiry[0] > now && known.isPresent() && known.get().epoch() == expiry[1]) {
      return Future.succeededFuture(known.get());
    }
    LoginLimiter.Slot slot = limiter.reserve(address, now);
    if (slot.refused()) {
      return Future.failedFuture(new AuthFailure(429,
          "too many failed sign-ins from your address; try again in " + slot.waitSeconds() + " s", slot.waitSeconds()));
    }
    return vertx.executeBlocking(() -> {
      // a user or password the user command changed a moment ago counts at once
      reloadUsersIfChanged();
      return store.verify(name, password);
    }, false).compose(user -> {
      if (user.isEmpty()) {
        LOG.info("failed sign-in as \"{}\" from {}", printable(name), address);
        return Future.failedFuture(AuthFailure.wrong("wrong user name or password"));
      }
      limiter.release(slot);
      verified.put(cacheEntry, new long[] {System.currentTimeMillis() + VERIFIED_CACHE_MILLIS, user.get().epoch()});
      return Future.succeededFuture(user.get());
    });
  }

  /**
   * The /reboot and /shutdown {@code key}: the configured auth.rebootKey or an admin's password,
   * within the same limit of failed attempts.
   */
  public Future<Identity> checkRebootKey(Vertx vertx, String key, String address) {
    LoginLimiter.Slot slot = limiter.reserve(address, System.currentTimeMillis());
    if (slot.refused()) {
      return Future.failedFuture(new AuthFailure(429, "too many wrong keys; try again in " + slot.waitSeconds() + " s",
          slot.waitSeconds()));
    }
    if (!config.rebootKey().isEmpty() && MessageDigest.isEqual(
        config.rebootKey().getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
      limiter.release(slot);
      return Future.succeededFuture(new Identity("reboot key", Role.ADMIN, "key"));
    }
    return vertx.executeBlocking(() -> {
      store.reloadIfChanged();
      for (User user : store.all()) {
        if (user.role() == Role.ADMIN && PasswordHash.verify(key, user.passwordHash())) {
          return Optional.of(user);
        }
      }
      return Optional.<User>empty();
    }, false).compose(admin -> {
      if (admin.isEmpty()) {
        LOG.info("wrong reboot/shutdown key from {}", address);
        return Future.failedFuture(AuthFailure.wrong("wrong key"));
      }
      limiter.release(slot);
      return Future.succeededFuture(new Identity(admin.get().name(), Role.ADMIN, "key"));
    });
  }

  /** A new session for the user, answered once it is in the sessions file (or writing it failed and was logged). */
  Future<String> openSession(Vertx vertx, User user) {
    return vertx.executeBlocking(() -> {
      long now = System.currentTimeMillis();
      String id = sessions.open(user, now);
      sessions.save(now);
      return id;
    }, false);
  }

  /** Ends a session (signing out), in the sessions file too, and checks the open sockets again. */
  Future<Void> closeSession(Vertx vertx, String id) {
    return vertx.<Void>executeBlocking(() -> {
      sessions.close(id);
      saveSessionsIfDue(System.currentTimeMillis());
      return null;
    }, false).onComplete(v -> announceChange());
  }

  /**
   * Changes the signed-in user's own password after checking the current one (within the limit
   * of failed attempts). Every other sign-in of that user ends; the session it was made in stays.
   * A failed future holds an {@link AuthFailure} (wrong current password, too many attempts) or
   * an IllegalArgumentException saying what is wrong with the new password.
   */
  Future<Void> changeOwnPassword(Vertx vertx, Identity identity, String current, String next, String address) {
    try {
      UserStore.checkPassword(next);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return checkPassword(vertx, identity.name(), current, address).compose(user -> vertx.<Void>executeBlocking(() -> {
      boolean inSession = "session".equals(identity.via());
      // the store's lock: nobody else changes the user between reading its epoch and the change
      synchronized (store) {
        User now = store.user(identity.name()).filter(u -> u.epoch() == user.epoch())
            .orElseThrow(() -> AuthFailure.wrong("your sign-in ended while changing the password; sign in again"));
        if (inSession) {
          sessions.carryOver(identity.proof(), now.epoch(), now.epoch() + 1);
        }
        try {
          store.setPassword(now.name(), next);
        } catch (RuntimeException e) {
          if (inSession) {
            sessions.carryOver(identity.proof(), now.epoch(), 0);
          }
          throw e;
        }
      }
      long now = System.currentTimeMillis();
      sessions.purge(store, now);
      saveSessionsIfDue(now);
      LOG.info("user \"{}\" changed their password; their other sign-ins ended", identity.name());
      return null;
    }, false));
  }

  private String cacheKey(String name, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(cacheKey);
      return Base64.getEncoder().encodeToString(mac.doFinal((name + '\0' + password).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String printable(String text) {
    String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
