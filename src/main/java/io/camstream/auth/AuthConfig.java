package io.camstream.auth;

import io.camstream.config.ConfigException;
import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** The {@code auth} section of the configuration. */
public record AuthConfig(boolean enabled, boolean allowAnonymousViewers, Path usersFile, String rebootKey,
    long sessionIdleMillis, int loginAttempts, long loginWindowMillis, int passwordIterations) {

  public static AuthConfig from(JsonObject config) {
    ConfigSection a = new ConfigSection("", config).section("auth");
    a.rejectUnknown("enabled", "allowAnonymousViewers", "usersFile", "rebootKey", "sessionHours", "loginAttempts",
        "loginWindowSeconds", "passwordIterations");
    String users = a.string("usersFile", "conf/users.json");
    if (users.isBlank()) {
      throw ConfigException.badValue("auth.usersFile", users, "give a file path, for example conf/users.json");
    }
    Path usersFile = Path.of(users).toAbsolutePath().normalize();
    String mediaDir = new ConfigSection("", config).section("media").string("dir", "media");
    if (usersFile.startsWith(Path.of(mediaDir).toAbsolutePath().normalize())) {
      throw ConfigException.badValue("auth.usersFile", users,
          "keep it outside media.dir, whose files are served over HTTP");
    }
    return new AuthConfig(
        a.bool("enabled", true),
        a.bool("allowAnonymousViewers", false),
        usersFile,
        a.string("rebootKey", ""),
        Math.round(a.decimal("sessionHours", 12, 0.01, 24 * 365) * 3_600_000),
        a.integer("loginAttempts", 10, 1, 1000),
        Math.round(a.decimal("loginWindowSeconds", 300, 1, 86_400) * 1000),
        a.integer("passwordIterations", 30_000, 10_000, 10_000_000));
  }

  /** Where browser sessions are kept between runs (as SHA-256 digests), beside the users file. */
  public Path sessionsFile() {
    return usersFile.resolveSibling("sessions.json");
  }
}
