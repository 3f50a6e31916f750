package io.camstream.media;

import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The {@code media} section: where pictures, videos and media.db live, and how long a change
 * waits for another program's lock on media.db.
 */
public record MediaConfig(Path dir, long busyTimeoutMillis) {
  public static final long DEFAULT_BUSY_TIMEOUT_MILLIS = 5_000;

  public static MediaConfig from(JsonObject config) {
    ConfigSection s = new ConfigSection("", config).section("media");
    s.rejectUnknown("dir", "busyTimeoutSeconds");
    String dir = s.string("dir", "media");
    if (dir.isBlank()) {
      throw new io.camstream.config.ConfigException("media.dir is empty; give a folder, for example \"media\"");
    }
    // kept well under the 30 s a request waits for the library, so the user gets the "busy" answer, not a timeout
    double busy = s.decimal("busyTimeoutSeconds", DEFAULT_BUSY_TIMEOUT_MILLIS / 1000.0, 0, 20);
    return new MediaConfig(Path.of(dir).toAbsolutePath().normalize(), Math.round(busy * 1000));
  }

  public Path database() {
    return dir.resolve("media.db");
  }
}
