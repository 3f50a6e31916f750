package io.camstream.media;

import io.camstream.bus.Addresses;
import io.camstream.config.Folders;
import io.vertx.core.Future;
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
 * Owns media.db: answers library requests on {@code camstream.media.control} and announces
 * every change on {@code camstream.media.events}. Deployed as a worker, because removing an
 * item deletes its file.
 *
 * <p>Requests: {@code list}, {@code page} (offset, limit), {@code get}, {@code add}
 * (filename, date, metadata; the file must exist), {@code remove} (row and file),
 * {@code new} (rows only).
 */
public final class MediaVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MediaVerticle.class);
  private MediaLibrary library;
  private MediaPaths paths;
  private Thumbnails thumbnails;
  private MessageConsumer<JsonObject> consumer;

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
    return MediaLibrary.open(vertx, config.database())
        .recover(e -> Future.failedFuture("cannot open " + config.database() + ": " + e.getMessage()))
        .compose(lib -> {
          library = lib;
          consumer = vertx.eventBus().consumer(Addresses.MEDIA_CONTROL, this::handle);
          return consumer.completion();
        });
  }

  @Override
  public Future<?> stop() {
    return library == null ? Future.succeededFuture() : library.close();
  }

  private void handle(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String action = body.getString("action", "");
    Future<JsonObject> reply;
    try {
      reply = switch (action) {
        case "list" -> library.all().map(MediaVerticle::itemsJson);
        case "page" -> page(body);
        case "get" -> get(body);
        case "add" -> add(body);
        case "remove" -> remove(body);
        case "new" -> library.clear().map(n -> {
          publish(new JsonObject().put("event", "cleared").put("rows", n));
          return new JsonObject().put("removedRows", n);
        });
        default -> Future.failedFuture(new MediaException(400,
            "unknown media action \"" + action + "\"; use list, page, get, add, remove or new"));
      };
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

  private Future<JsonObject> page(JsonObject body) {
    int offset = Math.max(0, body.getInteger("offset", 0));
    int limit = Math.min(500, Math.max(1, body.getInteger("limit", 50)));
    return library.count().compose(total -> library.page(offset, limit).map(items -> itemsJson(items)
        .put("total", total).put("offset", offset).put("limit", limit)));
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
      MediaItem item = new MediaItem(0, date, name, asked.kind(), asked.bytes() != null ? asked.bytes() : size(file),
          asked.width(), asked.height(), asked.durationMillis(), asked.frames(),
          asked.createdAt() != null ? asked.createdAt() : Instant.now().toString());
      return library.add(item).map(added -> {
        JsonObject json = added.toJson();
        publish(new JsonObject().put("event", "added").put("item", json));
        return json;
      });
    });
  }

  private Future<JsonObject> remove(JsonObject body) {
    String name = FileNames.existing(body.getString("filename"));
    return library.find(name).compose(item -> {
      if (item == null) {
        return Future.failedFuture(new MediaException(404, name + " is not in the media list"));
      }
      return library.remove(name).map(n -> {
        Path file = paths.resolve(name);
        boolean deleted = false;
        try {
          deleted = file != null && Files.deleteIfExists(file);
          thumbnails.forget(name);
        } catch (IOException e) {
          LOG.warn("could not delete media/{}: {}", name, e.getMessage());
        }
        JsonObject json = item.toJson().put("fileDeleted", deleted);
        publish(new JsonObject().put("event", "removed").put("item", json).put("reason", body.getString("reason", "request")));
        return json;
      });
    });
  }

  /** A crash between writing a snapshot's temporary file and naming it leaves the temporary file. */
  private static void removeLeftoverTemporaryFiles(Path dir) {
    try (java.nio.file.DirectoryStream<Path> left = Files.newDirectoryStream(dir, ".writing-*.tmp")) {
      for (Path file : left) {
        Files.deleteIfExists(file);
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
