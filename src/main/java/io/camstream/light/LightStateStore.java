package io.camstream.light;

import io.camstream.config.StateFiles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last light state in a small JSON file so a restart shows the same light. Writes
 * go to a temporary file that is then renamed over the old one: a crash mid-write leaves
 * the previous state, never half a file. Blocking: call from a worker thread.
 */
final class LightStateStore {
  private static final Logger LOG = LoggerFactory.getLogger(LightStateStore.class);
  private final Path file;

  LightStateStore(Path file) {
    this.file = file.toAbsolutePath();
  }

  Path file() {
    return file;
  }

  LightState load() {
    if (!Files.exists(file)) {
      return LightState.initial();
    }
    try {
      return LightState.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | DecodeException | IllegalArgumentException e) {
      LOG.warn("cannot read the saved light state in {} ({}); starting with the light off", file, e.getMessage());
      return LightState.initial();
    }
  }

  void save(LightState state) throws IOException {
    StateFiles.replace(file, state.toJson().encode() + "\n", false);
  }
}
