package io.camstream.media;

import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** The {@code media} section: where pictures, videos and media.db live. */
public record MediaConfig(Path dir) {

  public static MediaConfig from(JsonObject config) {
    ConfigSection s = new ConfigSection("", config).section("media");
    s.rejectUnknown("dir");
    String dir = s.string("dir", "media");
    if (dir.isBlank()) {
      throw new io.camstream.config.ConfigException("media.dir is empty; give a folder, for example \"media\"");
    }
    return new MediaConfig(Path.of(dir).toAbsolutePath().normalize());
  }

  public Path database() {
    return dir.resolve("media.db");
  }
}
