package io.camstream.auth;

import io.camstream.config.StateFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users file: accounts with roles, password hashes and API token digests. Readers see an
 * immutable snapshot; changes rewrite the whole file atomically, readable by the owner only.
 * Changes made by {@code camstream user ...} while the server runs are picked up by
 * {@link #reloadIfChanged()}.
 */
public final class UserStore {
  private final Path file;
  private final int iterations;
  private volatile Map<String, User> users = Map.of();
  private volatile Map<String, String> tokenOwners = Map.of();
  private volatile FileTime loadedModified;
  private volatile String dummyHash;
  private volatile Runnable changed = () -> { };

  public UserStore(Path file, int iterations) {
    this.file = file;
    this.iterations = iterations;
  }

  /** Runs after every change of the users, made here or read from the file (on the thread that made it). */
  public void onChange(Runnable action) {
    changed = action;
  }

  public Path file() {
    return file;
  }

  /** The file holding the first admin's password, beside the users file. */
  public Path initialPasswordFile() {
    return file.resolveSibling("admin-password.txt");
  }

  public synchronized void load() {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      FileTime modified = Files.getLastModifiedTime(file);
      Map<String, User> read = new LinkedHashMap<>();
      JsonArray array = new JsonObject(text).getJsonArray("users", new JsonArray());
      for (Object o : array) {
        User user = User.fromJson((JsonObject) o);
        read.put(user.name(), user);
      }
      publish(read);
      loadedModified = modified;
    } catch (NoSuchFileException e) {
      publish(new LinkedHashMap<>());
      loadedModified = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the users file " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the users file " + file + " is damaged (" + e.getMessage()
          + "); fix it or move it away to start with a new admin account", e);
    }
  }

  /** Reloads when the file changed on disk; returns whether it did. */
  public synchronized boolean reloadIfChanged() {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      modified = null;
    }
    if (modified == null ? loadedModified == null : modified.equals(loadedModified)) {
      return false;
    }
    load();
    return true;
  }

  /**
   * On a first start (no user at all) creates {@code admin} with a random password, writes the
   * password to {@link #initialPasswordFile()} and returns it; empty when users exist.
   */
  public synchronized Optional<String> createFirstAdminIfNone() {
    if (!users.isEmpty()) {
      return Optional.empty();
    }
    String password = PasswordHash.randomSecret(15);
    put(new User("admin", Role.ADMIN, PasswordHash.create(password, iterations), 1, List.of()));
    writePrivate(initialPasswordFile(), "admin password created " + Instant.now() + ":\n" + password + "\n");
    return Optional.of(password);
  }

  public Optional<User> user(String name) {
    return Optional.ofNullable(name == null ? null : users.get(name));
  }

  public List<User> all() {
    return List.copyOf(users.values());
  }

  /** The owner of an API token, found by the token's digest. */
  public Optional<User> userOfToken(String token) {
    return userOfTokenDigest(sha256(token));
  }

  Optional<User> userOfTokenDigest(String digest) {
    String owner = digest == null ? null : tokenOwners.get(digest);
    return owner == null ? Optional.empty() : user(owner);
  }

  /** Checks a password; slow on purpose, never call it on an event loop. */
  public Optional<User> verify(String name, String password) {
    Optional<User> user = user(name);
    if (user.isEmpty()) {
      // same work as a real check, so timing does not tell which names exist
      PasswordHash.verify(password, dummyHash());
      return Optional.empty();
    }
    return PasswordHash.verify(password, user.get().passwordHash()) ? user : Optional.empty();
  }

  private String dummyHash() {
    String hash = dummyHash;
    if (hash == null) {
      hash = PasswordHash.create(PasswordHash.randomSecret(16), iterations);
      dummyHash = hash;
    }
    return hash;
  }

  public synchronized User add(String name, Role role, String password) {
    User.checkName(name);
    checkPassword(password);
    if (users.containsKey(name)) {
      throw new IllegalArgumentException("user " + name + " exists already; use passwd to change its password");
    }
    User user = new User(name, role, PasswordHash.create(password, iterations), 1, List.of());
    put(user);
    return user;
  }

  public synchronized User setPassword(String name, String password) {
    checkPassword(password);
    User old = existing(name);
    User user = new User(name, old.role(), PasswordHash.create(password, iterations), old.epoch() + 1, old.tokens());
    put(user);
    try {
      if (old.role() == Role.ADMIN) {
        Files.deleteIfExists(initialPasswordFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return user;
  }

  public synchronized User setRole(String name, Role role) {
    User old = existing(name);
    checkKeepsAnAdmin(old, role);
    // same epoch: sessions and sockets keep going and act with the new role from now on
    User user = new User(name, role, old.passwordHash(), old.epoch(), old.tokens());
    put(user);
    return user;
  }

  public synchronized void remove(String name) {
    User old = existing(name);
    checkKeepsAnAdmin(old, null);
    Map<String, User> next = new LinkedHashMap<>(users);
    next.remove(name);
    save(next);
  }

  /** Creates an API token for the user and returns its secret, shown only this once. */
  public synchronized String newToken(String name) {
    User old = existing(name);
    String secret = "cst_" + PasswordHash.randomSecret(32);
    List<User.Token> tokens = new ArrayList<>(old.tokens());
    tokens.add(new User.Token(PasswordHash.randomSecret(6), sha256(secret), Instant.now().toString()));
    put(new User(name, old.role(), old.passwordHash(), old.epoch(), tokens));
    return secret;
  }

  public synchronized void revokeTokens(String name) {
    User old = existing(name);
    put(new User(name, old.role(), old.passwordHash(), old.epoch(), List.of()));
  }

  private void checkKeepsAnAdmin(User old, Role newRole) {
    if (old.role() == Role.ADMIN && newRole != Role.ADMIN
        && users.values().stream().filter(u -> u.role() == Role.ADMIN).count() == 1) {
      throw new IllegalArgumentException("user " + old.name() + " is the last admin; make another admin first");
    }
  }

  private User existing(String name) {
    return user(name).orElseThrow(() -> new IllegalArgumentException("no user " + name));
  }

  /** The rules for a new password, the same for the user command, /api/users and /api/me/password. */
  static void checkPassword(String password) {
    if (password == null || password.length() < 8 || password.length() > 1024) {
      throw new IllegalArgumentException("a password has 8 to 1024 characters");
    }
  }

  private void put(User user) {
    Map<String, User> next = new LinkedHashMap<>(users);
    next.put(user.name(), user);
    save(next);
  }

  private void save(Map<String, User> next) {
    JsonArray array = new JsonArray();
    next.values().forEach(u -> array.add(u.toJson()));
    writePrivate(file, new JsonObject().put("users", array).encodePrettily() + "\n");
    publish(next);
    try {
      loadedModified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      loadedModified = null;
    }
  }

  private void publish(Map<String, User> next) {
    Map<String, String> owners = new LinkedHashMap<>();
    next.values().forEach(u -> u.tokens().forEach(t -> owners.put(t.sha256(), u.name())));
    users = Collections.unmodifiableMap(next);
    tokenOwners = Collections.unmodifiableMap(owners);
    changed.run();
  }

  /** Writes a file readable by its owner only (0600), replacing it atomically. */
  static void writePrivate(Path target, String text) {
    try {
      StateFiles.replace(target, text, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
