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
  private final Path legacyFile;

  /** @param legacyFile where an earlier version kept the state (null: none), moved to file at load */
  LightStateStore(Path file, Path legacyFile) {
    this.file = file.toAbsolutePath();
    this.legacyFile = legacyFile == null ? null : legacyFile.toAbsolutePath();
  }

  Path file() {
    return file;
  }

  LightState load() {
    moveLegacyFile();
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

  /**
   * An earlier version kept the state in media.dir; it moves to the new place once, as it is
   * (a damaged one too: load says so as for any file). The old file is removed, so media/
   * holds media only and no later start reads a stale copy.
   */
  private void moveLegacyFile() {
    if (legacyFile == null || !Files.isRegularFile(legacyFile)) {
      return;
    }
    try {
      if (Files.exists(file)) {
        LOG.info("the light state is kept in {} now; removing the old copy in {}", file, legacyFile);
      } else {
        StateFiles.replace(file, Files.readString(legacyFile, StandardCharsets.UTF_8), false);
        LOG.info("moved the saved light state from {} to {}", legacyFile, file);
      }
      Files.delete(legacyFile);
    } catch (IOException e) {
      LOG.warn("could not move the saved light state from {} to {} ({}); check both folders are writable",
          legacyFile, file, e.getMessage());
    }
  }

  void save(LightState state) throws IOException {
    StateFiles.replace(file, state.toJson().encode() + "\n", false);
  }
}
