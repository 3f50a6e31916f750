package io.camstream.media;

import io.camstream.bus.Addresses;
import io.camstream.capture.Frame;
import io.camstream.config.Folders;
import io.camstream.format.JpegCodec;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns media.db and is the only writer under media/ but for the recorder's AVI parts: answers
 * library requests on {@code camstream.media.control} and announces every change on
 * {@code camstream.media.events}. Deployed as a worker, because its requests write and delete files.
 *
 * <p>Requests: {@code list}, {@code page} (offset, limit), {@code get}, {@code add}
 * (filename, date, metadata; the file must exist; what the metadata leaves out is read from
 * the file), {@code unlisted} (files in media/ that {@code add} would take and no row
 * names), {@code remove} (row, file and thumbnail),
 * {@code new} (rows only), {@code thumbnail} (answers its path, made if missing), and
 * {@code snapshot}: a {@link Frame} as the body with filename and date as headers, saved as
 * file and row together.
 */
public final class MediaVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MediaVerticle.class);
  private MediaLibrary library;
  private MediaPaths paths;
  private Thumbnails thumbnails;
  private MessageConsumer<Object> consumer;
  /** Why the library cannot be used (media.db damaged at start), else null; live view and recording go on. */
  private String unavailable;
  private final java.util.function.Consumer<org.sqlite.SQLiteConfig> tuning;
  /** A file being removed waits here, hidden, until its row's removal commits. */
  private static final String REMOVING = ".removing-";

  public MediaVerticle() {
    this(config -> { });
  }

  /** @param tuning changes to the database connection's settings (tests cap its size) */
  MediaVerticle(java.util.function.Consumer<org.sqlite.SQLiteConfig> tuning) {
    this.tuning = tuning;
  }

  @Override
  public Future<?> start() {
    MediaConfig config = MediaConfig.from(config());
    paths = new MediaPaths(config.dir());
    thumbnails = new Thumbnails(config.dir());
    try {
      Folders.prepare(config.dir(), "the media folder (media.dir, --media)");
    } catch (IllegalStateException e) {
      return Future.failedFuture(e.getMessage());
    }
    removeLeftoverTemporaryFiles(config.dir());
    // thumbnails need OpenCV: load it now, beside the start, not when the first list is shown
    vertx.executeBlocking(() -> {
      JpegCodec.load();
      return null;
    }, false).onFailure(e -> LOG.warn("OpenCV did not load; thumbnails will fail: {}", e.toString()));
    return MediaLibrary.open(vertx, config.database(), config.busyTimeoutMillis(), tuning)
        .compose(lib -> {
          library = lib;
          return settleInterruptedRemovals();
        }, e -> {
          if (!(e instanceof MediaLibrary.DamagedException)) {
            return Future.failedFuture("cannot open " + config.database() + ": " + e.getMessage());
          }
          String copy;
          try {
            copy = "a copy is kept as " + DamagedDatabase.keepAside(config.database()).getFileName();
          } catch (IllegalStateException noCopy) {
            copy = noCopy.getMessage();
          }
          unavailable = e.getMessage() + "; it is left as it is, and " + copy + ". Live view and recordings go on, but nothing is listed: stop the server, run `camstream db --rebuild`"
              + " to list the files in media/ in a new media.db, and start it again";
          LOG.error("media library unavailable: {}", unavailable);
          return Future.succeededFuture();
        })
        .compose(v -> {
          // local: on a clustered bus a plain consumer would share other members' requests with their own library
          consumer = vertx.eventBus().localConsumer(Addresses.MEDIA_CONTROL, this::handle);
          return consumer.completion();
        });
  }

  @Override
  public Future<?> stop() {
    return library == null ? Future.succeededFuture() : library.close();
  }

  private void handle(Message<Object> message) {
    boolean asksState = message.body() instanceof JsonObject body && "state".equals(body.getString("action"));
    // thumbnails and playback need only the files; every other request needs the list
    boolean asksThumbnail = message.body() instanceof JsonObject body && "thumbnail".equals(body.getString("action"));
    if (unavailable != null && !asksState && !asksThumbnail) {
      message.fail(503, "the media library is unavailable: " + unavailable);
      return;
    }
    if (message.body() instanceof Frame frame) {
      String action = message.headers().get("action");
      answer(message, action, () -> "snapshot".equals(action) ? snapshot(frame, message.headers())
          : Future.failedFuture(new MediaException(400, "a picture goes with the action snapshot, not " + action)));
      return;
    }
    if (message.body() != null && !(message.body() instanceof JsonObject)) {
      message.fail(400, "a media request is a JSON object with an \"action\"");
      return;
    }
    JsonObject body = message.body() == null ? new JsonObject() : (JsonObject) message.body();
    String action = body.getString("action", "");
    if ("state".equals(action)) {
      message.reply(unavailable == null ? new JsonObject().put("available", true)
          : new JsonObject().put("available", false).put("reason", unavailable));
      return;
    }
    answer(message, action, () -> switch (action) {
        case "list" -> library.all().map(MediaVerticle::itemsJson);
        case "page" -> page(body);
        case "get" -> get(body);
        case "add" -> add(body);
        case "unlisted" -> unlisted();
        case "remove" -> remove(body);
        case "thumbnail" -> thumbnail(body);
        case "new" -> library.clear().map(n -> {
          publish(new JsonObject().put("event", "cleared").put("rows", n));
          return new JsonObject().put("removedRows", n);
        });
        default -> Future.failedFuture(new MediaException(400,
            "unknown media action \"" + action + "\"; use list, page, get, add, unlisted, remove, new, thumbnail, state or snapshot"));
      });
  }

  private static void answer(Message<Object> message, String action, java.util.function.Supplier<Future<JsonObject>> work) {
    Future<JsonObject> reply;
    try {
      reply = work.get();
    } catch (BadFileNameException e) {
      reply = Future.failedFuture(new MediaException(400, e.getMessage()));
    }
    reply.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else if (ar.cause() instanceof MediaException me) {
        message.fail(me.code(), me.getMessage());
      } else {
        LOG.warn("media request {} failed", action, ar.cause());
        message.fail(500, "the media library could not do that (" + ar.cause().getMessage()
            + "); is the media folder writable and media.db not locked by another program?");
      }
    });
  }

  /** A page of the list, newest first; with "camera", that camera's items only. */
  private Future<JsonObject> page(JsonObject body) {
    int offset = Math.max(0, body.getInteger("offset", 0));
    int limit = Math.min(500, Math.max(1, body.getInteger("limit", 50)));
    String camera = body.getString("camera");
    return library.count(camera).compose(total -> library.page(offset, limit, camera).map(items -> {
      JsonObject page = itemsJson(items).put("total", total).put("offset", offset).put("limit", limit);
      return camera == null ? page : page.put("camera", camera);
    }));
  }

  private Future<JsonObject> get(JsonObject body) {
    String name = FileNames.existing(body.getString("filename"));
    return library.find(name).compose(item -> item == null
        ? Future.failedFuture(new MediaException(404, name + " is not in the media list"))
        : Future.succeededFuture(item.toJson()));
  }

  private Future<JsonObject> add(JsonObject body) {
    String name = FileNames.existing(body.getString("filename"));
    String date = MediaDates.orToday(body.getString("date"));
    Path file = paths.existingFile(name);
    if (file == null) {
      return Future.failedFuture(new MediaException(404, "media/" + name + " does not exist; put the file there first"));
    }
    return library.find(name).compose(existing -> {
      if (existing != null) {
        return Future.succeededFuture(existing.toJson());
      }
      MediaItem asked = MediaItem.fromJson(body.copy().put("filename", name).put("date", date));
      // a file listed again (/database/add, db --add, --rebuild) keeps the size and duration its header says
      boolean video = FileNames.kind(name).equals("video");
      FileFacts facts = asked.width() != null && asked.height() != null && (!video || asked.durationMillis() != null)
          ? FileFacts.NONE : FileFacts.of(file);
      MediaItem item = new MediaItem(0, date, name, asked.kind(), asked.bytes() != null ? asked.bytes() : size(file),
          either(asked.width(), facts.width()), either(asked.height(), facts.height()),
          either(asked.durationMillis(), facts.durationMillis()), either(asked.frames(), facts.frames()),
          asked.createdAt() != null ? asked.createdAt() : Instant.now().toString(), asked.camera());
      return insert(item, MediaLibrary.FileChange.NONE);
    });
  }

  private static <T> T either(T asked, T read) {
    return asked != null ? asked : read;
  }

  /**
   * Files directly in media/ that {@code add} would take and no row names, newest first:
   * not hidden, not media.db, no symbolic link, no recording part still being written.
   */
  private Future<JsonObject> unlisted() {
    return library.all().map(rows -> {
      java.util.Set<String> listed = new java.util.HashSet<>();
      rows.forEach(row -> listed.add(row.fileName()));
      List<Path> files = new java.util.ArrayList<>();
      try (java.util.stream.Stream<Path> found = Files.list(paths.dir())) {
        found.forEach(files::add);
      } catch (IOException e) {
        throw new MediaException(500, "could not read the media folder " + paths.dir() + ": " + e.getMessage());
      }
      List<JsonObject> unlisted = new java.util.ArrayList<>();
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (listed.contains(name) || paths.existingFile(name) == null || !name.equals(FileNames.existing(name))
            || Files.exists(file.resolveSibling(FileNames.recordingMarker(name)))) {
          continue;
        }
        try {
          unlisted.add(new JsonObject().put("filename", name).put("kind", FileNames.kind(name))
              .put("bytes", Files.size(file)).put("modified", Files.getLastModifiedTime(file).toInstant().toString()));
        } catch (IOException goneMeanwhile) {
          // removed while the folder was read: not there to add
        }
      }
      unlisted.sort(java.util.Comparator.comparing((JsonObject f) -> Instant.parse(f.getString("modified"))).reversed()
          .thenComparing(f -> f.getString("filename")));
      return new JsonObject().put("files", new JsonArray(new java.util.ArrayList<>(unlisted)));
    });
  }

  private Future<JsonObject> insert(MediaItem item, MediaLibrary.FileChange file) {
    return library.add(item, file).map(added -> {
      JsonObject json = added.toJson();
      publish(new JsonObject().put("event", "added").put("item", json));
      return json;
    });
  }

  /** The file and its row together: the file is written inside the row's transaction and taken back if it fails. */
  private Future<JsonObject> snapshot(Frame frame, MultiMap fields) {
    String name = FileNames.forNew(fields.get("filename"), ".jpg");
    String date = MediaDates.orToday(fields.get("date"));
    String camera = fields.get("camera");
    MediaItem item = new MediaItem(0, date, name, "picture", (long) frame.jpegSize(), frame.width(), frame.height(),
        null, null, Instant.now().toString(), camera == null || camera.isEmpty() ? MediaItem.DEFAULT_CAMERA : camera);
    return insert(item, new MediaLibrary.FileChange(() -> write(name, frame), () -> {
      try {
        Files.deleteIfExists(paths.dir().resolve(name));
      } catch (IOException cannotDelete) {
        LOG.warn("could not take back media/{} after its row failed: {}", name, cannotDelete.getMessage());
      }
    }));
  }

  private void write(String name, Frame frame) {
    try {
      MediaFiles.writeNew(paths.dir(), name, frame.jpeg());
    } catch (MediaFiles.AlreadyExistsException e) {
      throw new MediaException(409, e.getMessage());
    } catch (IOException e) {
      if (MediaFiles.isDiskFull(e)) {
        throw new MediaException(507, "the disk holding " + paths.dir()
            + " is full; nothing was saved. Remove old recordings or pictures, or set recording.storageCapMegabytes");
      }
      throw new MediaException(500, "could not save media/" + name + ": " + e.getMessage() + "; is the media folder writable?");
    }
  }

  private Future<JsonObject> thumbnail(JsonObject body) {
    // a name that could not be saved is simply not there: 404, as /media/NAME answers
    Path item = paths.existingFile(body.getString("filename"));
    if (item == null) {
      return Future.failedFuture(new MediaException(404, "no such file in media/"));
    }
    try {
      return Future.succeededFuture(new JsonObject().put("path", thumbnails.of(item).toString()));
    } catch (IOException e) {
      return Future.failedFuture(new MediaException(404, "no thumbnail: " + e.getMessage()));
    }
  }

  private Future<JsonObject> remove(JsonObject body) {
    String name = FileNames.existing(body.getString("filename"));
    return library.find(name).compose(item -> {
      if (item == null) {
        return Future.failedFuture(new MediaException(404, name + " is not in the media list"));
      }
      Path file = paths.resolve(name);
      Path aside = file == null ? null : file.resolveSibling(REMOVING + name);
      boolean[] moved = {false};
      // the file steps aside, hidden, inside the transaction: back if the row stays, gone once its removal commits
      MediaLibrary.FileChange removal = new MediaLibrary.FileChange(() -> {
        try {
          moved[0] = file != null && Files.exists(file);
          if (moved[0]) {
            Files.move(file, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          }
        } catch (IOException e) {
          throw new MediaException(500, "could not remove media/" + name + ": " + e.getMessage()
              + "; is the media folder writable? The file and its row stay");
        }
      }, () -> moveBack(aside, file, moved[0]));
      return library.remove(name, removal).map(n -> {
        try {
          if (moved[0]) {
            Files.deleteIfExists(aside);
          }
          thumbnails.forget(name);
        } catch (IOException e) {
          LOG.warn("could not delete media/{}{}: {}", REMOVING, name, e.getMessage());
        }
        JsonObject json = item.toJson().put("fileDeleted", moved[0]);
        publish(new JsonObject().put("event", "removed").put("item", json).put("reason", body.getString("reason", "request")));
        return json;
      });
    });
  }

  private static void moveBack(Path aside, Path file, boolean moved) {
    if (!moved) {
      return;
    }
    try {
      Files.move(aside, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.error("could not put media/{} back after its row stayed: {}", file.getFileName(), e.getMessage());
    }
  }

  /**
   * A stop between moving a removed file aside and committing: the file goes back if its row
   * is still listed, and away if the removal committed.
   */
  private Future<Void> settleInterruptedRemovals() {
    List<Path> left = new java.util.ArrayList<>();
    try (java.nio.file.DirectoryStream<Path> found = Files.newDirectoryStream(paths.dir(), REMOVING + "*")) {
      found.forEach(left::add);
    } catch (IOException e) {
      LOG.warn("could not look for interrupted removals in {}: {}", paths.dir(), e.getMessage());
    }
    Future<Void> chain = Future.succeededFuture();
    for (Path aside : left) {
      String name = aside.getFileName().toString().substring(REMOVING.length());
      chain = chain.compose(v -> library.find(name)).map(row -> {
        try {
          if (row != null) {
            moveBack(aside, aside.resolveSibling(name), true);
          } else {
            Files.deleteIfExists(aside);
          }
        } catch (IOException e) {
          LOG.warn("could not delete media/{}: {}", aside.getFileName(), e.getMessage());
        }
        return null;
      });
    }
    return chain;
  }

  /**
   * A crash between writing a snapshot's temporary file and naming it leaves the temporary
   * file. Only old ones go: the db command starts this verticle beside a running server,
   * whose snapshot may be being written this very moment.
   */
  private static void removeLeftoverTemporaryFiles(Path dir) {
    java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(600));
    try (java.nio.file.DirectoryStream<Path> left = Files.newDirectoryStream(dir, ".writing-*.tmp")) {
      for (Path file : left) {
        if (Files.getLastModifiedTime(file).compareTo(before) < 0) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not clean temporary files in {}: {}", dir, e.getMessage());
    }
  }

  private void publish(JsonObject event) {
    vertx.eventBus().publish(Addresses.MEDIA_EVENTS, event);
  }

  private static Long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return null;
    }
  }

  private static JsonObject itemsJson(List<MediaItem> items) {
    JsonArray array = new JsonArray();
    items.forEach(i -> array.add(i.toJson()));
    return new JsonObject().put("items", array);
  }
}
