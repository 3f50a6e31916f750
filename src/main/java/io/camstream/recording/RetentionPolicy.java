package io.camstream.recording;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional storage cap: while media/ holds more than the cap, the oldest listed
 * recording is removed (file and row, announced on {@code camstream.media.events} with
 * reason "retention"). Pictures are kept; the recording being written is never touched.
 */
final class RetentionPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPolicy.class);
  /** Removing a recording deletes a file and its row: file work. */
  private final Control library;
  private final Path dir;
  private final RecordingConfig config;
  private boolean running;

  RetentionPolicy(Vertx vertx, Path dir, RecordingConfig config) {
    this.library = Control.of(vertx, Addresses.MEDIA_CONTROL).waitingForFileWork();
    this.dir = dir;
    this.config = config;
  }

  /** Cap in bytes, or 0 when there is none. */
  long capBytes() {
    long cap = config.storageCapBytes();
    if (config.storageCapPercent() > 0) {
      try {
        long share = (long) (Files.getFileStore(dir).getTotalSpace() * config.storageCapPercent() / 100);
        cap = cap == 0 ? share : Math.min(cap, share);
      } catch (IOException e) {
        LOG.warn("cannot read the size of the disk of {}: {}", dir, e.getMessage());
      }
    }
    return cap;
  }

  /** @param writing the file being recorded now, never removed (may be null) */
  void enforce(String writing) {
    long cap = capBytes();
    if (cap == 0 || running) {
      return;
    }
    running = true;
    library.send("list")
        .compose(reply -> {
          List<String> oldestFirst = new ArrayList<>();
          reply.getJsonArray("items").forEach(o -> {
            JsonObject item = (JsonObject) o;
            if ("video".equals(item.getString("kind")) && !item.getString("filename").equals(writing)) {
              oldestFirst.add(item.getString("filename"));
            }
          });
          return removeUntilUnder(cap, oldestFirst, 0);
        })
        .onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.warn("storage cap check failed: {}", ar.cause().getMessage());
          }
        });
  }

  private Future<Void> removeUntilUnder(long cap, List<String> candidates, int next) {
    long used = usedBytes();
    if (used <= cap || next >= candidates.size()) {
      if (used > cap) {
        LOG.warn("media/ holds {} MB, over the cap of {} MB, and no finished recording is left to remove",
            used / (1024 * 1024), cap / (1024 * 1024));
      }
      return Future.succeededFuture();
    }
    String victim = candidates.get(next);
    LOG.info("storage cap {} MB reached ({} MB used): removing the oldest recording {}", cap / (1024 * 1024),
        used / (1024 * 1024), victim);
    return library.send(new JsonObject().put("action", "remove").put("filename", victim).put("reason", "retention"))
        .compose(v -> removeUntilUnder(cap, candidates, next + 1), e -> removeUntilUnder(cap, candidates, next + 1));
  }

  private long usedBytes() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      return 0;
    }
  }
}
