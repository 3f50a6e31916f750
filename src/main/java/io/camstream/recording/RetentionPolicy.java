package io.camstream.recording;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.media.MediaDates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional storage cap: while media/ holds more than the cap, the oldest listed
 * recording is removed (file and row, announced on {@code camstream.media.events} with
 * reason "retention"). Pictures are kept, and so are the recording being written and the
 * one that has just finished, even when they alone are over the cap: that is reported.
 * Called on the recording verticle's worker context (file sizes and dates are read here).
 */
final class RetentionPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPolicy.class);
  /** Removing a recording deletes a file and its row: file work. */
  private final Control library;
  private final Path dir;
  private final RecordingConfig config;
  private final Consumer<JsonObject> report;
  private boolean running;
  /** Files to keep of a check asked for while one ran; it runs next. */
  private Set<String> pending;
  private String lastWarning;

  /** @param report told after each check what it kept over the cap, or null when media/ is within it */
  RetentionPolicy(Vertx vertx, Path dir, RecordingConfig config, Consumer<JsonObject> report) {
    this.library = Control.of(vertx, Addresses.MEDIA_CONTROL).waitingForFileWork();
    this.dir = dir;
    this.config = config;
    this.report = report;
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

  /** @param keep the recording being written or just finished (all its parts), never removed */
  void enforce(Set<String> keep) {
    long cap = capBytes();
    if (cap == 0) {
      return;
    }
    if (running) {
      pending = keep;
      return;
    }
    running = true;
    library.send("list")
        .map(reply -> oldestFirst(reply.getJsonArray("items"), keep))
        .compose(candidates -> removeUntilUnder(cap, candidates, 0, keep))
        .onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.warn("storage cap check failed: {}", ar.cause().getMessage());
          }
          if (pending != null) {
            Set<String> next = pending;
            pending = null;
            enforce(next);
          }
        });
  }

  private record Candidate(String fileName, Instant age, long id) {
  }

  /**
   * Recordings other than those kept, oldest first: by camstream's creation time, else by
   * the old date when it is one, else by the file's age; the list order breaks ties.
   */
  private List<String> oldestFirst(JsonArray items, Set<String> keep) {
    List<Candidate> candidates = new ArrayList<>();
    for (Object o : items) {
      JsonObject item = (JsonObject) o;
      String name = item.getString("filename");
      Path file = name == null ? null : dir.resolve(name);
      if (!"video".equals(item.getString("kind")) || keep.contains(name) || !Files.isRegularFile(file)) {
        continue;
      }
      candidates.add(new Candidate(name, age(item, file), item.getLong("id", 0L)));
    }
    candidates.sort(Comparator.comparing(Candidate::age).thenComparingLong(Candidate::id));
    return candidates.stream().map(Candidate::fileName).toList();
  }

  private static Instant age(JsonObject item, Path file) {
    String created = item.getString("createdAt");
    if (created != null) {
      try {
        return Instant.parse(created);
      } catch (DateTimeParseException notCamstreams) {
        // fall through to the old date
      }
    }
    return MediaDates.parse(item.getString("date")).map(t -> t.atZone(ZoneId.systemDefault()).toInstant())
        .orElseGet(() -> {
          try {
            return Files.getLastModifiedTime(file).toInstant();
          } catch (IOException e) {
            return Instant.EPOCH;
          }
        });
  }

  private Future<Void> removeUntilUnder(long cap, List<String> candidates, int next, Set<String> keep) {
    long used = usedBytes();
    if (used <= cap || next >= candidates.size()) {
      reportOver(cap, used, keep);
      return Future.succeededFuture();
    }
    String victim = candidates.get(next);
    LOG.info("storage cap {} MB reached ({} MB used): removing the oldest recording {}", megabytes(cap),
        megabytes(used), victim);
    return library.send(new JsonObject().put("action", "remove").put("filename", victim).put("reason", "retention"))
        .compose(v -> removeUntilUnder(cap, candidates, next + 1, keep),
            e -> removeUntilUnder(cap, candidates, next + 1, keep));
  }

  /** Tells the owner what is kept over the cap (or that all is within it); logs each new situation once. */
  private void reportOver(long cap, long used, Set<String> keep) {
    if (used <= cap) {
      lastWarning = null;
      report.accept(null);
      return;
    }
    List<String> kept = keep.stream().filter(name -> Files.isRegularFile(dir.resolve(name))).sorted().toList();
    String message = "media/ holds " + megabytes(used) + " MB, over the storage cap of " + megabytes(cap) + " MB; "
        + (kept.isEmpty() ? "no recording is left to remove (pictures and other files are never removed)"
            : "kept " + String.join(", ", kept) + " (the recording being made or just finished is never removed) "
                + "and removed every older recording")
        + ". Raise recording.storageCapMegabytes or remove files to get under it.";
    String situation = kept + "/" + megabytes(cap);
    if (!situation.equals(lastWarning)) {
      lastWarning = situation;
      LOG.warn(message);
    }
    report.accept(new JsonObject().put("capBytes", cap).put("usedBytes", used).put("kept", new JsonArray(kept))
        .put("message", message));
  }

  private static String megabytes(long bytes) {
    return String.format("%.1f", bytes / (1024.0 * 1024));
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
